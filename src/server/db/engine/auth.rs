//! Members, sessions and login throttling.

use super::{parse, Db};
use crate::domain::{Lang, MemberId, Millis, Role, WorkspaceId};
use crate::server::db::{DbResult, LoginRecord, NewSession, SessionMember, ThrottleRule};
use sqlx::{Pool, Row};

pub async fn login_record(pool: &Pool<Db>, email: &str) -> DbResult<Option<LoginRecord>> {
    let row =
        sqlx::query("select id, workspace_id, password_hash, active from members where email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    row.map(|r| {
        Ok(LoginRecord {
            member_id: r.try_get("id")?,
            workspace_id: r.try_get("workspace_id")?,
            password_hash: r.try_get("password_hash")?,
            active: r.try_get("active")?,
        })
    })
    .transpose()
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

pub async fn session_member(
    pool: &Pool<Db>,
    token_hash: &str,
    now: Millis,
) -> DbResult<Option<SessionMember>> {
    let row = sqlx::query(
        "select m.id, m.workspace_id, w.name as workspace_name, w.utc_offset_minutes, m.name, m.email, m.role, m.branch_id,
                m.lang, m.avatar_url, s.last_seen_at, s.expires_at
         from sessions s
         join members m on m.workspace_id = s.workspace_id and m.id = s.member_id
         join workspaces w on w.id = m.workspace_id
         where s.token_hash = $1 and s.expires_at > $2 and m.active = true",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let role: String = r.try_get("role")?;
    let lang: String = r.try_get("lang")?;
    Ok(Some(SessionMember {
        member_id: r.try_get("id")?,
        workspace_id: r.try_get("workspace_id")?,
        workspace_name: r.try_get("workspace_name")?,
        utc_offset_minutes: r.try_get("utc_offset_minutes")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        role: parse("members.role", &role, Role::parse)?,
        branch_id: r.try_get("branch_id")?,
        lang: parse("members.lang", &lang, Lang::parse)?,
        avatar_url: r.try_get("avatar_url")?,
        last_seen_at: r.try_get("last_seen_at")?,
        expires_at: r.try_get("expires_at")?,
    }))
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

pub async fn set_member_active(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    active: bool,
) -> DbResult<()> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("update members set active = $3 where workspace_id = $1 and id = $2")
        .bind(ws)
        .bind(member)
        .bind(active)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(crate::server::db::DbError::NotFound);
    }
    if !active {
        sqlx::query("delete from sessions where workspace_id = $1 and member_id = $2")
            .bind(ws)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

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

pub async fn throttle_locked_until(
    pool: &Pool<Db>,
    keys: &[String],
    now: Millis,
) -> DbResult<Option<Millis>> {
    let mut latest: Option<Millis> = None;
    for key in keys {
        let until: Option<i64> = sqlx::query_scalar(
            "select locked_until from auth_throttle where key = $1 and locked_until > $2",
        )
        .bind(key)
        .bind(now)
        .fetch_optional(pool)
        .await?;
        latest = latest.max(until);
    }
    Ok(latest)
}

pub async fn record_login_failure(
    pool: &Pool<Db>,
    keys: &[(String, ThrottleRule)],
    now: Millis,
) -> DbResult<()> {
    let mut tx = pool.begin().await?;
    for (key, rule) in keys {
        // A failure outside the current window starts a new one.
        sqlx::query(
            "insert into auth_throttle (key, failures, window_start, locked_until) values ($1, 1, $2, 0)
             on conflict (key) do update set
               failures = case when auth_throttle.window_start + $3 < $2 then 1 else auth_throttle.failures + 1 end,
               window_start = case when auth_throttle.window_start + $3 < $2 then $2 else auth_throttle.window_start end",
        )
        .bind(key)
        .bind(now)
        .bind(rule.window)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "update auth_throttle set locked_until = $2 + $4, failures = 0, window_start = $2
             where key = $1 and failures >= $3",
        )
        .bind(key)
        .bind(now)
        .bind(rule.max_failures)
        .bind(rule.lock_for)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn clear_login_failures(pool: &Pool<Db>, key: &str) -> DbResult<()> {
    sqlx::query("delete from auth_throttle where key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}
