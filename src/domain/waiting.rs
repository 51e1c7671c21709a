//! How urgent a customer's wait is (PRODUCT.md, "Waiting time"): 30 minutes, 1 hour and
//! 2 hours of an unanswered customer message each get a more urgent style.

use super::Millis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WaitLevel {
    /// 30 minutes or more.
    Half,
    /// 1 hour or more.
    Hour,
    /// 2 hours or more.
    TwoHours,
}

pub const HALF_HOUR: Millis = 30 * 60 * 1000;

impl WaitLevel {
    pub fn code(self) -> &'static str {
        match self {
            WaitLevel::Half => "30m",
            WaitLevel::Hour => "1h",
            WaitLevel::TwoHours => "2h",
        }
    }
}

/// The level for a customer who has waited since `since` (if waiting at all).
pub fn wait_level(since: Option<Millis>, now: Millis) -> Option<WaitLevel> {
    let waited = now - since?;
    match waited {
        w if w >= 4 * HALF_HOUR => Some(WaitLevel::TwoHours),
        w if w >= 2 * HALF_HOUR => Some(WaitLevel::Hour),
        w if w >= HALF_HOUR => Some(WaitLevel::Half),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        let min = 60_000;
        let cases = [
            (None, None),
            (Some(0), None),
            (Some(29 * min), None),
            (Some(30 * min), Some(WaitLevel::Half)),
            (Some(59 * min), Some(WaitLevel::Half)),
            (Some(60 * min), Some(WaitLevel::Hour)),
            (Some(119 * min), Some(WaitLevel::Hour)),
            (Some(120 * min), Some(WaitLevel::TwoHours)),
            (Some(600 * min), Some(WaitLevel::TwoHours)),
        ];
        let now = 1_000_000_000_000;
        for (waited, want) in cases {
            assert_eq!(wait_level(waited.map(|w| now - w), now), want, "{waited:?}");
        }
    }
}
