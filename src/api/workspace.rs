//! The workspace's settings (admins) and the audit log (admins and supervisors).

use crate::domain::team::audit::ObjectKind;
use crate::domain::team::WorkspaceDraft;
use crate::domain::MemberId;
use crate::wire::{AppError, AuditPage, WorkspaceSettings};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "workspace_info")]
pub async fn workspace_info() -> Result<WorkspaceSettings, AppError> {
    use crate::server::service::workspace;
    super::ctx::for_member(|m, store| async move { workspace::settings(&store, &m).await }).await
}

/// Saves the name, clock and default language (the logo is uploaded on its own).
#[server(prefix = "/api", endpoint = "save_workspace", input = Json)]
pub async fn save_workspace(draft: WorkspaceDraft) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::workspace};
    super::ctx::for_member(|m, store| async move {
        workspace::save(&store, &m, &draft, now_millis()).await
    })
    .await
}

/// Clears the logo.
#[server(prefix = "/api", endpoint = "remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::workspace};
    super::ctx::for_member(|m, store| async move {
        workspace::set_logo(&store, &m, None, now_millis())
            .await
            .map(|_| ())
    })
    .await
}

/// Back to initials instead of a picture.
#[server(prefix = "/api", endpoint = "remove_avatar")]
pub async fn remove_avatar() -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::workspace};
    super::ctx::for_member(|m, store| async move {
        workspace::set_avatar(&store, &m, None, now_millis())
            .await
            .map(|_| ())
    })
    .await
}

/// A page of the audit log, newest first: of a kind of object, by a member, before a line.
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(
    kind: Option<ObjectKind>,
    actor: Option<MemberId>,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use crate::server::service::workspace;
    super::ctx::for_member(|m, store| async move {
        workspace::audit(&store, &m, kind, actor, before).await
    })
    .await
}
