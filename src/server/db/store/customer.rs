//! Customers: profiles, tags and the blacklist.

use super::super::*;
use async_trait::async_trait;

/// Customers: profiles, tags and the blacklist. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait CustomerStore: Send + Sync {
    /// The customer conversation `id` is with.
    async fn customer_of(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Option<CustomerId>>;

    /// A customer's fields, tags (by name) and channel identities (oldest first).
    async fn customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
    ) -> DbResult<Option<CustomerProfile>>;

    /// Every tag name of the workspace, sorted, for picking.
    async fn workspace_tags(&self, workspace: WorkspaceId) -> DbResult<Vec<String>>;

    /// Saves a validated edit in one transaction: the fields and `updated_at`, the tag names
    /// the workspace does not have yet, and the customer's tag set replaced by the edit's.
    /// `NotFound` (nothing written) when the customer is not in the workspace.
    async fn save_customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
        edit: &ProfileEdit,
        now: Millis,
    ) -> DbResult<()>;

    /// The workspace's blacklisted customers, most recently blocked first.
    async fn blocked_customers(&self, workspace: WorkspaceId) -> DbResult<Vec<BlockedRecord>>;

    /// Lifts a customer's block; `false` when they were not blocked in the workspace.
    async fn unblock_customer(
        &self,
        workspace: WorkspaceId,
        customer: CustomerId,
        now: Millis,
    ) -> DbResult<bool>;
}
