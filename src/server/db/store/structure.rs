//! Running a team (issue 15): regions, branches and tags. Every change writes its audit line in its own
//! transaction, and checks that depend on other rows are made inside it, with the
//! workspace's row locked, so two admins at once cannot both pass them.

use super::super::*;
use crate::domain::team::TeamProblem;
use crate::domain::{BranchId, RegionId, TagId};
use crate::wire::{Structure, TagRow};
use async_trait::async_trait;

#[async_trait]
pub trait StructureStore: Send + Sync {
    async fn structure(&self, workspace: WorkspaceId) -> DbResult<Structure>;
    /// Creates (`id` none) or renames a region.
    async fn save_region(
        &self,
        workspace: WorkspaceId,
        id: Option<RegionId>,
        name: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<RegionId>, TeamProblem>>;
    async fn delete_region(
        &self,
        workspace: WorkspaceId,
        id: RegionId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>>;
    /// Creates (`id` none), renames or moves a branch; its members move to its region.
    async fn save_branch(
        &self,
        workspace: WorkspaceId,
        id: Option<BranchId>,
        region: RegionId,
        name: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<BranchId>, TeamProblem>>;
    async fn delete_branch(
        &self,
        workspace: WorkspaceId,
        id: BranchId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>>;

    /// The workspace's tags by name, with their usage.
    async fn tag_rows(&self, workspace: WorkspaceId) -> DbResult<Vec<TagRow>>;
    /// Creates (`id` none), renames or recolours a tag.
    async fn save_tag(
        &self,
        workspace: WorkspaceId,
        id: Option<TagId>,
        name: &str,
        color: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<TagId>, TeamProblem>>;
    /// Puts tag `from` on every customer that had it and deletes it.
    async fn merge_tags(
        &self,
        workspace: WorkspaceId,
        from: TagId,
        into: TagId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>>;
    /// Deletes a tag, taking it off every customer.
    async fn delete_tag(&self, workspace: WorkspaceId, id: TagId, by: &AuditBy) -> DbResult<bool>;
    /// Gives tags from before their comparison key one (a name colliding with another's
    /// key keeps its own, suffixed with its id); how many.
    async fn fill_tag_keys(&self) -> DbResult<u64>;
}
