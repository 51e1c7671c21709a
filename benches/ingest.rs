//! Webhooks taken in under load: `cargo bench --features ssr --bench ingest`.
//!
//! For each engine (SQLite always; PostgreSQL when `INBOX_BENCH_POSTGRES_URL` or
//! `INBOX_TEST_POSTGRES_URL` names a server, where a throwaway database is created), it starts
//! the real app on a throwaway database: `startup::prepare`, `startup::router` served by axum on
//! a TCP port of 127.0.0.1, and the real webhook worker (`server::worker::run_inbound`, with
//! the server's number of loops, `APP_INBOUND_WORKERS`), woken by the webhook as in the
//! server. A workspace with one WhatsApp channel is created (and a
//! second one for the raw baseline).
//!
//! Signed WhatsApp webhooks (`x-hub-signature-256` over the raw bytes) are then posted with a
//! real HTTP client (reqwest, connections kept alive) in phases: paced at 100, 500 and 2,000
//! events/s (a body is sent when the events before it are due; up to 256 requests in flight),
//! then as fast as it goes (32 posters, each posting its next body as soon as the last one is
//! acknowledged, until 25,000 events are posted: the webhooks take them in far faster than the
//! worker processes them, and the backlog is processed before the phase ends). Each body carries 1 to 50 text messages (uniformly), each from a new sender
//! (60%, so customers and conversations are created as in real traffic) or one seen before,
//! with their WhatsApp profile names in `contacts` (no profile look-up). 5% of the posts are
//! redeliveries of a body already posted in the phase (the same bytes), as Meta redelivers.
//!
//! Each phase reports:
//! - ack: events in acknowledged posts (redeliveries included) per second, from the phase's
//!   start to its last answer, and the latency of each post (from the request to the whole
//!   answer, over HTTP), p50 and p99;
//! - processed: the distinct new messages of the phase over the time from its start until
//!   the worker finished its last body (`inbound_bodies.processed_at`): at a paced rate it
//!   follows the rate when the worker keeps up; as fast as it goes it is what the worker gets
//!   through while the webhooks compete for the same cores (and, on SQLite, the one writer);
//! - raw: the same rows inserted with plain sqlx on the same database right after the phase,
//!   on a connection of its own, by one task: for each body of the phase,
//!   one transaction of one prepared insert per row, the customer, its identity, its
//!   conversation and the "opened" event for a sender seen for the first time, and the
//!   message (the app also updates the conversation for each message; the raw side does not);
//!   its rate is messages per second, and the ratio is processed ÷ raw;
//! - the check: after the worker is done, every stored WhatsApp message id is one posted, each
//!   once (no duplicates), every id posted is stored (no losses), every body is done, and
//!   each sender is one customer with one conversation. The bench panics otherwise.
//!
//! The last phase (`rules`) goes as fast as it goes again after the workspace's bot was given
//! 200 keyword rules (`INBOX_BENCH_INGEST_RULES`) that the messages do not match: every message
//! is routed through all of them (and to a person, as before).
//!
//! The goals (printed, not asserted): ack p99 under 250 ms at 500 events/s; processed at least
//! 25% of raw as fast as it goes; with 200 rules, processed ÷ raw at most 10% below without.
//!
//! `INBOX_BENCH_INGEST_SECONDS` (default 5) is the length of each phase's sending;
//! `INBOX_BENCH_INGEST_MAX_EVENTS` (default 25000) the events of the `max` phase at most;
//! `INBOX_BENCH_INGEST_RATES` (default `100,500,2000,max`) the phases;
//! `INBOX_BENCH_INGEST_CONCURRENCY` (default 32) the posters of the `max` phase;
//! `INBOX_BENCH_ENGINES` (`sqlite,postgres`) picks engines.
//!
//! The app prepares each PostgreSQL statement once per connection with a generic plan, planned
//! with the statistics of the moment; on a fresh database those say the tables are empty
//! (migration 0004 analyzes `conversations` empty) until autovacuum analyzes them, and the
//! plans then made use sequential scans, which grow with the tables. When the server's
//! autovacuum is off (as on the test server), the bench stands in for it: `analyze` runs,
//! untimed, before each phase (`INBOX_BENCH_INGEST_ANALYZE=auto`, the default; `always` on
//! both engines, `never` to see the cost of the stale plans).

