//! Saved replies (issue 16): every member keeps their own; admins, supervisors and CS managers
//! keep the team's, which every member uses. A member never sees, edits or counts another
//! member's own: whose a reply is goes into every store call.

use super::members::audit_by;
use super::reply::{upload_size, Upload};
use super::{Missing, ServiceError};
use crate::domain::media::safe_file_name;
use crate::domain::permission::{role_may, Action};
use crate::domain::saved_reply::{check, Choice, Draft, SavedFile, Scope};
use crate::domain::{ConversationId, MessageId, Millis};
use crate::server::db::{KeptFile, Removed, SessionMember, Store};
use crate::server::files;
use std::path::Path;

/// Whose replies of `scope` `who` may change: their own, or the team's when their role may.
fn owner(
    who: &SessionMember,
    scope: Scope,
) -> Result<Option<crate::domain::MemberId>, ServiceError> {
    match scope {
        Scope::Personal => Ok(Some(who.member_id)),
        Scope::Team if role_may(who.role, Action::ManageSavedReplies) => Ok(None),
        Scope::Team => Err(ServiceError::NotAllowed),
    }
}

/// The saved replies `who` can use: the team's and their own.
pub async fn list(store: &Store, who: &SessionMember) -> Result<Vec<Choice>, ServiceError> {
    Ok(store.saved_replies(who.workspace_id, who.member_id).await?)
}

/// Creates (`id` none) or changes a saved reply of `scope`; answers its id.
pub async fn save(
    store: &Store,
    who: &SessionMember,
    scope: Scope,
    id: Option<i64>,
    draft: &Draft,
    now: Millis,
) -> Result<i64, ServiceError> {
    let owner = owner(who, scope)?;
    let draft = check(draft).map_err(ServiceError::SavedReply)?;
    store
        .save_saved_reply(who.workspace_id, owner, id, &draft, &audit_by(who, now))
        .await?
        .map_err(ServiceError::SavedReply)?
        .ok_or(ServiceError::NotFound(Missing::SavedReply))
}

/// Deletes a saved reply of `scope`, and its file.
pub async fn delete(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    scope: Scope,
    id: i64,
    now: Millis,
) -> Result<(), ServiceError> {
    let owner = owner(who, scope)?;
    let removed = store
        .delete_saved_reply(who.workspace_id, owner, id, &audit_by(who, now))
        .await?
        .ok_or(ServiceError::NotFound(Missing::SavedReply))?;
    let_go(files_dir, removed).await;
    Ok(())
}

/// Removes the file a saved reply no longer keeps.
async fn let_go(files_dir: &Path, removed: Removed) {
    if let Some(path) = removed.file {
        files::discard(files_dir, &path).await;
    }
}

/// Gives a saved reply of `scope` a file, in place of the one it had: checked (something, at
/// most 10 MB), kept in the file store under the workspace, then written on the reply; the
/// file it had is removed. A reply that is not there for `who` keeps nothing.
pub async fn attach(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    scope: Scope,
    id: i64,
    upload: Upload<'_>,
    now: Millis,
) -> Result<SavedFile, ServiceError> {
    let owner = owner(who, scope)?;
    let size = upload_size(upload.bytes)? as i64;
    let name = upload
        .file_name
        .and_then(safe_file_name)
        .unwrap_or_else(|| "file".to_owned());
    let path = files::save(files_dir, who.workspace_id.get(), "reply", upload.bytes)
        .await
        .map_err(|e| ServiceError::Internal(format!("keeping a saved reply's file: {e}")))?;
    let kept = KeptFile { path, name, size };
    let set = store
        .set_saved_reply_file(
            who.workspace_id,
            owner,
            id,
            Some(&kept),
            &audit_by(who, now),
        )
        .await;
    match set {
        Ok(Some(removed)) => {
            let_go(files_dir, removed).await;
            Ok(SavedFile {
                name: kept.name,
                size,
            })
        }
        Ok(None) => {
            files::discard(files_dir, &kept.path).await;
            Err(ServiceError::NotFound(Missing::SavedReply))
        }
        Err(e) => {
            files::discard(files_dir, &kept.path).await;
            Err(e.into())
        }
    }
}

/// Takes a saved reply's file away (nothing happens to one without a file).
pub async fn detach(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    scope: Scope,
    id: i64,
    now: Millis,
) -> Result<(), ServiceError> {
    let owner = owner(who, scope)?;
    let removed = store
        .set_saved_reply_file(who.workspace_id, owner, id, None, &audit_by(who, now))
        .await?
        .ok_or(ServiceError::NotFound(Missing::SavedReply))?;
    let_go(files_dir, removed).await;
    Ok(())
}

/// Sends the file of saved reply `reply` (the team's or `who`'s own) to conversation `id`:
/// the composer's file path exactly (the same rights and platform window, the kind each
/// platform shows), with the kept bytes as the upload. The reply's text goes first, as its own
/// message.
pub async fn send_file(
    store: &Store,
    files_dir: &Path,
    who: &SessionMember,
    id: ConversationId,
    reply: i64,
    now: Millis,
) -> Result<MessageId, ServiceError> {
    let kept = store
        .saved_reply_file(who.workspace_id, who.member_id, reply)
        .await?
        .ok_or(ServiceError::NotFound(Missing::SavedReply))?;
    // Decided before the bytes are read; the reply is written only if nothing changed since.
    let cleared = super::reply::clear_to_send(store, who, id, now).await?;
    let _held = files::IN_MEMORY
        .try_acquire()
        .map_err(|_| ServiceError::Busy)?;
    let bytes = files::read(files_dir, &kept.path)
        .await
        .map_err(|e| ServiceError::Internal(format!("reading a saved reply's file: {e}")))?;
    let upload = Upload {
        file_name: Some(&kept.name),
        bytes: &bytes,
    };
    super::reply::send_cleared_file(store, files_dir, who, cleared, upload, now).await
}

/// One insertion of `id` into a reply, for the picker's order.
pub async fn used(store: &Store, who: &SessionMember, id: i64) -> Result<(), ServiceError> {
    if store
        .use_saved_reply(who.workspace_id, who.member_id, id)
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(Missing::SavedReply))
    }
}
