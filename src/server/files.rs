//! The file store (`APP_FILES_DIR`) and `GET /files/{id}`: attachments downloaded from the
//! platforms, served only to members who may see their conversation, and never as something
//! the browser runs (inline only for image and video bytes checked by their first bytes; all
//! else a download; `nosniff`, a sandboxing CSP).

use super::auth;
use super::db::StoredFile;
use super::service::{media, ServiceError};
use super::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::{Path as FsPath, PathBuf};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/files/{id}", get(serve))
        .route("/media/{token}", get(serve_public))
}

/// Keeps `bytes` for `workspace` under a name that starts with `label` (an attachment id,
/// "sent") and ends unguessable; returns the path relative to `dir`. Written to a temporary
/// name first, so a crash leaves no half file under the real one.
pub async fn save(
    dir: &FsPath,
    workspace: i64,
    label: &str,
    bytes: &[u8],
) -> std::io::Result<String> {
    use rand::RngCore;
    let mut tag = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut tag);
    let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    let relative = format!("{workspace}/{label}-{tag}");
    let path = dir.join(&relative);
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await?;
    }
    let temp = path.with_extension("part");
    tokio::fs::write(&temp, bytes).await?;
    tokio::fs::rename(&temp, &path).await?;
    Ok(relative)
}

/// Files held in memory at once by an upload or a send of a kept file (each up to 10 MB);
/// more are told to try again.
pub static IN_MEMORY: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// The bytes of a file [`save`] kept.
pub async fn read(dir: &FsPath, relative: &str) -> std::io::Result<Vec<u8>> {
    let path = within(dir, relative).ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "a path outside the store")
    })?;
    tokio::fs::read(path).await
}

/// Removes a file [`save`] kept that is no longer wanted (its message was not written, its
/// saved reply let it go).
pub async fn discard(dir: &FsPath, relative: &str) {
    if let Some(path) = within(dir, relative) {
        if let Err(e) = tokio::fs::remove_file(&path).await {
            tracing::warn!(error = %e, path = %path.display(), "removing an unused file");
        }
    }
}

/// A stored path joined to the store, refusing anything that would leave it.
fn within(dir: &FsPath, relative: &str) -> Option<PathBuf> {
    let ok = relative
        .split('/')
        .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains('\\'));
    ok.then(|| dir.join(relative))
}

async fn serve(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let secure = state.settings.secure_cookies();
    let who = match auth::session_of(&state.store, &headers, secure).await {
        Ok(Some(who)) => who,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reading a session for a file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let file = match media::open_file(&state.store, &who, id).await {
        Ok(f) => f,
        Err(ServiceError::NotFound(_)) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "opening a file");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    respond(&state, &file, &id.to_string(), "private, max-age=86400").await
}

/// A file a member sent, for the platform that delivers it (and a LINE customer following
/// its link): no session, only the unguessable token, while it is public.
async fn serve_public(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let well_formed = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.store.public_file(&token, auth::now_millis()).await {
        Ok(Some(file)) => respond(&state, &file, "file", "public, max-age=3600").await,
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "opening a sent file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A stored file's bytes, never as something a browser runs.
pub(crate) async fn respond(
    state: &AppState,
    file: &StoredFile,
    label: &str,
    cache: &'static str,
) -> Response {
    let Some(path) = within(&state.settings.files_dir, &file.path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, path = %path.display(), "a stored file is missing");
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    // Inline only for bytes that are an image or a video (checked again, not the stored word).
    let inline = file
        .inline
        .then(|| crate::domain::media::inline_type(&bytes))
        .flatten();
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    let content_type = inline.unwrap_or("application/octet-stream");
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let name = file
        .file_name
        .as_deref()
        .and_then(crate::domain::media::safe_file_name)
        .unwrap_or_else(|| format!("{}-{label}", file.kind.as_str()));
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if inline.is_some() {
            "inline"
        } else {
            "attachment"
        },
        name.replace(|c: char| !c.is_ascii() || c.is_ascii_control(), "_"),
        percent(&name)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; media-src 'self'; sandbox"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// RFC 5987 percent-encoding of a file name.
fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_paths_never_leave_the_store() {
        let dir = FsPath::new("/srv/files");
        assert_eq!(within(dir, "1/42-ab"), Some(dir.join("1/42-ab")));
        for bad in [
            "../etc/passwd",
            "1/../../x",
            "/etc/passwd",
            "1//x",
            "a\\b",
            ".",
        ] {
            assert_eq!(within(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn names_are_percent_encoded_for_filename_star() {
        assert_eq!(percent("報價.pdf"), "%E5%A0%B1%E5%83%B9.pdf");
        assert_eq!(percent("a b"), "a%20b");
    }
}
