//! Search (issue 13).

use super::super::*;
use crate::domain::permission::Scope;
use crate::domain::search::Expr;
use crate::domain::{MessageKind, Role, Status};
use crate::wire::{ConversationRow, SearchCursor, SearchOptions};
use async_trait::async_trait;
use std::collections::{BTreeSet, HashMap};

/// A search as storage runs it: the service has compiled the words and resolved the member
/// criteria (to the workspace's own members) already.
#[derive(Clone, Debug)]
pub struct SearchQuery {
    pub workspace_id: WorkspaceId,
    pub me: MemberId,
    pub scope: Scope,
    /// The words (empty: none).
    pub expr: Expr,
    /// Conversations owned (or last owned) by these members; `Some(empty)` finds nothing.
    pub owners: Option<Vec<MemberId>>,
    pub with_collaborations: bool,
    /// Any of these (a status, and the pending handler); empty: every status.
    pub statuses: Vec<(Status, Option<Handler>)>,
    pub channel: Option<ChannelId>,
    /// Last activity at or after `from`, before `to`.
    pub from: Option<Millis>,
    pub to: Option<Millis>,
    pub after: Option<SearchCursor>,
    pub limit: i64,
    /// Read the matches from the index when at most this many entries match (`None`: the
    /// engine's own threshold); tests set it to take either path.
    pub index_limit: Option<i64>,
}

/// What the index says of a search's words, for choosing how to read the matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matches {
    /// Nothing matches.
    None,
    /// These conversations (of every workspace), at most the threshold.
    Few(Vec<i64>),
    /// Probably at most the threshold (estimated); the SQL reads them from the index itself,
    /// counting them, and the search walks instead when there were more.
    FewInIndex,
    /// More than the threshold: walk the conversations newest first.
    Many,
}

#[derive(Clone, Debug, Default)]
pub struct SearchRows {
    pub rows: Vec<ConversationRow>,
    pub next: Option<SearchCursor>,
    /// Whether the matches were read from the index (selective) rather than walked.
    pub from_index: bool,
}

/// What the member criteria name.
#[derive(Clone, Debug, Default)]
pub struct MemberCriteria {
    pub roles: Vec<Role>,
    pub region: Option<crate::domain::RegionId>,
    pub branch: Option<crate::domain::BranchId>,
    pub member: Option<MemberId>,
}

/// A customer's searchable fields, for excerpts.
#[derive(Clone, Debug, Default)]
pub struct CustomerFields {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    pub tags: Vec<String>,
}

#[async_trait]
pub trait SearchStore: Send + Sync {
    async fn search(&self, q: &SearchQuery) -> DbResult<SearchRows>;

    /// The workspace's members matching every criterion given.
    async fn members_matching(
        &self,
        workspace: WorkspaceId,
        c: &MemberCriteria,
    ) -> DbResult<Vec<MemberId>>;

    /// The newest messages and notes of each conversation, at most `per` each, newest first.
    async fn recent_texts(
        &self,
        workspace: WorkspaceId,
        conversations: &[ConversationId],
        per: i64,
    ) -> DbResult<HashMap<ConversationId, Vec<(MessageKind, String)>>>;

    async fn customer_fields(
        &self,
        workspace: WorkspaceId,
        customers: &[CustomerId],
    ) -> DbResult<HashMap<CustomerId, CustomerFields>>;

    async fn search_options(&self, workspace: WorkspaceId) -> DbResult<SearchOptions>;

    /// Gives conversations from before search their entries; how many it wrote.
    async fn search_backfill(&self) -> DbResult<u64>;

    /// Rewrites the search entries of up to `limit` customers marked stale (a tag of theirs
    /// renamed, merged or deleted), in one transaction; how many customers it did.
    async fn reindex_stale(&self, limit: i64) -> DbResult<usize>;

    /// A conversation's entry (tests).
    async fn search_entry(
        &self,
        conversation: ConversationId,
    ) -> DbResult<Option<BTreeSet<String>>>;

    /// The conversations the index says match `expr` (tests and benchmarks), up to `limit`.
    async fn search_index_matching(&self, expr: &Expr, limit: i64) -> DbResult<Vec<i64>>;

    /// The index's size on disk in bytes.
    async fn search_index_size(&self) -> DbResult<i64>;
}
