//! What a server function knows about its request: the app state, the signed-in member, the
//! language to answer in, the client address. Server-only.

use super::error::AppError;
use crate::domain::Lang;
use crate::i18n::{internal_message, t, Key};
use crate::server::auth::{self, cookie_value, now_millis, SESSION_COOKIE};
use crate::server::db::SessionMember;
use crate::server::state::AppState;
use axum::extract::ConnectInfo;
use http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::use_context;
use std::fmt::Display;
use std::net::SocketAddr;

/// The cookie that remembers the language before anyone signs in.
pub const LANG_COOKIE: &str = "inbox_lang";

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
    if let Some(lang) = cookie(LANG_COOKIE).and_then(|v| Lang::parse(&v)) {
        return lang;
    }
    match header(ACCEPT_LANGUAGE) {
        Some(al) if al.trim_start().to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::ZhTw,
    }
}

/// The session token the request carries, if any.
pub fn session_token() -> Option<String> {
    cookie(SESSION_COOKIE)
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

/// The client's address: the socket peer, or `X-Forwarded-For` behind a trusted proxy.
pub fn client_addr(trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        if let Some(first) = header(http::HeaderName::from_static("x-forwarded-for"))
            .and_then(|h| h.split(',').next().map(|s| s.trim().to_owned()))
        {
            return Some(first);
        }
    }
    parts().and_then(|p| {
        p.extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
    })
}

/// Whether the browser reached us over https (directly, or via a trusted proxy).
pub fn is_https(trust_proxy: bool) -> bool {
    let direct = parts().is_some_and(|p| p.uri.scheme_str() == Some("https"));
    direct
        || (trust_proxy
            && header(http::HeaderName::from_static("x-forwarded-proto"))
                .is_some_and(|p| p == "https"))
}

pub fn set_cookie(value: &str) {
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        resp.append_header(SET_COOKIE, v);
    }
}

/// Logs an internal failure under a short reference and returns a message that shows it.
pub fn internal(lang: Lang, cause: impl Display) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(reference = %reference, error = %cause, "server function failed");
    AppError::Internal(internal_message(lang, &reference))
}
