//! Batch management: preview a batch, run it once per idempotency key, and the blacklist.
//! Requests travel as JSON (a selection is a list of (id, version) pairs).

use crate::domain::batch::{BatchAction, BatchReport, Picked};
use crate::domain::{CustomerId, MemberId};
use crate::wire::{AppError, BlockedCustomer};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What `action` would do to the `selected` conversations now (the confirm step's preview):
/// which change, and which are skipped and why. Changes nothing.
#[server(prefix = "/api", endpoint = "preview_batch", input = Json)]
pub async fn preview_batch(
    action: BatchAction,
    to: Option<MemberId>,
    selected: Vec<Picked>,
) -> Result<BatchReport, AppError> {
    use crate::server::service::batch::{preview, BatchRequest};
    super::ctx::for_member(|m, store| async move {
        let req = BatchRequest {
            action,
            to,
            selected,
        };
        preview(&store, &m, &req).await
    })
    .await
}

/// Runs `action` on the `selected` conversations: each changes whole or not at all, and the
/// report says which did and why the others did not. `key` makes a retry (double click,
/// network retry) apply nothing and return the first attempt's report.
#[server(prefix = "/api", endpoint = "run_batch", input = Json)]
pub async fn run_batch(
    key: String,
    action: BatchAction,
    to: Option<MemberId>,
    selected: Vec<Picked>,
) -> Result<BatchReport, AppError> {
    use crate::server::auth::now_millis;
    use crate::server::service::batch::{run, BatchRequest};
    super::ctx::for_member(|m, store| async move {
        let req = BatchRequest {
            action,
            to,
            selected,
        };
        run(&store, &m, &key, &req, now_millis()).await
    })
    .await
}

/// The workspace's blacklisted customers, most recently blocked first (admins and supervisors).
#[server(prefix = "/api", endpoint = "blacklist")]
pub async fn blacklist() -> Result<Vec<BlockedCustomer>, AppError> {
    use crate::server::service::blacklist;
    super::ctx::for_member(|m, store| async move { blacklist::list(&store, &m).await }).await
}

/// Lifts a customer's block: what they send reaches the inbox again (admins and supervisors).
#[server(prefix = "/api", endpoint = "lift_block")]
pub async fn lift_block(customer: CustomerId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::blacklist};
    super::ctx::for_member(|m, store| async move {
        blacklist::lift(&store, &m, customer, now_millis()).await
    })
    .await
}
