//! The widget's files and pages: the loader (`/widget.js`), the chat frame's page, script and
//! style, and the sample shop page (`/widget-demo`). The scripts are compiled into the binary
//! (`widget/`), gzipped once, and the frame names its script and style by a hash of their
//! bytes, so browsers keep them until they change.

use super::own_origin;
use crate::server::service::widget as service;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::LazyLock;

const LOADER: &str = include_str!("../../../widget/loader.js");
const FRAME_JS: &str = include_str!("../../../widget/frame.js");
const FRAME_CSS: &str = include_str!("../../../widget/frame.css");
const DEMO_HTML: &str = include_str!("../../../widget/demo.html");
const DEMO_JS: &str = include_str!("../../../widget/demo.js");

/// A file served as written, and gzipped.
struct Asset {
    plain: &'static str,
    gzip: Vec<u8>,
    /// The first 12 hex digits of its SHA-256.
    hash: String,
    content_type: &'static str,
}

impl Asset {
    fn new(plain: &'static str, content_type: &'static str) -> Asset {
        use sha2::{Digest, Sha256};
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = gz.write_all(plain.as_bytes());
        let gzip = gz.finish().unwrap_or_default();
        let hash = Sha256::digest(plain.as_bytes())[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Asset {
            plain,
            gzip,
            hash,
            content_type,
        }
    }

    fn answer(&self, headers: &HeaderMap, cache: &'static str) -> Response {
        let gzip = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("gzip"));
        let mut r = if gzip {
            let mut r = self.gzip.clone().into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        } else {
            self.plain.into_response()
        };
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // The loader runs on other sites' pages.
        h.insert(
            "cross-origin-resource-policy",
            HeaderValue::from_static("cross-origin"),
        );
        r
    }
}

const JS: &str = "text/javascript; charset=utf-8";
static LOADER_FILE: LazyLock<Asset> = LazyLock::new(|| Asset::new(LOADER, JS));
static FRAME_JS_FILE: LazyLock<Asset> = LazyLock::new(|| Asset::new(FRAME_JS, JS));
static FRAME_CSS_FILE: LazyLock<Asset> =
    LazyLock::new(|| Asset::new(FRAME_CSS, "text/css; charset=utf-8"));
static DEMO_JS_FILE: LazyLock<Asset> = LazyLock::new(|| Asset::new(DEMO_JS, JS));

/// Hashed names are kept a year; the loader's fixed name five minutes (a change reaches every
/// shop's pages soon).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/widget.js",
            get(|h: HeaderMap| async move { LOADER_FILE.answer(&h, SHORT) }),
        )
        .route(
            "/widget/frame.js",
            get(|h: HeaderMap| async move { FRAME_JS_FILE.answer(&h, IMMUTABLE) }),
        )
        .route(
            "/widget/frame.css",
            get(|h: HeaderMap| async move { FRAME_CSS_FILE.answer(&h, IMMUTABLE) }),
        )
        .route(
            "/widget/demo.js",
            get(|h: HeaderMap| async move { DEMO_JS_FILE.answer(&h, SHORT) }),
        )
        .route("/widget/frame", get(frame))
        .route("/widget-demo", get(demo))
}

#[derive(Deserialize)]
struct FrameAsk {
    key: Option<String>,
    host: Option<String>,
    lang: Option<String>,
}

/// Text safe inside HTML (and a JSON block in it: `<` never appears raw).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chat frame's page. Only the widget's sites (and the inbox itself) may frame it
/// (`frame-ancestors`); nothing in it runs but its own script.
async fn frame(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(ask): Query<FrameAsk>,
) -> Response {
    let lang = match ask.lang.as_deref().and_then(crate::domain::Lang::parse) {
        Some(l) => l,
        None => super::lang(&headers),
    };
    let own = own_origin(&state);
    let key = ask.key.unwrap_or_default();
    let host = ask.host.unwrap_or_default();
    let widget = match service::widget_for_site(&state.store, &key, &host, Some(&own)).await {
        Ok(Ok(w)) => w,
        Ok(Err(r)) => {
            let mut res = super::refused(lang, r);
            csp(&mut res, "'none'", "");
            return res;
        }
        Err(e) => return super::internal(lang, e),
    };
    let mut ancestors = vec!["'self'".to_owned()];
    ancestors.extend(
        widget
            .settings
            .origins
            .iter()
            .map(|o| o.as_str().to_owned()),
    );
    let config = serde_json::json!({
        "key": key,
        "host": host,
        "lang": lang.as_str(),
        "look": widget.settings.look,
    });
    // `<` is written as `\u003c`, so no text of the team's can close the JSON block.
    let config = config.to_string().replace('<', "\\u003c");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1,interactive-widget=resizes-content\">\
<title>{title}</title>\
<link rel=\"stylesheet\" href=\"/widget/frame.css?v={css}\">\
<script src=\"/widget/frame.js?v={js}\" defer></script></head>\
<body><script type=\"application/json\" id=\"omni-config\">{config}</script><main id=\"omni\"></main></body></html>",
        lang = lang.as_str(),
        title = escape(&widget.settings.look.display_name),
        css = FRAME_CSS_FILE.hash,
        js = FRAME_JS_FILE.hash,
    );
    let mut res = html.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The team's avatar may live on another site (an https address, checked when saved).
    let avatar = widget
        .settings
        .look
        .avatar_url
        .as_deref()
        .and_then(|u| {
            crate::domain::widget::SiteOrigin::parse(
                u.split('/').take(3).collect::<Vec<_>>().join("/").as_str(),
            )
            .ok()
        })
        .map(|o| o.as_str().to_owned())
        .unwrap_or_default();
    csp(&mut res, &ancestors.join(" "), &avatar);
    res
}

/// The frame's Content-Security-Policy: its own script and style only, data from its own
/// origin (and the team's avatar from `images`), framed only by `ancestors`.
fn csp(res: &mut Response, ancestors: &str, images: &str) {
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: {images}; \
         connect-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'; \
         frame-ancestors {ancestors}"
    );
    if let Ok(v) = HeaderValue::from_str(&policy) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// A sample shop page with the demo workspace's widget, and a demo member the page vouches
/// for (`user_hash` made with the demo widget's secret), to try it locally.
async fn demo(State(state): State<AppState>) -> Response {
    use crate::server::demo::{DEMO_WIDGET_KEY, DEMO_WIDGET_SECRET};
    match state.store.widget_by_key(DEMO_WIDGET_KEY).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                "No demo workspace here (APP_SEED_DEMO).",
            )
                .into_response()
        }
        Err(e) => return super::internal(crate::domain::Lang::En, e),
    }
    let user = "demo-member-42";
    let hash = crate::server::channel::signature::user_hash(DEMO_WIDGET_SECRET.as_bytes(), user);
    let own = own_origin(&state);
    let html = DEMO_HTML
        .replace("{{INBOX}}", &own)
        .replace("{{KEY}}", DEMO_WIDGET_KEY)
        .replace("{{USER_ID}}", user)
        .replace("{{USER_HASH}}", &hash);
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let policy = format!(
        "default-src 'self'; script-src 'self' {own}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; frame-src {own}; connect-src 'self'; base-uri 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}
