//! Batch actions on a big workspace: `cargo bench --features ssr --bench batch`.
//!
//! For each engine (SQLite always; PostgreSQL when `INBOX_BENCH_POSTGRES_URL` or
//! `INBOX_TEST_POSTGRES_URL` names a server) and each size (`INBOX_BENCH_SIZES`, default
//! `300000` conversations), it takes the generated workspace of `benches/inbox.rs` (the same
//! generation and the same `INBOX_BENCH_CACHE`) and works on a copy of it, since batches change
//! it: a copy of the SQLite file, a PostgreSQL database made from the cached one as template
//! (without a cache, the throwaway generated database itself). Both are deleted afterwards.
//!
//! It runs every batch action through `omni_inbox::server::service::batch::run`, as a member allowed to
//! take it, on 20 conversations selected as (id, version), each call under a new idempotency
//! key, and checks that the report says all 20 succeeded. Each call is timed against one raw
//! transaction of the same kind of 20 conditional writes (`update conversations set status,
//! pending_handler, owner_id, …, version = version + 1 where workspace_id, id and version`, or
//! `delete … where workspace_id, id and version` for Delete and Blacklist) on 20 other
//! conversations in the same state, on a pool of its own, interleaved in the same run (which
//! of the two goes first alternates). The states stay the same from one iteration to the next:
//!
//! - Reopen 20 closed conversations (as the supervisor), then Close the same 20;
//! - Follow up: take over 20 in-progress conversations, the admin and the supervisor in turn;
//! - Transfer 20 in-progress conversations (as the supervisor) to agent1 and agent2 in turn;
//! - Delete and Blacklist 20 closed conversations that are fresh each time.
//!
//! All these conversations are closed ones picked evenly over the workspace, each of another
//! customer (a blacklist deletes all of its customer's conversations); the in-progress ones are
//! reopened by the supervisor first. On SQLite the WAL is checkpointed, untimed, before each
//! timed call, so that SQLite's own checkpoint (tens of milliseconds, every few batches) does not
//! fall on one side or the other by chance. It prints p50 and p95 of each and the ratios of p50s
//! and of p95s, then the worst ratio.
//!
//! `INBOX_BENCH_ITERS` (default 30) sets the timed calls per action (after 3 warm-up calls);
//! `INBOX_BENCH_ENGINES` (`sqlite,postgres`) picks engines.

use omni_inbox::domain::batch::{BatchAction, Picked};
use omni_inbox::domain::{ConversationId, CustomerId, MemberId, Millis, WorkspaceId};
use omni_inbox::server::db::{Engine, SessionMember, Store};
use omni_inbox::server::generate::team::DOMAIN;
use omni_inbox::server::service::batch::{self, BatchRequest};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Row};
use std::collections::HashSet;
use std::str::FromStr;
use std::time::{Duration, Instant};

mod common;
use common::{env, ms, pct, Pools, Raw, NOW};

/// Conversations per batch.
const BATCH: usize = 20;
const WARMUP: usize = 3;

/// Runs `$body` with `$p` bound to the raw pool, whichever engine it is.
macro_rules! on_raw {
    ($raw:expr, $p:ident => $body:expr) => {
        match $raw {
            Raw::Sqlite($p) => $body,
            Raw::Postgres($p) => $body,
        }
    };
}

/// The working copy of one generated workspace.
struct Work {
    engine: Engine,
    size: usize,
    store: Store,
    pools: Pools,
    raw: Raw,
    cleanup: Cleanup,
    generated: Option<Duration>,
    copied: Option<Duration>,
}

/// What to delete afterwards.
enum Cleanup {
    Sqlite(String),
    Postgres { admin: String, name: String },
}

