//! The bot (issue 14): a workspace's keyword rules, flows and settings, and their compiled
//! whole for routing, kept per process while its version is current. Every edit writes its
//! audit line (`by`) in its transaction.

use super::super::*;
use crate::domain::bot::config::{
    Bot, FlowDraft, Problem, RuleDraft, SavedFlow, SavedRule, Settings,
};
use async_trait::async_trait;
use std::sync::Arc;

/// What a workspace's bot is compiled from, read together.
pub struct BotParts {
    pub rules: Vec<SavedRule>,
    pub flows: Vec<SavedFlow>,
    pub settings: Settings,
    /// The workspace's clock, for rules' active hours.
    pub utc_offset_minutes: i64,
    /// The bot's version these parts are of.
    pub version: i64,
}

impl BotParts {
    pub fn compile(self) -> Bot {
        Bot::new(
            self.rules,
            self.flows,
            &self.settings,
            self.utc_offset_minutes,
        )
    }
}

#[async_trait]
pub trait BotStore: Send + Sync {
    /// The workspace's bot compiled for routing: this process's copy while the workspace's
    /// bot version is unchanged (one small read), else compiled again from the database.
    async fn bot(&self, workspace: WorkspaceId) -> DbResult<Arc<Bot>>;
    /// The rules, flows, settings and clock the bot is compiled from, of one version.
    async fn bot_parts(&self, workspace: WorkspaceId) -> DbResult<BotParts>;
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
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>>;
    /// Deletes a rule; refused while a button leads to it.
    async fn delete_rule(
        &self,
        workspace: WorkspaceId,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Result<bool, Problem>>;
    /// Moves a rule one place up or down the order; `false` when it is not there or already
    /// at that end.
    async fn move_rule(
        &self,
        workspace: WorkspaceId,
        id: i64,
        up: bool,
        by: &AuditBy,
    ) -> DbResult<bool>;
    async fn save_flow(
        &self,
        workspace: WorkspaceId,
        id: Option<i64>,
        flow: &FlowDraft,
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>>;
    /// Deletes a flow; refused while a rule starts it.
    async fn delete_flow(
        &self,
        workspace: WorkspaceId,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Result<bool, Problem>>;
    /// Saves the bot's settings, or says why they cannot be.
    async fn save_bot_settings(
        &self,
        workspace: WorkspaceId,
        settings: &Settings,
        by: &AuditBy,
    ) -> DbResult<Result<(), Problem>>;
}