use axum::body::Bytes;
use omni_inbox::domain::status::open;
use omni_inbox::domain::{ChannelId, ChannelKind, Handler, WorkspaceId};
use omni_inbox::server::auth::now_millis;
use omni_inbox::server::channel::signature::sign_meta;
use omni_inbox::server::config::Settings;
use omni_inbox::server::db::{ChannelRecord, Credentials, Engine, Store};
use omni_inbox::server::service::channel::{connect, webhook_path, ConnectInput};
use omni_inbox::server::worker::run_inbound;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{env, ms, pct, Raw};

/// Runs `$body` with `$p` bound to the raw pool, whichever engine it is.
macro_rules! on_raw {
    ($raw:expr, $p:ident => $body:expr) => {
        match $raw {
            Raw::Sqlite($p) => $body,
            Raw::Postgres($p) => $body,
        }
    };
}

const SECRET: &str = "ingest-bench-app-secret-0123456789";
/// The WhatsApp phone number ids of the app's channel and of the raw baseline's.
const PHONE_ID: &str = "106540352200001";
const RAW_PHONE_ID: &str = "106540352200002";
/// Stored message ids of the app start with this; the raw baseline's with `raw.`.
const ID_PREFIX: &str = "wamid.bench.";
const MAX_BATCH: usize = 50;
const DUPLICATES: f64 = 0.05;
const NEW_SENDER: f64 = 0.6;
/// Requests in flight at most in a paced phase.
const PACED_IN_FLIGHT: usize = 256;
/// A post answered otherwise than 200 is tried again, this many times at most.
const TRIES: usize = 5;
/// The goals.
const ACK_P99_GOAL_MS: f64 = 250.0;
const ACK_GOAL_RATE: u32 = 500;
const RATIO_GOAL: f64 = 0.25;
/// What routing through the rules may cost of processed ÷ raw as fast as it goes.
const RULES_COST_GOAL: f64 = 0.10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pace {
    /// Events per second.
    Rate(u32),
    /// As fast as it goes.
    Max,
    /// As fast as it goes, with the workspace's bot holding `INBOX_BENCH_INGEST_RULES` keyword
    /// rules (default 200) that the messages do not match: what routing costs.
    MaxRules,
}

impl Pace {
    fn name(self) -> String {
        match self {
            Pace::Rate(r) => format!("{r}/s"),
            Pace::Max => "max".into(),
            Pace::MaxRules => format!("max+{}r", rule_count()),
        }
    }
}

fn paces() -> Vec<Pace> {
    env("INBOX_BENCH_INGEST_RATES")
        .unwrap_or_else(|| "100,500,2000,max,rules".into())
        .split(',')
        .map(|s| match s.trim() {
            "max" => Pace::Max,
            "rules" => Pace::MaxRules,
            n => Pace::Rate(
                n.replace('_', "")
                    .parse()
                    .expect("INBOX_BENCH_INGEST_RATES"),
            ),
        })
        .collect()
}

fn rule_count() -> usize {
    env("INBOX_BENCH_INGEST_RULES")
        .map(|v| v.parse().expect("INBOX_BENCH_INGEST_RULES"))
        .unwrap_or(200)
}

/// Gives the workspace's bot `n` keyword rules (5 keywords each, as a team would write them:
/// Chinese and English words, contains / starts with / exact) that the bench's messages do not
/// match, so each message is routed through all of them and goes to a person as before.
async fn install_rules(store: &Store, ws: WorkspaceId, n: usize) {
    use omni_inbox::domain::bot::config::{Part, Reply, RuleDraft};
    use omni_inbox::domain::bot::{Channels, MatchMode};
    let now = now_millis();
    for i in 0..n {
        let rule = RuleDraft {
            name: format!("規則 {i}"),
            enabled: true,
            mode: match i % 3 {
                0 => MatchMode::Contains,
                1 => MatchMode::StartsWith,
                _ => MatchMode::Exact,
            },
            keywords: vec![
                format!("關鍵字{i}"),
                format!("優惠活動{i}"),
                format!("keyword{i}"),
                format!("promo code {i}"),
                format!("會員點數{i}"),
            ],
            channels: Channels::All,
            hours: None,
            flow: None,
            reply: Reply {
                parts: vec![Part::Text(format!("這是規則 {i} 的自動回覆。"))],
                buttons: Vec::new(),
            },
        };
        store
            .save_rule(ws, None, &rule, &omni_inbox::server::demo::by(now))
            .await
            .unwrap()
            .expect("a bench rule is valid");
    }
}

