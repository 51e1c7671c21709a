//! The live stream (`GET /events`) through the real router, on both engines: each role hears
//! exactly what its lists may show (not even the id of the rest), a dropped stream resumes with
//! exactly what it missed, a page away too long is told to reload, a slow client is closed
//! instead of buffered, and a stream needs a session.

use crate::common::{app_on, as_member, get_request, session_cookie, App, TestDb};
use axum::body::Body;
use http::StatusCode;
use http_body_util::BodyExt;
use omni_inbox::domain::{ConversationId, Handler};
use omni_inbox::server::auth::now_millis;
use omni_inbox::server::db::Store;
use omni_inbox::server::demo::DEMO_PASSWORD;
use omni_inbox::server::service::conversation::{act, Act};
use omni_inbox::server::service::ingest::receive;
use omni_inbox::wire::{LiveBatch, LiveItem, LiveKind, View};
use std::time::Duration;
use tower::ServiceExt;

/// How long a stream is read after the last change it should hear (the hub looks every 50 ms).
const QUIET: Duration = Duration::from_millis(1500);

/// One Server-Sent Events message.
#[derive(Debug, Default, Clone)]
pub(crate) struct Message {
    pub id: Option<i64>,
    pub event: Option<String>,
    pub data: String,
}

/// A Server-Sent Events stream read message by message (the widget's tests read theirs too).
pub(crate) type SseStream = Stream;

pub(crate) struct Stream {
    body: Body,
    buf: String,
    /// Every byte read, to check what never appears in it.
    raw: String,
}

impl Stream {
    async fn open(app: &App, cookie: &str, after: Option<i64>, last_id: Option<i64>) -> Stream {
        let path = match after {
            Some(a) => format!("/events?after={a}"),
            None => "/events".to_owned(),
        };
        Stream::open_request(app, get_request(&path, Some(cookie)), last_id).await
    }

    /// A stream at `path` needing no session (a widget visitor's).
    pub(crate) async fn open_path(app: &App, path: &str, last_id: Option<i64>) -> Stream {
        Stream::open_request(app, get_request(path, None), last_id).await
    }

    async fn open_request(app: &App, mut req: http::Request<Body>, last_id: Option<i64>) -> Stream {
        req.headers_mut()
            .insert("accept", "text/event-stream".parse().unwrap());
        if let Some(id) = last_id {
            req.headers_mut()
                .insert("last-event-id", id.to_string().parse().unwrap());
        }
        let resp = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(
            resp.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Stream {
            body: resp.into_body(),
            buf: String::new(),
            raw: String::new(),
        }
    }

    /// The next message within `within` (none: nothing came, or the stream ended).
    pub(crate) async fn next(&mut self, within: Duration) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut m = Message::default();
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        m.id = v.trim().parse().ok();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("event:") {
                        m.event = Some(v.trim().to_owned());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data:") {
                        m.data.push_str(v.trim_start());
                        any = true;
                    }
                }
                if any {
                    return Some(m);
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await;
            match frame {
                Ok(Some(Ok(f))) => {
                    if let Ok(data) = f.into_data() {
                        let text = String::from_utf8_lossy(&data).into_owned();
                        self.raw.push_str(&text);
                        self.buf.push_str(&text);
                    }
                }
                _ => return None,
            }
        }
    }

    /// Every change heard until nothing came for [`QUIET`], with the number of its message.
    async fn changes(&mut self) -> Vec<(i64, LiveItem)> {
        let mut out = Vec::new();
        while let Some(m) = self.next(QUIET).await {
            if m.event.as_deref() == Some("change") {
                let batch: LiveBatch = serde_json::from_str(&m.data).unwrap();
                let id = m.id.expect("a change carries its number");
                for i in batch.items {
                    assert!(i.seq <= id, "an item is numbered up to its message");
                    out.push((i.seq, i));
                }
            }
        }
        out
    }

    /// Whether the stream has ended (within a few seconds).
    async fn ended(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Ok(None) => return true,
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) => return true,
                Err(_) => return false,
            }
        }
    }
}

async fn sign_in(app: &App, email: &str) -> String {
    session_cookie(&app.login(email, DEMO_PASSWORD).await)
}

/// A pending conversation that `email` sees and `other` does not.
async fn pending_only_for(s: &Store, email: &str, other: &str) -> ConversationId {
    let theirs = pending_ids(s, other).await;
    pending_ids(s, email)
        .await
        .into_iter()
        .find(|id| !theirs.contains(id))
        .unwrap_or_else(|| panic!("no pending conversation only {email} sees"))
}

