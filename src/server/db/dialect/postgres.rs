//! SQL only PostgreSQL speaks: the one place the shared engine code (`engine/`) calls into for
//! what the engines do differently (statistics now; full-text search and queues claimed with
//! `for update skip locked` next).

use super::Db;
use crate::server::db::DbResult;
use sqlx::Pool;

/// Writers run side by side: each message of a webhook body has its own transaction, since
/// one holding a body's conversations while waiting for another's could deadlock.
pub const ONE_WRITER: bool = false;

/// Refreshes the planner's statistics after a bulk load (and the extended statistics of
/// `0003_list_indexes.sql`).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    sqlx::query("analyze").execute(pool).await?;
    Ok(())
}

/// Claims pending webhook bodies (`ChannelStore::claim_inbound_bodies`): rows another
/// process is claiming are skipped, not waited for, and never claimed twice.
pub async fn claim_inbound_bodies(
    pool: &Pool<Db>,
    limit: i64,
    now: i64,
    lease: i64,
) -> DbResult<Vec<sqlx::postgres::PgRow>> {
    Ok(sqlx::query(
        "update inbound_bodies set lease_until = $1, attempts = attempts + 1
         where id in (select id from inbound_bodies
                      where state = 'pending' and lease_until < $2 order by id limit $3
                      for update skip locked)
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
                      order by next_at limit $4
                      for update skip locked)",
    )
    .bind(now + lease)
    .bind(claim)
    .bind(now)
    .bind(limit)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Claims pending downloads (`MediaStore::claim_media`), with their channel.
pub async fn claim_media(
    pool: &Pool<Db>,
    limit: i64,
    now: i64,
    lease: i64,
) -> DbResult<Vec<sqlx::postgres::PgRow>> {
    Ok(sqlx::query(
        "with claimed as (
             update attachments set lease_until = $1, attempts = attempts + 1
             where id in (select id from attachments
                          where state = 'pending' and lease_until < $2 order by id limit $3
                      for update skip locked)
             returning id, workspace_id, message_id, kind, source, media_ref, mime_type, attempts)
         select a.id, a.workspace_id, a.kind, a.source, a.media_ref, a.mime_type, a.attempts,
                c.channel_id, ch.kind as channel_kind
         from claimed a
         join messages m on m.workspace_id = a.workspace_id and m.id = a.message_id
         join conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
         join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id",
    )
    .bind(now + lease)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The live events' sequence: numbers given after commit (`live_sequence`), since ids of
/// writers committing side by side do not grow in commit order.
pub const LIVE_SEQ: &str = "seq";

/// Numbers the events committed since the last call (one caller at a time), NOTIFYs
/// `live_seq` when it numbered any, and answers the last number given.
pub async fn sequence_live(pool: &Pool<Db>) -> DbResult<i64> {
    Ok(sqlx::query_scalar("select live_sequence(10000)")
        .fetch_one(pool)
        .await?)
}

/// Inside `tx`, which writes a whole new workspace: no live events (for this transaction
/// only; other writers go on writing theirs).
pub async fn live_off(tx: &mut sqlx::Transaction<'_, Db>) -> DbResult<()> {
    sqlx::query("select set_config('inbox.live', 'off', true)")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Live events again (the setting ends with the transaction anyway).
pub async fn live_on(tx: &mut sqlx::Transaction<'_, Db>) -> DbResult<()> {
    sqlx::query("select set_config('inbox.live', 'on', true)")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Listens for events written (`live_new`) or numbered (`live_seq`) and presence changes
/// (`live_presence`) by any server of the database. The listener reconnects by itself; a
/// notification lost meanwhile is found by the reader's periodic look.
pub async fn listen_live(
    pool: &Pool<Db>,
) -> DbResult<Option<Box<dyn crate::server::db::LiveListener>>> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener
        .listen_all(["live_new", "live_seq", "live_presence"])
        .await?;
    Ok(Some(Box::new(Listener(listener))))
}

struct Listener(sqlx::postgres::PgListener);

impl Listener {
    fn fold(wake: &mut crate::server::db::LiveWake, n: &sqlx::postgres::PgNotification) {
        match n.channel() {
            "live_new" => wake.written = true,
            "live_seq" => wake.numbered = true,
            _ => wake.presence.push(n.payload().to_owned()),
        }
    }
}

#[async_trait::async_trait]
impl crate::server::db::LiveListener for Listener {
    async fn wait(&mut self) -> DbResult<crate::server::db::LiveWake> {
        let mut wake = crate::server::db::LiveWake::default();
        let first = self.0.recv().await?;
        Self::fold(&mut wake, &first);
        while let Some(n) = self.0.next_buffered() {
            Self::fold(&mut wake, &n);
        }
        Ok(wake)
    }
}

/// NOTIFYs every server (this one too) of a presence change.
pub async fn announce_presence(pool: &Pool<Db>, payload: &str) -> DbResult<bool> {
    sqlx::query("select pg_notify('live_presence', $1)")
        .bind(payload)
        .execute(pool)
        .await?;
    Ok(true)
}
