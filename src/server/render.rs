//! Every page render finishes: a render that stalls is dropped and done again.
//!
//! Leptos 0.8's server render can lose the wake-up of a resource that has finished, and the
//! page then never completes (leptos-rs/leptos#4851, #4673, #4698; still there in 0.8.23).
//! Under load this hung one test run in two, with every thread idle. A page render is only
//! reads (nothing writes on a GET), so a render that has not finished in [`RENDER_WITHIN`] is
//! aborted and started again, and a member gets the page a little late instead of never.
//! The page is collected whole (every page is `SsrMode::Async`, so nothing is lost by not
//! streaming it).

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static STALLED: AtomicU64 = AtomicU64::new(0);

/// How many page renders have stalled and been done again since the process started.
pub fn stalled_renders() -> u64 {
    STALLED.load(Ordering::Relaxed)
}

/// How long each attempt may take: a page renders in milliseconds, so a render still going
/// after this has stalled; the last attempt gets longer in case the machine is just busy.
pub const RENDER_WITHIN: [Duration; 3] = [
    Duration::from_secs(8),
    Duration::from_secs(8),
    Duration::from_secs(30),
];

/// The cache policy of every page.
pub const PAGE_CACHE_CONTROL: &str = "private, no-cache";

/// A page render: a GET or HEAD of a path that is neither a server function nor a file.
fn is_page(req: &Request) -> bool {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        // The live stream never ends.
        && path != "/events"
        // The widget's frame, stream and sample page are not Leptos pages.
        && !path.starts_with("/widget")
        && !last.contains('.')
}

/// Middleware: renders a page again when a render stalls; everything else passes through.
pub async fn answer_every_page(req: Request, next: Next) -> Response {
    if !is_page(&req) {
        return next.run(req).await;
    }
    let (parts, _) = req.into_parts();
    for (attempt, within) in RENDER_WITHIN.into_iter().enumerate() {
        let req = Request::from_parts(parts.clone(), Body::empty());
        let render = tokio::spawn(collected(next.clone().run(req)));
        let abort = render.abort_handle();
        match tokio::time::timeout(within, render).await {
            Ok(Ok(Ok(mut page))) => {
                // Pages are a member's own and change all the time: never stored by a shared
                // cache, revalidated by the browser on every use.
                page.headers_mut().insert(
                    http::header::CACHE_CONTROL,
                    http::HeaderValue::from_static(PAGE_CACHE_CONTROL),
                );
                return page;
            }
            Ok(Ok(Err(e))) => {
                tracing::error!(error = %e, "a page render failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "a page render panicked");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Err(_) => {
                abort.abort();
                STALLED.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(path = %parts.uri, attempt, "a page render stalled; rendering it again");
            }
        }
    }
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// The response of a render with its whole body read.
async fn collected(
    render: impl std::future::Future<Output = Response>,
) -> Result<Response, axum::Error> {
    let (parts, body) = render.await.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}
