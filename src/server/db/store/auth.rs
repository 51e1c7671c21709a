//! Members' logins and sessions, attempt throttling, one-time password links.

use super::super::*;
use async_trait::async_trait;

/// Members' logins and sessions, attempt throttling, one-time password links. Every method that touches tenant data takes the workspace and filters by it.
#[async_trait]
pub trait AuthStore: Send + Sync {
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

    async fn set_member_lang(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        lang: Lang,
    ) -> DbResult<()>;

    /// Remembers whether Enter sends from the member's composer (else Ctrl+Enter does).
    async fn set_member_send_on_enter(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        on: bool,
    ) -> DbResult<()>;

    /// Remembers whether the member wants a desktop notification and a sound for what waits
    /// for them.
    async fn set_member_alerts(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        on: bool,
    ) -> DbResult<()>;

    /// Remembers the list order the member chose.
    async fn set_member_sort(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        sort: Sort,
    ) -> DbResult<()>;

    /// Remembers the status the member set (online, away, offline).
    async fn set_member_presence(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        presence: crate::domain::availability::Presence,
    ) -> DbResult<()>;

    async fn member_id_by_email(
        &self,
        workspace: WorkspaceId,
        email: &str,
    ) -> DbResult<Option<MemberId>>;

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
}
