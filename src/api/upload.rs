//! The composer's file upload, `POST /conversations/{id}/files`: the one browser request that
//! is not a server function, because its body (up to 10 MB) goes past the 64 KiB limit of
//! `/api/`. The body is the file's bytes, `X-File-Name` its name (percent-encoded). Like a
//! server function it is session → one service call (`service::reply::send_file`) → answer:
//! `{"id": <message id>}`, or the `AppError` in the member's language with its status.
//! The CSRF guard covers it like every POST. Server only.

use crate::domain::input::InputError;
use crate::domain::media::MAX_UPLOAD_BYTES;
use crate::domain::ConversationId;
use crate::i18n::{input_message, t, Key};
use crate::server::auth;
use crate::server::service::reply::{self, Upload};
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use tokio::sync::Semaphore;

/// Uploads read at once; more wait for nobody and are told to try again (each holds up to
/// 10 MB in memory).
static UPLOADS: Semaphore = Semaphore::const_new(4);

pub fn routes() -> Router<AppState> {
    Router::new().route("/conversations/{id}/files", post(upload))
}

async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let secure = state.settings.secure_cookies();
    let lang = crate::server::http::request_lang(&headers);
    let who = match auth::session_of(&state.store, &headers, secure).await {
        Ok(Some(who)) => who,
        Ok(None) => return refuse(AppError::Unauthenticated(t(lang, Key::NotSignedIn).into())),
        Err(e) => return refuse(super::ctx::internal(lang, e)),
    };
    let lang = who.lang;
    let too_big = || {
        let e = InputError::TooBig {
            field: "file",
            max_bytes: MAX_UPLOAD_BYTES,
        };
        refuse(AppError::TooLarge(input_message(lang, e)))
    };
    // The declared size is checked before a byte is read; the read stops past the cap anyway.
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES) {
        return too_big();
    }
    let Ok(_permit) = UPLOADS.try_acquire() else {
        return refuse(AppError::Unavailable(t(lang, Key::UploadBusy).into()));
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPLOAD_BYTES as usize).await else {
        return too_big();
    };
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 1024)
        .and_then(crate::server::http::percent_decode);
    let upload = Upload {
        file_name: name.as_deref(),
        bytes: &bytes,
    };
    let sent = reply::send_file(
        &state.store,
        &state.settings.files_dir,
        &who,
        ConversationId(id),
        upload,
        auth::now_millis(),
    )
    .await;
    match sent {
        Ok(message) => {
            state.outbound.notify_one();
            Json(serde_json::json!({ "id": message })).into_response()
        }
        Err(e) => refuse(super::ctx::logged(super::refusal::answer(lang, e))),
    }
}

fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(e)).into_response()
}
