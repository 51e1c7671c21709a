//! Live updates under load: `cargo bench --features ssr --bench realtime`.
//!
//! For each engine (SQLite always; PostgreSQL when `INBOX_BENCH_POSTGRES_URL` or
//! `INBOX_TEST_POSTGRES_URL` names a server, where a throwaway database is created), the bench
//! makes a workspace with one WhatsApp channel and starts the real server binary on it as a
//! process of its own (so its memory and CPU are its own). Then, for each number of agents
//! (`INBOX_BENCH_REALTIME_STREAMS`, default `100,1000`), it opens that many live streams
//! (`GET /events`, each with a session of its own, over HTTP with reqwest), and for each rate
//! (`INBOX_BENCH_REALTIME_RATES`, default `50,200` messages per second) it posts signed WhatsApp
//! webhooks at that pace for `INBOX_BENCH_REALTIME_SECONDS` (default 10), one message each from
//! a new customer (each opens a conversation, as a rush of new chats does).
//!
//! It reports, per phase:
//! - live: from the webhook's 200 to the first event about its conversation at each agent,
//!   p50 / p95 / p99 over every (agent, message);
//! - stored (the raw baseline, same run): from the webhook's 200 to the message being in the
//!   database, seen by a plain query every 5 ms on a connection of the bench's own; the live
//!   path adds processing's wake-up, the hub's read and the fan-out to it;
//! - lost and doubled: every agent sees every conversation (supervisors), so each must hear
//!   every event of the phase (numbered in the database) exactly once; both must be 0;
//! - the server's memory per open stream (its resident set with the streams open, less before
//!   they opened, over their number) and its CPU share during the phase (of all cores).
//!
//! Then the website widget (issue 12): with the smallest number of streams open, visitors of a
//! widget (each a session of its own, from an address of its own behind the trusted proxy)
//! write one message each at the smallest rate through `POST /widget/v1/messages`; reported:
//! from its 200 (stored by then) to the first event about its conversation at each agent.
//!
//! Goals (printed, not asserted): live p95 ≤ 500 ms at 200 messages/s with 1,000 streams; 0
//! lost, 0 doubled.

use omni_inbox::domain::{ChannelKind, WorkspaceId};
use omni_inbox::server::auth::{now_millis, token_hash};
use omni_inbox::server::channel::signature::sign_meta;
use omni_inbox::server::db::{self, Credentials, Engine, NewSession, Store};
use omni_inbox::server::service::channel::{connect, webhook_path, ConnectInput};
use omni_inbox::wire::LiveBatch;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{env, ms, pct, Raw};

const SECRET: &str = "realtime-bench-app-secret-0123456789";
const PHONE_ID: &str = "106540352209001";
const GOAL_P95_MS: f64 = 500.0;

fn list(name: &str, default: &str) -> Vec<u32> {
    env(name)
        .unwrap_or_else(|| default.to_owned())
        .split(',')
        .map(|s| s.trim().replace('_', "").parse().expect(name))
        .collect()
}

fn seconds() -> Duration {
    Duration::from_secs_f64(
        env("INBOX_BENCH_REALTIME_SECONDS").map_or(10.0, |s| s.parse().expect("seconds")),
    )
}

/// What one agent heard: each event's number, conversation and when it arrived.
#[derive(Default)]
struct Heard {
    items: Vec<(i64, Option<i64>, Instant)>,
}

struct Agent {
    heard: Arc<Mutex<Heard>>,
    task: tokio::task::JoinHandle<()>,
}

/// Opens one stream and records what it hears until it is dropped.
async fn agent(client: &reqwest::Client, base: &str, cookie: &str) -> Agent {
    let resp = client
        .get(format!("{base}/events"))
        .header("cookie", cookie)
        .header("accept", "text/event-stream")
        .send()
        .await
        .expect("stream");
    assert_eq!(resp.status(), reqwest::StatusCode::OK, "stream refused");
    let heard = Arc::new(Mutex::new(Heard::default()));
    let into = heard.clone();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let mut resp = resp;
        let mut buf = String::new();
        let mut ready = Some(ready_tx);
        while let Ok(Some(chunk)) = resp.chunk().await {
            let at = Instant::now();
            buf.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(r) = ready.take() {
                let _ = r.send(());
            }
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                if !block.lines().any(|l| l == "event: change") {
                    continue;
                }
                let data: String = block
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: "))
                    .collect();
                if let Ok(batch) = serde_json::from_str::<LiveBatch>(&data) {
                    let mut h = into.lock().unwrap();
                    for i in batch.items {
                        h.items.push((i.seq, i.conversation.map(|c| c.get()), at));
                    }
                }
            }
        }
    });
    // The stream's first bytes (its opening comment): it is subscribed.
    let _ = tokio::time::timeout(Duration::from_secs(30), ready_rx).await;
    Agent { heard, task }
}

