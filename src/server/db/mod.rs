//! Storage: one interface ([`Storage`]) over two engines. SQLite is the embedded default,
//! PostgreSQL is chosen by a `postgres://` `DATABASE_URL`.
//!
//! The SQL lives once, in `engine.rs`, written in the dialect both engines accept (`$n`
//! placeholders, `returning`, `on conflict`, times as BIGINT milliseconds). `sqlite.rs` and
//! `postgres.rs` each compile that file against their own sqlx driver, so both engines run the
//! same statements through native drivers, and the storage test suite runs against both.
//! Storage returns data and never decides: the service layer decides with `crate::domain`.

pub mod dataset;
pub mod postgres;
pub mod sqlite;
pub mod types;

use async_trait::async_trait;
use std::sync::Arc;

pub use dataset::Dataset;
pub use types::*;

use crate::domain::profile::ProfileEdit;
use crate::domain::{
    ChannelId, ConversationId, CustomerId, Handler, Lang, MemberId, Millis, WorkspaceId,
};
use crate::wire::{
    ChannelInfo, ConversationDetail, ConversationPage, CustomerProfile, MemberBadge, Notifications,
    TeamMember, ThreadPage, ViewCounts,
};

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    /// A conditional write found the facts it was decided on changed; nothing was written.
    #[error("changed since it was read")]
    Stale,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

pub type DbResult<T> = Result<T, DbError>;

