//! The website chat widget over HTTP (issue 12, CHANNELS.md §5): the loader a shop pastes
//! (`/widget.js`), the chat frame it opens (`/widget/frame`, its own small script and style,
//! served under a strict Content-Security-Policy that names the sites allowed to frame it),
//! the visitor's JSON API and event stream under `/widget/v1/`, and the sample shop page
//! `/widget-demo`.
//!
//! The frame is served by the inbox, so every API call is same-origin: a call from any other
//! site is refused by the CSRF guard (POST) and gets no CORS header to read an answer (GET).
//! Visitors carry a bearer token (no cookie), checked on every call; a session names the page
//! it runs on, which must be one of the widget's sites.

mod api;
mod pages;
mod stream;

use crate::domain::Lang;
use crate::server::db::{WidgetFrom, WidgetMessageRow};
use crate::server::service::widget::VisitorRefused;
use crate::server::state::AppState;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(stream::routes())
}

/// The inbox's own origin (its demo page may run every widget).
fn own_origin(state: &AppState) -> String {
    let url = &state.settings.public_url;
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => url.clone(),
    }
}

/// The visitor's language: the widget's header, else the browser's.
fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get("x-widget-lang")
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::parse)
        .unwrap_or_else(|| crate::server::http::request_lang(headers))
}

/// A refusal as the widget shows it: a code and words in the visitor's language.
#[derive(Serialize)]
struct Refusal {
    error: &'static str,
    message: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

fn refuse(status: StatusCode, error: &'static str, message: &'static str) -> Response {
    let mut r = (
        status,
        Json(Refusal {
            error,
            message,
            retry_after: None,
        }),
    )
        .into_response();
    no_store(&mut r);
    r
}

fn refused(lang: Lang, r: VisitorRefused) -> Response {
    use crate::i18n::widget::words;
    let (status, code) = match r {
        VisitorRefused::UnknownWidget => (StatusCode::NOT_FOUND, "unknown_widget"),
        VisitorRefused::SiteNotAllowed => (StatusCode::FORBIDDEN, "site_not_allowed"),
        VisitorRefused::NoVisitor => (StatusCode::UNAUTHORIZED, "no_visitor"),
        VisitorRefused::Unavailable => (StatusCode::FORBIDDEN, "unavailable"),
        VisitorRefused::Empty => (StatusCode::BAD_REQUEST, "empty"),
        VisitorRefused::TooLong => (StatusCode::PAYLOAD_TOO_LARGE, "too_long"),
        VisitorRefused::Malformed(_) => (StatusCode::BAD_REQUEST, "malformed"),
        VisitorRefused::FileType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "file_type"),
    };
    refuse(status, code, words(lang, code))
}

fn too_fast(lang: Lang, wait: u64) -> Response {
    let mut r = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(Refusal {
            error: "too_fast",
            message: crate::i18n::widget::words(lang, "too_fast"),
            retry_after: Some(wait),
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        r.headers_mut().insert(http::header::RETRY_AFTER, v);
    }
    r
}

fn internal(lang: Lang, e: impl std::fmt::Display) -> Response {
    tracing::error!("widget: {e}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        crate::i18n::widget::words(lang, "internal"),
    )
}

fn no_store(r: &mut Response) {
    r.headers_mut().insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
}

/// A message as the widget shows it.
#[derive(Serialize, Clone, PartialEq)]
pub struct WidgetMessage {
    pub id: i64,
    pub from: &'static str,
    pub text: String,
    pub at: i64,
    pub author: Option<Author>,
    pub attachments: Vec<WidgetAttachment>,
    pub state: Option<&'static str>,
    pub echo_id: Option<String>,
    /// The bot's messages only: the buttons under it (none: an empty list); a tap sends the
    /// label as the visitor's text with the payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<WidgetButton>>,
}

/// A button under a bot's message.
#[derive(Serialize, Clone, PartialEq)]
pub struct WidgetButton {
    pub label: String,
    pub payload: String,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct Author {
    pub name: String,
    pub avatar: Option<String>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct WidgetAttachment {
    pub kind: &'static str,
    pub name: Option<String>,
    pub mime: Option<String>,
    /// Where the visitor's frame loads it (with their token), once it is kept.
    pub url: Option<String>,
}

/// `row` as the visitor of `token` sees it; `team` is the widget's display name and avatar
/// (for the bot's words).
pub fn message_of(
    row: &WidgetMessageRow,
    token: &str,
    team: (&str, Option<&str>),
) -> WidgetMessage {
    use crate::domain::{Delivery, MediaState};
    let from = match row.from {
        WidgetFrom::Visitor => "visitor",
        WidgetFrom::Agent => "agent",
        WidgetFrom::Bot => "bot",
    };
    let author = match row.from {
        WidgetFrom::Visitor => None,
        WidgetFrom::Agent => Some(Author {
            name: row.author.clone().unwrap_or_else(|| team.0.to_owned()),
            avatar: None,
        }),
        WidgetFrom::Bot => Some(Author {
            name: team.0.to_owned(),
            avatar: team.1.map(str::to_owned),
        }),
    };
    let state = match (row.from, row.delivery) {
        (WidgetFrom::Visitor, Some(Delivery::Read)) => Some("read"),
        (WidgetFrom::Visitor, _) => Some("sent"),
        (_, Some(Delivery::Read)) => Some("read"),
        (_, Some(Delivery::Delivered)) => Some("delivered"),
        (_, Some(Delivery::Failed)) => None,
        (_, _) => Some("sent"),
    };
    WidgetMessage {
        id: row.id.0,
        from,
        text: row.body.clone(),
        at: row.at,
        author,
        attachments: row
            .attachments
            .iter()
            .map(|a| WidgetAttachment {
                kind: a.kind.as_str(),
                name: a.file_name.clone(),
                mime: None,
                url: (a.state == MediaState::Stored)
                    .then(|| format!("/widget/v1/files/{}?token={token}", a.id)),
            })
            .collect(),
        state,
        echo_id: row
            .external_id
            .as_deref()
            .and_then(|e| e.strip_prefix("w:"))
            .map(str::to_owned),
        buttons: (row.from == WidgetFrom::Bot).then(|| {
            row.buttons
                .iter()
                .map(|(label, payload)| WidgetButton {
                    label: label.clone(),
                    payload: payload.clone(),
                })
                .collect()
        }),
    }
}
