//! Pictures over plain HTTP (their bodies pass the 64 KiB limit of `/api/`): `POST
//! /pictures/avatar` (the member's own) and `POST /pictures/logo` (admins) take the image's
//! bytes and answer `{"url": …}`; `GET /pictures/{id}` serves a picture to members of its
//! workspace only. Session → one service call → answer, like a server function. Server only.

use crate::domain::team::MAX_PICTURE_BYTES;
use crate::i18n::{t, Key};
use crate::server::auth;
use crate::server::db::SessionMember;
use crate::server::service::workspace;
use crate::server::state::AppState;
use crate::wire::AppError;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pictures/avatar", post(avatar))
        .route("/pictures/logo", post(logo))
        .route("/pictures/{id}", get(serve))
}

async fn member(state: &AppState, headers: &HeaderMap) -> Result<SessionMember, Response> {
    let lang = crate::server::http::request_lang(headers);
    match auth::session_of(&state.store, headers, state.settings.secure_cookies()).await {
        Ok(Some(who)) => Ok(who),
        Ok(None) => Err(refuse(AppError::Unauthenticated(
            t(lang, Key::NotSignedIn).into(),
        ))),
        Err(e) => Err(refuse(super::ctx::internal(lang, e))),
    }
}

/// The body's bytes, refused past the cap (declared or read).
async fn bytes(who: &SessionMember, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Response> {
    let too_big = || {
        refuse(AppError::TooLarge(
            crate::i18n::admin::problem(who.lang, crate::domain::team::TeamProblem::Picture).into(),
        ))
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_PICTURE_BYTES) {
        return Err(too_big());
    }
    match axum::body::to_bytes(body, MAX_PICTURE_BYTES as usize).await {
        Ok(b) => Ok(b.to_vec()),
        Err(_) => Err(too_big()),
    }
}

async fn avatar(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let who = match member(&state, &headers).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    let bytes = match bytes(&who, &headers, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    answer(
        &who,
        workspace::set_avatar(&state.store, &who, Some(bytes), auth::now_millis()).await,
    )
}

async fn logo(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let who = match member(&state, &headers).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    // The role first: a refused member's body is not read.
    if !crate::domain::permission::role_may(
        who.role,
        crate::domain::permission::Action::ManageWorkspace,
    ) {
        return refuse(AppError::Forbidden(t(who.lang, Key::NotAllowed).into()));
    }
    let bytes = match bytes(&who, &headers, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    answer(
        &who,
        workspace::set_logo(&state.store, &who, Some(bytes), auth::now_millis()).await,
    )
}

fn answer(
    who: &SessionMember,
    done: Result<String, crate::server::service::ServiceError>,
) -> Response {
    match done {
        Ok(url) => Json(serde_json::json!({ "url": url })).into_response(),
        Err(e) => refuse(super::ctx::logged(super::refusal::answer(who.lang, e))),
    }
}

async fn serve(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let who = match member(&state, &headers).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    match workspace::picture(&state.store, &who, id).await {
        Ok(Some((mime, bytes))) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            // Only the types the server made (JPEG, PNG); never something a browser runs.
            let mime = match mime.as_str() {
                "image/jpeg" | "image/png" => mime,
                _ => "application/octet-stream".into(),
            };
            if let Ok(v) = HeaderValue::from_str(&mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            // A new picture gets a new id: an address's bytes never change.
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            );
            r
        }
        Ok(None) => refuse(AppError::NotFound(t(who.lang, Key::PictureNotFound).into())),
        Err(e) => refuse(super::ctx::logged(super::refusal::answer(who.lang, e))),
    }
}

fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(e)).into_response()
}
