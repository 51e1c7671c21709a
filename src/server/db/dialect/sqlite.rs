//! SQL only SQLite speaks: the one place the shared engine code (`engine/`) calls into for
//! what the engines do differently (statistics now; full-text search with FTS5 next).

use super::Db;
use crate::server::db::DbResult;
use sqlx::Pool;

/// One connection writes at a time: the messages of one webhook body share a transaction
/// (`engine/inbound.rs`, `ingest_many`), a commit per body instead of one per message.
pub const ONE_WRITER: bool = true;

/// Refreshes the planner's statistics after a bulk load, and lets SQLite apply what it
/// learned (`pragma optimize`); merges the search index's segments into one (a bulk load
/// leaves dozens, and a word is looked up in each).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    sqlx::query("insert into search_index (search_index) values ('optimize')")
        .execute(pool)
        .await?;
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

/// Takes up to `limit` customers whose search entries are stale (`search_stale`) inside the
/// transaction that rewrites them; SQLite has one writer: nobody else claims meanwhile.
pub async fn claim_stale(
    tx: &mut sqlx::Transaction<'_, Db>,
    limit: i64,
) -> DbResult<Vec<(crate::domain::WorkspaceId, crate::domain::CustomerId)>> {
    Ok(sqlx::query_as(
        "delete from search_stale where rowid in (select rowid from search_stale limit $1)
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

/// Search (`engine/search.rs`): a conversation's entry is its lexemes, space-separated with a
/// space at each end, in `search_docs.terms`; FTS5 (`search_index`) indexes them.
pub mod search {
    use super::Db;
    use crate::domain::search::Expr;
    use crate::domain::{ConversationId, WorkspaceId};
    use crate::server::db::DbResult;
    use sqlx::{Pool, QueryBuilder, Transaction};
    use std::collections::BTreeSet;

    /// A selective query is read from the index when it matches at most this many entries;
    /// past that the conversations are walked by recency and each entry looked into.
    pub const FROM_INDEX_AT_MOST: i64 = 10_000;

    fn spelled(lexemes: &BTreeSet<String>) -> String {
        let mut out = String::with_capacity(lexemes.len() * 8 + 1);
        out.push(' ');
        for l in lexemes {
            out.push_str(l);
            out.push(' ');
        }
        out
    }

    /// The entry of a conversation: its lexemes, or `None` when it has none yet.
    pub async fn entry(
        tx: &mut Transaction<'_, Db>,
        conversation: ConversationId,
    ) -> DbResult<Option<BTreeSet<String>>> {
        let terms: Option<String> =
            sqlx::query_scalar("select terms from search_docs where conversation_id = $1")
                .bind(conversation)
                .fetch_optional(&mut **tx)
                .await?;
        Ok(terms.map(|t| t.split_whitespace().map(str::to_owned).collect()))
    }

    /// Writes a conversation's whole entry.
    pub async fn put(
        tx: &mut Transaction<'_, Db>,
        ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &BTreeSet<String>,
    ) -> DbResult<()> {
        sqlx::query(
            "insert into search_docs (conversation_id, workspace_id, lexemes, terms) values ($1, $2, $3, $4)
             on conflict (conversation_id) do update set lexemes = excluded.lexemes, terms = excluded.terms",
        )
        .bind(conversation)
        .bind(ws)
        .bind(lexemes.len() as i64)
        .bind(spelled(lexemes))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Adds lexemes to a conversation's entry (up to `most` in all); false when it has no entry.
    pub async fn add(
        tx: &mut Transaction<'_, Db>,
        ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &BTreeSet<String>,
        most: usize,
    ) -> DbResult<bool> {
        let Some(mut have) = entry(tx, conversation).await? else {
            return Ok(false);
        };
        let before = have.len();
        if before >= most {
            return Ok(true);
        }
        have.extend(lexemes.iter().cloned());
        if have.len() > before {
            put(tx, ws, conversation, &have).await?;
        }
        Ok(true)
    }

    /// Replaces the customer's part of each of `conversations`' entries with `profile`.
    pub async fn reprofile(
        tx: &mut Transaction<'_, Db>,
        ws: WorkspaceId,
        conversations: &[ConversationId],
        profile: &BTreeSet<String>,
    ) -> DbResult<()> {
        for &c in conversations {
            let Some(have) = entry(tx, c).await? else {
                continue;
            };
            let mut next: BTreeSet<String> = have
                .into_iter()
                .filter(|l| crate::domain::search::is_message_lexeme(l))
                .collect();
            next.extend(profile.iter().cloned());
            put(tx, ws, c, &next).await?;
        }
        Ok(())
    }

    /// The FTS5 query of an expression: parts and, alternatives or, lexemes and.
    fn fts_query(expr: &Expr) -> String {
        expr.spell('"', " AND ", " OR ")
    }

    /// Matches read first to judge how common the words are: the newest this many.
    const SAMPLE: i64 = 64;

    /// Whether any, a few (at most `most`) or many entries match. The newest `SAMPLE` matches
    /// are read first (FTS5 walks a doclist backwards by rowid, so this costs those few
    /// postings): fewer are all of them, handed over by id; otherwise how far back the last of them lies tells
    /// how common the words are, and words common enough to match more than `most` of all the
    /// entries go to the walk without reading their whole doclist. Between the two the search
    /// reads the index inline, once, counting as it goes (handing thousands of ids over to the
    /// caller would cost more than the search).
    pub async fn matches(
        pool: &Pool<Db>,
        expr: &Expr,
        most: i64,
    ) -> DbResult<crate::server::db::store::search::Matches> {
        use crate::server::db::store::search::Matches;
        let query = fts_query(expr);
        // (A search given a small `most`, as tests do, samples fewer.)
        let sample = SAMPLE.min((most / 8).max(1));
        let (n, ids, oldest, newest): (i64, Option<String>, Option<i64>, Option<i64>) =
            sqlx::query_as(
                "select count(*), group_concat(rowid), min(rowid),
                        (select max(conversation_id) from search_docs)
                 from (select rowid from search_index where search_index match $1
                       order by rowid desc limit $2)",
            )
            .bind(&query)
            .bind(sample)
            .fetch_one(pool)
            .await?;
        if n == 0 {
            return Ok(Matches::None);
        }
        if n < sample {
            // All of them: handed over, the search reads them without asking the index again.
            return Ok(if n > most {
                Matches::Many
            } else {
                Matches::Few(
                    ids.unwrap_or_default()
                        .split(',')
                        .filter_map(|id| id.parse().ok())
                        .collect(),
                )
            });
        }
        // Conversation ids are given in order, so the newest id is about how many entries
        // there are, and `sample` matches among the newest `span` of them say the rest.
        if let (Some(oldest), Some(newest)) = (oldest, newest) {
            let span = (newest - oldest + 1).max(1);
            if sample.saturating_mul(newest) / span > most {
                return Ok(Matches::Many);
            }
        }
        // Probably a few: the search reads them once and counts them as it goes
        // (`push_in_index`), walking instead if there were more after all.
        Ok(Matches::FewInIndex)
    }

    /// Heads the search's query with the matches of `expr` read once, at most `most + 1` of
    /// them (`with m as materialized (…)`); `push_in_index` reads from it, and the search counts it.
    pub fn push_in_index_head(qb: &mut QueryBuilder<'_, Db>, expr: &Expr, most: i64) {
        qb.push("with m as materialized (select rowid as id from search_index where search_index match ")
            .push_bind(fts_query(expr))
            .push(" limit ")
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
            "select rowid from search_index where search_index match $1 limit $2",
        )
        .bind(fts_query(expr))
        .bind(limit)
        .fetch_all(pool)
        .await?)
    }

    /// Appends `c.id in (<ids>)`.
    pub fn push_ids(qb: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        qb.push("c.id in (select value from json_each(")
            .push_bind(list)
            .push("))");
    }

    /// Appends the condition that conversation `c`'s entry matches `expr`, looked at directly.
    pub fn push_probe(qb: &mut QueryBuilder<'_, Db>, expr: &Expr) {
        qb.push("exists (select 1 from search_docs s where s.conversation_id = c.id and ");
        push_terms(qb, expr);
        qb.push(")");
    }

    fn push_terms(qb: &mut QueryBuilder<'_, Db>, expr: &Expr) {
        qb.push("(");
        for (i, alts) in expr.parts.iter().enumerate() {
            if i > 0 {
                qb.push(" and ");
            }
            qb.push("(");
            for (j, alt) in alts.iter().enumerate() {
                if j > 0 {
                    qb.push(" or ");
                }
                qb.push("(");
                for (k, l) in alt.iter().enumerate() {
                    if k > 0 {
                        qb.push(" and ");
                    }
                    qb.push("instr(s.terms, ")
                        .push_bind(format!(" {l} "))
                        .push(") > 0");
                }
                qb.push(")");
            }
            qb.push(")");
        }
        qb.push(")");
    }

    /// A bulk load's insert of whole entries: its head, and the values of one entry.
    pub const PUT_HEAD: &str =
        "insert into search_docs (conversation_id, workspace_id, lexemes, terms) ";
    pub const PUT_COLUMNS: usize = 4;

    pub fn push_put<'a>(
        b: &mut sqlx::query_builder::Separated<'_, 'a, Db, &'static str>,
        ws: WorkspaceId,
        conversation: ConversationId,
        lexemes: &'a BTreeSet<String>,
    ) {
        b.push_bind(conversation)
            .push_bind(ws)
            .push_bind(lexemes.len() as i64)
            .push_bind(spelled(lexemes));
    }

    /// The index's size on disk, in bytes (for the benchmark).
    pub async fn size(pool: &Pool<Db>) -> DbResult<i64> {
        Ok(sqlx::query_scalar(
            "select coalesce(sum(pgsize), 0) from dbstat where name in ('search_docs')
                or name like 'search_index%'",
        )
        .fetch_one(pool)
        .await
        .unwrap_or(0))
    }
}
