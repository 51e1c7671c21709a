//! The browser's file uploads, the requests that are not server functions because their body
//! (up to 10 MB) goes past the 64 KiB limit of `/api/`: the composer's file,
//! `POST /conversations/{id}/files` (answers `{"id": <message id>}`), and a saved reply's file,
//! `POST /replies/{scope}/{id}/file` (answers `{"name": …, "size": …}`). The body is the file's
//! bytes, `X-File-Name` its name (percent-encoded). Like a server function each is session →
//! one service call → answer, or the `AppError` in the member's language with its status. The
//! CSRF guard covers them like every POST. Server only.

use crate::domain::input::InputError;
use crate::domain::media::MAX_UPLOAD_BYTES;
use crate::domain::saved_reply::Scope;
use crate::domain::ConversationId;
use crate::i18n::{input_message, t, Key};
use crate::server::auth;
use crate::server::db::SessionMember;
use crate::server::service::reply::{self, Upload};
use crate::server::service::{saved_replies, ServiceError};
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use tokio::sync::SemaphorePermit;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/files", post(conversation_file))
        .route("/replies/{scope}/{id}/file", post(saved_reply_file))
}

/// An upload read: who sent it, its bytes and name, and the memory it holds.
struct Received {
    who: SessionMember,
    bytes: Bytes,
    name: Option<String>,
    _held: SemaphorePermit<'static>,
}

/// The session, then the size (declared, before a byte is read; the read stops past the cap
/// anyway), then room in memory, then the bytes.
async fn receive(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Received, Response> {
    let secure = state.settings.secure_cookies();
    let lang = crate::server::http::request_lang(headers);
    let who = match auth::session_of(&state.store, headers, secure).await {
        Ok(Some(who)) => who,
        Ok(None) => {
            let e = AppError::Unauthenticated(t(lang, Key::NotSignedIn).into());
            return Err(refuse(e));
        }
        Err(e) => return Err(refuse(super::ctx::internal(lang, e))),
    };
    let lang = who.lang;
    let too_big = || {
        let e = InputError::TooBig {
            field: "file",
            max_bytes: MAX_UPLOAD_BYTES,
        };
        refuse(AppError::TooLarge(input_message(lang, e)))
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES) {
        return Err(too_big());
    }
    let Ok(held) = crate::server::files::IN_MEMORY.try_acquire() else {
        return Err(refuse(AppError::Unavailable(
            t(lang, Key::UploadBusy).into(),
        )));
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPLOAD_BYTES as usize).await else {
        return Err(too_big());
    };
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 1024)
        .and_then(crate::server::http::percent_decode);
    Ok(Received {
        who,
        bytes,
        name,
        _held: held,
    })
}

async fn conversation_file(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let got = match receive(&state, &headers, body).await {
        Ok(got) => got,
        Err(refused) => return refused,
    };
    let dir = &state.settings.files_dir;
    let now = auth::now_millis();
    match reply::send_file(
        &state.store,
        dir,
        &got.who,
        ConversationId(id),
        got.upload(),
        now,
    )
    .await
    {
        Ok(message) => {
            state.outbound.notify_one();
            Json(serde_json::json!({ "id": message })).into_response()
        }
        Err(e) => got.refused(e),
    }
}

async fn saved_reply_file(
    State(state): State<AppState>,
    Path((scope, id)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(scope) = Scope::parse(&scope) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let got = match receive(&state, &headers, body).await {
        Ok(got) => got,
        Err(refused) => return refused,
    };
    let dir = &state.settings.files_dir;
    let now = auth::now_millis();
    match saved_replies::attach(&state.store, dir, &got.who, scope, id, got.upload(), now).await {
        Ok(file) => Json(file).into_response(),
        Err(e) => got.refused(e),
    }
}

impl Received {
    /// The file as the services take it.
    fn upload(&self) -> Upload<'_> {
        Upload {
            file_name: self.name.as_deref(),
            bytes: &self.bytes,
        }
    }

    /// A service's refusal of the file, in the member's language.
    fn refused(&self, e: ServiceError) -> Response {
        refuse(super::ctx::logged(super::refusal::answer(self.who.lang, e)))
    }
}

fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(e)).into_response()
}
