//! Plain HTTP routes beside the Leptos pages and server functions.

use super::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::StatusCode;

/// Largest request body a server function accepts (a 4,000-character message, a profile, a
/// batch of 500 fit many times over).
pub const MAX_API_BODY: usize = 64 * 1024;

/// Refuses a server-function request whose body is larger than [`MAX_API_BODY`] with 413 and
/// the error the browser decodes, before anything reads or parses it.
pub async fn limit_body(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_API_BODY) {
        return too_large(&req);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_API_BODY).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(&Request::from_parts(parts, Body::empty())),
    }
}

/// Every server-function error goes out with the HTTP status of the `AppError` it carries (400
/// bad input, 403, 409, ...). The server-function layer answers every error 500; this reads the
/// error back and sets its status, whether a function refused or its arguments could not be read
/// (an unknown action, view or sort) before it ran.
pub async fn error_status(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let reply = next.run(req).await;
    if !api
        || reply.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !reply.headers().contains_key("serverfnerror")
    {
        return reply;
    }
    let (mut parts, body) = reply.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_API_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<crate::wire::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn too_large(req: &Request) -> Response {
    use crate::i18n::{t, Key};
    let lang = request_lang(req.headers());
    let error = crate::wire::AppError::TooLarge(t(lang, Key::RequestTooLarge).into());
    tracing::debug!(path = %req.uri().path(), "request body too large");
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [
            (http::header::CONTENT_TYPE, "application/json"),
            (
                http::HeaderName::from_static("serverfnerror"),
                req.uri().path(),
            ),
        ],
        serde_json::to_string(&error).unwrap_or_default(),
    )
        .into_response()
}

/// The language of a request from someone not known yet: their language cookie, else their
/// browser's preference, else Traditional Chinese.
pub fn request_lang(headers: &http::HeaderMap) -> crate::domain::Lang {
    use crate::domain::Lang;
    let cookie = headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| super::auth::cookie_value(h, LANG_COOKIE))
        .and_then(Lang::parse);
    if let Some(lang) = cookie {
        return lang;
    }
    match headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    {
        Some(al) if al.trim_start().to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::ZhTw,
    }
}

/// The cookie that remembers the language before anyone signs in.
pub const LANG_COOKIE: &str = "inbox_lang";

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// The client behind a chain of proxies: walking `X-Forwarded-For` from the right (the
/// address our own proxy saw), the first address that is neither loopback nor one of
/// `trusted`. Addresses left of it were written by the client and prove nothing.
pub fn client_behind_proxies(
    forwarded: &[String],
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    forwarded
        .iter()
        .rev()
        .filter_map(|a| a.parse::<std::net::IpAddr>().ok())
        .find(|ip| !ip.is_loopback() && !trusted.contains(ip))
}

/// Resolves on Ctrl-C or SIGTERM: the server and the fake platforms stop gracefully on either.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// `%XX` sequences back to bytes, as UTF-8 (what `encodeURIComponent` wrote).
pub fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = (bytes.next()? as char).to_digit(16)?;
            let lo = (bytes.next()? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::client_behind_proxies;

    #[test]
    fn the_client_is_the_rightmost_untrusted_address() {
        let list = |s: &str| {
            s.split(',')
                .map(|a| a.trim().to_owned())
                .collect::<Vec<_>>()
        };
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        // The client wrote 1.1.1.1 itself; our proxy appended what it saw.
        assert_eq!(
            client_behind_proxies(&list("1.1.1.1, 203.0.113.9"), &[]),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_behind_proxies(&list("6.6.6.6, 203.0.113.9, 10.0.0.2"), &[proxy]),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_behind_proxies(&list("203.0.113.9, 127.0.0.1"), &[]),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(client_behind_proxies(&list("10.0.0.2"), &[proxy]), None);
        assert_eq!(client_behind_proxies(&[], &[]), None);
    }
}

#[cfg(test)]
mod percent_tests {
    use super::percent_decode;

    #[test]
    fn file_names_come_back_from_percent_encoding() {
        assert_eq!(
            percent_decode("%E5%A0%B1%E5%83%B9%E5%96%AE.pdf").as_deref(),
            Some("報價單.pdf")
        );
        assert_eq!(percent_decode("a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(percent_decode("bad%zz"), None);
        assert_eq!(percent_decode("cut%E5"), None);
        assert_eq!(percent_decode("%FF"), None);
    }
}
