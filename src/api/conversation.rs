//! One conversation: open it, mark it read, change its status, write to it.

use crate::domain::collaboration::CollabChange;
use crate::domain::{ConversationId, MemberId, MessageId, Millis};
use crate::wire::{AppError, Compose, ConversationDetail, StatusAction, ThreadPage};
use leptos::prelude::*;

/// The conversation with its thread and the actions the member may take. Reads only: the
/// page marks it read with [`mark_read`] once it shows it.
#[server(prefix = "/api", endpoint = "open_conversation")]
pub async fn open_conversation(id: ConversationId) -> Result<ConversationDetail, AppError> {
    use crate::server::auth::now_millis;
    use crate::server::service::conversation;
    super::ctx::for_member(|m, store| async move {
        conversation::open(&store, &m, id, now_millis()).await
    })
    .await
}

/// Marks the conversation's customer messages read for the member (a POST from the page,
/// never a side effect of rendering it).
#[server(prefix = "/api", endpoint = "mark_read")]
pub async fn mark_read(id: ConversationId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::conversation};
    super::ctx::for_member(|m, store| async move {
        conversation::mark_read(&store, &m, id, now_millis()).await
    })
    .await
}

/// The messages before `(before_at, before_id)` (the oldest the member has), with their event
/// lines: what scrolling up in the thread loads.
#[server(prefix = "/api", endpoint = "older_messages")]
pub async fn older_messages(
    id: ConversationId,
    before_at: Millis,
    before_id: MessageId,
) -> Result<ThreadPage, AppError> {
    use crate::server::service::conversation;
    super::ctx::for_member(|m, store| async move {
        conversation::older(&store, &m, id, (before_at, before_id)).await
    })
    .await
}

/// Follow up / take over (`follow_up`), `close` or `reopen` the conversation the member saw at
/// `version`. Refused with a reason when the role or the status does not allow it, or when
/// someone changed it first (then the message says who has it now).
#[server(prefix = "/api", endpoint = "change_status")]
pub async fn change_status(
    id: ConversationId,
    version: i64,
    action: StatusAction,
) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::conversation};
    super::ctx::for_member(|m, store| async move {
        let what = match action {
            StatusAction::FollowUp => conversation::Act::FollowUp,
            StatusAction::Close => conversation::Act::Close,
            StatusAction::Reopen => conversation::Act::Reopen,
        };
        conversation::act(&store, &m, id, version, what, now_millis())
            .await
            .map(|_| ())
    })
    .await
}

/// Transfers the conversation the member saw at `version` to member `to`: it moves to their
/// Mine and they get a notification.
#[server(prefix = "/api", endpoint = "transfer_conversation")]
pub async fn transfer_conversation(
    id: ConversationId,
    version: i64,
    to: MemberId,
    /// A handover note for the new owner (optional).
    #[server(default)]
    note: String,
) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::conversation};
    super::ctx::for_member(|m, store| async move {
        conversation::transfer(&store, &m, id, version, to, &note, now_millis())
            .await
            .map(|_| ())
    })
    .await
}

/// Adds (`change = add`) or removes (`change = remove`) `member` as a collaborator.
#[server(prefix = "/api", endpoint = "change_collaborator")]
pub async fn change_collaborator(
    id: ConversationId,
    member: MemberId,
    change: CollabChange,
) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::conversation};
    super::ctx::for_member(|m, store| async move {
        conversation::collaborate(&store, &m, id, member, change, now_millis()).await
    })
    .await
}

/// Sends a reply to the customer (`kind = reply`: stored as an outbound message, queued for
/// delivery) or writes an internal note (`kind = note`: never sent).
#[server(prefix = "/api", endpoint = "send_message")]
pub async fn send_message(
    id: ConversationId,
    kind: Compose,
    body: String,
) -> Result<MessageId, AppError> {
    use crate::domain::MessageKind;
    use crate::server::{auth::now_millis, service::reply};
    super::ctx::for_member(|m, store| async move {
        let kind = match kind {
            Compose::Reply => MessageKind::Outbound,
            Compose::Note => MessageKind::Note,
        };
        let sent = reply::send(&store, &m, id, kind, &body, now_millis()).await?;
        super::ctx::wake_sender();
        Ok(sent)
    })
    .await
}

/// "Follow up and send": follows the pending conversation `id` (seen at `version`) up and sends
/// the member's reply, both or neither. Answers the reply's id.
#[server(prefix = "/api", endpoint = "follow_up_and_send")]
pub async fn follow_up_and_send(
    id: ConversationId,
    version: i64,
    body: String,
) -> Result<MessageId, AppError> {
    use crate::server::{auth::now_millis, service::reply};
    super::ctx::for_member(|m, store| async move {
        let sent = reply::follow_up_and_send(&store, &m, id, version, &body, now_millis()).await?;
        super::ctx::wake_sender();
        Ok(sent)
    })
    .await
}

/// Sends a failed reply again.
#[server(prefix = "/api", endpoint = "retry_message")]
pub async fn retry_message(id: ConversationId, message: MessageId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::reply};
    super::ctx::for_member(|m, store| async move {
        reply::retry(&store, &m, id, message, now_millis()).await?;
        super::ctx::wake_sender();
        Ok(())
    })
    .await
}

/// Snoozes the member's own conversation in progress (seen at `version`) until `until` (a time
/// in Unix milliseconds), or until the customer writes when `until` is none.
#[server(prefix = "/api", endpoint = "snooze_conversation")]
pub async fn snooze_conversation(
    id: ConversationId,
    version: i64,
    #[server(default)] until: Option<i64>,
) -> Result<(), AppError> {
    use crate::domain::snooze::Until;
    use crate::server::{auth::now_millis, service::snooze};
    let until = until.map_or(Until::CustomerWrites, Until::At);
    super::ctx::for_member(|m, store| async move {
        snooze::snooze(&store, &m, id, version, until, now_millis()).await
    })
    .await
}

/// Wakes the member's own snoozed conversation before its time.
#[server(prefix = "/api", endpoint = "unsnooze_conversation")]
pub async fn unsnooze_conversation(id: ConversationId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::snooze};
    super::ctx::for_member(|m, store| async move {
        snooze::unsnooze(&store, &m, id, now_millis()).await
    })
    .await
}
