//! One conversation: open it (marks it read), change its status, write to it.

use super::error::AppError;
use super::types::ConversationDetail;
use crate::domain::ConversationId;
use leptos::prelude::*;

/// Messages shown when a conversation opens.
pub const THREAD_PAGE: i64 = 50;

/// Longest message a member may send.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// The service's refusals as the member reads them, in their language.
#[cfg(feature = "ssr")]
fn refusal(lang: crate::domain::Lang, e: crate::server::service::ChangeError) -> AppError {
    use crate::i18n::{t, taken_by, Key};
    use crate::server::service::ChangeError;
    match e {
        ChangeError::NotFound => AppError::NotFound(t(lang, Key::ConversationNotFound).into()),
        ChangeError::Denied(d) => AppError::Forbidden(d.reason(lang).into()),
        ChangeError::Invalid(i) => AppError::Invalid {
            field: None,
            message: i.reason(lang).into(),
        },
        ChangeError::Changed {
            owner_name: Some(owner),
            now,
            ..
        } if now.status() == crate::domain::Status::InProgress => {
            AppError::Conflict(taken_by(lang, &owner))
        }
        ChangeError::Changed { .. } => AppError::Conflict(t(lang, Key::JustChanged).into()),
        ChangeError::NoSuchMember => AppError::NotFound(t(lang, Key::MemberNotFound).into()),
        ChangeError::Collab(crate::domain::collaboration::CollabRefused::Denied(d)) => {
            AppError::Forbidden(d.reason(lang).into())
        }
        ChangeError::Collab(r) => AppError::Invalid {
            field: None,
            message: r.reason(lang).into(),
        },
        ChangeError::Db(e) => super::ctx::internal(lang, e),
    }
}

/// The conversation with its thread and the actions the member may take; marks it read.
#[server(prefix = "/api", endpoint = "open_conversation")]
pub async fn open_conversation(id: ConversationId) -> Result<ConversationDetail, AppError> {
    use super::ctx;
    use crate::domain::actions::{available, may_reply};
    use crate::server::service::{visible, ChangeError};
    let m = ctx::member().await?;
    let store = ctx::state()?.store;
    let rec = visible(&store, &m, id)
        .await
        .map_err(|e| refusal(m.lang, e))?;
    let detail = store
        .conversation_detail(m.workspace_id, id, THREAD_PAGE)
        .await
        .map_err(|e| refusal(m.lang, e.into()))?;
    let mut detail = detail.ok_or_else(|| refusal(m.lang, ChangeError::NotFound))?;
    let actor = m.actor();
    detail.actions = available(&actor, &rec.facts);
    detail.reply_refused = may_reply(&actor, &rec.facts).err();
    store
        .mark_read(
            m.workspace_id,
            id,
            m.member_id,
            crate::server::auth::now_millis(),
        )
        .await
        .map_err(|e| ctx::internal(m.lang, e))?;
    Ok(detail)
}

/// The messages before `(before_at, before_id)` (the oldest the member has), with their event
/// lines: what scrolling up in the thread loads.
#[server(prefix = "/api", endpoint = "older_messages")]
pub async fn older_messages(
    id: ConversationId,
    before_at: crate::domain::Millis,
    before_id: i64,
) -> Result<super::types::ThreadPage, AppError> {
    use super::ctx;
    use crate::server::service::visible;
    let m = ctx::member().await?;
    let store = ctx::state()?.store;
    visible(&store, &m, id)
        .await
        .map_err(|e| refusal(m.lang, e))?;
    store
        .thread_page(m.workspace_id, id, (before_at, before_id), THREAD_PAGE)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}

