//! The workspace's settings (admins), pictures (a member's own avatar, the admin's logo) and
//! the audit log (admins and supervisors), issue 15.

use super::members::audit_by;
use super::ServiceError;
use crate::domain::permission::{role_may, Action};
use crate::domain::team::{self, audit::ObjectKind, WorkspaceDraft};
use crate::domain::{MemberId, Millis};
use crate::server::db::{SessionMember, Store};
use crate::server::picture::{self, Purpose};
use crate::wire::{AuditFilter, AuditPage, WorkspaceSettings};

fn may(who: &SessionMember, action: Action) -> Result<(), ServiceError> {
    if role_may(who.role, action) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

pub async fn settings(
    store: &Store,
    who: &SessionMember,
) -> Result<WorkspaceSettings, ServiceError> {
    may(who, Action::ManageWorkspace)?;
    Ok(store.workspace_settings(who.workspace_id).await?)
}

pub async fn save(
    store: &Store,
    who: &SessionMember,
    draft: &WorkspaceDraft,
    now: Millis,
) -> Result<(), ServiceError> {
    may(who, Action::ManageWorkspace)?;
    let draft = team::check_workspace(draft).map_err(ServiceError::Team)?;
    Ok(store
        .save_workspace(who.workspace_id, &draft, &audit_by(who, now))
        .await?)
}

/// An uploaded picture made for `purpose` and stored; none for none.
async fn stored(
    store: &Store,
    who: &SessionMember,
    bytes: Option<Vec<u8>>,
    purpose: Purpose,
    now: Millis,
) -> Result<Option<i64>, ServiceError> {
    let Some(bytes) = bytes else {
        return Ok(None);
    };
    let made = picture::make(bytes, purpose)
        .await
        .map_err(ServiceError::Team)?;
    Ok(Some(
        store
            .put_picture(who.workspace_id, made.mime_type, &made.bytes, now)
            .await?,
    ))
}

/// Sets the signed-in member's own avatar from an uploaded picture (none: back to initials).
pub async fn set_avatar(
    store: &Store,
    who: &SessionMember,
    bytes: Option<Vec<u8>>,
    now: Millis,
) -> Result<String, ServiceError> {
    let picture = stored(store, who, bytes, Purpose::Avatar, now).await?;
    store
        .set_avatar(who.workspace_id, who.member_id, picture)
        .await?;
    Ok(picture
        .map(|id| format!("/pictures/{id}"))
        .unwrap_or_default())
}

/// Sets the workspace's logo from an uploaded picture (none: no logo).
pub async fn set_logo(
    store: &Store,
    who: &SessionMember,
    bytes: Option<Vec<u8>>,
    now: Millis,
) -> Result<String, ServiceError> {
    may(who, Action::ManageWorkspace)?;
    let picture = stored(store, who, bytes, Purpose::Logo, now).await?;
    store
        .set_logo(who.workspace_id, picture, &audit_by(who, now))
        .await?;
    Ok(picture
        .map(|id| format!("/pictures/{id}"))
        .unwrap_or_default())
}

/// A picture of the member's workspace: its type and bytes (none: not there, or another
/// workspace's).
pub async fn picture(
    store: &Store,
    who: &SessionMember,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, ServiceError> {
    Ok(store.picture(who.workspace_id, id).await?)
}

pub async fn audit(
    store: &Store,
    who: &SessionMember,
    kind: Option<ObjectKind>,
    actor: Option<MemberId>,
    before: Option<i64>,
) -> Result<AuditPage, ServiceError> {
    may(who, Action::ReadAudit)?;
    let filter = AuditFilter {
        kind,
        actor,
        before,
    };
    Ok(store
        .audit(who.workspace_id, &filter, team::audit::PAGE)
        .await?)
}
