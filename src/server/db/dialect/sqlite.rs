//! SQL only SQLite speaks: the one place the shared engine code (`engine/`) calls into for
//! what the engines do differently (statistics now; full-text search with FTS5 next).

use super::Db;
use crate::server::db::DbResult;
use sqlx::Pool;

/// One connection writes at a time: the messages of one webhook body share a transaction
/// (`engine/inbound.rs`, `ingest_many`), a commit per body instead of one per message.
pub const ONE_WRITER: bool = true;

/// Refreshes the planner's statistics after a bulk load, and lets SQLite apply what it
/// learned (`pragma optimize`).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    sqlx::query("analyze").execute(pool).await?;
    sqlx::query("pragma optimize").execute(pool).await?;
    Ok(())
}

/// Claims pending webhook bodies (`ChannelStore::claim_inbound_bodies`). SQLite has one
/// writer, so the select and the update cannot interleave with another claim.
pub async fn claim_inbound_bodies(
    pool: &Pool<Db>,
    limit: i64,
    now: i64,
    lease: i64,
) -> DbResult<Vec<sqlx::sqlite::SqliteRow>> {
    Ok(sqlx::query(
        "update inbound_bodies set lease_until = $1, attempts = attempts + 1
         where id in (select id from inbound_bodies
                      where state = 'pending' and lease_until < $2 order by id limit $3)
         returning id, workspace_id, channel_id, body, attempts",
    )
    .bind(now + lease)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Claims due sends (`OutboundStore::claim_outbound`) under the name `claim`; returns how many.
/// A pending row counts an attempt; an `unknown` one is only looked at again.
pub async fn claim_outbound(
    pool: &Pool<Db>,
    claim: &str,
    limit: i64,
    now: i64,
    lease: i64,
) -> DbResult<u64> {
    Ok(sqlx::query(
        "update outbound_queue set lease_until = $1, claim = $2,
             attempts = attempts + case when state = 'pending' then 1 else 0 end
         where message_id in (select message_id from outbound_queue
                      where state in ('pending', 'unknown') and next_at <= $3 and lease_until < $3
                      order by next_at limit $4)",
    )
    .bind(now + lease)
    .bind(claim)
    .bind(now)
    .bind(limit)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Claims pending downloads (`MediaStore::claim_media`), with their channel. SQLite has no
/// update inside `with`: the claim, then the read of what it claimed (one writer, so nothing
/// interleaves).
pub async fn claim_media(
    pool: &Pool<Db>,
    limit: i64,
    now: i64,
    lease: i64,
) -> DbResult<Vec<sqlx::sqlite::SqliteRow>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "update attachments set lease_until = $1, attempts = attempts + 1
         where id in (select id from attachments
                      where state = 'pending' and lease_until < $2 order by id limit $3)
         returning id",
    )
    .bind(now + lease)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = sqlx::QueryBuilder::<Db>::new(
        "select a.id, a.workspace_id, a.kind, a.source, a.media_ref, a.mime_type, a.attempts,
                c.channel_id, ch.kind as channel_kind
         from attachments a
         join messages m on m.workspace_id = a.workspace_id and m.id = a.message_id
         join conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
         join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
         where a.id in (",
    );
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id);
    }
    qb.push(")");
    Ok(qb.build().fetch_all(pool).await?)
}

/// The live events' sequence: with one writer, the id (it grows in commit order and is never
/// reused).
pub const LIVE_SEQ: &str = "id";

/// Nothing to number (see [`LIVE_SEQ`]); the last number given, which pruning old events
/// never lowers (`autoincrement` keeps it in `sqlite_sequence`).
pub async fn sequence_live(pool: &Pool<Db>) -> DbResult<i64> {
    let top: Option<i64> =
        sqlx::query_scalar("select seq from sqlite_sequence where name = 'live_events'")
            .fetch_optional(pool)
            .await?;
    Ok(top.unwrap_or(0))
}

/// Inside `tx`, which writes a whole new workspace: no live events until [`live_on`].
pub async fn live_off(tx: &mut sqlx::Transaction<'_, Db>) -> DbResult<()> {
    sqlx::query("update live_switch set enabled = false")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Live events again, before `tx` commits.
pub async fn live_on(tx: &mut sqlx::Transaction<'_, Db>) -> DbResult<()> {
    sqlx::query("update live_switch set enabled = true")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One process writes every event, and its reader looks for them on its own: no listener.
pub async fn listen_live(
    _pool: &Pool<Db>,
) -> DbResult<Option<Box<dyn crate::server::db::LiveListener>>> {
    Ok(None)
}

/// One process: presence stays in it.
pub async fn announce_presence(_pool: &Pool<Db>, _payload: &str) -> DbResult<bool> {
    Ok(false)
}
