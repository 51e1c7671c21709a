//! The blacklist: blocking a customer (with their history), the admin list, lifting a block.

use super::Db;
use crate::domain::{ConversationId, CustomerId, MemberId, Millis, WorkspaceId};
use crate::server::db::{BlockedRecord, DbResult};
use sqlx::{Pool, QueryBuilder, Row, Transaction};

/// Blocks and unsubscribes `customers` and deletes every conversation of theirs (messages and
/// all), inside the caller's transaction. Their identities stay, so what they send later is
/// recognised and dropped.
pub(super) async fn block(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    customers: &[CustomerId],
    by: MemberId,
    now: Millis,
) -> DbResult<()> {
    if customers.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new("update customers set blocked = true, blocked_at = ");
    qb.push_bind(now)
        .push(", blocked_by = ")
        .push_bind(by)
        .push(", unsubscribed_at = coalesce(unsubscribed_at, ")
        .push_bind(now)
        .push("), updated_at = ")
        .push_bind(now)
        .push(" where workspace_id = ")
        .push_bind(ws)
        .push(" and id in (");
    let mut list = qb.separated(", ");
    for c in customers {
        list.push_bind(*c);
    }
    qb.push(")").build().execute(&mut **tx).await?;
    // In id order, so two writers never lock the same conversations in opposite orders.
    let mut qb = QueryBuilder::<Db>::new("select id from conversations where workspace_id = ");
    qb.push_bind(ws).push(" and customer_id in (");
    let mut list = qb.separated(", ");
    for c in customers {
        list.push_bind(*c);
    }
    qb.push(") order by id");
    let ids: Vec<ConversationId> = qb.build_query_scalar().fetch_all(&mut **tx).await?;
    for id in ids {
        sqlx::query("delete from conversations where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The workspace's blacklisted customers, most recently blocked first.
pub async fn blocked(pool: &Pool<Db>, ws: WorkspaceId) -> DbResult<Vec<BlockedRecord>> {
    let rows = sqlx::query(
        "select c.id, c.name, c.blocked_at, m.name as blocked_by, c.unsubscribed_at
         from customers c
         left join members m on m.workspace_id = c.workspace_id and m.id = c.blocked_by
         where c.workspace_id = $1 and c.blocked
         order by c.blocked_at desc, c.id desc",
    )
    .bind(ws)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let unsubscribed: Option<Millis> = r.try_get("unsubscribed_at")?;
            Ok(BlockedRecord {
                customer_id: r.try_get("id")?,
                name: r.try_get("name")?,
                blocked_at: r.try_get::<Option<Millis>, _>("blocked_at")?.unwrap_or(0),
                blocked_by: r.try_get("blocked_by")?,
                unsubscribed: unsubscribed.is_some(),
            })
        })
        .collect()
}

/// Lifts the block of `customer`; `false` when they were not blocked in this workspace.
/// Messages they send from now on reach the inbox again; they stay unsubscribed.
pub async fn unblock(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    customer: CustomerId,
    now: Millis,
) -> DbResult<bool> {
    let done = sqlx::query(
        "update customers set blocked = false, blocked_at = null, blocked_by = null, updated_at = $3
         where workspace_id = $1 and id = $2 and blocked",
    )
    .bind(ws)
    .bind(customer)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
