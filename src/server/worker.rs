//! Background work: webhook bodies stored by `server::webhook` are processed here, through
//! `service::channel::process_body`, by several loops at once (`APP_INBOUND_WORKERS`). Bodies
//! are claimed with a lease, so the loops, and several processes sharing a PostgreSQL
//! database, each take different ones, and a body whose worker died is claimed again once its
//! lease runs out.

use super::db::{BodyOutcome, Store};
use super::platform::Platforms;
use super::service::channel::process_body;
use crate::domain::Millis;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a claimed body is someone's before another worker may take it.
pub const LEASE: Millis = 60_000;
/// Bodies claimed at a time by one loop (small, so that the other loops find work too).
const BATCH: i64 = 5;
/// Without a wake-up, look for work this often (bodies left by a crash or another process).
const POLL: Duration = Duration::from_secs(5);

/// Processes what is pending now; returns how many bodies were handled.
pub async fn process_pending(
    store: &Store,
    platforms: Option<&Platforms>,
) -> Result<usize, super::service::ServiceError> {
    process_pending_waking(store, platforms, None).await
}

/// [`process_pending`], waking `helpers` (another loop) whenever a full batch was claimed:
/// more may be waiting.
async fn process_pending_waking(
    store: &Store,
    platforms: Option<&Platforms>,
    helpers: Option<&Notify>,
) -> Result<usize, super::service::ServiceError> {
    let mut handled = 0;
    loop {
        let now = super::auth::now_millis();
        let bodies = store.claim_inbound_bodies(BATCH, now, LEASE).await?;
        if bodies.is_empty() {
            return Ok(handled);
        }
        if let (Some(helpers), true) = (helpers, bodies.len() as i64 == BATCH) {
            helpers.notify_one();
        }
        for body in &bodies {
            let now = super::auth::now_millis();
            let (outcome, done) = match process_body(store, platforms, body, now).await {
                Ok(r) => r,
                Err(e) => (
                    BodyOutcome::Retry {
                        error: e.to_string(),
                    },
                    Default::default(),
                ),
            };
            match &outcome {
                BodyOutcome::Done => {
                    tracing::debug!(body = body.id, ?done, "webhook body processed")
                }
                BodyOutcome::Retry { error } | BodyOutcome::Failed { error } => {
                    tracing::warn!(body = body.id, attempts = body.attempts, %error, "webhook body not processed")
                }
            }
            store.finish_inbound_body(body, &outcome, now).await?;
            handled += 1;
        }
    }
}

/// Runs for the life of the server: `loops` loops (at least one) process bodies as webhooks
/// announce them (`wake`; a loop that claims a full batch wakes another), and look for
/// leftovers every few seconds. Each loop handles one body at a time; each message is one
/// transaction, so the loops' commits overlap on PostgreSQL, and on SQLite one loop's reads
/// and parsing overlap another's writes.
pub async fn run_inbound(store: Store, platforms: Arc<Platforms>, wake: Arc<Notify>, loops: usize) {
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..loops.max(1) {
        let (store, platforms, wake) = (store.clone(), platforms.clone(), wake.clone());
        running.spawn(async move {
            loop {
                if let Err(e) = process_pending_waking(&store, Some(&platforms), Some(&wake)).await
                {
                    tracing::warn!(error = %e, "processing webhook bodies failed; trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                let _ = tokio::time::timeout(POLL, wake.notified()).await;
            }
        });
    }
    while running.join_next().await.is_some() {}
}

/// How often the sending worker looks for due sends without a wake-up (retries coming due,
/// sends left by another process).
const SEND_POLL: Duration = Duration::from_secs(2);

/// Runs for the life of the server: sends queued replies as they are written (`wake`) and
/// retries as they come due.
pub async fn run_outbound(store: Store, platforms: Arc<Platforms>, wake: Arc<Notify>) {
    loop {
        let claim = super::service::outbound::new_key();
        match super::service::outbound::send_due(
            &store,
            &platforms,
            &claim,
            super::auth::now_millis,
        )
        .await
        {
            Ok(n) if n as i64 == super::service::outbound::BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sending replies failed"),
        }
        let _ = tokio::time::timeout(SEND_POLL, wake.notified()).await;
    }
}

/// Runs for the life of the server: downloads attachments as they are stored (looking every
/// second; a download that fails for a while is retried after its lease).
pub async fn run_media(store: Store, platforms: Arc<Platforms>, dir: std::path::PathBuf) {
    loop {
        let now = super::auth::now_millis();
        match super::service::media::fetch_due(&store, &platforms, &dir, now).await {
            Ok(n) if n as i64 == super::service::media::BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "downloading attachments failed"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Customers whose search entries one transaction rewrites (small, so ingest and replies
/// get the writer between batches).
pub const REINDEX_BATCH: i64 = 200;
/// Without a wake-up, look for stale entries this often (another process's tag change, a
/// batch left by a crash).
const REINDEX_POLL: Duration = Duration::from_secs(5);

/// Runs for the life of the server: rewrites the search entries a tag change left stale
/// (`search_stale`), [`REINDEX_BATCH`] customers per transaction, as soon as a change wakes
/// it (`wake`) and every few seconds.
pub async fn run_reindex(store: Store, wake: Arc<Notify>) {
    loop {
        match store.reindex_stale(REINDEX_BATCH).await {
            Ok(n) if n as i64 == REINDEX_BATCH => {
                tokio::task::yield_now().await;
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "rewriting stale search entries failed"),
        }
        let _ = tokio::time::timeout(REINDEX_POLL, wake.notified()).await;
    }
}

/// How often the clock's loop wakes snoozed conversations whose time came…
const CLOCK_EVERY: Duration = Duration::from_secs(15);
/// …and, every this many turns (a minute), auto-closes quiet ones.
const AUTO_CLOSE_TURNS: u32 = 4;

/// Runs for the life of the server: the work that waits for a time. Every 15 s it wakes the
/// snoozed conversations whose time came (`service::snooze::wake_due`), and every minute it
/// closes the quiet conversations of every channel with an auto-close rule
/// (`service::auto_close::sweep`), waking the outbound loop for their closing messages. With
/// several servers on one database each does it; every write is conditioned, so each
/// conversation is woken or closed once.
pub async fn run_clock(store: Store, outbound: Arc<Notify>) {
    let mut turn = 0u32;
    loop {
        tokio::time::sleep(CLOCK_EVERY).await;
        let now = super::auth::now_millis();
        if let Err(e) = super::service::snooze::wake_due(&store, now).await {
            tracing::warn!(error = %e, "waking snoozed conversations failed");
        }
        turn = turn.wrapping_add(1);
        if turn % AUTO_CLOSE_TURNS != 0 {
            continue;
        }
        match super::service::auto_close::sweep(&store, now).await {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(closed = n, "auto-close");
                outbound.notify_one();
            }
            Err(e) => tracing::warn!(error = %e, "auto-close failed"),
        }
    }
}
