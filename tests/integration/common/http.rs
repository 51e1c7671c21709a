//! The app through the real router (`omni_inbox::startup::router`) on a fresh SQLite file,
//! driven with `tower::ServiceExt::oneshot`, and helpers to build requests and read replies.

use super::TestDb;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use omni_inbox::server::config::Settings;
use std::net::SocketAddr;
use tower::ServiceExt;

const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(60);

pub struct App {
    pub router: axum::Router,
    pub db: TestDb,
    /// The live hub behind the router's streams.
    pub hub: std::sync::Arc<omni_inbox::server::live::Hub>,
}

pub async fn app() -> App {
    app_with_demo(true).await
}

pub async fn app_with_demo(seed_demo: bool) -> App {
    let seed = seed_demo.to_string();
    app_with(&[("APP_SEED_DEMO", seed.as_str())]).await
}

/// The app on a fresh SQLite file with these settings (besides the database).
pub async fn app_with(settings: &[(&str, &str)]) -> App {
    app_adjusted(settings, |_| {}).await
}

/// The app with the demo workspace, serving the built site's files from `site_root`.
pub async fn app_with_site(site_root: &std::path::Path) -> App {
    let root = site_root.display().to_string();
    app_adjusted(&[("APP_SEED_DEMO", "true")], move |s| {
        s.leptos.site_root = root.into()
    })
    .await
}

/// The app with the demo workspace on `db` (either engine), with these settings besides.
pub async fn app_on(db: TestDb, settings: &[(&str, &str)]) -> App {
    let mut all = vec![("APP_SEED_DEMO", "true")];
    all.extend_from_slice(settings);
    app_in(db, &all, |_| {}).await
}

async fn app_adjusted(settings: &[(&str, &str)], adjust: impl FnOnce(&mut Settings)) -> App {
    app_in(TestDb::sqlite().await, settings, adjust).await
}

async fn app_in(db: TestDb, settings: &[(&str, &str)], adjust: impl FnOnce(&mut Settings)) -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
    let url = db.url.clone();
    let settings: Vec<(String, String)> = settings
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let env = move |k: &str| match k {
        "DATABASE_URL" => Some(url.clone()),
        _ => settings
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone()),
    };
    let mut settings = Settings::from_file_and_env(&path, &env).unwrap();
    adjust(&mut settings);
    let state = omni_inbox::startup::prepare(settings).await.unwrap();
    App {
        hub: state.hub.clone(),
        router: omni_inbox::startup::router(state),
        db,
    }
}

pub struct RawReply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub bytes: Vec<u8>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl App {
    /// The reply as bytes, for bodies that are not text (compressed ones). A request that never
    /// answers fails its test in a minute with its name, instead of holding the whole run until
    /// CI's limit.
    pub async fn send_bytes(&self, req: Request<Body>) -> RawReply {
        let what = format!("{} {}", req.method(), req.uri());
        let (parts, bytes) = tokio::time::timeout(ANSWER_WITHIN, async {
            let (parts, body) = self.router.clone().oneshot(req).await.unwrap().into_parts();
            (parts, body.collect().await.unwrap().to_bytes())
        })
        .await
        .unwrap_or_else(|_| panic!("{what} gave no complete answer within {ANSWER_WITHIN:?}"));
        RawReply {
            status: parts.status,
            headers: parts.headers,
            bytes: bytes.to_vec(),
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let raw = self.send_bytes(req).await;
        Reply {
            status: raw.status,
            headers: raw.headers,
            body: String::from_utf8(raw.bytes).unwrap(),
        }
    }

    pub async fn post(
        &self,
        path: &str,
        form: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Reply {
        self.post_as(
            "application/x-www-form-urlencoded",
            path,
            form,
            cookie,
            origin,
        )
        .await
    }

    /// A form post without an origin, owning its arguments (for closures that make requests).
    pub async fn post_owned(
        &self,
        path: &'static str,
        form: &'static str,
        cookie: String,
    ) -> Reply {
        self.post(path, form, Some(&cookie), None).await
    }

    /// A same-site JSON post (the encoding of the batch server functions).
    pub async fn post_json(&self, path: &str, json: &serde_json::Value, cookie: &str) -> Reply {
        self.post_as(
            "application/json",
            path,
            &json.to_string(),
            Some(cookie),
            Some("http://127.0.0.1:3000"),
        )
        .await
    }

    async fn post_as(
        &self,
        content_type: &str,
        path: &str,
        form: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Reply {
        self.send(post_request(content_type, path, form, cookie, origin))
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post(
            "/api/login",
            &format!("email={email}&password={password}"),
            None,
            Some("http://127.0.0.1:3000"),
        )
        .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.send(get_request(path, cookie)).await
    }
}

/// A browser's page request (set more headers on it before sending).
pub fn get_request(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html,application/xhtml+xml");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// A same-site form post from 127.0.0.1 (set another peer or headers on it before sending).
pub fn post_request(
    content_type: &str,
    path: &str,
    form: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Request<Body> {
    {
        let mut b = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        let mut req = b.body(Body::from(form.to_owned())).unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        req
    }
}

pub fn session_cookie(reply: &Reply) -> String {
    let set = reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("inbox_session=") || v.starts_with("__Host-inbox_session="));
    let set = set.unwrap_or_else(|| panic!("no session cookie: {} {}", reply.status, reply.body));
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    set.split(';').next().unwrap().to_owned()
}

/// The reply's body as JSON (a server function's answer).
pub fn json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}