/// The working copy of the generated workspace of `size` on `engine` (generated first if the
/// cache does not hold it yet).
async fn working(engine: Engine, size: usize, pg_admin: Option<&str>) -> Work {
    let cached = env("INBOX_BENCH_CACHE").is_some();
    let b = common::open(engine, size, pg_admin).await;
    let generated = b.generated;
    let started = Instant::now();
    let (url, cleanup) = match engine {
        Engine::Sqlite => {
            // Everything into the main file, then no connection left.
            b.raw.ids("pragma wal_checkpoint(truncate)", &[]).await;
            b.close().await;
            let from = b.url.trim_start_matches("sqlite:").to_owned();
            let path = if cached {
                let dir = std::env::temp_dir().join("omni_inbox_bench");
                std::fs::create_dir_all(&dir).unwrap();
                let to = dir
                    .join(format!("batch_work_{size}.db"))
                    .display()
                    .to_string();
                common::remove_sqlite(&to);
                std::fs::copy(&from, &to).unwrap();
                let wal = format!("{from}-wal");
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    std::fs::copy(&wal, format!("{to}-wal")).unwrap();
                }
                to
            } else {
                from
            };
            (format!("sqlite:{path}"), Cleanup::Sqlite(path))
        }
        Engine::Postgres => {
            let admin = pg_admin.expect("a PostgreSQL server").to_owned();
            // Closed and dropped: a connection still on its way back into a pool when the pool
            // closes stays open until the pool is dropped.
            b.close().await;
            let template = b.url.rsplit_once('/').unwrap().1.to_owned();
            drop(b);
            let name = if cached {
                let name = format!("inbox_batch_work_{size}");
                common::drop_pg(&admin, &name).await;
                create_from_template(&admin, &name, &template).await;
                name
            } else {
                template
            };
            (
                common::pg_url(&admin, &name),
                Cleanup::Postgres { admin, name },
            )
        }
    };
    let copied = cached.then(|| started.elapsed());
    let (store, pools) = common::open_store(engine, &url).await;
    let raw = match engine {
        // Its own connection, set up as the app's.
        Engine::Sqlite => Raw::Sqlite(
            SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(
                    SqliteConnectOptions::from_str(&url)
                        .unwrap()
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        .pragma("temp_store", "memory"),
                )
                .await
                .unwrap(),
        ),
        Engine::Postgres => common::raw_pool(&url).await,
    };
    Work {
        engine,
        size,
        store,
        pools,
        raw,
        cleanup,
        generated,
        copied,
    }
}

