//! The built browser files under `/pkg` (the wasm, its JS glue and the stylesheet).
//!
//! `cargo leptos build --release --precompress` writes a brotli (`.br`) and a gzip (`.gz`) copy
//! beside each file; this serves the copy the browser accepts, so nothing is compressed per
//! request. With `hash-files` the names carry a hash of their content
//! (`omni_inbox.<hash>.wasm`), so a browser keeps them for good (`immutable`); a name without a
//! hash is revalidated on every use (`no-cache`), as the HTML pages are.

use super::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, StatusCode};

/// How long a browser keeps a hashed file: a year, and never asks again (`immutable`).
pub const HASHED: &str = "public, max-age=31536000, immutable";
/// A file whose name does not change with its content: ask every time.
pub const UNHASHED: &str = "no-cache";

/// `GET /pkg/<file>`: the file, precompressed as the browser accepts, with its cache policy.
pub async fn pkg(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(kind) = content_type(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let options = &state.leptos_options;
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let plain = dir.join(&file);
    let accepted = accepted(&headers);
    for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz"), ("", "")] {
        if !encoding.is_empty() && !accepted.contains(&encoding) {
            continue;
        }
        let mut path = plain.clone().into_os_string();
        path.push(suffix);
        let Ok(bytes) = tokio::fs::read(&path).await else {
            continue;
        };
        let mut reply = (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (header::CACHE_CONTROL, cache_control(&file, options)),
                (header::VARY, HeaderValue::from_static("accept-encoding")),
            ],
            bytes,
        )
            .into_response();
        if !encoding.is_empty() {
            reply
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        return reply;
    }
    StatusCode::NOT_FOUND.into_response()
}

/// The media type of a file name this serves; `None` for anything else, including names that
/// could leave the directory (only letters, digits, `.`, `_` and `-`, not starting with `.`).
fn content_type(file: &str) -> Option<&'static str> {
    let plain = !file.is_empty()
        && file.len() <= 200
        && !file.starts_with('.')
        && file
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !plain {
        return None;
    }
    match file.rsplit('.').next()? {
        "wasm" => Some("application/wasm"),
        "js" => Some("text/javascript; charset=utf-8"),
        "css" => Some("text/css; charset=utf-8"),
        "json" => Some("application/json"),
        _ => None,
    }
}

/// The encodings a request accepts among those this serves (`br`, `gzip`); `q=0` refuses one.
fn accepted(headers: &HeaderMap) -> Vec<&'static str> {
    let mut out = Vec::new();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            let known = match name.as_str() {
                "br" => "br",
                "gzip" => "gzip",
                _ => continue,
            };
            if !refused && !out.contains(&known) {
                out.push(known);
            }
        }
    }
    out
}

/// `immutable` for a name that carries the build's content hash
/// (`<output-name>.<hash>.<ext>`, cargo-leptos's `hash-files`: 22 base64url characters of an
/// MD5), `no-cache` otherwise.
fn cache_control(file: &str, options: &leptos::config::LeptosOptions) -> HeaderValue {
    let hashed = file
        .strip_prefix(options.output_name.as_ref())
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(hash, _)| {
            hash.len() == 22
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
    HeaderValue::from_static(if hashed { HASHED } else { UNHASHED })
}

/// Whether the hash file cargo-leptos writes beside the server binary is there. Leptos reads it
/// to name the hashed files in every page; a binary run without it (the test binaries, a
/// build without `hash-files`) links the plain names instead.
pub fn hash_file_beside_binary(options: &leptos::config::LeptosOptions) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .is_some_and(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn encodings_follow_the_accept_header() {
        assert_eq!(
            accepted(&headers("gzip, deflate, br, zstd")),
            ["gzip", "br"]
        );
        assert_eq!(accepted(&headers("br;q=0, gzip;q=0.8")), ["gzip"]);
        assert_eq!(accepted(&headers("identity")), Vec::<&str>::new());
        assert_eq!(accepted(&HeaderMap::new()), Vec::<&str>::new());
    }

    #[test]
    fn only_plain_names_of_known_kinds_are_served() {
        assert_eq!(
            content_type("omni_inbox.Ab_c-1.wasm"),
            Some("application/wasm")
        );
        assert!(content_type("omni_inbox.js").is_some());
        for bad in [
            "../Cargo.toml",
            ".env",
            "a/b.js",
            "x.toml",
            "",
            "omni_inbox.wasm.br",
        ] {
            assert_eq!(content_type(bad), None, "{bad}");
        }
    }

    #[test]
    fn hashed_names_are_immutable_others_revalidate() {
        let options = leptos::config::LeptosOptions::builder()
            .output_name("omni_inbox")
            .build();
        let policy = |f: &str| cache_control(f, &options).to_str().unwrap().to_owned();
        assert_eq!(policy("omni_inbox.XKc7Q2m9oR1zY5sT8vB3wA.wasm"), HASHED);
        assert_eq!(policy("omni_inbox.wasm"), UNHASHED);
        assert_eq!(policy("omni_inbox_bg.wasm"), UNHASHED);
        assert_eq!(policy("omni_inbox.short.wasm"), UNHASHED);
        assert_eq!(policy("other.XKc7Q2m9oR1zY5sT8vB3wA.wasm"), UNHASHED);
    }
}
