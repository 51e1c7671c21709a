//! The SQL of the store, written once for both engines. This module is compiled twice, by
//! `sqlite.rs` and `postgres.rs`, each providing `super::Db`; so nothing here may use a
//! feature only one engine has. The storage test suite (`tests/storage.rs`) runs on both.

mod auth;
mod batch;
mod blacklist;
mod bulk;
mod conversation;
mod counts;
mod customer;
mod import;
mod inbound;
mod inbox;
mod team;

use crate::domain::profile::ProfileEdit;
use crate::domain::{
    ChannelId, ConversationId, CustomerId, Handler, Lang, MemberId, Millis, WorkspaceId,
};
use crate::server::db::{
    dataset, BatchApplied, BatchEarlier, BatchTarget, BatchWrite, BlockedRecord, CollabUpdate,
    ConvRecord, CountQuery, Dataset, DbResult, Engine, EventRecord, InboundTarget, Incoming,
    ListQuery, LoginRecord, MemberRecord, NewMessage, NewSession, Received, SessionMember,
    StateChange, Storage, ThrottleRule, WorkspaceIds,
};
use crate::wire::{
    ChannelInfo, ConversationDetail, ConversationPage, CustomerProfile, MemberBadge, Notifications,
    TeamMember, ThreadPage, ViewCounts,
};
use async_trait::async_trait;
use sqlx::Pool;

pub(crate) use super::Db;

pub struct SqlStore {
    /// Reads: many connections.
    read: Pool<Db>,
    /// Writes: one connection on SQLite (writers queue here), the same pool on PostgreSQL.
    write: Pool<Db>,
    engine: Engine,
}

impl SqlStore {
    pub fn new(read: Pool<Db>, write: Pool<Db>, engine: Engine) -> Self {
        SqlStore {
            read,
            write,
            engine,
        }
    }

    /// The writer pool, for tests and tools that need raw access (e.g. benchmark baselines).
    pub fn write_pool(&self) -> &Pool<Db> {
        &self.write
    }

    pub fn read_pool(&self) -> &Pool<Db> {
        &self.read
    }
}

#[async_trait]
impl Storage for SqlStore {
    fn engine(&self) -> Engine {
        self.engine
    }

    async fn ping(&self) -> DbResult<()> {
        sqlx::query("select 1").execute(&self.read).await?;
        Ok(())
    }

