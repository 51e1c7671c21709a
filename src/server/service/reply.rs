//! Writing to a conversation: a reply to the customer (queued for delivery) or an internal note.

use super::conversation::visible;
use super::{Missing, ServiceError};
use crate::domain::actions::may_reply;
use crate::domain::input::{required, InputError};
use crate::domain::limits::MAX_MESSAGE_CHARS;
use crate::domain::media::{
    inline_type, safe_file_name, upload_kind, MAX_UPLOAD_BYTES, PUBLIC_MEDIA_MILLIS,
};
use crate::domain::permission::ConvFacts;
use crate::domain::window::{may_reach, reply_window};
use crate::domain::{ChannelKind, ConvState, ConversationId, MessageId, MessageKind, Millis};
use crate::server::db::{DbError, Expected, NewMessage, SentFile, SessionMember, Store};
use std::path::Path;

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
        file: None,
    };
    write(store, who, &msg).await
}

/// "Follow up and send": the member follows a pending conversation up (seen at
/// `seen_version`) and their reply goes out, in one transaction: both or neither. The reply is
/// judged as it will stand after the follow-up (theirs, in progress) and against the platform's
/// window before anything is written, so a refused reply leaves the conversation pending.
pub async fn follow_up_and_send(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    seen_version: i64,
    body: &str,
    now: Millis,
) -> Result<MessageId, ServiceError> {
    use super::conversation::{decide, lost, Act};
    required("body", body, MAX_MESSAGE_CHARS)?;
    let body = body.trim();
    let rec = visible(store, who, id).await?;
    if !matches!(rec.facts.state, ConvState::Pending(_)) {
        // Someone followed it up (or it closed) since the member saw it pending.
        return Err(ServiceError::changed(rec));
    }
    let (change, _) = decide(store, who, &rec, seen_version, Act::FollowUp, now).await?;
    let after = ConvFacts {
        state: change.to,
        is_collaborator: false,
        ..rec.facts
    };
    may_reply(&who.actor(), &after).map_err(ServiceError::Reply)?;
    may_reach_now(store, who, id, now).await?;
    let msg = NewMessage {
        workspace_id: who.workspace_id,
        conversation_id: id,
        author: who.member_id,
        kind: MessageKind::Outbound,
        body: body.to_owned(),
        now,
        // The version the follow-up leaves; the new owner is no collaborator.
        expected: Some(Expected {
            version: seen_version + 1,
            collaborator: false,
        }),
        retry_key: super::outbound::new_key(),
        file: None,
    };
    match store.follow_up_and_reply(&change, &msg).await {
        Ok(Some(sent)) => Ok(sent),
        Ok(None) | Err(DbError::Stale) => Err(lost(store, who, id).await),
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        Err(e) => Err(e.into()),
    }
}

/// A file a member sends from the composer, as it arrived (its size already checked at the
/// edge against [`MAX_UPLOAD_BYTES`]).
pub struct Upload<'a> {
    pub file_name: Option<&'a str>,
    pub bytes: &'a [u8],
}

/// Sends a file as a reply: the same rights and window as a text reply, then the file is kept
/// in the store (`files_dir`) and the reply written with it and queued in one transaction; the
/// platform fetches it at its public address. It goes out as an image where the platform shows
/// that type, else as a file ([`upload_kind`]). A reply that is then not written leaves no file.
pub async fn send_file(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    id: ConversationId,
    upload: Upload<'_>,
    now: Millis,
) -> Result<MessageId, ServiceError> {
    upload_size(upload.bytes)?;
    let cleared = clear_to_send(store, who, id, now).await?;
    send_cleared_file(store, files_dir, who, cleared, upload, now).await
}

/// A member's right to send a reply to a conversation now (their role and the conversation's
/// state, the platform's window), as decided: what the reply is then written against. Asked
/// before any costly work on what would be sent.
pub(super) struct Cleared {
    id: ConversationId,
    expected: Expected,
    channel: ChannelKind,
}

/// Decides whether `who` may send a reply to conversation `id` now.
pub(super) async fn clear_to_send(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    now: Millis,
) -> Result<Cleared, ServiceError> {
    let rec = visible(store, who, id).await?;
    may_reply(&who.actor(), &rec.facts).map_err(ServiceError::Reply)?;
    let channel = may_reach_now(store, who, id, now).await?;
    Ok(Cleared {
        id,
        expected: Expected {
            version: rec.version,
            collaborator: rec.facts.is_collaborator,
        },
        channel,
    })
}

/// Keeps the file and writes the reply carrying it, on a decision of [`clear_to_send`]: the
/// write refuses it if the conversation changed since.
pub(super) async fn send_cleared_file(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    cleared: Cleared,
    upload: Upload<'_>,
    now: Millis,
) -> Result<MessageId, ServiceError> {
    let size = upload_size(upload.bytes)?;
    let kind = upload_kind(cleared.channel, upload.bytes, size);
    let shown = inline_type(upload.bytes);
    let path = crate::server::files::save(files_dir, who.workspace_id.get(), "sent", upload.bytes)
        .await
        .map_err(|e| ServiceError::Internal(format!("keeping a sent file: {e}")))?;
    let msg = NewMessage {
        workspace_id: who.workspace_id,
        conversation_id: cleared.id,
        author: who.member_id,
        kind: MessageKind::Outbound,
        body: String::new(),
        now,
        expected: Some(cleared.expected),
        retry_key: super::outbound::new_key(),
        file: Some(SentFile {
            kind,
            file_name: upload.file_name.and_then(safe_file_name),
            mime_type: shown.map(str::to_owned),
            path: path.clone(),
            size: size as i64,
            inline: shown.is_some(),
            public_token: public_token(),
            public_until: now + PUBLIC_MEDIA_MILLIS,
        }),
    };
    let written = write(store, who, &msg).await;
    if written.is_err() {
        crate::server::files::discard(files_dir, &path).await;
    }
    written
}

/// The size of a file a member sends or keeps: something, and at most [`MAX_UPLOAD_BYTES`].
pub(super) fn upload_size(bytes: &[u8]) -> Result<u64, ServiceError> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(InputError::Missing("file").into());
    }
    if size > MAX_UPLOAD_BYTES {
        return Err(InputError::TooBig {
            field: "file",
            max_bytes: MAX_UPLOAD_BYTES,
        }
        .into());
    }
    Ok(size)
}

/// 256 random bits, hex: the public address of a sent file.
fn public_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Writes a message the member was allowed to write; a reply only while the facts it was
/// allowed on still hold.
async fn write(
    store: &Store,
    who: &SessionMember,
    msg: &NewMessage,
) -> Result<MessageId, ServiceError> {
    let id = msg.conversation_id;
    match store.add_message(msg).await {
        Ok(id) => Ok(id),
        // Deleted, or its customer blacklisted, since the member opened it.
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        // Changed since the decision: decide again on what it is now.
        Err(DbError::Stale) => {
            let now_rec = visible(store, who, id).await?;
            if msg.kind == MessageKind::Outbound {
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
) -> Result<ChannelKind, ServiceError> {
    let reach = store
        .reach(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    let window = reply_window(reach.kind, reach.last_inbound, now, false);
    may_reach(window, reach.unsubscribed).map_err(ServiceError::Reply)?;
    Ok(reach.kind)
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
