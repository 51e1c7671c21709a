//! What a server function knows about its request: the app state, the signed-in member, the
//! language to answer in, the client address. Server-only.

use crate::domain::Lang;
use crate::i18n::{internal_message, t, Key};
use crate::server::auth::{self, cookie_value, now_millis, session_cookie_name};
use crate::server::config::Settings;
use crate::server::db::{SessionMember, Store};
use crate::server::service::ServiceError;
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::extract::ConnectInfo;
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::use_context;
use std::fmt::Display;
use std::future::Future;
use std::net::SocketAddr;

pub use crate::server::http::LANG_COOKIE;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::Internal("server state missing".into()))
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

fn header(name: http::HeaderName) -> Option<String> {
    parts().and_then(|p| {
        p.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

fn cookie(name: &str) -> Option<String> {
    header(COOKIE).and_then(|h| cookie_value(&h, name).map(str::to_owned))
}

/// The language for someone not signed in: their cookie, else their browser's preference.
pub fn request_lang() -> Lang {
    parts().map_or(Lang::ZhTw, |p| {
        crate::server::http::request_lang(&p.headers)
    })
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    cookie(session_cookie_name(secure_cookies()))
}

/// The signed-in member, if the request carries a live session.
pub async fn session() -> Result<Option<SessionMember>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    let state = state()?;
    auth::resolve_session(&state.store, &token, now_millis())
        .await
        .map_err(|e| internal(request_lang(), e))
}

/// The signed-in member, or "please sign in".
pub async fn member() -> Result<SessionMember, AppError> {
    session()
        .await?
        .ok_or_else(|| AppError::Unauthenticated(t(request_lang(), Key::NotSignedIn).into()))
}

/// The client's address: the socket peer, or behind a trusted proxy the rightmost
/// `X-Forwarded-For` address that is not loopback or a configured proxy (each proxy appends
/// the address it saw, so addresses left of it are whatever the client wrote).
pub fn client_addr(settings: &Settings) -> Option<String> {
    let peer = parts().and_then(|p| {
        p.extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    });
    if settings.trust_proxy {
        let forwarded = parts()
            .map(|p| {
                p.headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(|a| a.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if let Some(client) =
            crate::server::http::client_behind_proxies(&forwarded, &settings.trusted_proxies)
        {
            return Some(client.to_string());
        }
    }
    peer.map(|ip| ip.to_string())
}

/// The address members and platforms reach (`APP_PUBLIC_URL`), without a trailing slash.
pub fn public_url() -> Result<String, AppError> {
    Ok(state()?.settings.public_url.clone())
}

/// Whether cookies are `Secure` (and the session cookie `__Host-` prefixed): the public
/// address is https.
pub fn secure_cookies() -> bool {
    state().is_ok_and(|s| s.settings.secure_cookies())
}

pub fn set_cookie(value: &str) {
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        resp.append_header(SET_COOKIE, v);
    }
}

/// Wakes the sending worker: a reply was queued.
pub fn wake_sender() {
    if let Ok(s) = state() {
        s.outbound.notify_one();
    }
}

/// Wakes the search worker: a tag change left customers' search entries to rewrite.
pub fn wake_reindex() {
    if let Ok(s) = state() {
        s.reindex.notify_one();
    }
}

/// A server function's whole life for a signed-in member: the session, `body` (one service
/// call), then the answer: a refusal in the member's language with its HTTP status.
pub async fn for_member<T, F, Fut>(body: F) -> Result<T, AppError>
where
    F: FnOnce(SessionMember, Store) -> Fut,
    Fut: Future<Output = Result<T, ServiceError>>,
{
    let result = async {
        let m = member().await?;
        let lang = m.lang;
        let store = state()?.store;
        body(m, store)
            .await
            .map_err(|e| super::refusal::answer(lang, e))
    }
    .await;
    result.map_err(logged)
}

/// A server function's whole life for someone not signed in (signing in, a one-time link):
/// `body` (one service call) with the app state, then the answer in the request's language
/// with its HTTP status.
pub async fn for_anyone<T, F, Fut>(body: F) -> Result<T, AppError>
where
    F: FnOnce(AppState) -> Fut,
    Fut: Future<Output = Result<T, ServiceError>>,
{
    let lang = request_lang();
    let result = async {
        body(state()?)
            .await
            .map_err(|e| super::refusal::answer(lang, e))
    }
    .await;
    result.map_err(logged)
}

/// Logs a refusal below error level and passes it on. Its HTTP status is set on the way out by
/// `server::http::error_status`, for this error and for one raised before the function ran.
pub fn logged(e: AppError) -> AppError {
    let status = e.status();
    if status < 500 {
        tracing::debug!(status, refusal = %e, "request refused");
    }
    e
}

/// Logs an internal failure under a short reference and returns a message that shows it.
pub fn internal(lang: Lang, cause: impl Display) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(reference = %reference, error = %cause, "server function failed");
    AppError::Internal(internal_message(lang, &reference))
}
