//! The bot (issue 14): a workspace's keyword rules, flows and settings, and their compiled
//! whole for routing, kept per process while its version is current.

use super::super::*;
use crate::domain::bot::config::{
    Bot, FlowDraft, Problem, RuleDraft, SavedFlow, SavedRule, Settings,
};
use async_trait::async_trait;
use std::sync::Arc;

#[async_trait]
pub trait BotStore: Send + Sync {
    /// The workspace's bot compiled for routing: this process's copy while the workspace's
    /// bot version is unchanged (one small read), else compiled again from the database.
    async fn bot(&self, workspace: WorkspaceId) -> DbResult<Arc<Bot>>;
    /// Rules in their order.
    async fn bot_rules(&self, workspace: WorkspaceId) -> DbResult<Vec<SavedRule>>;
    async fn bot_flows(&self, workspace: WorkspaceId) -> DbResult<Vec<SavedFlow>>;
    async fn bot_settings(&self, workspace: WorkspaceId) -> DbResult<Settings>;
    /// Saves a new rule (`id` none: last in the order) or an existing one, after checking it
    /// against the workspace's rules and flows as they are in the transaction. `Ok(None)`:
    /// no such rule.
    async fn save_rule(
        &self,
        workspace: WorkspaceId,
        id: Option<i64>,
        rule: &RuleDraft,
        now: Millis,
    ) -> DbResult<Result<Option<i64>, Problem>>;
    /// Deletes a rule; refused while a button leads to it.
    async fn delete_rule(&self, workspace: WorkspaceId, id: i64)
        -> DbResult<Result<bool, Problem>>;
    /// Moves a rule one place up or down the order; `false` when it is not there or already
    /// at that end.
    async fn move_rule(&self, workspace: WorkspaceId, id: i64, up: bool) -> DbResult<bool>;
    async fn save_flow(
        &self,
        workspace: WorkspaceId,
        id: Option<i64>,
        flow: &FlowDraft,
        now: Millis,
    ) -> DbResult<Result<Option<i64>, Problem>>;
    /// Deletes a flow; refused while a rule starts it.
    async fn delete_flow(&self, workspace: WorkspaceId, id: i64)
        -> DbResult<Result<bool, Problem>>;
    async fn save_bot_settings(&self, workspace: WorkspaceId, settings: &Settings) -> DbResult<()>;
}