/// `create database name template template`, copying the files (much faster than through the
/// WAL for a big database). The template may have no other session: this waits up to a minute
/// for the last ones to end (ours closing, or another benchmark run on the cached database).
async fn create_from_template(admin: &str, name: &str, template: &str) {
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    for attempt in 0.. {
        let others: i64 =
            sqlx::query_scalar("select count(*) from pg_stat_activity where datname = $1")
                .bind(template)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        if others == 0 {
            let r = sqlx::query(&format!(
                "create database {name} template {template} strategy file_copy"
            ))
            .execute(&mut conn)
            .await;
            match r {
                Ok(_) => return,
                Err(e) if e.to_string().contains("being accessed") => {}
                Err(e) => panic!("create database {name} template {template}: {e}"),
            }
        }
        assert!(
            attempt < 120,
            "{template} still has {others} other sessions: cannot copy it"
        );
        if attempt == 4 {
            eprintln!("  waiting for the other sessions on {template} to end…");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

impl Work {
    async fn finish(self) {
        self.raw.close().await;
        self.pools.close().await;
        drop(self.store);
        match self.cleanup {
            Cleanup::Sqlite(path) => common::remove_sqlite(&path),
            Cleanup::Postgres { admin, name } => common::drop_pg(&admin, &name).await,
        }
    }
}

/// Columns of a raw state change; the statement is the app's.
#[derive(Clone, Copy)]
struct RawState {
    status: &'static str,
    owner: Option<MemberId>,
    closed: bool,
}

const RAW_UPDATE: &str = "update conversations
     set status = $4, pending_handler = null, owner_id = $5, version = version + 1,
         closed_at = case when $6 then $7 else null end,
         waiting_since = case when $6 then null else waiting_since end
     where workspace_id = $1 and id = $2 and version = $3";
const RAW_DELETE: &str =
    "delete from conversations where workspace_id = $1 and id = $2 and version = $3";

/// One raw transaction of conditional writes on each of `set` (still at its version): the
/// change to `to`, after which their versions move on, or with `None` a delete.
async fn raw_writes(
    raw: &Raw,
    ws: WorkspaceId,
    set: &mut [Picked],
    to: Option<RawState>,
) -> Duration {
    let t = Instant::now();
    let done: u64 = on_raw!(raw, p => {
        let mut tx = p.begin().await.unwrap();
        let mut done = 0;
        for c in set.iter() {
            let q = match to {
                Some(to) => sqlx::query(RAW_UPDATE)
                    .bind(ws)
                    .bind(c.id)
                    .bind(c.version)
                    .bind(to.status)
                    .bind(to.owner)
                    .bind(to.closed)
                    .bind(NOW),
                None => sqlx::query(RAW_DELETE).bind(ws).bind(c.id).bind(c.version),
            };
            done += q.execute(&mut *tx).await.unwrap().rows_affected();
        }
        tx.commit().await.unwrap();
        done
    });
    let took = t.elapsed();
    assert_eq!(done, set.len() as u64, "raw writes");
    if to.is_some() {
        for c in set.iter_mut() {
            c.version += 1;
        }
    }
    took
}

/// Runs batches through the app, each under a new idempotency key at a later time.
struct App<'a> {
    store: &'a Store,
    run: u128,
    calls: u64,
}

impl App<'_> {
    /// `action` (to `to`) as `who` on `set`, which must all succeed; their versions move on.
    async fn run(
        &mut self,
        who: &SessionMember,
        action: BatchAction,
        to: Option<MemberId>,
        set: &mut [Picked],
    ) -> Duration {
        self.calls += 1;
        let key = format!("bench-{}-{}", self.run, self.calls);
        let now: Millis = NOW + self.calls as i64;
        let req = BatchRequest {
            action,
            to,
            selected: set.to_vec(),
        };
        let t = Instant::now();
        let report = batch::run(self.store, who, &key, &req, now).await.unwrap();
        let took = t.elapsed();
        assert_eq!(
            (report.succeeded(), report.items.len()),
            (set.len(), set.len()),
            "{action:?}: {report:?}"
        );
        for c in set.iter_mut() {
            c.version += 1;
        }
        took
    }
}

/// Runs `app` and `raw` one after the other (`raw` first if `raw_first`), each from a settled
/// database (see [`settle`]); their timings.
async fn pair(
    db: &Raw,
    raw_first: bool,
    app: impl std::future::Future<Output = Duration>,
    raw: impl std::future::Future<Output = Duration>,
) -> (Duration, Duration) {
    settle(db).await;
    if raw_first {
        let r = raw.await;
        settle(db).await;
        (app.await, r)
    } else {
        let a = app.await;
        settle(db).await;
        (a, raw.await)
    }
}

/// On SQLite, copies the WAL into the database file (untimed), so that the checkpoint SQLite
/// runs by itself once the WAL passes 1,000 pages never lands inside a timed call: it costs
/// tens of milliseconds (it syncs the file) and would fall on the app or the raw transaction by
/// chance, deciding the p95s.
async fn settle(db: &Raw) {
    if let Raw::Sqlite(p) = db {
        sqlx::query("pragma wal_checkpoint(passive)")
            .execute(p)
            .await
            .unwrap();
    }
}

/// Timings of one action.
struct Case {
    action: BatchAction,
    app: Vec<Duration>,
    raw: Vec<Duration>,
}

impl Case {
    fn ratio(&self, p: f64) -> f64 {
        ms(pct(&self.app, p)) / ms(pct(&self.raw, p))
    }
    fn name(&self) -> &'static str {
        match self.action {
            BatchAction::FollowUp => "follow up (take over)",
            BatchAction::Close => "close",
            BatchAction::Reopen => "reopen",
            BatchAction::Transfer => "transfer",
            BatchAction::Delete => "delete",
            BatchAction::Blacklist => "blacklist",
        }
    }
}

