//! Clients that go away mid-request (a closed tab, a proxy's timeout, a load test's cut-off):
//! on PostgreSQL the server keeps its connections (a request cut off mid-query must not cost a
//! new connection each time), and nothing panics.

use crate::common::{app_on, session_cookie, TestDb};
use omni_inbox::server::demo::DEMO_PASSWORD;
use std::net::SocketAddr;
use std::time::Duration;

/// Connections ever opened to `db`'s database (PostgreSQL counts them in `pg_stat_database`).
async fn sessions(db: &TestDb) -> i64 {
    db.scalar("select sessions from pg_stat_database where datname = current_database()")
        .await
}

crate::common::engine_test!(requests_cut_off_midway_cost_no_connections);
async fn requests_cut_off_midway_cost_no_connections(db: TestDb) {
    let on_postgres = db.engine() == omni_inbox::server::db::Engine::Postgres;
    let app = app_on(db, &[]).await;
    let cookie = session_cookie(&app.login("admin@demo.test", DEMO_PASSWORD).await);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let base = format!("http://{addr}");
    let get = |path: &str, cut: Option<Duration>| {
        let mut b = reqwest::Client::new()
            .get(format!("{base}{path}"))
            .header("cookie", &cookie);
        if let Some(cut) = cut {
            b = b.timeout(cut);
        }
        b.send()
    };
    // Warm: the pools have what one request at a time needs.
    for _ in 0..3 {
        let r = get("/inbox/pending-human", None).await.unwrap();
        assert!(r.status().is_success());
        let _ = r.bytes().await;
    }
    // A render that panics on a value disposed under it (a client gone mid-render) is counted.
    let disposed = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let hook = std::panic::take_hook();
    {
        let disposed = disposed.clone();
        std::panic::set_hook(Box::new(move |info| {
            if info.to_string().contains("disposed") {
                disposed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            hook(info);
        }));
    }
    // Pages, 20 at a time, cut off after 1 to 60 ms (while they are being worked on): a first
    // burst lets the pool grow to what 20 at a time need, the second is counted.
    let mut before = 0;
    let mut cut_off = 0;
    for wave in 0..16u64 {
        if wave == 8 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if on_postgres {
                before = sessions(&app.db).await;
            }
            cut_off = 0;
        }
        let requests = (0..20u64).map(|k| {
            let round = wave * 20 + k;
            let path = if round % 2 == 0 {
                "/inbox/pending-human".to_owned()
            } else {
                format!("/inbox/team-open?sort=newest&r={round}")
            };
            let cut = Duration::from_millis(1 + (round * 7) % 60);
            // Every third one a server function (its own request, not a page render).
            let request = if round % 3 == 0 {
                reqwest::Client::new()
                    .post(format!("{base}/api/inbox_nav"))
                    .header("cookie", &cookie)
                    .header("origin", &base)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body("")
                    .timeout(cut)
                    .send()
            } else {
                get(&path, Some(cut))
            };
            async move {
                match request.await {
                    Ok(r) => r.bytes().await.is_err(),
                    Err(_) => true,
                }
            }
        });
        cut_off += futures_util::future::join_all(requests)
            .await
            .into_iter()
            .filter(|cut| *cut)
            .count();
    }
    // The server still answers, with whole pages.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let r = get("/inbox/pending-human", None).await.unwrap();
    assert!(r.status().is_success());
    assert!(r.text().await.unwrap().contains("</html>"));
    assert_eq!(
        disposed.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a render panicked on a disposed value"
    );
    if on_postgres {
        let opened = sessions(&app.db).await - before;
        println!("{cut_off} requests cut off; {opened} connections opened meanwhile");
        assert!(cut_off > 20, "the test cut requests off ({cut_off})");
        // The pool keeps its connections: not one is opened per request cut off.
        assert!(
            opened <= 3,
            "{opened} connections opened for {cut_off} requests cut off"
        );
    }
    server.abort();
}
