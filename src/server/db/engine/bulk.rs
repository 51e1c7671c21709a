//! Customers and conversations of a workspace written with multi-row inserts: the path of
//! `import` (the demo) and of the large-workspace generator, which appends its workspace in
//! chunks, each in one transaction.
//!
//! Each statement carries at most [`MAX_BINDS`] parameters, under SQLite's limit (32,766) and
//! PostgreSQL's (65,535). Rows get their ids from the database: customers come back with
//! `returning id, name` (ids are handed out in the order of the VALUES list; the names check
//! it), conversations with their unique `(channel_id, customer_id)`.

use super::rows::{at, insert_events, insert_rows, opt, Event, MAX_BINDS};
use super::Db;
use crate::domain::{
    BranchId, ChannelId, ConvState, ConversationId, CustomerId, MemberId, MessageKind,
};
use crate::server::db::dataset::{member_index, ConversationSeed, CustomerSeed, MessageSeed};
use crate::server::db::{DbError, DbResult, WorkspaceIds};
use sqlx::{Pool, QueryBuilder, Transaction};
use std::collections::HashMap;

/// Writes `customers` (with their tags and channel identities) and `conversations` (with their
/// collaborators, read marks, messages and event log) inside `tx`. Conversations refer to
/// customers by position in `customers`, and to members, channels, branches and tags by
/// position in the workspace's dataset (`ids`). Last message, preview, inbound count and
/// waiting clock are derived from each conversation's messages.
pub async fn append(
    tx: &mut Transaction<'_, Db>,
    ids: &WorkspaceIds,
    customers: &[CustomerSeed],
    conversations: &[ConversationSeed],
) -> DbResult<()> {
    // A new workspace's history: nobody watches it yet, so it writes no live events.
    super::super::dialect::live_off(tx).await?;
    written(tx, ids, customers, conversations).await?;
    super::super::dialect::live_on(tx).await
}

async fn written(
    tx: &mut Transaction<'_, Db>,
    ids: &WorkspaceIds,
    customers: &[CustomerSeed],
    conversations: &[ConversationSeed],
) -> DbResult<()> {
    let ws = ids.workspace_id;
    let customer_ids = insert_customers(tx, ids, customers).await?;

    let mut tags = Vec::new();
    let mut identities = Vec::new();
    for (c, &id) in customers.iter().zip(&customer_ids) {
        for tag in &c.tags {
            tags.push((id, at(&ids.tags, *tag)?));
        }
        for (channel, external_id, display_name) in &c.identities {
            let channel = at(&ids.channels, *channel)?;
            identities.push((id, channel, external_id.as_str(), display_name.as_str(), c));
        }
    }
    insert_rows(
        tx,
        "insert into customer_tags (workspace_id, customer_id, tag_id) ",
        3,
        &tags,
        |b, (customer, tag)| {
            b.push_bind(ws).push_bind(*customer).push_bind(*tag);
        },
    )
    .await?;
    insert_rows(
        tx,
        "insert into customer_identities (workspace_id, customer_id, channel_id, external_id, display_name, created_at) ",
        6,
        &identities,
        |b, (customer, channel, external_id, display_name, c)| {
            b.push_bind(ws)
                .push_bind(*customer)
                .push_bind(*channel)
                .push_bind(*external_id)
                .push_bind(*display_name)
                .push_bind(c.created_at);
        },
    )
    .await?;

    let conv_ids = insert_conversations(tx, ids, &customer_ids, conversations).await?;

    let mut collaborators = Vec::new();
    let mut reads = Vec::new();
    let mut messages: Vec<(ConversationId, Option<MemberId>, &MessageSeed)> = Vec::new();
    let mut events = Vec::new();
    for (c, &conv) in conversations.iter().zip(&conv_ids) {
        for member in &c.collaborators {
            collaborators.push((conv, at(&ids.members, *member)?, c.created_at));
        }
        for (member, count) in &c.read_marks {
            reads.push((conv, at(&ids.members, *member)?, *count, c.created_at));
        }
        for m in &c.messages {
            messages.push((conv, opt(&ids.members, m.author)?, m));
        }
        for e in &c.events {
            events.push(Event {
                workspace_id: ws,
                conversation_id: conv,
                actor: opt(&ids.members, e.actor)?,
                change: e.change,
                from: e.from.map(|s| member_ids(s, &ids.members)).transpose()?,
                to: member_ids(e.to, &ids.members)?,
                detail: None,
                at: e.created_at,
            });
        }
    }
    insert_rows(
        tx,
        "insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_at) ",
        4,
        &collaborators,
        |b, (conv, member, added_at)| {
            b.push_bind(ws)
                .push_bind(*conv)
                .push_bind(*member)
                .push_bind(*added_at);
        },
    )
    .await?;
    insert_rows(
        tx,
        "insert into conversation_reads (workspace_id, conversation_id, member_id, read_inbound_count, read_at) ",
        5,
        &reads,
        |b, (conv, member, count, read_at)| {
            b.push_bind(ws)
                .push_bind(*conv)
                .push_bind(*member)
                .push_bind(*count)
                .push_bind(*read_at);
        },
    )
    .await?;
    insert_rows(
        tx,
        "insert into messages (workspace_id, conversation_id, kind, author_id, by_bot, body, delivery, created_at) ",
        8,
        &messages,
        |b, (conv, author, m)| {
            b.push_bind(ws)
                .push_bind(*conv)
                .push_bind(m.kind.as_str())
                .push_bind(*author)
                .push_bind(m.by_bot)
                .push_bind(m.body.as_str())
                .push_bind(m.delivery.map(|d| d.as_str()))
                .push_bind(m.created_at);
        },
    )
    .await?;
    insert_events(tx, &events).await?;
    search_entries(tx, ids, customers, conversations, &conv_ids).await
}