/// A WhatsApp Cloud API webhook with one text message from customer `n`.
fn body(n: usize) -> Vec<u8> {
    let from = format!("8869{n:08}");
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
            "contacts": [{"profile": {"name": format!("Live {n}")}, "wa_id": from}],
            "messages": [{"from": from, "id": format!("wamid.live.{n}"),
                "timestamp": (now_millis() / 1000).to_string(),
                "type": "text", "text": {"body": "還有貨嗎？"}}],
        }}]}]
    }))
    .unwrap()
}

/// The server process: its pid's resident set and CPU time.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Server {
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// User + system CPU time so far.
    fn cpu(&self) -> Duration {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: u64 = fields
            .get(11)
            .and_then(|u| u.parse::<u64>().ok())
            .unwrap_or(0)
            + fields
                .get(12)
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(0);
        Duration::from_secs_f64(ticks as f64 / 100.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_server(db_url: &str) -> Server {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_omni_inbox"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", db_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("APP_SEED_DEMO", "false")
        .env("APP_META_GRAPH_BASE_URL", "http://127.0.0.1:9")
        .env("APP_INSTAGRAM_GRAPH_BASE_URL", "http://127.0.0.1:9")
        .env("APP_LINE_API_BASE_URL", "http://127.0.0.1:9")
        .env("APP_LINE_DATA_API_BASE_URL", "http://127.0.0.1:9")
        .env("APP_LIVE_BACKLOG", "4096")
        // The widget phase's visitors each come from an address of their own.
        .env("APP_TRUST_PROXY", "true")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server binary");
    // Owned at once: dropped (killed and waited for) on every path from here.
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return server;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not start");
}

struct Phase {
    streams: usize,
    rate: u32,
    sent: usize,
    live: Vec<Duration>,
    stored: Vec<Duration>,
    lost: usize,
    doubled: usize,
    cpu_share: f64,
}

#[allow(clippy::too_many_arguments)]
async fn phase(
    server: &Server,
    store: &Store,
    raw: &Raw,
    ws: WorkspaceId,
    agents: &[Agent],
    rate: u32,
    first: usize,
    webhook: &str,
) -> Phase {
    let client = reqwest::Client::new();
    let start_seq = store.sequence_live().await.unwrap();
    let stored_before = raw
        .ids(
            "select count(*) from messages where workspace_id = $1",
            &[ws.get()],
        )
        .await[0];
    for a in agents {
        a.heard.lock().unwrap().items.clear();
    }
    let length = seconds();
    let count = (length.as_secs_f64() * rate as f64).round() as usize;
    let accepted: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let cpu_before = server.cpu();
    let began = Instant::now();
    // The raw baseline: a plain query every 5 ms sees the messages arrive.
    let stored_at: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let watcher = {
        let stored_at = stored_at.clone();
        let raw = raw.clone();
        tokio::spawn(async move {
            loop {
                let n = raw
                    .ids(
                        "select count(*) from messages where workspace_id = $1",
                        &[ws.get()],
                    )
                    .await[0]
                    - stored_before;
                let now = Instant::now();
                let done = {
                    let mut s = stored_at.lock().unwrap();
                    while (s.len() as i64) < n {
                        s.push(now);
                    }
                    s.len() >= count
                };
                if done {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let mut posts = Vec::new();
    for k in 0..count {
        let due = began + Duration::from_secs_f64(k as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        let n = first + k;
        let bytes = body(n);
        let sig = sign_meta(SECRET.as_bytes(), &bytes);
        let (client, url, accepted) = (client.clone(), webhook.to_owned(), accepted.clone());
        posts.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", sig)
                .body(bytes)
                .send()
                .await
                .expect("webhook");
            assert_eq!(r.status(), reqwest::StatusCode::OK);
            let _ = r.bytes().await;
            accepted
                .lock()
                .unwrap()
                .insert(format!("8869{n:08}"), Instant::now());
        }));
    }
    for p in posts {
        p.await.unwrap();
    }
    let _ = tokio::time::timeout(Duration::from_secs(60), watcher).await;
    // Every event of the phase numbered, and handed on to every stream (or a generous wait).
    let deadline = Instant::now() + Duration::from_secs(30);
    let end_seq = loop {
        let end = store.sequence_live().await.unwrap();
        let done = agents.iter().all(|a| {
            a.heard
                .lock()
                .unwrap()
                .items
                .last()
                .is_some_and(|(s, _, _)| *s >= end)
        });
        if done || Instant::now() > deadline {
            break end;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let wall = began.elapsed();
    let cpu_share = (server.cpu() - cpu_before).as_secs_f64()
        / wall.as_secs_f64()
        / std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;

    // Conversations by customer: whose webhook opened each.
    let rows = raw
        .pairs(
            "select c.id, cast(i.external_id as bigint) from conversations c
             join customer_identities i on i.customer_id = c.customer_id and i.workspace_id = c.workspace_id
             where c.workspace_id = $1",
            &[ws.get()],
        )
        .await;
    let accepted = accepted.lock().unwrap().clone();
    let opened_by: HashMap<i64, Instant> = rows
        .into_iter()
        .filter_map(|(c, phone)| accepted.get(&phone.to_string()).map(|at| (c, *at)))
        .collect();
    let expected: Vec<i64> = raw
        .ids(
            &format!(
                "select {seq} from live_events where workspace_id = $1 and {seq} > $2 and {seq} <= $3 and topic <> 'notification' order by 1",
                seq = if store.engine() == Engine::Sqlite { "id" } else { "seq" }
            ),
            &[ws.get(), start_seq, end_seq],
        )
        .await;
    let (mut live, mut lost, mut doubled) = (Vec::new(), 0, 0);
    for a in agents {
        let h = a.heard.lock().unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut firsts: HashMap<i64, Instant> = HashMap::new();
        for (seq, conv, at) in &h.items {
            if !seen.insert(*seq) {
                doubled += 1;
            }
            if let Some(c) = conv {
                firsts.entry(*c).or_insert(*at);
            }
        }
        lost += expected.iter().filter(|s| !seen.contains(s)).count();
        for (c, opened) in &opened_by {
            if let Some(at) = firsts.get(c) {
                live.push(at.saturating_duration_since(*opened));
            }
        }
    }
    let mut sorted: Vec<Instant> = accepted.values().copied().collect();
    sorted.sort();
    let stored: Vec<Duration> = stored_at
        .lock()
        .unwrap()
        .iter()
        .zip(sorted)
        .map(|(s, a)| s.saturating_duration_since(a))
        .collect();
    Phase {
        streams: agents.len(),
        rate,
        sent: count,
        live,
        stored,
        lost,
        doubled,
        cpu_share,
    }
}

/// Widget visitors write one message each at `rate` a second: from each message's 200 to the
/// first event about its conversation at every agent.
async fn widget_phase(
    server: &Server,
    raw: &Raw,
    agents: &[Agent],
    key: &str,
    rate: u32,
) -> Vec<Duration> {
    let client = reqwest::Client::new();
    for a in agents {
        a.heard.lock().unwrap().items.clear();
    }
    let count = (seconds().as_secs_f64() * rate as f64).round() as usize;
    // Sessions first (not timed), each from its own address.
    let mut visitors = Vec::new();
    for k in 0..count {
        let addr = format!("10.{}.{}.{}", k / 65536 % 256, k / 256 % 256, k % 256);
        let r: serde_json::Value = client
            .post(format!("{}/widget/v1/session", server.base))
            .header("x-forwarded-for", &addr)
            .json(&serde_json::json!({ "key": key, "host": server.base }))
            .send()
            .await
            .expect("session")
            .json()
            .await
            .expect("session answer");
        visitors.push((addr, r["token"].as_str().expect("a token").to_owned()));
    }
    let began = Instant::now();
    let mut posts = Vec::new();
    for (k, (addr, token)) in visitors.into_iter().enumerate() {
        let due = began + Duration::from_secs_f64(k as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        let (client, url) = (
            client.clone(),
            format!("{}/widget/v1/messages", server.base),
        );
        posts.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("x-forwarded-for", addr)
                .bearer_auth(token)
                .json(&serde_json::json!({ "text": "請問營業到幾點？", "echo_id": format!("bench-{k}") }))
                .send()
                .await
                .expect("widget message");
            assert_eq!(r.status(), reqwest::StatusCode::OK);
            let v: serde_json::Value = r.json().await.expect("its answer");
            (v["message"]["id"].as_i64().expect("its id"), Instant::now())
        }));
    }
    let mut sent = Vec::new();
    for p in posts {
        sent.push(p.await.unwrap());
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut live = Vec::new();
    for (message, at) in sent {
        let c = raw
            .ids(
                "select conversation_id from messages where id = $1",
                &[message],
            )
            .await[0];
        for a in agents {
            let h = a.heard.lock().unwrap();
            if let Some((_, _, heard)) = h.items.iter().find(|(_, conv, _)| *conv == Some(c)) {
                live.push(heard.saturating_duration_since(at));
            }
        }
    }
    live
}

#[tokio::main]
async fn main() {
    let (engines, pg_admin) = common::engines();
    let streams = list("INBOX_BENCH_REALTIME_STREAMS", "100,1000");
    let rates = list("INBOX_BENCH_REALTIME_RATES", "50,200");
    println!(
        "realtime: {}s per phase, streams {streams:?}, rates {rates:?} messages/s",
        seconds().as_secs_f64()
    );
    for engine in engines {
        let (db_url, pg_name) = match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join("omni_inbox_bench");
                std::fs::create_dir_all(&dir).unwrap();
                let path = dir.join("realtime.db").display().to_string();
                common::remove_sqlite(&path);
                (format!("sqlite:{path}"), None)
            }
            Engine::Postgres => {
                let admin = pg_admin.clone().unwrap();
                let name = "inbox_bench_realtime".to_owned();
                common::drop_pg(&admin, &name).await;
                (common::pg_url(&admin, &name), Some((admin, name)))
            }
        };
        let store = db::connect(&db_url).await.unwrap();
        let now = now_millis();
        let (ws, _) = omni_inbox::server::service::account::create_workspace(
            &store,
            "Realtime bench",
            "admin@realtime.test",
            "Bench supervisor",
            now,
        )
        .await
        .unwrap();
        let channel = connect(
            &store,
            ConnectInput {
                workspace: ws,
                kind: ChannelKind::WhatsApp,
                name: "WhatsApp live".into(),
                account_id: PHONE_ID.into(),
                credentials: Credentials {
                    secret: SECRET.into(),
                    access_token: "token".into(),
                    verify_token: "verify".into(),
                    extra_id: "102290129340398".into(),
                },
            },
            &omni_inbox::server::demo::by(now),
        )
        .await
        .unwrap()
        .unwrap();
        let member = store
            .login_record("admin@realtime.test")
            .await
            .unwrap()
            .unwrap()
            .member_id;
        let raw = common::raw_pool_any(&db_url).await;
        let server = start_server(&db_url).await;
        let webhook = format!(
            "{}{}",
            server.base,
            webhook_path(
                ChannelKind::WhatsApp,
                channel.webhook_key.as_deref().unwrap()
            )
        );
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let widget = omni_inbox::server::service::widget::connect(
            &store,
            ws,
            &omni_inbox::server::service::widget::WidgetInput {
                name: "Website".into(),
                origins: "https://shop.example".into(),
                look: omni_inbox::domain::widget::WidgetLook::default_for("Shop"),
            },
            &omni_inbox::server::demo::by(now),
        )
        .await
        .unwrap()
        .unwrap();
        let widget_key = widget.widget.channel.webhook_key.clone().unwrap();
        let mut widget_live = Vec::new();
        let mut next_customer = 0;
        let mut phases = Vec::new();
        let mut per_stream = Vec::new();
        for n in streams.iter().map(|n| *n as usize) {
            let rss_before = server.rss_kib();
            let mut agents = Vec::new();
            for k in 0..n {
                let token = format!("realtime-{engine:?}-{n}-{k}");
                store
                    .create_session(&NewSession {
                        token_hash: token_hash(&token),
                        workspace_id: ws,
                        member_id: member,
                        now: now_millis(),
                        expires_at: now_millis() + 3_600_000,
                    })
                    .await
                    .unwrap();
                agents.push(agent(&client, &server.base, &format!("inbox_session={token}")).await);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            let rss = server.rss_kib();
            per_stream.push((n, (rss.saturating_sub(rss_before)) as f64 / n as f64));
            for &rate in &rates {
                let p = phase(
                    &server,
                    &store,
                    &raw,
                    ws,
                    &agents,
                    rate,
                    next_customer,
                    &webhook,
                )
                .await;
                next_customer += p.sent;
                phases.push(p);
            }
            if widget_live.is_empty() {
                let rate = *rates.iter().min().unwrap();
                let live = widget_phase(&server, &raw, &agents, &widget_key, rate).await;
                widget_live.push((n, rate, live));
            }
            for a in agents {
                a.task.abort();
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        drop(server);
        print(engine, &phases, &per_stream);
        for (n, rate, live) in &widget_live {
            let q = |x| {
                if live.is_empty() {
                    f64::NAN
                } else {
                    ms(pct(live, x))
                }
            };
            println!(
                "widget → agents ({n} streams, {rate} visitor messages/s, {} heard): live p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms",
                live.len(),
                q(0.50),
                q(0.95),
                q(0.99)
            );
        }
        raw.close().await;
        drop(store);
        match pg_name {
            Some((admin, name)) => common::drop_pg(&admin, &name).await,
            None => common::remove_sqlite(db_url.trim_start_matches("sqlite:")),
        }
    }
}

fn print(engine: Engine, phases: &[Phase], per_stream: &[(usize, f64)]) {
    println!("\n{engine:?}");
    println!(
        "{:>8} {:>6} {:>6} | {:>9} {:>9} {:>9} | {:>10} {:>10} | {:>5} {:>7} | {:>5}",
        "streams",
        "msg/s",
        "sent",
        "live p50",
        "live p95",
        "live p99",
        "stored p50",
        "stored p95",
        "lost",
        "doubled",
        "CPU"
    );
    for p in phases {
        let q = |v: &[Duration], x| {
            if v.is_empty() {
                f64::NAN
            } else {
                ms(pct(v, x))
            }
        };
        println!(
            "{:>8} {:>6} {:>6} | {:>7.0}ms {:>7.0}ms {:>7.0}ms | {:>8.0}ms {:>8.0}ms | {:>5} {:>7} | {:>4.0}%",
            p.streams,
            p.rate,
            p.sent,
            q(&p.live, 0.50),
            q(&p.live, 0.95),
            q(&p.live, 0.99),
            q(&p.stored, 0.50),
            q(&p.stored, 0.95),
            p.lost,
            p.doubled,
            p.cpu_share * 100.0
        );
    }
    for (n, kib) in per_stream {
        println!("server memory with {n} streams open: {kib:.1} KiB per stream");
    }
    let goal = phases
        .iter()
        .filter(|p| p.streams >= 1000 && p.rate >= 200)
        .map(|p| ms(pct(&p.live, 0.95)))
        .next();
    if let Some(p95) = goal {
        println!(
            "goal: live p95 ≤ {GOAL_P95_MS:.0} ms at 200 messages/s with 1,000 streams: {p95:.0} ms ({})",
            if p95 <= GOAL_P95_MS { "met" } else { "NOT met" }
        );
    }
    let (lost, doubled): (usize, usize) = phases
        .iter()
        .fold((0, 0), |(l, d), p| (l + p.lost, d + p.doubled));
    println!(
        "goal: 0 lost, 0 doubled: {lost} lost, {doubled} doubled ({})",
        if lost == 0 && doubled == 0 {
            "met"
        } else {
            "NOT met"
        }
    );
}