fn seconds() -> Duration {
    Duration::from_secs_f64(
        env("INBOX_BENCH_INGEST_SECONDS")
            .map_or(5.0, |s| s.parse().expect("INBOX_BENCH_INGEST_SECONDS")),
    )
}

fn max_events() -> usize {
    env("INBOX_BENCH_INGEST_MAX_EVENTS").map_or(25_000, |s| {
        s.replace('_', "")
            .parse()
            .expect("INBOX_BENCH_INGEST_MAX_EVENTS")
    })
}

fn concurrency() -> usize {
    env("INBOX_BENCH_INGEST_CONCURRENCY")
        .map_or(32, |s| s.parse().expect("INBOX_BENCH_INGEST_CONCURRENCY"))
}

/// One customer message as posted.
struct Msg {
    id: String,
    sender: usize,
    text: String,
}

/// One webhook body, signed.
struct Post {
    bytes: Bytes,
    signature: String,
    events: usize,
}

/// Makes the bodies of a run: message ids never repeat, senders are new or seen before.
struct Gen {
    rng: StdRng,
    next_msg: u64,
    /// Senders so far (their index is their number).
    senders: usize,
    /// This phase's original bodies (what a redelivery repeats) and their messages.
    posts: Vec<Arc<Post>>,
    messages: Vec<Vec<Msg>>,
    redeliveries: usize,
    /// Events posted in this phase, redeliveries included.
    phase_events: usize,
}

fn sender_id(n: usize) -> String {
    format!("8869{n:08}")
}

fn sender_name(n: usize) -> String {
    if n % 3 == 0 {
        format!("客戶 {n}")
    } else {
        format!("Customer {n}")
    }
}

impl Gen {
    fn new() -> Gen {
        Gen {
            rng: StdRng::seed_from_u64(2026),
            next_msg: 0,
            senders: 0,
            posts: Vec::new(),
            messages: Vec::new(),
            redeliveries: 0,
            phase_events: 0,
        }
    }

    /// The next body to post: a redelivery (5%) or a new one.
    fn next(&mut self) -> Arc<Post> {
        if !self.posts.is_empty() && self.rng.gen_bool(DUPLICATES) {
            self.redeliveries += 1;
            let i = self.rng.gen_range(0..self.posts.len());
            self.phase_events += self.posts[i].events;
            return self.posts[i].clone();
        }
        let n = self.rng.gen_range(1..=MAX_BATCH);
        let msgs: Vec<Msg> = (0..n)
            .map(|_| {
                let sender = if self.senders == 0 || self.rng.gen_bool(NEW_SENDER) {
                    self.senders += 1;
                    self.senders - 1
                } else {
                    self.rng.gen_range(0..self.senders)
                };
                self.next_msg += 1;
                let m = self.next_msg;
                Msg {
                    id: format!("{ID_PREFIX}{m:012}"),
                    sender,
                    text: if m % 2 == 0 {
                        format!("Hi, is order #{m} on its way?")
                    } else {
                        format!("請問訂單 {m} 什麼時候到貨？")
                    },
                }
            })
            .collect();
        let bytes = Bytes::from(whatsapp_body(&msgs, PHONE_ID));
        let post = Arc::new(Post {
            signature: sign_meta(SECRET.as_bytes(), &bytes),
            bytes,
            events: n,
        });
        self.posts.push(post.clone());
        self.messages.push(msgs);
        self.phase_events += n;
        post
    }

    /// This phase's original bodies' messages, and a new phase begins.
    fn take_phase(&mut self) -> (Vec<Vec<Msg>>, usize) {
        self.posts.clear();
        self.phase_events = 0;
        let r = std::mem::take(&mut self.redeliveries);
        (std::mem::take(&mut self.messages), r)
    }
}

/// A WhatsApp Cloud API webhook carrying `msgs` (tests/fixtures/channels/whatsapp/doc_text.json).
fn whatsapp_body(msgs: &[Msg], phone_id: &str) -> Vec<u8> {
    let mut seen = HashSet::new();
    let contacts: Vec<_> = msgs
        .iter()
        .filter(|m| seen.insert(m.sender))
        .map(|m| {
            serde_json::json!({"profile": {"name": sender_name(m.sender)}, "wa_id": sender_id(m.sender)})
        })
        .collect();
    let ts = (now_millis() / 1000).to_string();
    let messages: Vec<_> = msgs
        .iter()
        .map(|m| {
            serde_json::json!({"from": sender_id(m.sender), "id": m.id, "timestamp": ts,
                "type": "text", "text": {"body": m.text}})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": phone_id},
            "contacts": contacts,
            "messages": messages,
        }}]}]
    }))
    .unwrap()
}