/// Each conversation's search entry: its customer's profile and its messages' words.
async fn search_entries(
    tx: &mut Transaction<'_, Db>,
    ids: &WorkspaceIds,
    customers: &[CustomerSeed],
    conversations: &[ConversationSeed],
    conv_ids: &[ConversationId],
) -> DbResult<()> {
    use crate::domain::search::{message_lexemes, profile_lexemes, Profile, MAX_DOC_LEXEMES};
    use std::collections::BTreeSet;
    let ws = ids.workspace_id;
    let tag_names: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("select id, name from tags where workspace_id = $1")
            .bind(ws)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    let mut profiles = Vec::with_capacity(customers.len());
    for c in customers {
        let mut tags = Vec::with_capacity(c.tags.len());
        for t in &c.tags {
            let id = at(&ids.tags, *t)?;
            tags.push((id, tag_names.get(&id).cloned().unwrap_or_default()));
        }
        profiles.push(profile_lexemes(&Profile {
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            note: c.note.clone(),
            tags,
        }));
    }
    // Generated and demo histories repeat their lines: each text is split once.
    let mut seen: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let mut docs = Vec::with_capacity(conversations.len());
    for (c, &conv) in conversations.iter().zip(conv_ids) {
        let mut lexemes = profiles.get(c.customer).cloned().ok_or_else(|| {
            DbError::Corrupt(format!("customer {} of a conversation", c.customer))
        })?;
        for m in &c.messages {
            if lexemes.len() >= MAX_DOC_LEXEMES {
                break;
            }
            let words = seen
                .entry(m.body.as_str())
                .or_insert_with(|| message_lexemes(&m.body));
            lexemes.extend(words.iter().cloned());
        }
        docs.push((conv, lexemes));
    }
    super::search::load(tx, ws, &docs).await
}

/// Inserts the customers and returns their ids, in the order of `customers`.
async fn insert_customers(
    tx: &mut Transaction<'_, Db>,
    ids: &WorkspaceIds,
    customers: &[CustomerSeed],
) -> DbResult<Vec<CustomerId>> {
    let ws = ids.workspace_id;
    let mut out = Vec::with_capacity(customers.len());
    for chunk in customers.chunks(MAX_BINDS / 8) {
        let rows = chunk
            .iter()
            .map(|c| Ok((c, opt(&ids.branches, c.branch)?)))
            .collect::<DbResult<Vec<_>>>()?;
        let mut qb = QueryBuilder::<Db>::new(
            "insert into customers (workspace_id, name, phone, email, note, branch_id, created_at, updated_at) ",
        );
        qb.push_values(rows, |mut b, (c, branch)| {
            b.push_bind(ws)
                .push_bind(c.name.as_str())
                .push_bind(c.phone.as_deref())
                .push_bind(c.email.as_deref())
                .push_bind(c.note.as_str())
                .push_bind(branch)
                .push_bind(c.created_at)
                .push_bind(c.created_at);
        });
        qb.push(" returning id, name");
        let mut got: Vec<(CustomerId, String)> = qb.build_query_as().fetch_all(&mut **tx).await?;
        got.sort_unstable_by_key(|r| r.0);
        if got.len() != chunk.len() || got.iter().zip(chunk).any(|(g, c)| g.1 != c.name) {
            return Err(DbError::Corrupt(
                "customer ids were not handed out in insertion order".into(),
            ));
        }
        out.extend(got.into_iter().map(|g| g.0));
    }
    Ok(out)
}

