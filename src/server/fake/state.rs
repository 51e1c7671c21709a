//! What the fake remembers between requests: the recorder, the scripts, registered media and
//! profiles, receipt targets, LINE's retry keys and reply tokens, and a source of fresh ids.
//! Cheap to clone (one `Arc`); every part sits behind its own short-held lock.

use super::line::LineState;
use super::media::MediaStore;
use super::profiles::Profiles;
use super::receipts::Receipts;
use super::recorder::Recorder;
use super::script::Scripts;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The fake platforms' state. `FakeState::new()` starts empty; [`super::router`] serves it.
#[derive(Clone)]
pub struct FakeState {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub recorder: Recorder,
    pub scripts: Scripts,
    pub media: MediaStore,
    pub profiles: Profiles,
    pub receipts: Receipts,
    pub line: LineState,
    pub ids: Ids,
    /// Posts receipts and simulated customer messages to the inbox.
    pub client: reqwest::Client,
}

impl Default for FakeState {
    fn default() -> Self {
        Self::new()
    }
}

impl FakeState {
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        FakeState {
            inner: Arc::new(Inner {
                recorder: Recorder::default(),
                scripts: Scripts::default(),
                media: MediaStore::default(),
                profiles: Profiles::default(),
                receipts: Receipts::default(),
                line: LineState::default(),
                ids: Ids::new(),
                client,
            }),
        }
    }

    /// Forgets everything: requests, scripts and delays, media, profiles, receipt targets and
    /// their log, LINE retry keys and reply tokens.
    pub fn reset(&self) {
        let i = &self.inner;
        i.recorder.clear();
        i.scripts.clear();
        i.media.clear();
        i.profiles.clear();
        i.receipts.clear();
        i.line.clear();
    }
}

/// Fresh ids: a random run prefix (so a restarted fake never repeats an id the inbox stored)
/// and a counter.
pub(super) struct Ids {
    run: u32,
    next: AtomicU64,
}

impl Ids {
    fn new() -> Self {
        Ids {
            run: rand::random(),
            next: AtomicU64::new(1),
        }
    }

    fn bump(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// 16 hex digits, unique in this run and across runs (with overwhelming odds).
    pub fn hex(&self) -> String {
        format!("{:08x}{:08x}", self.run, self.bump())
    }

    /// 18 decimal digits, as LINE message ids are spelled.
    pub fn digits(&self) -> String {
        format!(
            "5{:08}{:09}",
            self.run % 100_000_000,
            self.bump() % 1_000_000_000
        )
    }

    /// A random UUID-shaped id (LINE request ids).
    pub fn uuid(&self) -> String {
        let n: u128 = rand::random();
        let h = format!("{n:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
}

/// Locks, also after a panic elsewhere (the fake's data stays usable in a failing test).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Unix milliseconds now.
pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
