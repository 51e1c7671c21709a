//! The inbox lists and their counts.

use super::super::*;
use crate::domain::permission::Scope;
use crate::wire::ConversationRow;
use async_trait::async_trait;

/// The inbox lists and their counts. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait InboxStore: Send + Sync {
    async fn channels(&self, workspace: WorkspaceId) -> DbResult<Vec<ChannelInfo>>;

    async fn view_counts(&self, q: &CountQuery) -> DbResult<ViewCounts>;

    async fn list_conversations(&self, q: &ListQuery) -> DbResult<ConversationPage>;

    /// The other conversations of `customer` (every channel but the one of `except`) that
    /// `scope` lets `me` see, newest first, at most 20.
    async fn customer_history(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        scope: &Scope,
        customer: CustomerId,
        except: ConversationId,
    ) -> DbResult<Vec<ConversationRow>>;
}