/// The columns of a conversation row that are derived from its seed.
struct ConvRow<'a> {
    seed: &'a ConversationSeed,
    channel: ChannelId,
    customer: CustomerId,
    branch: Option<BranchId>,
    state: ConvState,
    waiting_since: Option<i64>,
    last: Option<&'a MessageSeed>,
    inbound: i64,
}

/// Inserts the conversations and returns their ids, in the order of `conversations`.
async fn insert_conversations(
    tx: &mut Transaction<'_, Db>,
    ids: &WorkspaceIds,
    customer_ids: &[CustomerId],
    conversations: &[ConversationSeed],
) -> DbResult<Vec<ConversationId>> {
    let ws = ids.workspace_id;
    let mut by_key: HashMap<(ChannelId, CustomerId), ConversationId> =
        HashMap::with_capacity(conversations.len());
    let mut keys = Vec::with_capacity(conversations.len());
    for chunk in conversations.chunks(MAX_BINDS / 15) {
        let mut rows = Vec::with_capacity(chunk.len());
        for c in chunk {
            let row = ConvRow {
                seed: c,
                channel: at(&ids.channels, c.channel)?,
                customer: at(customer_ids, c.customer)?,
                branch: opt(&ids.branches, c.branch)?,
                state: member_ids(c.state, &ids.members)?,
                // Closed conversations wait for no one.
                waiting_since: if matches!(c.state, ConvState::Closed { .. }) {
                    None
                } else {
                    c.waiting_since()
                },
                last: c.last_visible(),
                inbound: c.inbound_count(),
            };
            keys.push((row.channel, row.customer));
            rows.push(row);
        }
        let mut qb = QueryBuilder::<Db>::new(
            "insert into conversations (workspace_id, channel_id, customer_id, branch_id, status, pending_handler, pending_reason,
                 owner_id, waiting_since, last_message_at, last_message_preview, last_message_kind, inbound_count, created_at, closed_at) ",
        );
        qb.push_values(rows, |mut b, r| {
            let c = r.seed;
            b.push_bind(ws)
                .push_bind(r.channel)
                .push_bind(r.customer)
                .push_bind(r.branch)
                .push_bind(r.state.status().as_str())
                .push_bind(r.state.handler().map(|h| h.as_str()))
                .push_bind(c.pending_reason.as_deref())
                .push_bind(r.state.owner())
                .push_bind(r.waiting_since)
                .push_bind(r.last.map_or(c.created_at, |m| m.created_at))
                .push_bind(r.last.map_or("", |m| crate::domain::preview(&m.body)))
                .push_bind(r.last.map_or(MessageKind::Inbound, |m| m.kind).as_str())
                .push_bind(r.inbound)
                .push_bind(c.created_at)
                .push_bind(c.closed_at);
        });
        qb.push(" returning id, channel_id, customer_id");
        let got: Vec<(ConversationId, ChannelId, CustomerId)> =
            qb.build_query_as().fetch_all(&mut **tx).await?;
        by_key.extend(got.into_iter().map(|(id, ch, cu)| ((ch, cu), id)));
    }
    keys.iter()
        .map(|k| {
            by_key.get(k).copied().ok_or_else(|| {
                DbError::Corrupt(format!("conversation {k:?} was not returned by its insert"))
            })
        })
        .collect()
}

/// Turns the member indexes inside a dataset's state into member ids.
fn member_ids(state: ConvState, members: &[MemberId]) -> DbResult<ConvState> {
    let id = |index| at(members, member_index(index));
    Ok(match state {
        ConvState::Pending(h) => ConvState::Pending(h),
        ConvState::InProgress { owner } => ConvState::InProgress { owner: id(owner)? },
        ConvState::Closed { last_owner } => ConvState::Closed {
            last_owner: last_owner.map(id).transpose()?,
        },
    })
}

/// Refreshes the query planner's statistics (after a bulk load).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    super::super::dialect::analyze(pool).await
}