/// Follow up / take over (`follow_up`), `close` or `reopen` the conversation the member saw at
/// `version`. Refused with a reason when the role or the status does not allow it, or when
/// someone changed it first (then the message says who has it now).
#[server(prefix = "/api", endpoint = "change_status")]
pub async fn change_status(
    id: ConversationId,
    version: i64,
    action: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::server::service::{act, Act};
    let m = ctx::member().await?;
    let what = match action.as_str() {
        "follow_up" => Act::FollowUp,
        "close" => Act::Close,
        "reopen" => Act::Reopen,
        other => {
            return Err(AppError::Invalid {
                field: Some("action".into()),
                message: format!("follow_up / close / reopen: {other:?}"),
            })
        }
    };
    let store = ctx::state()?.store;
    act(
        &store,
        &m,
        id,
        version,
        what,
        crate::server::auth::now_millis(),
    )
    .await
    .map(|_| ())
    .map_err(|e| refusal(m.lang, e))
}

/// Transfers the conversation the member saw at `version` to member `to`: it moves to their
/// Mine and they get a notification.
#[server(prefix = "/api", endpoint = "transfer_conversation")]
pub async fn transfer_conversation(
    id: ConversationId,
    version: i64,
    to: crate::domain::MemberId,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::server::service::{act, Act};
    let m = ctx::member().await?;
    let store = ctx::state()?.store;
    let now = crate::server::auth::now_millis();
    act(&store, &m, id, version, Act::Transfer { to }, now)
        .await
        .map(|_| ())
        .map_err(|e| refusal(m.lang, e))
}

/// Adds (`change = add`) or removes (`change = remove`) `member` as a collaborator.
#[server(prefix = "/api", endpoint = "change_collaborator")]
pub async fn change_collaborator(
    id: ConversationId,
    member: crate::domain::MemberId,
    change: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::domain::collaboration::CollabChange;
    use crate::server::service::collaborate;
    let m = ctx::member().await?;
    let change = match change.as_str() {
        "add" => CollabChange::Add,
        "remove" => CollabChange::Remove,
        other => {
            return Err(AppError::Invalid {
                field: Some("change".into()),
                message: format!("add / remove: {other:?}"),
            })
        }
    };
    let store = ctx::state()?.store;
    let now = crate::server::auth::now_millis();
    collaborate(&store, &m, id, member, change, now)
        .await
        .map_err(|e| refusal(m.lang, e))
}

/// Sends a reply to the customer (`kind = reply`: stored as an outbound message, queued for
/// delivery) or writes an internal note (`kind = note`: never sent).
#[server(prefix = "/api", endpoint = "send_message")]
pub async fn send_message(id: ConversationId, kind: String, body: String) -> Result<i64, AppError> {
    use super::ctx;
    use crate::domain::actions::may_reply;
    use crate::domain::MessageKind;
    use crate::i18n::{t, Key};
    use crate::server::db::NewMessage;
    use crate::server::service::visible;
    let m = ctx::member().await?;
    let lang = m.lang;
    let kind = match kind.as_str() {
        "reply" => MessageKind::Outbound,
        "note" => MessageKind::Note,
        other => {
            return Err(AppError::Invalid {
                field: Some("kind".into()),
                message: format!("reply / note: {other:?}"),
            })
        }
    };
    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(AppError::Invalid {
            field: Some("body".into()),
            message: t(lang, Key::EmptyMessage).into(),
        });
    }
    if body.chars().count() > MAX_MESSAGE_CHARS {
        return Err(AppError::Invalid {
            field: Some("body".into()),
            message: t(lang, Key::MessageTooLong).into(),
        });
    }
    let store = ctx::state()?.store;
    let rec = visible(&store, &m, id)
        .await
        .map_err(|e| refusal(lang, e))?;
    if kind == MessageKind::Outbound {
        may_reply(&m.actor(), &rec.facts)
            .map_err(|r| AppError::Forbidden(r.reason(lang).into()))?;
    }
    let now = crate::server::auth::now_millis();
    let msg = NewMessage {
        workspace_id: m.workspace_id,
        conversation_id: id,
        author: m.member_id,
        kind,
        body,
        now,
    };
    store.add_message(&msg).await.map_err(|e| match e {
        // Deleted, or its customer blacklisted, since the member opened it.
        crate::server::db::DbError::NotFound => {
            AppError::NotFound(t(lang, Key::ConversationNotFound).into())
        }
        e => ctx::internal(lang, e),
    })
}