/// One acknowledged post.
struct Ack {
    /// From the first try to the whole answer of the one that got 200.
    latency: Duration,
    at: Instant,
    events: usize,
    retries: usize,
}

/// Posts `post` until it is answered 200 (panics after [`TRIES`]).
async fn send(client: &reqwest::Client, url: &str, post: &Post) -> Ack {
    let started = Instant::now();
    let mut last = String::new();
    for tries in 0..TRIES {
        let answer = client
            .post(url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &post.signature)
            .body(post.bytes.clone())
            .send()
            .await;
        match answer {
            Ok(r) if r.status() == reqwest::StatusCode::OK => {
                let _ = r.bytes().await;
                return Ack {
                    latency: started.elapsed(),
                    at: Instant::now(),
                    events: post.events,
                    retries: tries,
                };
            }
            Ok(r) => last = format!("HTTP {}", r.status()),
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("a webhook was not acknowledged after {TRIES} tries: {last}");
}

/// Posts bodies at `rate` events per second for `length`.
async fn send_paced(
    client: &reqwest::Client,
    url: &str,
    gen: &Arc<Mutex<Gen>>,
    rate: u32,
    length: Duration,
    start: Instant,
) -> Vec<Ack> {
    let slots = Arc::new(tokio::sync::Semaphore::new(PACED_IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    let mut events = 0usize;
    loop {
        let due = Duration::from_secs_f64(events as f64 / f64::from(rate));
        if due >= length {
            break;
        }
        tokio::time::sleep_until(tokio::time::Instant::from_std(start + due)).await;
        let post = gen.lock().unwrap().next();
        events += post.events;
        let slot = slots.clone().acquire_owned().await.unwrap();
        let (client, url) = (client.clone(), url.to_owned());
        tasks.spawn(async move {
            let ack = send(&client, &url, &post).await;
            drop(slot);
            ack
        });
    }
    let mut acks = Vec::new();
    while let Some(ack) = tasks.join_next().await {
        acks.push(ack.unwrap());
    }
    acks
}

/// `posters` tasks each posting their next body as soon as the last one is acknowledged, for
/// `length` or until `cap` events are posted.
async fn send_unpaced(
    client: &reqwest::Client,
    url: &str,
    gen: &Arc<Mutex<Gen>>,
    posters: usize,
    (length, cap): (Duration, usize),
    start: Instant,
) -> Vec<Ack> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..posters {
        let (client, url, gen) = (client.clone(), url.to_owned(), gen.clone());
        tasks.spawn(async move {
            let mut acks = Vec::new();
            while start.elapsed() < length {
                let post = {
                    let mut gen = gen.lock().unwrap();
                    if gen.phase_events >= cap {
                        break;
                    }
                    gen.next()
                };
                acks.push(send(&client, &url, &post).await);
            }
            acks
        });
    }
    let mut acks = Vec::new();
    while let Some(done) = tasks.join_next().await {
        acks.extend(done.unwrap());
    }
    acks
}

/// The app running on one engine's throwaway database.
struct Running {
    engine: Engine,
    store: Store,
    raw: Raw,
    url: String,
    workspace: WorkspaceId,
    channel: ChannelRecord,
    raw_channel: ChannelRecord,
    server: tokio::task::JoinHandle<()>,
    worker: tokio::task::JoinHandle<()>,
    cleanup: Cleanup,
    /// Whether `analyze` runs (untimed) before each phase, and why.
    analyze: Option<&'static str>,
}

enum Cleanup {
    Sqlite(String),
    Postgres { admin: String, name: String },
}

async fn start(engine: Engine, pg_admin: Option<&str>) -> Running {
    let (db_url, cleanup) = match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("omni_inbox_bench");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("ingest.db").display().to_string();
            common::remove_sqlite(&path);
            (format!("sqlite:{path}"), Cleanup::Sqlite(path))
        }
        Engine::Postgres => {
            let admin = pg_admin.expect("a PostgreSQL server").to_owned();
            let name = "inbox_bench_ingest".to_owned();
            common::drop_pg(&admin, &name).await;
            (
                common::pg_url(&admin, &name),
                Cleanup::Postgres { admin, name },
            )
        }
    };
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
    let settings_env = {
        let db_url = db_url.clone();
        move |k: &str| match k {
            "DATABASE_URL" => Some(db_url.clone()),
            "APP_SEED_DEMO" => Some("false".to_owned()),
            // The server's default unless asked otherwise.
            "APP_INBOUND_WORKERS" => env("APP_INBOUND_WORKERS"),
            // WhatsApp bodies name their senders: nothing is looked up, and nothing could be.
            "APP_META_GRAPH_BASE_URL"
            | "APP_INSTAGRAM_GRAPH_BASE_URL"
            | "APP_LINE_API_BASE_URL"
            | "APP_LINE_DATA_API_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
            _ => None,
        }
    };
    let settings = Settings::from_file_and_env(&file, &settings_env).unwrap();
    let state = omni_inbox::startup::prepare(settings).await.unwrap();
    let store = state.store.clone();
    let now = now_millis();
    let (workspace, _) = omni_inbox::server::service::account::create_workspace(
        &store,
        "Ingest bench",
        "admin@ingest.test",
        "Bench admin",
        now,
    )
    .await
    .unwrap();
    let add = |account: &str| ConnectInput {
        workspace,
        kind: ChannelKind::WhatsApp,
        name: format!("WhatsApp {account}"),
        account_id: account.to_owned(),
        credentials: Credentials {
            secret: SECRET.to_owned(),
            access_token: "token".to_owned(),
            verify_token: "verify".to_owned(),
            extra_id: "102290129340398".to_owned(),
        },
    };
    let channel = connect(&store, add(PHONE_ID), &omni_inbox::server::demo::by(now))
        .await
        .unwrap()
        .unwrap();
    let raw_channel = connect(
        &store,
        add(RAW_PHONE_ID),
        &omni_inbox::server::demo::by(now),
    )
    .await
    .unwrap()
    .unwrap();
    let worker = tokio::spawn(run_inbound(
        state.store.clone(),
        state.platforms.clone(),
        state.inbound.clone(),
        state.settings.inbound_workers,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = omni_inbox::startup::router(state);
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let raw = match engine {
        // A connection of its own, set up as the app's.
        Engine::Sqlite => Raw::Sqlite(
            SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(
                    SqliteConnectOptions::from_str(&db_url)
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
        Engine::Postgres => common::raw_pool(&db_url).await,
    };
    let url = format!(
        "http://{addr}{}",
        webhook_path(
            ChannelKind::WhatsApp,
            channel.webhook_key.as_deref().unwrap()
        )
    );
    let analyze = match (
        env("INBOX_BENCH_INGEST_ANALYZE")
            .as_deref()
            .unwrap_or("auto"),
        engine,
    ) {
        ("never", _) => None,
        ("always", _) => Some("INBOX_BENCH_INGEST_ANALYZE=always"),
        ("auto", Engine::Postgres) => {
            let autovacuum: Vec<String> = on_raw!(&raw, p => sqlx::query_scalar("show autovacuum")
                .fetch_all(p)
                .await
                .unwrap());
            (autovacuum.first().map(String::as_str) == Some("off"))
                .then_some("the server's autovacuum is off")
        }
        ("auto", Engine::Sqlite) => None,
        (other, _) => panic!("INBOX_BENCH_INGEST_ANALYZE is auto, always or never, not {other:?}"),
    };
    Running {
        engine,
        store,
        raw,
        url,
        workspace,
        channel,
        raw_channel,
        server,
        worker,
        cleanup,
        analyze,
    }
}

impl Running {
    async fn finish(self) {
        self.server.abort();
        self.worker.abort();
        let _ = self.server.await;
        let _ = self.worker.await;
        self.raw.close().await;
        drop(self.store);
        match self.cleanup {
            Cleanup::Sqlite(path) => common::remove_sqlite(&path),
            Cleanup::Postgres { admin, name } => common::drop_pg(&admin, &name).await,
        }
    }

    async fn scalar(&self, sql: &str, binds: &[i64]) -> i64 {
        self.raw.ids(sql, binds).await.first().copied().unwrap_or(0)
    }

    async fn strings(&self, sql: &str) -> Vec<String> {
        on_raw!(&self.raw, p => sqlx::query_scalar::<_, String>(sql).fetch_all(p).await.unwrap())
    }
}

/// What one phase measured.
struct Phase {
    pace: Pace,
    posts: usize,
    redeliveries: usize,
    retries: usize,
    acked_events: usize,
    ack_rate: f64,
    p50: Duration,
    p99: Duration,
    new_messages: usize,
    processed_rate: f64,
    /// From the last acknowledgement until the worker was done.
    backlog: Duration,
    raw_rate: f64,
    stored_total: usize,
}

impl Phase {
    fn ratio(&self) -> f64 {
        self.processed_rate / self.raw_rate
    }
}

/// The raw baseline's state: which conversation each sender has on the raw channel.
#[derive(Default)]
struct RawSide {
    conversations: HashMap<usize, i64>,
}

const RAW_CUSTOMER: &str =
    "insert into customers (workspace_id, name, branch_id, created_at, updated_at)
     values ($1, $2, null, $3, $3) returning id";
const RAW_IDENTITY: &str = "insert into customer_identities (workspace_id, customer_id, channel_id, external_id, display_name, created_at)
     values ($1, $2, $3, $4, $5, $6)";
const RAW_CONVERSATION: &str = "insert into conversations (workspace_id, channel_id, customer_id, branch_id, status, pending_handler,
         pending_reason, last_message_at, created_at)
     values ($1, $2, $3, null, 'pending', 'human', 'no_keyword_matched', $4, $4) returning id";
const RAW_EVENT: &str = "insert into conversation_events (workspace_id, conversation_id, actor_id, change, from_status, from_handler, from_owner_id,
         to_status, to_handler, to_owner_id, detail, created_at)
     values ($1, $2, null, $3, null, null, null, 'pending', 'human', null, '{}', $4)";
const RAW_MESSAGE: &str =
    "insert into messages (workspace_id, conversation_id, kind, body, external_id, created_at)
     values ($1, $2, 'inbound', $3, $4, $5)";

/// Inserts the rows of `bodies` on the raw channel: one transaction per body, one prepared
/// insert per row. Returns the time it took.
async fn raw_insert(
    raw: &Raw,
    side: &mut RawSide,
    ws: WorkspaceId,
    channel: ChannelId,
    bodies: &[Vec<Msg>],
) -> Duration {
    let opened = open(Handler::Human).change.event().code();
    let started = Instant::now();
    on_raw!(raw, p => {
        for body in bodies {
            let now = now_millis();
            let mut tx = p.begin().await.unwrap();
            for m in body {
                let conversation = match side.conversations.get(&m.sender) {
                    Some(c) => *c,
                    None => {
                        let customer: i64 = sqlx::query_scalar(RAW_CUSTOMER)
                            .bind(ws)
                            .bind(sender_name(m.sender))
                            .bind(now)
                            .fetch_one(&mut *tx)
                            .await
                            .unwrap();
                        sqlx::query(RAW_IDENTITY)
                            .bind(ws)
                            .bind(customer)
                            .bind(channel)
                            .bind(sender_id(m.sender))
                            .bind(sender_name(m.sender))
                            .bind(now)
                            .execute(&mut *tx)
                            .await
                            .unwrap();
                        let c: i64 = sqlx::query_scalar(RAW_CONVERSATION)
                            .bind(ws)
                            .bind(channel)
                            .bind(customer)
                            .bind(now)
                            .fetch_one(&mut *tx)
                            .await
                            .unwrap();
                        sqlx::query(RAW_EVENT)
                            .bind(ws)
                            .bind(c)
                            .bind(opened)
                            .bind(now)
                            .execute(&mut *tx)
                            .await
                            .unwrap();
                        side.conversations.insert(m.sender, c);
                        c
                    }
                };
                sqlx::query(RAW_MESSAGE)
                    .bind(ws)
                    .bind(conversation)
                    .bind(&m.text)
                    .bind(format!("raw.{}", m.id))
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }
    });
    started.elapsed()
}

/// Runs one phase: sends, waits for the worker, checks what was stored, then the raw baseline.
async fn phase(
    r: &Running,
    client: &reqwest::Client,
    gen: &Arc<Mutex<Gen>>,
    posted: &mut HashSet<String>,
    side: &mut RawSide,
    pace: Pace,
) -> Phase {
    let length = seconds();
    if r.analyze.is_some() {
        on_raw!(&r.raw, p => {
            sqlx::query("analyze").execute(p).await.unwrap();
        });
    }
    let first_body = r
        .scalar("select coalesce(max(id), 0) from inbound_bodies", &[])
        .await;
    let start_ms = now_millis();
    let start = Instant::now();
    let acks = match pace {
        Pace::Rate(rate) => send_paced(client, &r.url, gen, rate, length, start).await,
        Pace::Max | Pace::MaxRules => {
            let limits = (length, max_events());
            send_unpaced(client, &r.url, gen, concurrency(), limits, start).await
        }
    };
    let last_ack = acks.iter().map(|a| a.at).max().unwrap_or(start);
    let acked_events: usize = acks.iter().map(|a| a.events).sum();
    let latencies: Vec<Duration> = acks.iter().map(|a| a.latency).collect();

    // Until the worker is done with every body of the phase.
    let waited = Instant::now();
    loop {
        let pending = r
            .scalar(
                "select count(*) from inbound_bodies where state = 'pending' and id > $1",
                &[first_body],
            )
            .await;
        if pending == 0 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(900),
            "{pending} bodies still pending after 15 minutes"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let bodies = r
        .scalar(
            "select count(*) from inbound_bodies where id > $1",
            &[first_body],
        )
        .await;
    let not_done = r
        .scalar(
            "select count(*) from inbound_bodies where id > $1 and state <> 'done'",
            &[first_body],
        )
        .await;
    let finished_ms = r
        .scalar(
            "select coalesce(max(processed_at), 0) from inbound_bodies where id > $1",
            &[first_body],
        )
        .await;
    assert_eq!(
        bodies as usize,
        acks.len(),
        "{:?} {}: every acknowledged body is stored once",
        r.engine,
        pace.name()
    );
    assert_eq!(
        not_done,
        0,
        "{:?} {}: bodies not processed (failed)",
        r.engine,
        pace.name()
    );

    let (messages, redeliveries) = gen.lock().unwrap().take_phase();
    let new_messages: usize = messages.iter().map(Vec::len).sum();
    posted.extend(messages.iter().flatten().map(|m| m.id.clone()));
    let senders = gen.lock().unwrap().senders;

    // Zero duplicates, zero losses.
    let stored = r
        .strings(&format!(
            "select external_id from messages where external_id like '{ID_PREFIX}%'"
        ))
        .await;
    let distinct: HashSet<String> = stored.iter().cloned().collect();
    let phase_name = pace.name();
    assert_eq!(
        stored.len(),
        distinct.len(),
        "{:?} {phase_name}: {} message ids stored twice",
        r.engine,
        stored.len() - distinct.len()
    );
    let lost = posted.difference(&distinct).count();
    let strays = distinct.difference(posted).count();
    assert_eq!(
        (lost, strays),
        (0, 0),
        "{:?} {phase_name}: {lost} posted messages not stored, {strays} stored that were not posted",
        r.engine
    );
    let ch = r.channel.id.0;
    let customers = r
        .scalar(
            "select count(*) from customer_identities where channel_id = $1",
            &[ch],
        )
        .await;
    let conversations = r
        .scalar(
            "select count(*) from conversations where channel_id = $1",
            &[ch],
        )
        .await;
    assert_eq!(
        (customers as usize, conversations as usize),
        (senders, senders),
        "{:?} {phase_name}: one customer and one conversation per sender",
        r.engine
    );

    let took = raw_insert(&r.raw, side, r.workspace, r.raw_channel.id, &messages).await;
    let processed_secs = ((finished_ms - start_ms).max(1) as f64) / 1000.0;
    let last_ack_ms = start_ms + (last_ack - start).as_millis() as i64;
    let backlog = Duration::from_millis((finished_ms - last_ack_ms).max(0) as u64);
    Phase {
        pace,
        posts: acks.len(),
        redeliveries,
        retries: acks.iter().map(|a| a.retries).sum(),
        acked_events,
        ack_rate: acked_events as f64 / (last_ack - start).as_secs_f64(),
        p50: pct(&latencies, 0.50),
        p99: pct(&latencies, 0.99),
        new_messages,
        processed_rate: new_messages as f64 / processed_secs,
        backlog,
        raw_rate: new_messages as f64 / took.as_secs_f64(),
        stored_total: stored.len(),
    }
}

fn print_phases(engine: Engine, analyze: Option<&str>, phases: &[Phase]) {
    println!();
    println!("{engine:?}: signed WhatsApp webhooks over HTTP, {MAX_BATCH} events a body at most, 5% redelivered");
    if let Some(why) = analyze {
        println!("(analyze before each phase, untimed: {why})");
    }
    println!(
        "{:>6} {:>6} {:>6} {:>8} {:>10} {:>8} {:>8} {:>8} {:>11} {:>9} {:>10} {:>6}  check",
        "rate",
        "posts",
        "redel",
        "events",
        "ack ev/s",
        "p50 ms",
        "p99 ms",
        "new msg",
        "processed/s",
        "backlog s",
        "raw msg/s",
        "ratio"
    );
    for p in phases {
        println!(
            "{:>6} {:>6} {:>6} {:>8} {:>10.0} {:>8.1} {:>8.1} {:>8} {:>11.0} {:>9.1} {:>10.0} {:>5.0}%  ok: {} stored, 0 duplicates, 0 lost{}",
            p.pace.name(),
            p.posts,
            p.redeliveries,
            p.acked_events,
            p.ack_rate,
            ms(p.p50),
            ms(p.p99),
            p.new_messages,
            p.processed_rate,
            p.backlog.as_secs_f64(),
            p.raw_rate,
            p.ratio() * 100.0,
            p.stored_total,
            if p.retries > 0 {
                format!(", {} posts retried", p.retries)
            } else {
                String::new()
            }
        );
    }
    goals(engine, phases);
}

fn goals(engine: Engine, phases: &[Phase]) {
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    match phases.iter().find(|p| p.pace == Pace::Rate(ACK_GOAL_RATE)) {
        Some(p) => println!(
            "{engine:?} goal: ack p99 under {ACK_P99_GOAL_MS:.0} ms at {ACK_GOAL_RATE} events/s: {:.1} ms, {}",
            ms(p.p99),
            met(ms(p.p99) < ACK_P99_GOAL_MS)
        ),
        None => println!("{engine:?} goal: ack p99 at {ACK_GOAL_RATE} events/s: not measured"),
    }
    match phases.iter().find(|p| p.pace == Pace::Max) {
        Some(p) => println!(
            "{engine:?} goal: processed at least {:.0}% of raw as fast as it goes: {:.0}% ({:.0} of {:.0} messages/s), {}",
            RATIO_GOAL * 100.0,
            p.ratio() * 100.0,
            p.processed_rate,
            p.raw_rate,
            met(p.ratio() >= RATIO_GOAL)
        ),
        None => println!("{engine:?} goal: processed ÷ raw as fast as it goes: not measured"),
    }
    let max = phases.iter().find(|p| p.pace == Pace::Max);
    let rules = phases.iter().find(|p| p.pace == Pace::MaxRules);
    if let (Some(max), Some(rules)) = (max, rules) {
        let cost = 1.0 - rules.ratio() / max.ratio();
        println!(
            "{engine:?} goal: routing through {} keyword rules costs at most {:.0}% of processed ÷ raw: {:.0}% → {:.0}%, cost {:.1}%, {}",
            rule_count(),
            RULES_COST_GOAL * 100.0,
            max.ratio() * 100.0,
            rules.ratio() * 100.0,
            cost * 100.0,
            met(cost <= RULES_COST_GOAL)
        );
    }
}

#[tokio::main]
async fn main() {
    let (engines, pg) = common::engines();
    let paces = paces();
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(PACED_IN_FLIGHT)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut results = Vec::new();
    for &engine in &engines {
        let r = start(engine, pg.as_deref()).await;
        let gen = Arc::new(Mutex::new(Gen::new()));
        let mut posted = HashSet::new();
        let mut side = RawSide::default();
        let mut phases = Vec::new();
        for &pace in &paces {
            if pace == Pace::MaxRules && r.store.bot_rules(r.workspace).await.unwrap().is_empty() {
                install_rules(&r.store, r.workspace, rule_count()).await;
            }
            eprint!("{engine:?} {}…", pace.name());
            let started = Instant::now();
            let p = phase(&r, &client, &gen, &mut posted, &mut side, pace).await;
            eprintln!(" {:.0} s", started.elapsed().as_secs_f64());
            phases.push(p);
        }
        print_phases(engine, r.analyze, &phases);
        r.finish().await;
        results.push((engine, phases));
    }
    if results.len() > 1 {
        println!();
        for (engine, phases) in &results {
            goals(*engine, phases);
        }
    }
}
