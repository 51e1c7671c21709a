//! Saved replies: every member's own and the team's (kept by admins, supervisors and CS
//! managers), listed for the composer's picker, written, deleted, and counted as used.

use crate::domain::saved_reply::{Choice, Draft, Scope};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The saved replies the member can use: the team's and their own.
#[server(prefix = "/api", endpoint = "saved_replies")]
pub async fn saved_replies() -> Result<Vec<Choice>, AppError> {
    use crate::server::service::saved_replies;
    super::ctx::for_member(|m, store| async move { saved_replies::list(&store, &m).await }).await
}

/// Creates (`id` none) or changes one of the member's own or, for the roles that keep them,
/// one of the team's; answers its id.
#[server(prefix = "/api", endpoint = "save_saved_reply", input = Json)]
pub async fn save_saved_reply(
    scope: Scope,
    id: Option<i64>,
    draft: Draft,
) -> Result<i64, AppError> {
    use crate::server::{auth::now_millis, service::saved_replies};
    super::ctx::for_member(|m, store| async move {
        saved_replies::save(&store, &m, scope, id, &draft, now_millis()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "delete_saved_reply")]
pub async fn delete_saved_reply(scope: Scope, id: i64) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::saved_replies};
    super::ctx::for_member(|m, store| async move {
        saved_replies::delete(&store, &m, scope, id, now_millis()).await
    })
    .await
}

/// The member inserted saved reply `id` into a reply (the picker lists the most used first).
#[server(prefix = "/api", endpoint = "used_saved_reply")]
pub async fn used_saved_reply(id: i64) -> Result<(), AppError> {
    use crate::server::service::saved_replies;
    super::ctx::for_member(|m, store| async move { saved_replies::used(&store, &m, id).await })
        .await
}
