//! The operators' commands through the real binary: `channels add|list` on a fresh database,
//! and `simulate` posting a signed webhook to a server listening on a real port.

use omni_inbox::server::db::Store;
use omni_inbox::server::worker::process_pending;
use std::process::Command;

fn omni(db_url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_omni_inbox"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", db_url)
        .env("APP_SEED_DEMO", "false")
        .env("APP_PUBLIC_URL", "https://inbox.example.com")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_db() -> (tempdir::Dir, String) {
    let dir = tempdir::Dir::new();
    let url = format!("sqlite:{}", dir.0.join("inbox.db").display());
    (dir, url)
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let p = std::env::temp_dir().join(format!("omni-operator-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test]
async fn channels_are_added_and_listed_on_the_command_line_without_showing_secrets() {
    let (_dir, url) = temp_db();
    let (ok, _, err) = omni(
        &url,
        &[
            "create-workspace",
            "--name",
            "Shop",
            "--admin-email",
            "a@shop.test",
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = omni(
        &url,
        &[
            "channels",
            "add",
            "--kind",
            "line",
            "--name",
            "Shop LINE",
            "--account-id",
            "Uaaaabbbbccccddddeeeeffff00001111",
            "--secret",
            "line-channel-secret-9876",
            "--token",
            "long-lived-token-5555",
        ],
    );
    assert!(ok, "{err}");
    let path = out.lines().last().unwrap().to_owned();
    assert!(
        path.starts_with("/webhooks/line/") && path.len() > 40,
        "{out}"
    );
    assert!(out.contains(&format!("https://inbox.example.com{path}")));

    let (ok, out, _) = omni(&url, &["channels", "list", "--json"]);
    assert!(ok);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    let c = &rows[0];
    for field in [
        "id",
        "workspace_id",
        "kind",
        "name",
        "account_id",
        "webhook_path",
        "enabled",
    ] {
        assert!(c.get(field).is_some(), "{field} missing in {c}");
    }
    assert_eq!(c["kind"], "line");
    assert_eq!(c["webhook_path"], path.as_str());
    assert_eq!(c["enabled"], true);
    assert!(!out.contains("line-channel-secret-9876") && !out.contains("long-lived-token-5555"));
    assert_eq!(c["secret"], "••••9876");
    // A short secret is never shown, not even its end (it would be most of it).
    let short = [
        "channels",
        "add",
        "--kind",
        "messenger",
        "--name",
        "FB",
        "--account-id",
        "104700000000777",
        "--secret",
        "s3cr",
    ];
    assert!(omni(&url, &short).0);
    let (_, out, _) = omni(&url, &["channels", "list", "--json"]);
    assert!(!out.contains("s3cr"), "{out}");
    assert!(out.contains("\"secret\":\"set\""), "{out}");
    let (_, shown, _) = omni(&url, &["channels", "list", "--json", "--show-secrets"]);
    assert!(shown.contains("line-channel-secret-9876"));

    // Refusals say why and fail the command.
    let (ok, _, err) = omni(
        &url,
        &[
            "channels",
            "add",
            "--kind",
            "line",
            "--name",
            "Again",
            "--account-id",
            "Uaaaabbbbccccddddeeeeffff00001111",
            "--secret",
            "x",
        ],
    );
    assert!(!ok && err.contains("already connected"), "{err}");
    let (ok, _, err) = omni(&url, &["channels", "add", "--kind", "fax", "--name", "F"]);
    assert!(!ok && err.contains("--kind"), "{err}");
}

#[tokio::test]
async fn simulate_posts_a_signed_customer_message_that_the_inbox_takes_in() {
    let (_dir, url) = temp_db();
    assert!(
        omni(
            &url,
            &[
                "create-workspace",
                "--name",
                "Shop",
                "--admin-email",
                "a@shop.test"
            ]
        )
        .0
    );
    for (kind, account) in [
        ("line", "Uaaaabbbbccccddddeeeeffff00001111"),
        ("messenger", "104700000000123"),
        ("whatsapp", "106500000000123"),
        ("instagram", "17841400000000123"),
    ] {
        let args = [
            "channels",
            "add",
            "--kind",
            kind,
            "--name",
            kind,
            "--account-id",
            account,
            "--secret",
            "s3cret",
        ];
        assert!(omni(&url, &args).0);
    }
    // The server, on a real port, on the same database.
    let settings = omni_inbox::server::config::Settings::from_file_and_env(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml"),
        &|k: &str| (k == "DATABASE_URL").then(|| url.clone()),
    )
    .unwrap();
    let state = omni_inbox::startup::prepare(settings).await.unwrap();
    let store: Store = state.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = omni_inbox::startup::router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });

    let said = [
        ("line", "請問有門市嗎"),
        ("messenger", "Is the sofa in stock?"),
        ("whatsapp", "幾點開門？"),
        ("instagram", "Do you ship?"),
    ];
    for (kind, text) in said {
        let url2 = url.clone();
        let base2 = base.clone();
        let (ok, out, err) = tokio::task::spawn_blocking(move || {
            omni(
                &url2,
                &[
                    "simulate",
                    "--channel",
                    kind,
                    "--from",
                    "王小明",
                    "--text",
                    text,
                    "--url",
                    &base2,
                ],
            )
        })
        .await
        .unwrap();
        assert!(ok, "{kind}: {out} {err}");
        assert!(out.contains("200"), "{out}");
    }
    assert_eq!(process_pending(&store, None).await.unwrap(), 4);
    let ws = store.workspace_ids().await.unwrap()[0];
    let rows = {
        use omni_inbox::domain::permission::Scope;
        let q = omni_inbox::server::db::ListQuery {
            workspace_id: ws,
            me: omni_inbox::domain::MemberId::from(0),
            scope: Scope::All,
            view: omni_inbox::wire::View::PendingHuman,
            channel: None,
            owner: None,
            sort: omni_inbox::domain::sorting::Sort::Newest,
            after: None,
            now: omni_inbox::server::auth::now_millis(),
            limit: 50,
        };
        store.list_conversations(&q).await.unwrap().rows
    };
    for (_, text) in said {
        assert!(
            rows.iter().any(|r| r.last_message_preview == text),
            "{text} missing: {rows:?}"
        );
    }
    // WhatsApp carries the name; the same --from is the same customer on one channel.
    assert!(rows.iter().any(|r| r.customer_name == "王小明"));
}

#[tokio::test]
async fn channels_add_web_chat_prints_the_snippet_and_the_identity_secret_once() {
    let (_dir, url) = temp_db();
    assert!(
        omni(
            &url,
            &[
                "create-workspace",
                "--name",
                "Shop",
                "--admin-email",
                "a@shop.test"
            ]
        )
        .0
    );
    let (ok, out, err) = omni(
        &url,
        &[
            "channels",
            "add",
            "--kind",
            "web_chat",
            "--name",
            "官網",
            "--origin",
            "https://shop.example",
            "--origin",
            "https://www.shop.example",
            "--colour",
            "#0F766E",
            "--greeting",
            "您好！",
            "--ask-contact",
        ],
    );
    assert!(ok, "{err}");
    let snippet = out
        .lines()
        .find(|l| l.starts_with("<script"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        snippet
            .starts_with("<script src=\"https://inbox.example.com/widget.js\" data-channel=\"wk_"),
        "{snippet}"
    );
    let secret = out.lines().last().unwrap();
    assert!(
        secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()),
        "{out}"
    );
    let store: Store = omni_inbox::server::db::connect(&url).await.unwrap();
    let key = snippet
        .split("data-channel=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let w = store.widget_by_key(key).await.unwrap().expect("the widget");
    assert_eq!(w.channel.credentials.secret, secret);
    let origins: Vec<&str> = w.settings.origins.iter().map(|o| o.as_str()).collect();
    assert_eq!(
        origins,
        ["https://shop.example", "https://www.shop.example"]
    );
    assert_eq!(
        (w.settings.look.colour.as_str(), w.settings.look.ask_contact),
        ("#0f766e", true)
    );
    // The list never shows the secret.
    let (_, listed, _) = omni(&url, &["channels", "list"]);
    assert!(
        listed.contains("web_chat") && !listed.contains(secret),
        "{listed}"
    );
    // A plain-http site (not local) or no site at all is refused, and nothing is saved.
    let (ok, _, err) = omni(
        &url,
        &[
            "channels",
            "add",
            "--kind",
            "web_chat",
            "--name",
            "X",
            "--origin",
            "http://shop.example",
        ],
    );
    assert!(!ok && err.contains("--origin"), "{err}");
    let (ok, _, err) = omni(
        &url,
        &["channels", "add", "--kind", "web_chat", "--name", "X"],
    );
    assert!(!ok && err.contains("--origin"), "{err}");
    assert_eq!(store.channel_records(None).await.unwrap().len(), 1);
}
