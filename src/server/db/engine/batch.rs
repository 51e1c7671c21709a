//! Batches: written in one transaction under the member's idempotency key, each conversation
//! all or nothing. (The conversations a batch reads come from `conversation::records`.)

use super::conversation::{record_applied, update_state};
use super::Db;
use crate::domain::{ConversationId, CustomerId, MemberId, WorkspaceId};
use crate::server::db::BatchTarget;
use crate::server::db::{BatchApplied, BatchEarlier, BatchItem, BatchWrite, DbResult, StateChange};
use sqlx::{Acquire, Pool, Row, Transaction};

/// What an earlier request with `key` of `member` for `action` left, if there was one.
pub async fn earlier(
    pool: &Pool<Db>,
    member: MemberId,
    key: &str,
    action: &str,
) -> DbResult<Option<BatchEarlier>> {
    let row = sqlx::query(
        "select action, report from batch_requests where member_id = $1 and idempotency_key = $2",
    )
    .bind(member)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let was: String = row.try_get("action")?;
    let report: Option<String> = row.try_get("report")?;
    Ok(Some(if was != action {
        BatchEarlier::OtherAction
    } else {
        BatchEarlier::Done(report.unwrap_or_default())
    }))
}

/// Applies `b` in one transaction: first claims its key (a concurrent request with the same
/// key waits for this one and then finds its report), then each item (see [`apply_item`]),
/// their event-log rows, and the report and notification `b.finish` makes of the outcome.
pub async fn apply_batch(pool: &Pool<Db>, b: &BatchWrite<'_>) -> DbResult<BatchApplied> {
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query(
        "insert into batch_requests (workspace_id, member_id, idempotency_key, action, created_at)
         values ($1, $2, $3, $4, $5)
         on conflict (member_id, idempotency_key) do nothing",
    )
    .bind(b.workspace_id)
    .bind(b.member_id)
    .bind(b.key)
    .bind(b.action)
    .bind(b.now)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        tx.rollback().await?;
        let found = earlier(pool, b.member_id, b.key, b.action).await?;
        return Ok(BatchApplied::Earlier(
            found.unwrap_or(BatchEarlier::Done(String::new())),
        ));
    }
    let mut applied = Vec::with_capacity(b.items.len());
    let mut written = Vec::new();
    let mut blocked = Vec::new();
    for item in &b.items {
        applied.push(apply_item(&mut tx, b, item, &mut written, &mut blocked).await?);
    }
    // The blacklisted customers, blocked with the rest of their history, all at once.
    super::blacklist::block(&mut tx, b.workspace_id, &blocked, b.member_id, b.now).await?;
    // The event-log rows of every change in one insert, and so on (see `record_applied`).
    record_applied(&mut tx, &written).await?;
    let (report, notify) = (b.finish)(&applied);
    sqlx::query(
        "update batch_requests set report = $3 where member_id = $1 and idempotency_key = $2",
    )
    .bind(b.member_id)
    .bind(b.key)
    .bind(&report)
    .execute(&mut *tx)
    .await?;
    if let Some(n) = &notify {
        super::rows::insert_notification(&mut tx, b.workspace_id, n, b.now).await?;
    }
    tx.commit().await?;
    Ok(BatchApplied::Applied(applied))
}

/// One item; `false` (and nothing of it written) when its conversation moved since it was
/// read. The status changes it made are added to `written`, for their event-log rows, and a
/// blacklisted customer to `blocked`. A single
/// conditional statement needs no savepoint; a sequence (follow up, then close) gets one.
async fn apply_item<'a>(
    tx: &mut Transaction<'_, Db>,
    b: &BatchWrite<'_>,
    item: &'a BatchItem,
    written: &mut Vec<&'a StateChange>,
    blocked: &mut Vec<CustomerId>,
) -> DbResult<bool> {
    let ws = b.workspace_id;
    match item {
        BatchItem::Change(changes) if changes.len() == 1 => {
            let done = update_state(tx, &changes[0]).await?;
            if done {
                written.push(&changes[0]);
            }
            Ok(done)
        }
        BatchItem::Change(changes) => {
            let mut sp = tx.begin().await?;
            for c in changes {
                if !update_state(&mut sp, c).await? {
                    sp.rollback().await?;
                    return Ok(false);
                }
            }
            sp.commit().await?;
            written.extend(changes);
            Ok(true)
        }
        BatchItem::Delete { id, version } => delete_conversation(tx, ws, *id, *version).await,
        BatchItem::Blacklist {
            id,
            version,
            customer,
        } => {
            // Its customer is blocked, with their other conversations, after the last item.
            if delete_conversation(tx, ws, *id, *version).await? {
                if !blocked.contains(customer) {
                    blocked.push(*customer);
                }
                return Ok(true);
            }
            // Moved since it was read; but if its customer is blacklisted by this batch anyway,
            // it goes with the rest of their history.
            Ok(blocked.contains(customer))
        }
    }
}

/// Deletes conversation `id` if it is still at `version`; its messages, events, read marks
/// and collaborators go with it (foreign keys cascade; the count triggers follow).
async fn delete_conversation(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    id: ConversationId,
    version: i64,
) -> DbResult<bool> {
    let deleted = sqlx::query(
        "delete from conversations where workspace_id = $1 and id = $2 and version = $3",
    )
    .bind(ws)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(deleted.rows_affected() == 1)
}

#[async_trait::async_trait]
impl crate::server::db::BatchStore for super::SqlStore {
    async fn batch_targets(
        &self,
        workspace: WorkspaceId,
        ids: &[ConversationId],
        me: MemberId,
    ) -> DbResult<Vec<BatchTarget>> {
        super::conversation::records(&self.read, workspace, ids, Some(me)).await
    }

    async fn batch_earlier(
        &self,
        member: MemberId,
        key: &str,
        action: &str,
    ) -> DbResult<Option<BatchEarlier>> {
        super::batch::earlier(&self.write, member, key, action).await
    }

    async fn apply_batch(&self, b: &BatchWrite<'_>) -> DbResult<BatchApplied> {
        super::batch::apply_batch(&self.write, b).await
    }
}
