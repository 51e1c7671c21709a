//! Batch requests by idempotency key: the first attempt claims the key, a retry finds it.

use super::Db;
use crate::domain::{MemberId, Millis, WorkspaceId};
use crate::server::db::{BatchClaim, DbResult};
use sqlx::{Pool, Row};

/// Claims `key` for a batch of `action` by `member`, or tells what an earlier attempt left.
pub async fn claim_batch(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
    key: &str,
    action: &str,
    now: Millis,
) -> DbResult<BatchClaim> {
    let inserted = sqlx::query(
        "insert into batch_requests (workspace_id, member_id, idempotency_key, action, created_at)
         values ($1, $2, $3, $4, $5)
         on conflict (member_id, idempotency_key) do nothing",
    )
    .bind(ws)
    .bind(member)
    .bind(key)
    .bind(action)
    .bind(now)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(BatchClaim::New);
    }
    let row = sqlx::query(
        "select action, report from batch_requests where member_id = $1 and idempotency_key = $2",
    )
    .bind(member)
    .bind(key)
    .fetch_one(pool)
    .await?;
    let earlier: String = row.try_get("action")?;
    let report: Option<String> = row.try_get("report")?;
    Ok(match report {
        _ if earlier != action => BatchClaim::OtherAction,
        Some(report) => BatchClaim::Done(report),
        None => BatchClaim::Running,
    })
}

/// Stores the report of the batch that claimed `key`.
pub async fn finish_batch(
    pool: &Pool<Db>,
    member: MemberId,
    key: &str,
    report: &str,
) -> DbResult<()> {
    sqlx::query(
        "update batch_requests set report = $3 where member_id = $1 and idempotency_key = $2",
    )
    .bind(member)
    .bind(key)
    .bind(report)
    .execute(pool)
    .await?;
    Ok(())
}
