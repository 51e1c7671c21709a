//! Search (issue 13): each conversation's entry (the lexemes of its messages, notes and
//! customer, `domain::search`), written in the transaction of every write that changes them,
//! and the search itself.
//!
//! A search with words first learns from the dialect whether more entries match than its
//! `FROM_INDEX_AT_MOST` (SQLite from its newest matches, PostgreSQL from a sample, either
//! asking the index when unsure): a selective query reads exactly those conversations and orders them;
//! a common one walks the conversations newest first (`conversations_recent`, or the view's
//! own indexes when a status is picked) and looks into each one's entry, which finds a page
//! after a few hundred or thousand rows because so many match. Either way the member's scope
//! and every filter are conditions of the same SQL, so nothing hidden is ever read out.

use super::super::dialect::search as dialect;
use super::Db;
use crate::domain::search::{message_lexemes, profile_lexemes, Expr, Profile, MAX_DOC_LEXEMES};
use crate::domain::{ConversationId, CustomerId, MessageKind, WorkspaceId};
use crate::server::db::store::search::Matches;
use crate::server::db::{DbResult, SearchQuery, SearchRows};
use crate::wire::SearchCursor;
use sqlx::{Pool, QueryBuilder, Row, Transaction};
use std::collections::{BTreeSet, HashMap};

/// The lexemes of a customer's profile (fields and tags), read inside `tx`.
async fn profile_of(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    customer: CustomerId,
) -> DbResult<BTreeSet<String>> {
    let row: Option<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
        "select name, phone, email, note from customers where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(customer)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((name, phone, email, note)) = row else {
        return Ok(BTreeSet::new());
    };
    let tags: Vec<(i64, String)> = sqlx::query_as(
        "select t.id, t.name from customer_tags ct
         join tags t on t.workspace_id = ct.workspace_id and t.id = ct.tag_id
         where ct.workspace_id = $1 and ct.customer_id = $2",
    )
    .bind(ws)
    .bind(customer)
    .fetch_all(&mut **tx)
    .await?;
    Ok(profile_lexemes(&Profile {
        name,
        phone,
        email,
        note,
        tags,
    }))
}

/// A new conversation's entry: its customer, until its first message.
pub async fn opened(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    conversation: ConversationId,
    customer: CustomerId,
) -> DbResult<()> {
    let lexemes = profile_of(tx, ws, customer).await?;
    dialect::put(tx, ws, conversation, &lexemes).await
}

/// Adds a message's or note's words to its conversation's entry (a conversation without one,
/// from before search, gets its whole entry).
pub async fn written(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    conversation: ConversationId,
    body: &str,
) -> DbResult<()> {
    let lexemes = message_lexemes(body);
    if lexemes.is_empty() {
        return Ok(());
    }
    if !dialect::add(tx, ws, conversation, &lexemes, MAX_DOC_LEXEMES).await? {
        rebuild(tx, ws, conversation).await?;
    }
    Ok(())
}

/// Writes a conversation's entry from scratch: its customer, then its messages and notes
/// oldest first, up to the limit.
pub async fn rebuild(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    conversation: ConversationId,
) -> DbResult<()> {
    let customer: Option<CustomerId> = sqlx::query_scalar(
        "select customer_id from conversations where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(conversation)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(customer) = customer else {
        return Ok(());
    };
    let mut lexemes = profile_of(tx, ws, customer).await?;
    let bodies: Vec<String> = sqlx::query_scalar(
        "select body from messages where workspace_id = $1 and conversation_id = $2
         and kind <> 'system' order by id",
    )
    .bind(ws)
    .bind(conversation)
    .fetch_all(&mut **tx)
    .await?;
    for body in bodies {
        if lexemes.len() >= MAX_DOC_LEXEMES {
            break;
        }
        lexemes.extend(message_lexemes(&body));
    }
    dialect::put(tx, ws, conversation, &lexemes).await
}

/// After a customer's fields or tags changed: each of their conversations' entries gets the
/// new profile.
pub async fn customer_changed(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    customer: CustomerId,
) -> DbResult<()> {
    let profile = profile_of(tx, ws, customer).await?;
    let conversations: Vec<ConversationId> = sqlx::query_scalar(
        "select id from conversations where workspace_id = $1 and customer_id = $2",
    )
    .bind(ws)
    .bind(customer)
    .fetch_all(&mut **tx)
    .await?;
    dialect::reprofile(tx, ws, &conversations, &profile).await
}

