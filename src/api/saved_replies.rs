//! Saved replies: every member's own and the team's (kept by admins, supervisors and CS
//! managers), listed for the composer's picker, written, deleted, and counted as used; a
//! reply's file is taken away here and sent after its text (it is uploaded to
//! `POST /replies/{scope}/{id}/file`, `api::upload`).

use crate::domain::saved_reply::{Choice, Draft, Scope};
use crate::domain::{ConversationId, MessageId};
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

/// Deletes a saved reply and its file.
#[server(prefix = "/api", endpoint = "delete_saved_reply")]
pub async fn delete_saved_reply(scope: Scope, id: i64) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::saved_replies};
    let dir = super::ctx::state()?.settings.files_dir.clone();
    super::ctx::for_member(|m, store| async move {
        saved_replies::delete(&store, &dir, &m, scope, id, now_millis()).await
    })
    .await
}

/// Takes a saved reply's file away.
#[server(prefix = "/api", endpoint = "remove_saved_reply_file")]
pub async fn remove_saved_reply_file(scope: Scope, id: i64) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::saved_replies};
    let dir = super::ctx::state()?.settings.files_dir.clone();
    super::ctx::for_member(|m, store| async move {
        saved_replies::detach(&store, &dir, &m, scope, id, now_millis()).await
    })
    .await
}

/// Sends saved reply `reply`'s file to the customer of conversation `id`, like a file from the
/// composer (the reply's text goes first, by `send_message`). Answers the message's id.
#[server(prefix = "/api", endpoint = "send_saved_reply_file")]
pub async fn send_saved_reply_file(id: ConversationId, reply: i64) -> Result<MessageId, AppError> {
    use crate::server::{auth::now_millis, service::saved_replies};
    let dir = super::ctx::state()?.settings.files_dir.clone();
    super::ctx::for_member(|m, store| async move {
        let sent = saved_replies::send_file(&store, &dir, &m, id, reply, now_millis()).await?;
        super::ctx::wake_sender();
        Ok(sent)
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
