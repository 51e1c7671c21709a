//! Per-minute limits kept in this server's memory (what widget visitors send, how often a page
//! says what it has open): a fixed window per key (a visitor, an address, a member) that says
//! how long to wait once it is full. Several servers
//! each keep their own, so a visitor spread over them gets at most that many times the limit.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Keys kept before the lapsed ones are swept.
const SWEEP_PAST: usize = 10_000;

#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// Counts one more for `key` against `limit` a minute: `Err(seconds to wait)` once full
    /// (a refused try is not counted).
    pub fn take(&self, key: &str, limit: u32, now: Instant) -> Result<(), u64> {
        let mut map = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > SWEEP_PAST {
            map.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = map.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let wait = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Counts against several keys at once: all or none.
    pub fn take_all(&self, keys: &[(&str, u32)], now: Instant) -> Result<(), u64> {
        let mut taken = Vec::new();
        for (key, limit) in keys {
            match self.take(key, *limit, now) {
                Ok(()) => taken.push(*key),
                Err(wait) => {
                    let mut map = self.windows.lock().unwrap_or_else(|e| e.into_inner());
                    for k in taken {
                        if let Some(e) = map.get_mut(k) {
                            e.1 = e.1.saturating_sub(1);
                        }
                    }
                    return Err(wait);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_refuses_until_it_lapses() {
        let l = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take("v1", 3, t0), Ok(()));
        }
        assert_eq!(l.take("v1", 3, t0 + Duration::from_secs(20)), Err(40));
        assert_eq!(
            l.take("v2", 3, t0),
            Ok(()),
            "another key has its own window"
        );
        assert_eq!(l.take("v1", 3, t0 + WINDOW), Ok(()));
    }

    #[test]
    fn several_keys_count_all_or_none() {
        let l = Limiter::default();
        let t0 = Instant::now();
        assert_eq!(l.take("addr", 1, t0), Ok(()));
        assert!(l.take_all(&[("visitor", 5), ("addr", 1)], t0).is_err());
        // The visitor's count was given back: five more fit once the address allows.
        for _ in 0..5 {
            assert_eq!(l.take_all(&[("visitor", 5)], t0), Ok(()));
        }
        assert!(l.take("visitor", 5, t0).is_err());
    }
}