/// Writes whole entries of a bulk load: each conversation's customer and messages.
pub async fn load(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    docs: &[(ConversationId, BTreeSet<String>)],
) -> DbResult<()> {
    super::rows::insert_rows(
        tx,
        dialect::PUT_HEAD,
        dialect::PUT_COLUMNS,
        docs,
        |b, (c, l)| dialect::push_put(b, ws, *c, l),
    )
    .await
}

/// Gives every conversation without an entry (from before search) its entry, `batch` at a
/// time, each batch one transaction; returns how many it wrote.
pub async fn backfill(pool: &Pool<Db>, batch: i64) -> DbResult<u64> {
    let mut done = 0;
    loop {
        let missing: Vec<(WorkspaceId, ConversationId)> = sqlx::query_as(
            "select c.workspace_id, c.id from conversations c
             where not exists (select 1 from search_docs s where s.conversation_id = c.id)
             order by c.id limit $1",
        )
        .bind(batch)
        .fetch_all(pool)
        .await?;
        if missing.is_empty() {
            return Ok(done);
        }
        let mut tx = pool.begin().await?;
        for (ws, c) in &missing {
            rebuild(&mut tx, *ws, *c).await?;
        }
        tx.commit().await?;
        done += missing.len() as u64;
    }
}

/// One page of results (see the module's notes), with the page's rows joined to their
/// customer, channel and owner, and their collaborators.
pub async fn search(pool: &Pool<Db>, q: &SearchQuery) -> DbResult<SearchRows> {
    if q.owners.as_ref().is_some_and(Vec::is_empty) {
        return Ok(SearchRows::default());
    }
    let most = q.index_limit.unwrap_or(dialect::FROM_INDEX_AT_MOST);
    let found = if q.expr.is_empty() {
        Matches::Many
    } else {
        dialect::matches(pool, &q.expr, most).await?
    };
    if matches!(found, Matches::None) {
        return Ok(SearchRows::default());
    }
    match page(pool, q, &found, most).await? {
        Some(rows) => Ok(rows),
        // The index held more than `most` matches after all: walk.
        None => Ok(page(pool, q, &Matches::Many, most)
            .await?
            .unwrap_or_default()),
    }
}

