//! Plain HTTP routes beside the Leptos pages and server functions.

use super::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use http::StatusCode;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
