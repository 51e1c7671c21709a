//! Running a team (issue 15): the workspace's settings and logo, stored pictures, the audit log. Every change writes its audit line in its own
//! transaction, and checks that depend on other rows are made inside it, with the
//! workspace's row locked, so two admins at once cannot both pass them.

use super::super::*;
use crate::domain::team::WorkspaceDraft;
use crate::wire::{AuditFilter, AuditPage, WorkspaceSettings};
use async_trait::async_trait;

#[async_trait]
pub trait WorkspaceStore: Send + Sync {
    async fn workspace_settings(&self, workspace: WorkspaceId) -> DbResult<WorkspaceSettings>;
    /// Saves the settings (checked); the logo is `set_logo`'s.
    async fn save_workspace(
        &self,
        workspace: WorkspaceId,
        draft: &WorkspaceDraft,
        by: &AuditBy,
    ) -> DbResult<()>;
    /// Sets or clears the logo (a stored picture), removing the one before.
    async fn set_logo(
        &self,
        workspace: WorkspaceId,
        picture: Option<i64>,
        by: &AuditBy,
    ) -> DbResult<()>;

    /// Stores a picture, already resized; its id.
    async fn put_picture(
        &self,
        workspace: WorkspaceId,
        mime_type: &str,
        bytes: &[u8],
        now: Millis,
    ) -> DbResult<i64>;
    /// A picture of the workspace: its type and bytes.
    async fn picture(&self, workspace: WorkspaceId, id: i64)
        -> DbResult<Option<(String, Vec<u8>)>>;

    /// Lines of the audit log, newest first.
    async fn audit(
        &self,
        workspace: WorkspaceId,
        filter: &AuditFilter,
        limit: i64,
    ) -> DbResult<AuditPage>;
}
