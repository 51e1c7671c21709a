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
    // A bulk load leaves the search index's new entries in GIN's pending list, which the
    // planner then prices as a scan of the table: merge them now (autovacuum would, later).
    sqlx::query("select gin_clean_pending_list('search_docs_terms')")
        .execute(pool)
        .await?;
    sqlx::query("analyze").execute(pool).await?;
    search::forget_sample(pool);
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

/// Takes up to `limit` customers whose search entries are stale (`search_stale`) inside the
/// transaction that rewrites them; rows another process is claiming are skipped, not waited for.
pub async fn claim_stale(
    tx: &mut sqlx::Transaction<'_, Db>,
    limit: i64,
) -> DbResult<Vec<(crate::domain::WorkspaceId, crate::domain::CustomerId)>> {
    Ok(sqlx::query_as(
        "delete from search_stale where (workspace_id, customer_id) in (select workspace_id, customer_id from search_stale
                      limit $1 for update skip locked)
         returning workspace_id, customer_id",
    )
    .bind(limit)
    .fetch_all(&mut **tx)
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

/// Search (`engine/search.rs`): a conversation's entry is a `tsvector` of its lexemes, built
/// with `array_to_tsvector` (no parser, no dictionary), under a GIN index.
pub mod search {
    use super::Db;
    use crate::domain::search::Expr;
    use crate::domain::{ConversationId, WorkspaceId};
    use crate::server::db::DbResult;
    use sqlx::{Pool, QueryBuilder, Transaction};
    use std::collections::BTreeSet;

    /// A selective query is read from the index when it matches at most this many entries;
    /// past that the conversations are walked by recency and each entry looked into.
    pub const FROM_INDEX_AT_MOST: i64 = 4_000;

    fn list(lexemes: &BTreeSet<String>) -> Vec<&str> {
        lexemes.iter().map(String::as_str).collect()
    }

    /// The entry of a conversation: its lexemes, or `None` when it has none yet.
    pub async fn entry(
        tx: &mut Transaction<'_, Db>,
        conversation: ConversationId,
    ) -> DbResult<Option<BTreeSet<String>>> {
        let terms: Option<Vec<String>> = sqlx::query_scalar(
            "select tsvector_to_array(terms) from search_docs where conversation_id = $1",
        )
        .bind(conversation)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(terms.map(|t| t.into_iter().collect()))
    }

    /// Writes a conversation's whole entry.
    pub async fn put(
        tx: &mut Transaction<'_, Db>,
        ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &BTreeSet<String>,
    ) -> DbResult<()> {
        sqlx::query(
            "insert into search_docs (conversation_id, workspace_id, terms)
             values ($1, $2, array_to_tsvector($3::text[]))
             on conflict (conversation_id) do update set terms = excluded.terms",
        )
        .bind(conversation)
        .bind(ws)
        .bind(list(lexemes))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Adds lexemes to a conversation's entry (up to `most` in all), rewriting it only when
    /// something is new; false when it has no entry. One round trip.
    pub async fn add(
        tx: &mut Transaction<'_, Db>,
        _ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &BTreeSet<String>,
        most: usize,
    ) -> DbResult<bool> {
        Ok(sqlx::query_scalar(
            "with added as (
                 update search_docs set terms = terms || array_to_tsvector($2::text[])
                 where conversation_id = $1 and length(terms) < $3
                   and length(terms || array_to_tsvector($2::text[])) > length(terms)
                 returning 1)
             select exists (select 1 from search_docs where conversation_id = $1)",
        )
        .bind(conversation)
        .bind(list(lexemes))
        .bind(most as i32)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Replaces the customer's part of each of `conversations`' entries with `profile`.
    pub async fn reprofile(
        tx: &mut Transaction<'_, Db>,
        _ws: WorkspaceId,
        conversations: &[ConversationId],
        profile: &BTreeSet<String>,
    ) -> DbResult<()> {
        let ids: Vec<i64> = conversations.iter().map(|c| c.get()).collect();
        sqlx::query(
            "update search_docs set terms = array_to_tsvector(
                 array(select l from unnest(tsvector_to_array(terms)) l where l like 'm\\_%')
                 || $2::text[])
             where conversation_id = any($1)",
        )
        .bind(ids)
        .bind(list(profile))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The `tsquery` of an expression: parts and, alternatives or, lexemes and. Lexemes are
    /// letters, digits and `_` only (`domain::search::lexeme`), so quoting is enough.
    fn tsquery(expr: &Expr) -> String {
        expr.spell('\'', " & ", " | ")
    }

    /// The matching conversations when there are at most `most` (their ids, read once: an id
    /// list keeps PostgreSQL's generic plans on the primary key), or that there are more.
    pub async fn matches(
        pool: &Pool<Db>,
        expr: &Expr,
        most: i64,
    ) -> DbResult<crate::server::db::store::search::Matches> {
        use crate::server::db::store::search::Matches;
        if estimate(&*stats(pool).await?, expr) > most as f64 {
            return Ok(Matches::Many);
        }
        let ids = matching(pool, expr, most + 1).await?;
        Ok(match ids.len() as i64 {
            0 => Matches::None,
            n if n > most => Matches::Many,
            _ => Matches::Few(ids),
        })
    }

    /// How common each lexeme is, from a sample of the entries: estimating a search from it
    /// costs no round trip. (PostgreSQL's own statistics keep only lexemes found in more
    /// than about 9% of entries as large as these, too few to tell a word in 5% of them from a
    /// rare one: the index would then be asked, and GIN reads every match before it answers.)
    struct Stats {
        read_at: std::time::Instant,
        /// The share of entries each lexeme is in, for those seen in at least `SEEN_AT_LEAST`
        /// sampled entries; any other lexeme is taken as rare.
        share: std::collections::HashMap<String, f64>,
        rows: f64,
    }

    type StatsCache = std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Stats>>>;
    static STATS: std::sync::OnceLock<StatsCache> = std::sync::OnceLock::new();
    /// How long a sample serves before it is taken again (in the background).
    const STATS_FOR: std::time::Duration = std::time::Duration::from_secs(600);
    /// Entries a sample reads (random pages of the table), and how many of them a lexeme must
    /// be in to be counted.
    const SAMPLE_ROWS: f64 = 10_000.0;
    const SEEN_AT_LEAST: i64 = 5;

    fn sample_key(pool: &Pool<Db>) -> String {
        let options = pool.connect_options();
        format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("")
        )
    }

    /// Drops the sample of the pool's database (after a bulk load): the next search takes one.
    pub fn forget_sample(pool: &Pool<Db>) {
        if let Some(cache) = STATS.get() {
            cache.lock().expect("stats cache").remove(&sample_key(pool));
        }
    }

    /// The sample of the pool's database: taken now when there is none, taken again in the background when it is old.
    async fn stats(pool: &Pool<Db>) -> DbResult<std::sync::Arc<Stats>> {
        let key = sample_key(pool);
        let cache = STATS.get_or_init(Default::default);
        let known = cache.lock().expect("stats cache").get(&key).cloned();
        if let Some(s) = known {
            if s.read_at.elapsed() >= STATS_FOR {
                // Claimed by putting it back as new; the old sample serves meanwhile.
                let claimed = std::sync::Arc::new(Stats {
                    read_at: std::time::Instant::now(),
                    share: s.share.clone(),
                    rows: s.rows,
                });
                cache
                    .lock()
                    .expect("stats cache")
                    .insert(key.clone(), claimed);
                let pool = pool.clone();
                tokio::spawn(async move {
                    match sample(&pool).await {
                        Ok(fresh) => {
                            let cache = STATS.get_or_init(Default::default);
                            cache
                                .lock()
                                .expect("stats cache")
                                .insert(key, std::sync::Arc::new(fresh));
                        }
                        Err(e) => tracing::warn!("search statistics not sampled: {e}"),
                    }
                });
            }
            return Ok(s);
        }
        let fresh = std::sync::Arc::new(sample(pool).await?);
        cache
            .lock()
            .expect("stats cache")
            .insert(key, fresh.clone());
        Ok(fresh)
    }

    /// Samples about `SAMPLE_ROWS` entries (whole pages at random, the same pages for the
    /// count and the lexemes) and counts their lexemes.
    async fn sample(pool: &Pool<Db>) -> DbResult<Stats> {
        let rows: f64 = sqlx::query_scalar(
            "select greatest(reltuples, 0)::float8 from pg_class where oid = 'search_docs'::regclass",
        )
        .fetch_one(pool)
        .await?;
        let percent = if rows <= SAMPLE_ROWS {
            100.0
        } else {
            (100.0 * SAMPLE_ROWS / rows).max(0.001)
        };
        let from = format!("search_docs tablesample system ({percent:.4}) repeatable (7)");
        let sampled: i64 = sqlx::query_scalar(&format!("select count(*) from {from}"))
            .persistent(false)
            .fetch_one(pool)
            .await?;
        let seen: Vec<(String, i64)> = sqlx::query_as(&format!(
            "select word, ndoc::int8 from ts_stat('select terms from {from}') where ndoc >= $1"
        ))
        .bind(SEEN_AT_LEAST as i32)
        .persistent(false)
        .fetch_all(pool)
        .await?;
        let n = sampled.max(1) as f64;
        Ok(Stats {
            read_at: std::time::Instant::now(),
            share: seen
                .into_iter()
                .map(|(w, docs)| (w, docs as f64 / n))
                .collect(),
            rows: rows.max(sampled as f64),
        })
    }

    /// How many entries `expr` is expected to match: lexemes and parts multiply,
    /// alternatives add (less their overlap), as PostgreSQL's planner reckons.
    fn estimate(stats: &Stats, expr: &Expr) -> f64 {
        let lexeme = |l: &String| stats.share.get(l).copied().unwrap_or(0.0);
        let part = |alts: &Vec<Vec<String>>| {
            1.0 - alts
                .iter()
                .map(|alt| 1.0 - alt.iter().map(lexeme).product::<f64>())
                .product::<f64>()
        };
        stats.rows * expr.parts.iter().map(part).product::<f64>()
    }

    /// Heads the search's query with the matches of `expr` read once, at most `most + 1` of
    /// them (`matches` hands ids over instead, so the shared engine code alone uses this).
    pub fn push_in_index_head(qb: &mut QueryBuilder<'_, Db>, expr: &Expr, most: i64) {
        qb.push(
            "with m as materialized (select conversation_id as id from search_docs where terms @@ ",
        )
        .push_bind(tsquery(expr))
        .push("::tsquery limit ")
        .push_bind(most + 1)
        .push(") ");
    }

    /// Appends `c.id in (<the matches the head read>)`.
    pub fn push_in_index(qb: &mut QueryBuilder<'_, Db>) {
        qb.push("c.id in (select id from m)");
    }

    /// The conversations whose entries match, up to `limit` of them, in no order (of every
    /// workspace: the caller keeps its own).
    pub async fn matching(pool: &Pool<Db>, expr: &Expr, limit: i64) -> DbResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "select conversation_id from search_docs where terms @@ $1::tsquery limit $2",
        )
        .bind(tsquery(expr))
        .bind(limit)
        .fetch_all(pool)
        .await?)
    }

    /// Appends `c.id in (<ids>)`.
    pub fn push_ids(qb: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
        qb.push("c.id = any(").push_bind(ids.to_vec()).push(")");
    }

    /// Appends the condition that conversation `c`'s entry matches `expr`, looked at directly:
    /// a scalar look-up by primary key, which keeps the generic plan a walk by recency (as a
    /// join or `exists` it may read every match first).
    pub fn push_probe(qb: &mut QueryBuilder<'_, Db>, expr: &Expr) {
        // The query is read once per statement (an uncorrelated subquery), not once a row.
        qb.push("coalesce((select s.terms @@ (select ")
            .push_bind(tsquery(expr))
            .push("::tsquery) from search_docs s where s.conversation_id = c.id), false)");
    }

    /// A bulk load's insert of whole entries: its head, and the values of one entry.
    pub const PUT_HEAD: &str = "insert into search_docs (conversation_id, workspace_id, terms) ";
    pub const PUT_COLUMNS: usize = 3;

    pub fn push_put<'a>(
        b: &mut sqlx::query_builder::Separated<'_, 'a, Db, &'static str>,
        ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &'a BTreeSet<String>,
    ) {
        b.push_bind(conversation)
            .push_bind(ws)
            .push("array_to_tsvector(")
            .push_bind_unseparated(list(lexemes))
            .push_unseparated("::text[])");
    }

    /// The index's size on disk, in bytes (for the benchmark).
    pub async fn size(pool: &Pool<Db>) -> DbResult<i64> {
        Ok(
            sqlx::query_scalar("select pg_total_relation_size('search_docs')")
                .fetch_one(pool)
                .await?,
        )
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_estimate_multiplies_parts_and_adds_alternatives() {
            let stats = Stats {
                read_at: std::time::Instant::now(),
                share: [("m_a".to_string(), 0.5), ("m_b".to_string(), 0.2)].into(),
                rows: 1000.0,
            };
            let expr = |parts: &[&[&[&str]]]| Expr {
                parts: parts
                    .iter()
                    .map(|alts| {
                        alts.iter()
                            .map(|ls| ls.iter().map(|l| l.to_string()).collect())
                            .collect()
                    })
                    .collect(),
            };
            let near = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} != {b}");
            near(estimate(&stats, &expr(&[&[&["m_a"]]])), 500.0);
            near(estimate(&stats, &expr(&[&[&["m_zz"]]])), 0.0);
            // a and b: 0.5 × 0.2; a or b: 0.5 + 0.2 − 0.1.
            near(estimate(&stats, &expr(&[&[&["m_a"]], &[&["m_b"]]])), 100.0);
            near(estimate(&stats, &expr(&[&[&["m_a"], &["m_b"]]])), 600.0);
            near(estimate(&stats, &expr(&[&[&["m_a", "m_b"]]])), 100.0);
        }
    }
}
