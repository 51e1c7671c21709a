//! Writing whole workspaces: the demo, imports and the generator's bulk loads.

use super::super::*;
use async_trait::async_trait;

/// Writing whole workspaces: the demo, imports and the generator's bulk loads. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Whether any workspace exists (the demo is created on first start of an empty database).
    async fn has_workspace(&self) -> DbResult<bool>;

    /// Every workspace's id, oldest first (operators' command line).
    async fn workspace_ids(&self) -> DbResult<Vec<WorkspaceId>>;

    /// Writes a whole workspace (the demo, or any small one) in one transaction; returns its id.
    async fn import(&self, data: &Dataset) -> DbResult<WorkspaceId>;

    /// Starts a workspace too large to hold in memory: writes the header of `data` (workspace,
    /// regions, branches, members, channels, tags; its customers and conversations are ignored)
    /// in one transaction and returns the ids its rows got, for [`Storage::bulk_append`].
    async fn bulk_begin(&self, data: &Dataset) -> DbResult<WorkspaceIds>;

    /// Appends customers and their conversations (with messages, event log, collaborators and
    /// read marks) to a workspace started by [`Storage::bulk_begin`], in one transaction of
    /// multi-row inserts. Conversations refer to customers by position in `customers`.
    async fn bulk_append(
        &self,
        workspace: &WorkspaceIds,
        customers: &[dataset::CustomerSeed],
        conversations: &[dataset::ConversationSeed],
    ) -> DbResult<()>;

    /// Refreshes the query planner's statistics (`analyze`), after a bulk load.
    async fn analyze(&self) -> DbResult<()>;
}
