//! Writing to a conversation: a reply to the customer (queued for delivery) or an internal note.

use super::conversation::visible;
use super::{Missing, ServiceError};
use crate::domain::actions::may_reply;
use crate::domain::input::required;
use crate::domain::limits::MAX_MESSAGE_CHARS;
use crate::domain::window::{may_reach, reply_window};
use crate::domain::{ConversationId, MessageId, MessageKind, Millis};
use crate::server::db::{DbError, Expected, NewMessage, SessionMember, Store};

/// Stores a reply (`MessageKind::Outbound`) or a note (`MessageKind::Note`) by the member and
/// returns its id. A reply needs the right to reply now; the write re-checks that the
/// conversation is still in the state the decision was made on, so a member who lost it in
/// the meantime (transferred away, closed) writes nothing.
pub async fn send(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    kind: MessageKind,
    body: &str,
    now: Millis,
) -> Result<MessageId, ServiceError> {
    required("body", body, MAX_MESSAGE_CHARS)?;
    let body = body.trim();
    let rec = visible(store, who, id).await?;
    if kind == MessageKind::Outbound {
        may_reply(&who.actor(), &rec.facts).map_err(ServiceError::Reply)?;
        may_reach_now(store, who, id, now).await?;
    }
    let msg = NewMessage {
        workspace_id: who.workspace_id,
        conversation_id: id,
        author: who.member_id,
        kind,
        body: body.to_owned(),
        now,
        expected: (kind == MessageKind::Outbound).then_some(Expected {
            version: rec.version,
            collaborator: rec.facts.is_collaborator,
        }),
        retry_key: super::outbound::new_key(),
    };
    match store.add_message(&msg).await {
        Ok(id) => Ok(id),
        // Deleted, or its customer blacklisted, since the member opened it.
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        // Changed since the decision: decide again on what it is now.
        Err(DbError::Stale) => {
            let now_rec = visible(store, who, id).await?;
            if kind == MessageKind::Outbound {
                may_reply(&who.actor(), &now_rec.facts).map_err(ServiceError::Reply)?;
            }
            Err(ServiceError::changed(now_rec))
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the platform lets a reply reach the conversation's customer now (its messaging
/// window, a blocked account): refused before anything is queued.
async fn may_reach_now(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    now: Millis,
) -> Result<(), ServiceError> {
    let reach = store
        .reach(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    let window = reply_window(reach.kind, reach.last_inbound, now, false);
    may_reach(window, reach.unsubscribed).map_err(ServiceError::Reply)
}

/// Sends a failed reply again (the pane's Retry): the member must still be allowed to reply,
/// and the platform to carry it.
pub async fn retry(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    message: MessageId,
    now: Millis,
) -> Result<(), ServiceError> {
    let rec = visible(store, who, id).await?;
    may_reply(&who.actor(), &rec.facts).map_err(ServiceError::Reply)?;
    may_reach_now(store, who, id, now).await?;
    let key = super::outbound::new_key();
    if store
        .retry_outbound(who.workspace_id, id, message, &key, now)
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(Missing::FailedReply))
    }
}
