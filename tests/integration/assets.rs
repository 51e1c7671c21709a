//! The built browser files under `/pkg`: the precompressed copy the browser accepts, served as
//! written at build time (never compressed again), with a cache policy by name.

use crate::common::{app_with_site, get_request, session_cookie};
use http::{header, StatusCode};

const HASHED_WASM: &str = "omni_inbox.XKc7Q2m9oR1zY5sT8vB3wA.wasm";

/// A built site as `cargo leptos build --release --precompress` leaves it: each file with a
/// brotli and a gzip copy beside it (distinct bytes here, so the test sees which one is sent).
fn site() -> std::path::PathBuf {
    static SITES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let root = std::env::temp_dir().join(format!(
        "inbox-site-{}-{}",
        std::process::id(),
        SITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for name in [HASHED_WASM, "omni_inbox.css"] {
        std::fs::write(pkg.join(name), format!("plain {name}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), format!("brotli {name}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), format!("gzip {name}")).unwrap();
    }
    std::fs::write(root.join("Cargo.toml"), "secret").unwrap();
    root
}

fn asking(path: &str, accept: Option<&str>) -> http::Request<axum::body::Body> {
    let mut req = get_request(path, None);
    if let Some(a) = accept {
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, a.parse().unwrap());
    }
    req
}

#[tokio::test]
async fn built_files_go_out_precompressed_as_accepted_and_cached_by_name() {
    let root = site();
    let app = app_with_site(&root).await;
    let wasm = format!("/pkg/{HASHED_WASM}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli"),
        (Some("br;q=0, gzip"), Some("gzip"), "gzip"),
        (Some("identity"), None, "plain"),
        (None, None, "plain"),
    ] {
        let reply = app.send_bytes(asking(&wasm, accept)).await;
        assert_eq!(reply.status, StatusCode::OK, "{accept:?}");
        assert_eq!(
            reply
                .headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        // Sent as written at build time: not compressed a second time on the way out.
        assert_eq!(
            reply.bytes,
            format!("{body} {HASHED_WASM}").as_bytes(),
            "{accept:?}"
        );
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(reply.headers[header::VARY], "accept-encoding");
        assert_eq!(
            reply.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    }
    // A name without the content hash is revalidated on every use.
    let css = app
        .send_bytes(asking("/pkg/omni_inbox.css", Some("br")))
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert_eq!(css.bytes, b"brotli omni_inbox.css");
    // Nothing outside the package directory, nothing that is not there.
    for path in [
        "/pkg/..%2FCargo.toml",
        "/pkg/../Cargo.toml",
        "/pkg/omni_inbox.js",
        "/pkg/omni_inbox.css.br",
    ] {
        let reply = app.send_bytes(asking(path, Some("br"))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !String::from_utf8_lossy(&reply.bytes).contains("secret"),
            "{path}"
        );
    }
    app.db.drop().await;
    std::fs::remove_dir_all(root).unwrap();
}

/// Pages are a member's own: revalidated on every use and never kept by a shared cache.
#[tokio::test]
async fn pages_are_never_cached_as_they_were() {
    let root = site();
    let app = app_with_site(&root).await;
    let login = app.get("/login", None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.headers[header::CACHE_CONTROL], "private, no-cache");
    let cookie = session_cookie(&app.login("agent@demo.test", "demo1234").await);
    let inbox = app.get("/inbox/pending-human", Some(&cookie)).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert_eq!(inbox.headers[header::CACHE_CONTROL], "private, no-cache");
    app.db.drop().await;
    std::fs::remove_dir_all(root).unwrap();
}