    async fn has_workspace(&self) -> DbResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("select id from workspaces limit 1")
            .fetch_optional(&self.read)
            .await?;
        Ok(found.is_some())
    }

    async fn import(&self, data: &Dataset) -> DbResult<WorkspaceId> {
        import::import(&self.write, data).await
    }

    async fn bulk_begin(&self, data: &Dataset) -> DbResult<WorkspaceIds> {
        import::begin(&self.write, data).await
    }

    async fn bulk_append(
        &self,
        workspace: &WorkspaceIds,
        customers: &[dataset::CustomerSeed],
        conversations: &[dataset::ConversationSeed],
    ) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        bulk::append(&mut tx, workspace, customers, conversations).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn analyze(&self) -> DbResult<()> {
        bulk::analyze(&self.write).await
    }

    async fn login_record(&self, email: &str) -> DbResult<Option<LoginRecord>> {
        auth::login_record(&self.read, email).await
    }

    async fn create_session(&self, session: &NewSession) -> DbResult<()> {
        auth::create_session(&self.write, session).await
    }

    async fn session_member(
        &self,
        token_hash: &str,
        now: Millis,
        created_after: Millis,
    ) -> DbResult<Option<SessionMember>> {
        auth::session_member(&self.read, token_hash, now, created_after).await
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()> {
        auth::touch_session(&self.write, token_hash, now, expires_at).await
    }

    async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        auth::delete_session(&self.write, token_hash).await
    }

    async fn set_password(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        hash: &str,
        keep: Option<&str>,
    ) -> DbResult<()> {
        auth::set_password(&self.write, workspace, member, hash, keep).await
    }

    async fn set_member_active(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        active: bool,
    ) -> DbResult<bool> {
        auth::set_member_active(&self.write, workspace, member, active).await
    }

    async fn set_member_lang(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        lang: Lang,
    ) -> DbResult<()> {
        auth::set_member_lang(&self.write, workspace, member, lang).await
    }

    async fn member_id_by_email(
        &self,
        workspace: WorkspaceId,
        email: &str,
    ) -> DbResult<Option<MemberId>> {
        auth::member_id_by_email(&self.read, workspace, email).await
    }

    async fn claim_attempt(
        &self,
        keys: &[(String, ThrottleRule)],
        now: Millis,
    ) -> DbResult<Option<Millis>> {
        auth::claim_attempt(&self.write, keys, now).await
    }

    async fn create_password_link(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()> {
        auth::create_password_link(&self.write, workspace, member, token_hash, now, expires_at)
            .await
    }

    async fn redeem_password_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Millis,
    ) -> DbResult<Option<String>> {
        auth::redeem_password_link(&self.write, token_hash, password_hash, now).await
    }

    async fn release_attempt(&self, key: &str) -> DbResult<()> {
        auth::release_attempt(&self.write, key).await
    }

    async fn clear_attempts(&self, key: &str) -> DbResult<()> {
        auth::clear_attempts(&self.write, key).await
    }

    async fn purge(
        &self,
        now: Millis,
        sessions_created_before: Millis,
        throttle_window: Millis,
        batch_keys_before: Millis,
    ) -> DbResult<u64> {
        auth::purge(
            &self.write,
            now,
            sessions_created_before,
            throttle_window,
            batch_keys_before,
        )
        .await
    }

    async fn channels(&self, workspace: WorkspaceId) -> DbResult<Vec<ChannelInfo>> {
        inbox::channels(&self.read, workspace).await
    }

    async fn view_counts(&self, q: &CountQuery) -> DbResult<ViewCounts> {
        counts::view_counts(&self.read, q).await
    }

    async fn list_conversations(&self, q: &ListQuery) -> DbResult<ConversationPage> {
        inbox::list_conversations(&self.read, q).await
    }

    async fn conversation(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: Option<MemberId>,
    ) -> DbResult<Option<ConvRecord>> {
        conversation::conversation(&self.read, workspace, id, me).await
    }

    async fn apply_change(&self, change: &StateChange) -> DbResult<bool> {
        conversation::apply_change(&self.write, change).await
    }

    async fn apply_changes(&self, changes: &[StateChange]) -> DbResult<bool> {
        conversation::apply_changes(&self.write, changes).await
    }

    async fn batch_targets(
        &self,
        workspace: WorkspaceId,
        ids: &[ConversationId],
        me: MemberId,
    ) -> DbResult<Vec<BatchTarget>> {
        conversation::records(&self.read, workspace, ids, Some(me)).await
    }

    async fn batch_earlier(
        &self,
        member: MemberId,
        key: &str,
        action: &str,
    ) -> DbResult<Option<BatchEarlier>> {
        batch::earlier(&self.write, member, key, action).await
    }

    async fn apply_batch(&self, b: &BatchWrite<'_>) -> DbResult<BatchApplied> {
        batch::apply_batch(&self.write, b).await
    }

    async fn events(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<EventRecord>> {
        conversation::events(&self.read, workspace, id).await
    }

    async fn conversation_detail(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        limit: i64,
    ) -> DbResult<Option<ConversationDetail>> {
        conversation::detail(&self.read, workspace, id, limit).await
    }

    async fn resolve_inbound(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        route: Handler,
        now: Millis,
    ) -> DbResult<InboundTarget> {
        inbound::resolve(&self.write, workspace, channel, sender, name, route, now).await
    }

    async fn receive(&self, message: &Incoming) -> DbResult<Received> {
        conversation::receive(&self.write, message).await
    }

    async fn thread_page(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        before: (Millis, i64),
        limit: i64,
    ) -> DbResult<ThreadPage> {
        let (items, older) =
            conversation::thread_page(&self.read, workspace, id, Some(before), limit).await?;
        Ok(ThreadPage { items, older })
    }

    async fn add_message(&self, message: &NewMessage) -> DbResult<i64> {
        conversation::add_message(&self.write, message).await
    }

    async fn mark_read(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: MemberId,
        now: Millis,
    ) -> DbResult<()> {
        conversation::mark_read(&self.write, workspace, id, me, now).await
    }

    async fn member(&self, workspace: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRecord>> {
        conversation::member(&self.read, workspace, id).await
    }

    async fn team(&self, workspace: WorkspaceId) -> DbResult<Vec<TeamMember>> {
        team::team(&self.read, workspace).await
    }

    async fn collaborators(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<MemberBadge>> {
        team::collaborators(&self.read, workspace, id).await
    }

    async fn change_collaborator(&self, update: &CollabUpdate) -> DbResult<bool> {
        team::change_collaborator(&self.write, update).await
    }

    async fn notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        limit: i64,
    ) -> DbResult<Notifications> {
        team::notifications(&self.read, workspace, me, limit).await
    }

    async fn unread_notifications(&self, workspace: WorkspaceId, me: MemberId) -> DbResult<i64> {
        team::unread_notifications(&self.read, workspace, me).await
    }

    async fn read_notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        up_to: i64,
        now: Millis,
    ) -> DbResult<()> {
        team::read_notifications(&self.write, workspace, me, up_to, now).await
    }

    async fn customer_of(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Option<CustomerId>> {
        customer::customer_of(&self.read, workspace, id).await
    }

    async fn customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
    ) -> DbResult<Option<CustomerProfile>> {
        customer::profile(&self.read, workspace, id).await
    }

    async fn workspace_tags(&self, workspace: WorkspaceId) -> DbResult<Vec<String>> {
        customer::workspace_tags(&self.read, workspace).await
    }

    async fn save_customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
        edit: &ProfileEdit,
        now: Millis,
    ) -> DbResult<()> {
        customer::save(&self.write, workspace, id, edit, now).await
    }

    async fn blocked_customers(&self, workspace: WorkspaceId) -> DbResult<Vec<BlockedRecord>> {
        blacklist::blocked(&self.read, workspace).await
    }

    async fn unblock_customer(
        &self,
        workspace: WorkspaceId,
        customer: CustomerId,
        now: Millis,
    ) -> DbResult<bool> {
        blacklist::unblock(&self.write, workspace, customer, now).await
    }
}

/// Parses a stored enum value, reporting the column when it holds something unknown.
fn parse<T>(column: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> DbResult<T> {
    parse(value).ok_or_else(|| crate::server::db::DbError::Corrupt(format!("{column} = {value:?}")))
}
