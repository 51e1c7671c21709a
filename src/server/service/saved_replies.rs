//! Saved replies (issue 16): every member keeps their own; admins, supervisors and CS managers
//! keep the team's, which every member uses. A member never sees, edits or counts another
//! member's own: whose a reply is goes into every store call.

use super::members::audit_by;
use super::{Missing, ServiceError};
use crate::domain::permission::{role_may, Action};
use crate::domain::saved_reply::{check, Choice, Draft, Scope};
use crate::domain::Millis;
use crate::server::db::{SessionMember, Store};

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

pub async fn delete(
    store: &Store,
    who: &SessionMember,
    scope: Scope,
    id: i64,
    now: Millis,
) -> Result<(), ServiceError> {
    let owner = owner(who, scope)?;
    if store
        .delete_saved_reply(who.workspace_id, owner, id, &audit_by(who, now))
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(Missing::SavedReply))
    }
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