/// Everything the application asks of its database. Every method that touches tenant data
/// takes the workspace id and filters by it; callers pass the session's workspace, never an id
/// from the client.
#[async_trait]
pub trait Storage: Send + Sync + 'static {
    fn engine(&self) -> Engine;

    /// A trivial round trip, for `/healthz`.
    async fn ping(&self) -> DbResult<()>;

    /// Whether any workspace exists (the demo is created on first start of an empty database).
    async fn has_workspace(&self) -> DbResult<bool>;

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

    // --- members and sessions -------------------------------------------------------------

    async fn login_record(&self, email: &str) -> DbResult<Option<LoginRecord>>;
    async fn create_session(&self, session: &NewSession) -> DbResult<()>;
    /// The member behind a live session of an active member, if any: not past its sliding
    /// expiry at `now`, and created after `created_after` (its absolute lifetime).
    async fn session_member(
        &self,
        token_hash: &str,
        now: Millis,
        created_after: Millis,
    ) -> DbResult<Option<SessionMember>>;
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()>;
    async fn delete_session(&self, token_hash: &str) -> DbResult<()>;
    /// Sets a new password hash and ends every session of the member but `keep` (if given).
    async fn set_password(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        hash: &str,
        keep: Option<&str>,
    ) -> DbResult<()>;
    /// Activates or deactivates a member; deactivation ends their sessions. `false`, nothing
    /// written, when it would leave the workspace without an active admin.
    async fn set_member_active(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        active: bool,
    ) -> DbResult<bool>;
    async fn set_member_lang(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        lang: Lang,
    ) -> DbResult<()>;
    async fn member_id_by_email(
        &self,
        workspace: WorkspaceId,
        email: &str,
    ) -> DbResult<Option<MemberId>>;

    // --- login throttling ------------------------------------------------------------------

    /// Claims one attempt against each key before a password is checked; `Some(until)` when a
    /// key is locked or the claim passes its limit (and locks it). Atomic per key.
    async fn claim_attempt(
        &self,
        keys: &[(String, ThrottleRule)],
        now: Millis,
    ) -> DbResult<Option<Millis>>;
    /// Stores a one-time link (its token's hash) to set `member`'s password.
    async fn create_password_link(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()>;
    /// Uses a one-time link: the new password hash, the member's sessions ended, the link
    /// gone; `None`, nothing written, when it is unknown, used or expired. Returns the email.
    async fn redeem_password_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Millis,
    ) -> DbResult<Option<String>>;
    /// Gives one claimed attempt of `key` back (a successful sign-in from an address).
    async fn release_attempt(&self, key: &str) -> DbResult<()>;
    /// Forgets the attempts of `key` (a successful sign-in to that account).
    async fn clear_attempts(&self, key: &str) -> DbResult<()>;
    /// Deletes expired sessions (sliding or created before `sessions_created_before`),
    /// throttle rows past their window and lock, and batch keys older than
    /// `batch_keys_before`; returns how many rows went.
    async fn purge(
        &self,
        now: Millis,
        sessions_created_before: Millis,
        throttle_window: Millis,
        batch_keys_before: Millis,
    ) -> DbResult<u64>;

    // --- inbox -----------------------------------------------------------------------------

    async fn channels(&self, workspace: WorkspaceId) -> DbResult<Vec<ChannelInfo>>;
    async fn view_counts(&self, q: &CountQuery) -> DbResult<ViewCounts>;
    async fn list_conversations(&self, q: &ListQuery) -> DbResult<ConversationPage>;

    // --- one conversation ----------------------------------------------------------------

    /// The conversation's state, version and permission facts for member `me`.
    /// `me` is the member whose collaboration is looked up (`None`: nobody's, e.g. for what a
    /// customer sends).
    async fn conversation(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: Option<MemberId>,
    ) -> DbResult<Option<ConvRecord>>;
    /// Applies a status change if the conversation is still at its expected version, with its
    /// event-log row and notification, in one transaction; `false` if someone changed it first.
    async fn apply_change(&self, change: &StateChange) -> DbResult<bool>;
    /// Applies several status changes in order, in one transaction, each only if its
    /// conversation is still at the version it expects; all or nothing (`false`: none applied).
    /// A batch follows up and closes a pending conversation this way.
    async fn apply_changes(&self, changes: &[StateChange]) -> DbResult<bool>;
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
    /// The conversation's event log, oldest first.
    async fn events(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<EventRecord>>;
    /// Header and latest `limit` messages (with their event lines) of a conversation.
    async fn conversation_detail(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        limit: i64,
    ) -> DbResult<Option<ConversationDetail>>;
    /// The `limit` messages before `before` (with their event lines), oldest first.
    async fn thread_page(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        before: (Millis, i64),
        limit: i64,
    ) -> DbResult<ThreadPage>;
    /// Resolves an inbound message's `sender` on `channel` to its conversation, creating the
    /// customer (named `name`) and a pending conversation for `route` on first contact; `Blocked`,
    /// creating nothing, when the customer is blacklisted.
    #[allow(clippy::too_many_arguments)]
    async fn resolve_inbound(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        route: Handler,
        now: Millis,
    ) -> DbResult<InboundTarget>;
    /// Stores a customer message with its effect on the conversation (see [`Incoming`]).
    async fn receive(&self, message: &Incoming) -> DbResult<Received>;
    /// Stores a member's reply (queued for delivery) or internal note; returns its id.
    async fn add_message(&self, message: &NewMessage) -> DbResult<i64>;
    /// Marks all customer messages of the conversation read for `me`.
    async fn mark_read(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: MemberId,
        now: Millis,
    ) -> DbResult<()>;
    async fn member(&self, workspace: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRecord>>;

    // --- working together ------------------------------------------------------------------

    /// Active members of the workspace, by name.
    async fn team(&self, workspace: WorkspaceId) -> DbResult<Vec<TeamMember>>;
    /// The collaborators of a conversation, in the order they were added.
    async fn collaborators(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<MemberBadge>>;
    /// Adds or removes a collaborator with its event-log line and notification, in one
    /// transaction, while the conversation is in progress and not owned by that member;
    /// `false` when that no longer holds or nothing changed.
    async fn change_collaborator(&self, update: &CollabUpdate) -> DbResult<bool>;
    /// The member's latest `limit` notifications and their unread count.
    async fn notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        limit: i64,
    ) -> DbResult<Notifications>;
    async fn unread_notifications(&self, workspace: WorkspaceId, me: MemberId) -> DbResult<i64>;
    /// Marks the member's notifications with ids up to `up_to` read.
    async fn read_notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        up_to: i64,
        now: Millis,
    ) -> DbResult<()>;

    // --- customers -------------------------------------------------------------------------

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

    // --- blacklist -------------------------------------------------------------------------

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

/// The store shared by the whole server.
pub type Store = Arc<dyn Storage>;

/// Opens (creating if needed) and migrates the database named by `url`: `sqlite:` or a file
/// path for SQLite, `postgres://` for PostgreSQL.
pub async fn connect(url: &str) -> DbResult<Store> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::open(url).await?))
    } else {
        Ok(Arc::new(sqlite::open(url).await?))
    }
}