/// `sets` sets of `BATCH` closed conversations, each of another customer, picked evenly over
/// the workspace in id order.
async fn closed_sets(raw: &Raw, ws: WorkspaceId, sets: usize) -> Vec<Vec<Picked>> {
    let rows: Vec<(ConversationId, i64, CustomerId)> = on_raw!(raw, p => {
        sqlx::query(
            "select c.id, c.version, c.customer_id from conversations c
             join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
             where c.workspace_id = $1 and c.status = 'closed' and not cu.blocked
             order by c.id",
        )
        .bind(ws)
        .fetch_all(p)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
    });
    let want = sets * BATCH;
    let step = (rows.len() / (want * 2)).max(1);
    let mut customers = HashSet::new();
    let mut picked = Vec::with_capacity(want);
    'passes: for offset in 0..step {
        for &(id, version, customer) in rows.iter().skip(offset).step_by(step) {
            if picked.len() == want {
                break 'passes;
            }
            if customers.insert(customer) {
                picked.push(Picked { id, version });
            }
        }
    }
    assert_eq!(
        picked.len(),
        want,
        "not enough closed conversations of distinct customers"
    );
    picked.chunks(BATCH).map(<[Picked]>::to_vec).collect()
}

async fn run(w: &Work, iters: usize) -> Vec<Case> {
    let s = &w.store;
    let supervisor = common::member(s, &format!("supervisor@{DOMAIN}")).await;
    let admin = common::member(s, &format!("admin@{DOMAIN}")).await;
    let agent1 = common::member(s, &format!("agent1@{DOMAIN}")).await;
    let agent2 = common::member(s, &format!("agent2@{DOMAIN}")).await;
    let ws = supervisor.workspace_id;
    let rounds = WARMUP + iters;
    let mut sets = closed_sets(&w.raw, ws, 6 + 4 * rounds).await.into_iter();
    let mut next = || sets.next().unwrap();
    let (mut reopen_app, mut reopen_raw) = (next(), next());
    let (mut follow_app, mut follow_raw) = (next(), next());
    let (mut transfer_app, mut transfer_raw) = (next(), next());
    let mut app = App {
        store: s,
        run: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
        calls: 0,
    };
    // In progress with the supervisor.
    for set in [
        &mut follow_app,
        &mut follow_raw,
        &mut transfer_app,
        &mut transfer_raw,
    ] {
        app.run(&supervisor, BatchAction::Reopen, None, set).await;
    }
    // Reopen before Close: they take the same conversations there and back.
    let mut cases: Vec<Case> = [
        BatchAction::Reopen,
        BatchAction::Close,
        BatchAction::FollowUp,
        BatchAction::Transfer,
        BatchAction::Delete,
        BatchAction::Blacklist,
    ]
    .iter()
    .map(|&action| Case {
        action,
        app: Vec::with_capacity(iters),
        raw: Vec::with_capacity(iters),
    })
    .collect();
    let in_progress = |owner: MemberId| RawState {
        status: "in_progress",
        owner: Some(owner),
        closed: false,
    };
    let closed = RawState {
        status: "closed",
        owner: Some(supervisor.member_id),
        closed: true,
    };
    let started = Instant::now();
    for round in 0..rounds {
        let raw_first = round % 2 == 1;
        let (taker, to) = if round % 2 == 0 {
            (&admin, &agent1)
        } else {
            (&supervisor, &agent2)
        };
        let (mut delete_app, mut delete_raw) = (next(), next());
        let (mut blacklist_app, mut blacklist_raw) = (next(), next());
        for case in cases.iter_mut() {
            let raw = &w.raw;
            let (a, r) = match case.action {
                BatchAction::Reopen => {
                    pair(
                        raw,
                        raw_first,
                        app.run(&supervisor, BatchAction::Reopen, None, &mut reopen_app),
                        raw_writes(
                            raw,
                            ws,
                            &mut reopen_raw,
                            Some(in_progress(supervisor.member_id)),
                        ),
                    )
                    .await
                }
                BatchAction::Close => {
                    pair(
                        raw,
                        raw_first,
                        app.run(&supervisor, BatchAction::Close, None, &mut reopen_app),
                        raw_writes(raw, ws, &mut reopen_raw, Some(closed)),
                    )
                    .await
                }
                BatchAction::FollowUp => {
                    pair(
                        raw,
                        raw_first,
                        app.run(taker, BatchAction::FollowUp, None, &mut follow_app),
                        raw_writes(raw, ws, &mut follow_raw, Some(in_progress(taker.member_id))),
                    )
                    .await
                }
                BatchAction::Transfer => {
                    pair(
                        raw,
                        raw_first,
                        app.run(
                            &supervisor,
                            BatchAction::Transfer,
                            Some(to.member_id),
                            &mut transfer_app,
                        ),
                        raw_writes(raw, ws, &mut transfer_raw, Some(in_progress(to.member_id))),
                    )
                    .await
                }
                BatchAction::Delete => {
                    pair(
                        raw,
                        raw_first,
                        app.run(&supervisor, BatchAction::Delete, None, &mut delete_app),
                        raw_writes(raw, ws, &mut delete_raw, None),
                    )
                    .await
                }
                BatchAction::Blacklist => {
                    pair(
                        raw,
                        raw_first,
                        app.run(
                            &supervisor,
                            BatchAction::Blacklist,
                            None,
                            &mut blacklist_app,
                        ),
                        raw_writes(raw, ws, &mut blacklist_raw, None),
                    )
                    .await
                }
            };
            if round >= WARMUP {
                case.app.push(a);
                case.raw.push(r);
            }
        }
    }
    eprintln!(
        "  measured in {:.0} s ({} batches through the app)",
        started.elapsed().as_secs_f64(),
        app.calls
    );
    cases
}

