//! Two server processes on one PostgreSQL database, as behind a load balancer: a change made
//! through one reaches the live streams of the other at once (LISTEN/NOTIFY), both ways, and a
//! page whose server restarted resumes there with exactly what it missed.

use crate::common::{on_postgres, TestDb};
use omni_inbox::wire::LiveBatch;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(db: &TestDb, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_omni_inbox"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", &db.url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("APP_SEED_DEMO", "true")
        .env("APP_META_GRAPH_BASE_URL", "http://127.0.0.1:9")
        .env("APP_INSTAGRAM_GRAPH_BASE_URL", "http://127.0.0.1:9")
        .env("APP_LINE_API_BASE_URL", "http://127.0.0.1:9")
        .env("APP_LINE_DATA_API_BASE_URL", "http://127.0.0.1:9")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server binary");
    // Owned at once: dropped (killed and waited for) on every path from here.
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return server;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server on port {port} did not start");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn sign_in(base: &str) -> String {
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/api/login"))
        .header("origin", base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=admin@demo.test&password=demo1234")
        .send()
        .await
        .unwrap();
    let set = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("inbox_session="))
        .expect("a session cookie")
        .to_owned();
    set.split(';').next().unwrap().to_owned()
}

/// A note written through `base` on conversation `id`.
async fn note(base: &str, cookie: &str, id: i64, text: &str) {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/send_message"))
        .header("origin", base)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("id={id}&kind=note&body={text}"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
}

/// One open stream, read into (number, conversation) pairs.
struct Stream {
    resp: reqwest::Response,
    buf: String,
    last: Option<i64>,
}

impl Stream {
    async fn open(base: &str, cookie: &str, last_id: Option<i64>) -> Stream {
        let mut req = reqwest::Client::new()
            .get(format!("{base}/events"))
            .header("cookie", cookie);
        if let Some(id) = last_id {
            req = req.header("last-event-id", id.to_string());
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), reqwest::StatusCode::OK);
        let mut s = Stream {
            resp,
            buf: String::new(),
            last: last_id,
        };
        // Its opening comment: subscribed.
        let chunk = tokio::time::timeout(Duration::from_secs(10), s.resp.chunk())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        s.buf.push_str(&String::from_utf8_lossy(&chunk));
        s
    }

    /// The changes heard until nothing came for a second and a half.
    async fn changes(&mut self) -> Vec<(i64, Option<i64>)> {
        let mut out = Vec::new();
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                if let Some(id) = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .and_then(|v| v.parse().ok())
                {
                    self.last = Some(id);
                }
                if block.lines().any(|l| l == "event: change") {
                    let data: String = block
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: "))
                        .collect();
                    let batch: LiveBatch = serde_json::from_str(&data).unwrap();
                    out.extend(
                        batch
                            .items
                            .iter()
                            .map(|i| (i.seq, i.conversation.map(|c| c.get()))),
                    );
                }
            }
            match tokio::time::timeout(Duration::from_millis(1500), self.resp.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buf.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return out,
            }
        }
    }
}

#[tokio::test]
async fn two_servers_share_every_change_and_a_restarted_one_resumes() {
    on_postgres(|db: TestDb| async move {
        let (port_a, port_b) = (free_port(), free_port());
        let a = start(&db, port_a).await;
        let mut b = start(&db, port_b).await;
        let (cookie_a, cookie_b) = (sign_in(&a.base).await, sign_in(&b.base).await);
        let first = db
            .scalar("select min(id) from conversations where status = 'pending'")
            .await;
        let second = db
            .scalar("select max(id) from conversations where status = 'pending'")
            .await;

        // Through B, heard on A; through A, heard on B.
        let mut on_a = Stream::open(&a.base, &cookie_a, None).await;
        let mut on_b = Stream::open(&b.base, &cookie_b, None).await;
        note(&b.base, &cookie_b, first, "from-b").await;
        note(&a.base, &cookie_a, second, "from-a").await;
        let heard_a = on_a.changes().await;
        let heard_b = on_b.changes().await;
        let convs = |h: &[(i64, Option<i64>)]| h.iter().filter_map(|(_, c)| *c).collect::<Vec<_>>();
        assert_eq!(convs(&heard_a), vec![first, second], "server A heard both");
        assert_eq!(
            heard_a, heard_b,
            "both servers hand on the same events, numbered alike"
        );

        // B restarts; meanwhile changes are made through A; the page comes back to B.
        let resume = on_b.last.expect("B's stream had a cursor");
        drop(on_b);
        drop(b);
        note(&a.base, &cookie_a, first, "while-b-was-down-1").await;
        note(&a.base, &cookie_a, second, "while-b-was-down-2").await;
        b = start(&db, port_b).await;
        let mut back = Stream::open(&b.base, &cookie_b, Some(resume)).await;
        note(&a.base, &cookie_a, first, "after-b-came-back").await;
        let missed = back.changes().await;
        assert_eq!(convs(&missed), vec![first, second, first], "{missed:?}");
        assert!(missed.iter().all(|(n, _)| *n > resume));
        assert!(missed.windows(2).all(|w| w[0].0 < w[1].0));
        drop(back);
        drop(on_a);
        drop(a);
        drop(b);
    })
    .await;
}