/// The page by the path `found` says; `None` when the index, read inline, held more than
/// `most` matches (the page would then miss some).
async fn page(
    pool: &Pool<Db>,
    q: &SearchQuery,
    found: &Matches,
    most: i64,
) -> DbResult<Option<SearchRows>> {
    let from_index = !matches!(found, Matches::Many | Matches::None);
    let inline = matches!(found, Matches::FewInIndex);
    let mut qb = QueryBuilder::<Db>::new("");
    if inline {
        dialect::push_in_index_head(&mut qb, &q.expr, most);
    }
    qb.push(
        "select p.*, cu.name as customer_name, cu.avatar_url as customer_avatar_url,
                ch.kind as channel_kind, o.name as owner_name, o.avatar_url as owner_avatar_url,
                cm.id as collaborator_id, cm.name as collaborator_name,
                cm.avatar_url as collaborator_avatar_url",
    );
    // Read inline, how many matches there were comes along (a row even with no page).
    qb.push(if inline {
        ", k.matched from (select count(*) as matched from m) k left join ("
    } else {
        " from ("
    });
    qb.push(
        "select c.id, c.version, c.workspace_id, c.customer_id, c.channel_id, c.status,
                c.pending_handler, c.last_message_at, c.last_message_preview, c.waiting_since,
                c.pending_reason,
                c.inbound_count - coalesce(r.read_inbound_count, 0) as unread, c.owner_id
         from conversations c
         left join conversation_reads r on r.conversation_id = c.id and r.member_id = ",
    );
    qb.push_bind(q.me).push(" where ");
    match found {
        Matches::Few(ids) => {
            dialect::push_ids(&mut qb, ids);
            qb.push(" and ");
        }
        Matches::FewInIndex => {
            dialect::push_in_index(&mut qb);
            qb.push(" and ");
        }
        Matches::None | Matches::Many => {}
    }
    push_conditions(&mut qb, q);
    if !from_index && !q.expr.is_empty() {
        qb.push(" and ");
        dialect::push_probe(&mut qb, &q.expr);
    }
    // Read from the index, the rows are ordered here (a few thousand at most); walked, they
    // come in the index's order.
    let order = if from_index {
        " order by c.last_message_at + 0 desc, c.id + 0 desc limit "
    } else {
        " order by c.last_message_at desc, c.id desc limit "
    };
    qb.push(order).push(q.limit + 1);
    qb.push(if inline { ") p on true" } else { ") p" });
    qb.push(
        "
         left join customers cu on cu.workspace_id = p.workspace_id and cu.id = p.customer_id
         left join channels ch on ch.workspace_id = p.workspace_id and ch.id = p.channel_id
         left join members o on o.workspace_id = p.workspace_id and o.id = p.owner_id
         left join conversation_collaborators cc
           on cc.workspace_id = p.workspace_id and cc.conversation_id = p.id
         left join members cm on cm.workspace_id = cc.workspace_id and cm.id = cc.member_id
         order by p.last_message_at desc, p.id desc, cc.added_at, cm.id",
    );
    // The collaborators come in the same query, a row of the page for each (none: one).
    let mut rows: Vec<crate::wire::ConversationRow> = Vec::new();
    for r in qb.build().fetch_all(pool).await? {
        if inline && r.try_get::<i64, _>("matched")? > most {
            return Ok(None);
        }
        let Some(id) = r.try_get::<Option<ConversationId>, _>("id")? else {
            continue;
        };
        if rows.last().map(|row| row.id) != Some(id) {
            rows.push(super::inbox::conversation_row(&r)?);
        }
        let row = rows.last_mut().expect("pushed above");
        if let Some(member) = r.try_get::<Option<crate::domain::MemberId>, _>("collaborator_id")? {
            if row.members.len() < 3 && !row.members.iter().any(|x| x.id == member) {
                row.members.push(crate::wire::MemberBadge {
                    id: member,
                    name: r.try_get("collaborator_name")?,
                    avatar_url: r.try_get("collaborator_avatar_url")?,
                });
            }
        }
    }
    let more = rows.len() as i64 > q.limit;
    rows.truncate(q.limit as usize);
    let next = if more {
        rows.last().map(|r| SearchCursor {
            last_message_at: r.last_message_at,
            id: r.id,
        })
    } else {
        None
    };
    Ok(Some(SearchRows {
        rows,
        next,
        from_index,
    }))
}