async fn pending_ids(s: &Store, email: &str) -> Vec<ConversationId> {
    let who = as_member(s, email).await;
    let mut q = crate::common::list_query(&who, View::PendingHuman, 500);
    q.now = now_millis();
    s.list_conversations(&q)
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

fn about(items: &[(i64, LiveItem)], id: ConversationId) -> Vec<(LiveKind, bool)> {
    items
        .iter()
        .filter(|(_, i)| i.conversation == Some(id))
        .map(|(_, i)| (i.kind, i.left))
        .collect()
}

/// Waits until the hub has handed on every event written so far (the streams then hear each
/// change with the conversation as it was right after it, as they do when people act at human
/// pace).
async fn settle(app: &App) {
    let written = app.db.store.sequence_live().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while app.hub.head() < written {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the hub fell behind"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn customer_writes(s: &Store, id: ConversationId, text: &str) {
    let ws = as_member(s, "admin@demo.test").await.workspace_id;
    receive(s, ws, id, text, None, Handler::Human, now_millis())
        .await
        .unwrap();
}

crate::common::engine_test!(each_role_hears_what_it_may_see_and_nothing_else);
async fn each_role_hears_what_it_may_see_and_nothing_else(db: TestDb) {
    let app = app_on(db, &[]).await;
    let s = app.db.store.clone();
    let north = pending_only_for(&s, "salesrep@demo.test", "salesrep2@demo.test").await;
    let emails = [
        "admin@demo.test",
        "supervisor@demo.test",
        "csmanager@demo.test",
        "agent@demo.test",
        "salesmanager@demo.test",
        "salesrep@demo.test",
        "salesrep2@demo.test",
    ];
    let mut streams = Vec::new();
    for email in emails {
        let cookie = sign_in(&app, email).await;
        streams.push(Stream::open(&app, &cookie, Some(app.hub.head()), None).await);
    }

    // A customer writes in a conversation pending in the first rep's branch; then an agent
    // follows it up (it leaves the reps' and the sales manager's sight); then a supervisor
    // hands it to the second rep, with a notification for them.
    customer_writes(&s, north, "請問今天有營業嗎？").await;
    settle(&app).await;
    let agent = as_member(&s, "agent@demo.test").await;
    let version = s
        .conversation(agent.workspace_id, north, Some(agent.member_id))
        .await
        .unwrap()
        .unwrap()
        .version;
    act(&s, &agent, north, version, Act::FollowUp, now_millis())
        .await
        .unwrap();
    settle(&app).await;
    let supervisor = as_member(&s, "supervisor@demo.test").await;
    let rep2 = as_member(&s, "salesrep2@demo.test").await;
    act(
        &s,
        &supervisor,
        north,
        version + 1,
        Act::Transfer { to: rep2.member_id },
        now_millis(),
    )
    .await
    .unwrap();
    settle(&app).await;

    use LiveKind::Conversation as C;
    let mut heard = Vec::new();
    for stream in &mut streams {
        heard.push(stream.changes().await);
    }
    let every = [(C, false), (C, false), (C, false)];
    // Everyone who sees every conversation hears all three changes.
    for (i, email) in emails.iter().enumerate().take(4) {
        assert_eq!(about(&heard[i], north), every, "{email}");
    }
    // The sales manager and the first rep saw it pending, then heard it leave, once.
    assert_eq!(
        about(&heard[4], north),
        [(C, false), (C, true)],
        "salesmanager"
    );
    assert_eq!(about(&heard[5], north), [(C, false), (C, true)], "salesrep");
    // The second rep heard nothing of it until it was handed to them, not even its id.
    assert_eq!(about(&heard[6], north), [(C, false)], "salesrep2");
    let named = |end: char| {
        streams[6]
            .raw
            .matches(&format!("\"c\":{north}{end}"))
            .count()
    };
    assert_eq!(named('}') + named(','), 1, "{}", streams[6].raw);
    assert_eq!(
        heard[6]
            .iter()
            .filter(|(_, i)| i.kind == LiveKind::Notification)
            .count(),
        1,
        "the transfer's notification reaches its member"
    );
    assert!(
        heard[..6]
            .iter()
            .all(|h| h.iter().all(|(_, i)| i.kind != LiveKind::Notification)),
        "a notification reaches its member only"
    );
    // Each number is heard once, in order, on every stream.
    for h in &heard {
        assert!(h.windows(2).all(|w| w[0].0 < w[1].0), "{h:?}");
    }
}

crate::common::engine_test!(a_dropped_stream_resumes_with_exactly_what_it_missed);
async fn a_dropped_stream_resumes_with_exactly_what_it_missed(db: TestDb) {
    let app = app_on(db, &[]).await;
    let s = app.db.store.clone();
    let cookie = sign_in(&app, "admin@demo.test").await;
    let ids = pending_ids(&s, "admin@demo.test").await;
    let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);

    let mut stream = Stream::open(&app, &cookie, Some(app.hub.head()), None).await;
    customer_writes(&s, a, "first").await;
    settle(&app).await;
    let seen = stream.changes().await;
    assert_eq!(about(&seen, a), [(LiveKind::Conversation, false)]);
    let last = seen.last().unwrap().0;
    drop(stream);

    // Changes while the page is away…
    for (id, text) in [(b, "second"), (c, "third"), (b, "fourth")] {
        customer_writes(&s, id, text).await;
    }
    // …arrive once, in order, when it comes back (the browser sends Last-Event-ID).
    let mut back = Stream::open(&app, &cookie, Some(0), Some(last)).await;
    customer_writes(&s, d, "fifth").await;
    settle(&app).await;
    let got = back.changes().await;
    let order: Vec<_> = got
        .iter()
        .filter(|(_, i)| i.kind == LiveKind::Conversation)
        .map(|(_, i)| i.conversation.unwrap())
        .collect();
    assert_eq!(order, vec![b, c, b, d]);
    assert!(got.iter().all(|(n, _)| *n > last));
    assert!(
        got.windows(2).all(|w| w[0].0 < w[1].0),
        "nothing doubled: {got:?}"
    );

    // Away longer than events are kept: told to reload, then live again.
    s.prune_live(now_millis() + 1).await.unwrap();
    let mut stale = Stream::open(&app, &cookie, Some(1), None).await;
    let first = stale.next(QUIET).await.unwrap();
    assert_eq!(first.event.as_deref(), Some("reset"));
    assert_eq!(first.id, Some(app.hub.head()));
    customer_writes(&s, a, "sixth").await;
    settle(&app).await;
    assert_eq!(
        about(&stale.changes().await, a),
        [(LiveKind::Conversation, false)]
    );
}

crate::common::engine_test!(a_slow_client_is_closed_not_buffered);
async fn a_slow_client_is_closed_not_buffered(db: TestDb) {
    let app = app_on(db, &[("APP_LIVE_BACKLOG", "2")]).await;
    let s = app.db.store.clone();
    let cookie = sign_in(&app, "admin@demo.test").await;
    let ids = pending_ids(&s, "admin@demo.test").await;
    let mut slow = Stream::open(&app, &cookie, Some(app.hub.head()), None).await;
    assert_eq!(app.hub.streams(), 1);
    // Many batches while the client reads nothing: the stream holds a few messages, then falls
    // behind the hub's backlog and is closed.
    for (n, id) in ids.iter().cycle().take(40).enumerate() {
        customer_writes(&s, *id, &format!("burst {n}")).await;
        tokio::time::sleep(Duration::from_millis(70)).await;
    }
    assert!(slow.ended().await, "a stream that fell behind is closed");
    assert_eq!(app.hub.streams(), 0, "and holds nothing in the hub");
    assert!(slow.raw.matches("event: change").count() < 40);
}

#[tokio::test]
async fn a_stream_needs_a_session() {
    let app = crate::common::app().await;
    let reply = app.get("/events", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .get("/events", Some("inbox_session=not-a-session"))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

crate::common::engine_test!(a_server_shutting_down_ends_its_streams);
async fn a_server_shutting_down_ends_its_streams(db: TestDb) {
    let app = app_on(db, &[]).await;
    let cookie = sign_in(&app, "admin@demo.test").await;
    let mut one = Stream::open(&app, &cookie, None, None).await;
    let mut two = Stream::open(&app, &cookie, None, None).await;
    assert_eq!(app.hub.streams(), 2);
    // What `run` does on Ctrl-C or SIGTERM before the server waits for its connections.
    app.hub.close();
    assert!(one.ended().await && two.ended().await);
    assert_eq!(app.hub.streams(), 0);
}