fn print_cases(w: &Work, cases: &[Case]) {
    let mut notes = Vec::new();
    if let Some(d) = w.generated {
        notes.push(format!("generated in {:.1} s", d.as_secs_f64()));
    }
    if let Some(d) = w.copied {
        notes.push(format!("copied in {:.1} s", d.as_secs_f64()));
    }
    println!(
        "\n{:?}, {} conversations{}",
        w.engine,
        w.size,
        if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        }
    );
    println!(
        "{:<32} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "batch of 20 (ms)", "p50", "p95", "raw p50", "raw p95", "p50/raw", "p95/raw"
    );
    for c in cases {
        println!(
            "{:<32} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>7.2} {:>7.2}",
            c.name(),
            ms(pct(&c.app, 0.5)),
            ms(pct(&c.app, 0.95)),
            ms(pct(&c.raw, 0.5)),
            ms(pct(&c.raw, 0.95)),
            c.ratio(0.5),
            c.ratio(0.95)
        );
    }
}

fn summarise(results: &[(Engine, usize, Vec<Case>)]) {
    println!("\nSummary");
    let mut worst_all: Option<(f64, String)> = None;
    for (engine, size, cases) in results {
        let worst = |p: f64| {
            cases
                .iter()
                .max_by(|a, b| a.ratio(p).total_cmp(&b.ratio(p)))
                .unwrap()
        };
        let (w95, w50) = (worst(0.95), worst(0.5));
        let over = cases.iter().filter(|c| c.ratio(0.95) > 3.0).count();
        println!(
            "{engine:?} {size}: worst p95/raw {:.2} ({}), worst p50/raw {:.2} ({}); {over} of {} actions over 3×",
            w95.ratio(0.95),
            w95.name(),
            w50.ratio(0.5),
            w50.name(),
            cases.len()
        );
        if worst_all.as_ref().is_none_or(|(r, _)| w95.ratio(0.95) > *r) {
            worst_all = Some((w95.ratio(0.95), format!("{engine:?} {size} {}", w95.name())));
        }
    }
    if let Some((r, name)) = worst_all {
        println!("worst p95/raw overall: {r:.2} ({name})");
    }
}

#[tokio::main]
async fn main() {
    let sizes = common::sizes("300000");
    let iters = common::iters();
    let (engines, pg) = common::engines();
    let mut results = Vec::new();
    for &engine in &engines {
        for &size in &sizes {
            let w = working(engine, size, pg.as_deref()).await;
            let cases = run(&w, iters).await;
            print_cases(&w, &cases);
            w.finish().await;
            results.push((engine, size, cases));
        }
    }
    summarise(&results);
}
