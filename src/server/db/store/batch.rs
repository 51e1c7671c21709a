//! Batches: the selection's facts and the whole batch in one transaction.

use super::super::*;
use async_trait::async_trait;

/// Batches: the selection's facts and the whole batch in one transaction. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait BatchStore: Send + Sync {
    /// The conversations of `ids` in the workspace (others are absent), with the facts member
    /// `me` is judged on and their customers, in one query.
    async fn batch_targets(
        &self,
        workspace: WorkspaceId,
        ids: &[ConversationId],
        me: MemberId,
    ) -> DbResult<Vec<BatchTarget>>;

    /// What an earlier batch request of `member` with idempotency key `key` left, if any.
    async fn batch_earlier(
        &self,
        member: MemberId,
        key: &str,
        action: &str,
    ) -> DbResult<Option<BatchEarlier>>;

    /// Applies a batch in one transaction under its idempotency key: each item all or nothing
    /// (its own savepoint), then its report and notification. A request whose key was used
    /// before applies nothing and gets what the earlier one left.
    async fn apply_batch(&self, batch: &BatchWrite<'_>) -> DbResult<BatchApplied>;
}