/// Appends the workspace, the member's scope and every filter, for conversations `c`.
fn push_conditions(qb: &mut QueryBuilder<'_, Db>, q: &SearchQuery) {
    qb.push("c.workspace_id = ").push_bind(q.workspace_id);
    super::inbox::push_scope(qb, q.workspace_id, &q.scope);
    if !q.statuses.is_empty() {
        qb.push(" and (");
        for (i, (status, handler)) in q.statuses.iter().enumerate() {
            if i > 0 {
                qb.push(" or ");
            }
            qb.push("(c.status = '").push(status.as_str()).push("'");
            if let Some(h) = handler {
                qb.push(" and c.pending_handler = '")
                    .push(h.as_str())
                    .push("'");
            }
            qb.push(")");
        }
        qb.push(")");
    }
    if let Some(ch) = q.channel {
        qb.push(" and c.channel_id = ").push_bind(ch);
    }
    if let Some(from) = q.from {
        qb.push(" and c.last_message_at >= ").push_bind(from);
    }
    if let Some(to) = q.to {
        qb.push(" and c.last_message_at < ").push_bind(to);
    }
    if let Some(owners) = &q.owners {
        let ids: Vec<i64> = owners.iter().map(|m| m.get()).collect();
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        // Member ids read from the workspace's own members (never the client's), as numbers.
        qb.push(" and (c.owner_id in (").push(&list).push(")");
        if q.with_collaborations {
            qb.push(
                " or exists (select 1 from conversation_collaborators cm
                   where cm.conversation_id = c.id and cm.member_id in (",
            )
            .push(&list)
            .push("))");
        }
        qb.push(")");
    }
    if let Some(after) = q.after {
        qb.push(" and (c.last_message_at < ")
            .push_bind(after.last_message_at)
            .push(" or (c.last_message_at = ")
            .push_bind(after.last_message_at)
            .push(" and c.id < ")
            .push_bind(after.id)
            .push("))");
    }
}

/// The newest messages and notes of each conversation (at most `per` each), newest first: the
/// texts a result's excerpt is taken from. One query for the page.
pub async fn recent_texts(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    conversations: &[ConversationId],
    per: i64,
) -> DbResult<HashMap<ConversationId, Vec<(MessageKind, String)>>> {
    let mut out: HashMap<ConversationId, Vec<(MessageKind, String)>> = HashMap::new();
    if conversations.is_empty() {
        return Ok(out);
    }
    let mut qb = QueryBuilder::<Db>::new(
        "select conversation_id, kind, body from (
             select m.conversation_id, m.kind, m.body, m.id,
                    row_number() over (partition by m.conversation_id order by m.id desc) as n
             from messages m where m.workspace_id = ",
    );
    qb.push_bind(ws)
        .push(" and m.kind <> 'system' and m.conversation_id in (");
    let mut sep = qb.separated(", ");
    for c in conversations {
        sep.push_bind(*c);
    }
    qb.push(")) t where n <= ")
        .push(per)
        .push(" order by conversation_id, id desc");
    let rows: Vec<(ConversationId, String, String)> = qb.build_query_as().fetch_all(pool).await?;
    for (c, kind, body) in rows {
        let kind = super::parse("messages.kind", &kind, MessageKind::parse)?;
        out.entry(c).or_default().push((kind, body));
    }
    Ok(out)
}

/// A conversation's entry, for tests: its lexemes, or `None`.
pub async fn entry(
    pool: &Pool<Db>,
    conversation: ConversationId,
) -> DbResult<Option<BTreeSet<String>>> {
    let mut tx = pool.begin().await?;
    let out = dialect::entry(&mut tx, conversation).await?;
    tx.rollback().await?;
    Ok(out)
}

/// Which of `conversations` an expression matches, read through the index (for tests, which
/// compare it with [`Expr::matches`] on the entries).
pub async fn matching(pool: &Pool<Db>, expr: &Expr, limit: i64) -> DbResult<Vec<i64>> {
    dialect::matching(pool, expr, limit).await
}

#[async_trait::async_trait]
impl crate::server::db::SearchStore for super::SqlStore {
    async fn search(&self, q: &SearchQuery) -> DbResult<SearchRows> {
        search(&self.read, q).await
    }

    async fn members_matching(
        &self,
        workspace: WorkspaceId,
        c: &crate::server::db::MemberCriteria,
    ) -> DbResult<Vec<crate::domain::MemberId>> {
        let mut qb = QueryBuilder::<Db>::new("select id from members m where m.workspace_id = ");
        qb.push_bind(workspace);
        if !c.roles.is_empty() {
            qb.push(" and m.role in (");
            let mut sep = qb.separated(", ");
            for r in &c.roles {
                sep.push_bind(r.as_str());
            }
            qb.push(")");
        }
        if let Some(region) = c.region {
            qb.push(" and m.region_id = ").push_bind(region);
        }
        if let Some(branch) = c.branch {
            qb.push(" and m.branch_id = ").push_bind(branch);
        }
        if let Some(member) = c.member {
            qb.push(" and m.id = ").push_bind(member);
        }
        qb.push(" order by m.id");
        Ok(qb.build_query_scalar().fetch_all(&self.read).await?)
    }

    async fn recent_texts(
        &self,
        workspace: WorkspaceId,
        conversations: &[ConversationId],
        per: i64,
    ) -> DbResult<HashMap<ConversationId, Vec<(MessageKind, String)>>> {
        recent_texts(&self.read, workspace, conversations, per).await
    }

    async fn customer_fields(
        &self,
        workspace: WorkspaceId,
        customers: &[CustomerId],
    ) -> DbResult<HashMap<CustomerId, crate::server::db::CustomerFields>> {
        let mut out = HashMap::new();
        if customers.is_empty() {
            return Ok(out);
        }
        let mut qb = QueryBuilder::<Db>::new(
            "select id, name, phone, email, note from customers where workspace_id = ",
        );
        qb.push_bind(workspace).push(" and id in (");
        let mut sep = qb.separated(", ");
        for c in customers {
            sep.push_bind(*c);
        }
        qb.push(")");
        let rows: Vec<(CustomerId, String, Option<String>, Option<String>, String)> =
            qb.build_query_as().fetch_all(&self.read).await?;
        for (id, name, phone, email, note) in rows {
            out.insert(
                id,
                crate::server::db::CustomerFields {
                    name,
                    phone,
                    email,
                    note,
                    tags: Vec::new(),
                },
            );
        }
        let mut qb = QueryBuilder::<Db>::new(
            "select ct.customer_id, t.name from customer_tags ct
             join tags t on t.workspace_id = ct.workspace_id and t.id = ct.tag_id
             where ct.workspace_id = ",
        );
        qb.push_bind(workspace).push(" and ct.customer_id in (");
        let mut sep = qb.separated(", ");
        for c in customers {
            sep.push_bind(*c);
        }
        qb.push(") order by t.name");
        let tags: Vec<(CustomerId, String)> = qb.build_query_as().fetch_all(&self.read).await?;
        for (c, name) in tags {
            if let Some(f) = out.get_mut(&c) {
                f.tags.push(name);
            }
        }
        Ok(out)
    }

    async fn search_options(&self, ws: WorkspaceId) -> DbResult<crate::wire::SearchOptions> {
        use crate::domain::{BranchId, ChannelId, ChannelKind, MemberId, RegionId, Role, TagId};
        let tags: Vec<(TagId, String)> =
            sqlx::query_as("select id, name from tags where workspace_id = $1 order by name")
                .bind(ws)
                .fetch_all(&self.read)
                .await?;
        let channels: Vec<(ChannelId, String, String)> = sqlx::query_as(
            "select id, kind, name from channels where workspace_id = $1 order by id",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        let regions: Vec<(RegionId, String)> =
            sqlx::query_as("select id, name from regions where workspace_id = $1 order by name")
                .bind(ws)
                .fetch_all(&self.read)
                .await?;
        let branches: Vec<(BranchId, RegionId, String)> = sqlx::query_as(
            "select id, region_id, name from branches where workspace_id = $1 order by name",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        let members: Vec<(MemberId, String, String, Option<BranchId>)> = sqlx::query_as(
            "select id, name, role, branch_id from members where workspace_id = $1 order by name",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        Ok(crate::wire::SearchOptions {
            tags,
            channels: channels
                .into_iter()
                .map(|(id, kind, name)| {
                    Ok((
                        id,
                        super::parse("channels.kind", &kind, ChannelKind::parse)?,
                        name,
                    ))
                })
                .collect::<DbResult<_>>()?,
            regions,
            branches,
            members: members
                .into_iter()
                .map(|(id, name, role, branch)| {
                    Ok((
                        id,
                        name,
                        super::parse("members.role", &role, Role::parse)?,
                        branch,
                    ))
                })
                .collect::<DbResult<_>>()?,
        })
    }

    async fn search_backfill(&self) -> DbResult<u64> {
        backfill(&self.write, 200).await
    }

    async fn reindex_stale(&self, limit: i64) -> DbResult<usize> {
        // Most of the time there is nothing: asked of a reader, so the writer is not taken.
        let any: Option<i64> = sqlx::query_scalar("select customer_id from search_stale limit 1")
            .fetch_optional(&self.read)
            .await?;
        if any.is_none() {
            return Ok(0);
        }
        let mut tx = self.write.begin().await?;
        let stale = super::super::dialect::claim_stale(&mut tx, limit).await?;
        for &(ws, customer) in &stale {
            customer_changed(&mut tx, ws, customer).await?;
        }
        tx.commit().await?;
        Ok(stale.len())
    }

    async fn search_entry(
        &self,
        conversation: ConversationId,
    ) -> DbResult<Option<BTreeSet<String>>> {
        entry(&self.read, conversation).await
    }

    async fn search_index_matching(&self, expr: &Expr, limit: i64) -> DbResult<Vec<i64>> {
        matching(&self.read, expr, limit).await
    }

    async fn search_index_size(&self) -> DbResult<i64> {
        dialect::size(&self.read).await
    }
}
