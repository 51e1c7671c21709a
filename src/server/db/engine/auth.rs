//! Members, sessions and login throttling.

use super::Db;
use crate::domain::availability::Presence;
use crate::domain::sorting::Sort;
use crate::domain::{Lang, MemberId, Millis, WorkspaceId};
use crate::server::db::{DbResult, LoginRecord, NewSession, SessionMember, ThrottleRule};
use sqlx::Pool;

pub async fn login_record(pool: &Pool<Db>, email: &str) -> DbResult<Option<LoginRecord>> {
    Ok(sqlx::query_as(
        "select id, workspace_id, password_hash, active from members where email = $1",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?)
}

pub async fn create_session(pool: &Pool<Db>, s: &NewSession) -> DbResult<()> {
    sqlx::query(
        "insert into sessions (token_hash, workspace_id, member_id, created_at, last_seen_at, expires_at)
         values ($1, $2, $3, $4, $4, $5)",
    )
    .bind(&s.token_hash)
    .bind(s.workspace_id)
    .bind(s.member_id)
    .bind(s.now)
    .bind(s.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The member behind a session that is neither past its sliding expiry (`now`) nor created
/// before `created_after` (its absolute lifetime).
pub async fn session_member(
    pool: &Pool<Db>,
    token_hash: &str,
    now: Millis,
    created_after: Millis,
) -> DbResult<Option<SessionMember>> {
    Ok(sqlx::query_as(
        "select m.id, m.workspace_id, w.name as workspace_name, w.utc_offset_minutes, m.name, m.email, m.role, m.branch_id,
                m.lang, m.avatar_url, m.list_sort, m.alerts, m.send_on_enter, m.presence, s.last_seen_at, s.expires_at
         from sessions s
         join members m on m.workspace_id = s.workspace_id and m.id = s.member_id
         join workspaces w on w.id = m.workspace_id
         where s.token_hash = $1 and s.expires_at > $2 and s.created_at > $3 and m.active = true",
    )
    .bind(token_hash)
    .bind(now)
    .bind(created_after)
    .fetch_optional(pool)
    .await?)
}

pub async fn touch_session(
    pool: &Pool<Db>,
    token_hash: &str,
    now: Millis,
    expires_at: Millis,
) -> DbResult<()> {
    sqlx::query("update sessions set last_seen_at = $2, expires_at = $3 where token_hash = $1")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &Pool<Db>, token_hash: &str) -> DbResult<()> {
    sqlx::query("delete from sessions where token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_password(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    hash: &str,
    keep: Option<&str>,
) -> DbResult<()> {
    let mut tx = pool.begin().await?;
    let done =
        sqlx::query("update members set password_hash = $3 where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(member)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(crate::server::db::DbError::NotFound);
    }
    sqlx::query(
        "delete from sessions where workspace_id = $1 and member_id = $2 and token_hash <> $3",
    )
    .bind(ws)
    .bind(member)
    .bind(keep.unwrap_or(""))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates or deactivates a member; deactivation ends their sessions. `Ok(false)`, with
/// nothing written, when it would leave the workspace without an active admin. The workspace
/// row is locked first, so two admins deactivating each other at once cannot both succeed.
pub async fn set_member_lang(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    lang: Lang,
) -> DbResult<()> {
    sqlx::query("update members set lang = $3 where workspace_id = $1 and id = $2")
        .bind(ws)
        .bind(member)
        .bind(lang.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

/// A member's own yes-or-no setting: `alerts` or `send_on_enter` (a column of `members`).
pub async fn set_member_flag(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    column: MemberFlag,
    on: bool,
) -> DbResult<()> {
    let sql = match column {
        MemberFlag::Alerts => "update members set alerts = $3 where workspace_id = $1 and id = $2",
        MemberFlag::SendOnEnter => {
            "update members set send_on_enter = $3 where workspace_id = $1 and id = $2"
        }
    };
    sqlx::query(sql)
        .bind(ws)
        .bind(member)
        .bind(on)
        .execute(pool)
        .await?;
    Ok(())
}

/// The yes-or-no settings a member keeps for themselves.
#[derive(Clone, Copy)]
pub enum MemberFlag {
    Alerts,
    SendOnEnter,
}

/// A member's own setting kept as text: the list order they last chose, or their status.
#[derive(Clone, Copy)]
pub enum MemberText {
    ListSort,
    Presence,
}

pub async fn set_member_text(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    column: MemberText,
    value: &str,
) -> DbResult<()> {
    let sql = match column {
        MemberText::ListSort => {
            "update members set list_sort = $3 where workspace_id = $1 and id = $2"
        }
        MemberText::Presence => {
            "update members set presence = $3 where workspace_id = $1 and id = $2"
        }
    };
    sqlx::query(sql)
        .bind(ws)
        .bind(member)
        .bind(value)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn member_id_by_email(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    email: &str,
) -> DbResult<Option<MemberId>> {
    Ok(
        sqlx::query_scalar("select id from members where workspace_id = $1 and email = $2")
            .bind(ws)
            .bind(email)
            .fetch_optional(pool)
            .await?,
    )
}

/// Claims one attempt against each key, in order, in one transaction, before the password
/// is checked: a key already locked, or one whose attempts in its window would pass its limit
/// (which locks it), refuses the attempt, and the keys after it are not counted. Returns
/// `Some(locked_until)` when refused. Concurrent claims of one key are serialised by the row
/// (PostgreSQL) or the single writer (SQLite), so no burst verifies more than the limit.
pub async fn claim_attempt(
    pool: &Pool<Db>,
    keys: &[(String, ThrottleRule)],
    now: Millis,
) -> DbResult<Option<Millis>> {
    let mut tx = pool.begin().await?;
    let mut refused = None;
    for (key, rule) in keys {
        // A claim outside the current window starts a new one; a locked key stays as it is.
        let (failures, locked_until): (i64, i64) = sqlx::query_as(
            "insert into auth_throttle (key, failures, window_start, locked_until) values ($1, 1, $2, 0)
             on conflict (key) do update set
               failures = case when auth_throttle.locked_until > $2 then auth_throttle.failures
                               when auth_throttle.window_start + $3 < $2 then 1
                               else auth_throttle.failures + 1 end,
               window_start = case when auth_throttle.locked_until > $2 then auth_throttle.window_start
                                   when auth_throttle.window_start + $3 < $2 then $2
                                   else auth_throttle.window_start end
             returning failures, locked_until",
        )
        .bind(key)
        .bind(now)
        .bind(rule.window)
        .fetch_one(&mut *tx)
        .await?;
        if locked_until > now {
            refused = Some(locked_until);
            break;
        }
        if failures > rule.max_failures {
            let until = now + rule.lock_for;
            sqlx::query(
                "update auth_throttle set locked_until = $2, failures = 0, window_start = $3 where key = $1",
            )
            .bind(key)
            .bind(until)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            refused = Some(until);
            break;
        }
    }
    tx.commit().await?;
    Ok(refused)
}

/// Gives back one claimed attempt of `key` (a successful sign-in from an address).
pub async fn release_attempt(pool: &Pool<Db>, key: &str) -> DbResult<()> {
    sqlx::query(
        "update auth_throttle set failures = case when failures > 0 then failures - 1 else 0 end where key = $1",
    )
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets `key`'s attempts (a successful sign-in to that account).
pub async fn clear_attempts(pool: &Pool<Db>, key: &str) -> DbResult<()> {
    sqlx::query("delete from auth_throttle where key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes what has outlived its use: sessions past their sliding or absolute lifetime,
/// throttle rows neither locked nor inside their window, and idempotency keys of batches
/// older than `batch_keys_before`. Returns the rows deleted.
pub async fn purge(
    pool: &Pool<Db>,
    now: Millis,
    sessions_created_before: Millis,
    throttle_window: Millis,
    batch_keys_before: Millis,
) -> DbResult<u64> {
    let mut tx = pool.begin().await?;
    let mut n = sqlx::query("delete from sessions where expires_at <= $1 or created_at <= $2")
        .bind(now)
        .bind(sessions_created_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    n += sqlx::query(
        "delete from auth_throttle where locked_until <= $1 and window_start + $2 <= $1",
    )
    .bind(now)
    .bind(throttle_window)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    n += sqlx::query("delete from batch_requests where created_at <= $1 and report is not null")
        .bind(batch_keys_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n)
}

/// Stores a one-time link (its token's hash) to set `member`'s password until `expires_at`.
pub async fn create_password_link(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    token_hash: &str,
    now: Millis,
    expires_at: Millis,
) -> DbResult<()> {
    sqlx::query(
        "insert into password_links (token_hash, workspace_id, member_id, created_at, expires_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(ws)
    .bind(member)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Uses a one-time link: sets the member's password hash, ends their sessions and deletes the
/// link, in one transaction. `None` (nothing written) when the link is unknown, used or
/// expired. Returns the member's email.
pub async fn redeem_password_link(
    pool: &Pool<Db>,
    token_hash: &str,
    password_hash: &str,
    now: Millis,
) -> DbResult<Option<String>> {
    let mut tx = pool.begin().await?;
    let link: Option<(WorkspaceId, MemberId)> = sqlx::query_as(
        "delete from password_links where token_hash = $1 and expires_at > $2
         returning workspace_id, member_id",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((ws, member)) = link else {
        return Ok(None);
    };
    let email: String = sqlx::query_scalar(
        "update members set password_hash = $3 where workspace_id = $1 and id = $2 returning email",
    )
    .bind(ws)
    .bind(member)
    .bind(password_hash)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("delete from sessions where workspace_id = $1 and member_id = $2")
        .bind(ws)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(email))
}

#[async_trait::async_trait]
impl crate::server::db::AuthStore for super::SqlStore {
    async fn login_record(&self, email: &str) -> DbResult<Option<LoginRecord>> {
        super::auth::login_record(&self.read, email).await
    }

    async fn create_session(&self, session: &NewSession) -> DbResult<()> {
        super::auth::create_session(&self.write, session).await
    }

    async fn session_member(
        &self,
        token_hash: &str,
        now: Millis,
        created_after: Millis,
    ) -> DbResult<Option<SessionMember>> {
        super::auth::session_member(&self.read, token_hash, now, created_after).await
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()> {
        super::auth::touch_session(&self.write, token_hash, now, expires_at).await
    }

    async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        super::auth::delete_session(&self.write, token_hash).await
    }

    async fn set_password(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        hash: &str,
        keep: Option<&str>,
    ) -> DbResult<()> {
        super::auth::set_password(&self.write, workspace, member, hash, keep).await
    }

    async fn set_member_lang(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        lang: Lang,
    ) -> DbResult<()> {
        super::auth::set_member_lang(&self.write, workspace, member, lang).await
    }

    async fn set_member_alerts(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        on: bool,
    ) -> DbResult<()> {
        super::auth::set_member_flag(&self.write, workspace, member, MemberFlag::Alerts, on).await
    }

    async fn set_member_send_on_enter(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        on: bool,
    ) -> DbResult<()> {
        super::auth::set_member_flag(&self.write, workspace, member, MemberFlag::SendOnEnter, on)
            .await
    }

    async fn set_member_sort(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        sort: Sort,
    ) -> DbResult<()> {
        super::auth::set_member_text(
            &self.write,
            workspace,
            member,
            MemberText::ListSort,
            sort.slug(),
        )
        .await
    }

    async fn set_member_presence(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        presence: Presence,
    ) -> DbResult<()> {
        let value = presence.as_str();
        super::auth::set_member_text(&self.write, workspace, member, MemberText::Presence, value)
            .await
    }

    async fn member_id_by_email(
        &self,
        workspace: WorkspaceId,
        email: &str,
    ) -> DbResult<Option<MemberId>> {
        super::auth::member_id_by_email(&self.read, workspace, email).await
    }

    async fn claim_attempt(
        &self,
        keys: &[(String, ThrottleRule)],
        now: Millis,
    ) -> DbResult<Option<Millis>> {
        super::auth::claim_attempt(&self.write, keys, now).await
    }

    async fn create_password_link(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> DbResult<()> {
        super::auth::create_password_link(
            &self.write,
            workspace,
            member,
            token_hash,
            now,
            expires_at,
        )
        .await
    }

    async fn redeem_password_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Millis,
    ) -> DbResult<Option<String>> {
        super::auth::redeem_password_link(&self.write, token_hash, password_hash, now).await
    }

    async fn release_attempt(&self, key: &str) -> DbResult<()> {
        super::auth::release_attempt(&self.write, key).await
    }

    async fn clear_attempts(&self, key: &str) -> DbResult<()> {
        super::auth::clear_attempts(&self.write, key).await
    }

    async fn purge(
        &self,
        now: Millis,
        sessions_created_before: Millis,
        throttle_window: Millis,
        batch_keys_before: Millis,
    ) -> DbResult<u64> {
        super::auth::purge(
            &self.write,
            now,
            sessions_created_before,
            throttle_window,
            batch_keys_before,
        )
        .await
    }
}
