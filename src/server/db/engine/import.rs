//! Writing a whole [`Dataset`] in one transaction.

use super::conversation::{insert_event, Event};
use super::Db;
use crate::domain::{ConvState, WorkspaceId};
use crate::server::db::dataset::{ConversationSeed, Dataset};
use crate::server::db::{DbError, DbResult};
use sqlx::{Pool, QueryBuilder, Transaction};

/// Rows per multi-row insert: well under both engines' bind-parameter limits.
const CHUNK: usize = 200;

pub async fn import(pool: &Pool<Db>, d: &Dataset) -> DbResult<WorkspaceId> {
    let mut tx = pool.begin().await?;
    let ws: i64 = sqlx::query_scalar(
        "insert into workspaces (name, created_at) values ($1, $2) returning id",
    )
    .bind(&d.name)
    .bind(d.created_at)
    .fetch_one(&mut *tx)
    .await?;

    let mut regions = Vec::with_capacity(d.regions.len());
    for name in &d.regions {
        regions.push(
            insert_id(
                &mut tx,
                "insert into regions (workspace_id, name) values ($1, $2) returning id",
                ws,
                name,
            )
            .await?,
        );
    }
    let mut branches = Vec::with_capacity(d.branches.len());
    for (region, name) in &d.branches {
        let id: i64 = sqlx::query_scalar(
            "insert into branches (workspace_id, region_id, name) values ($1, $2, $3) returning id",
        )
        .bind(ws)
        .bind(at(&regions, *region)?)
        .bind(name)
        .fetch_one(&mut *tx)
        .await?;
        branches.push(id);
    }
    let mut members = Vec::with_capacity(d.members.len());
    for m in &d.members {
        let id: i64 = sqlx::query_scalar(
            "insert into members (workspace_id, email, name, password_hash, role, region_id, branch_id, lang, active, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, true, $9) returning id",
        )
        .bind(ws)
        .bind(m.email.to_lowercase())
        .bind(&m.name)
        .bind(&m.password_hash)
        .bind(m.role.as_str())
        .bind(opt(&regions, m.region)?)
        .bind(opt(&branches, m.branch)?)
        .bind(m.lang.as_str())
        .bind(d.created_at)
        .fetch_one(&mut *tx)
        .await?;
        members.push(id);
    }
    let mut channels = Vec::with_capacity(d.channels.len());
    for c in &d.channels {
        let id: i64 = sqlx::query_scalar(
            "insert into channels (workspace_id, kind, name, external_id, branch_id, created_at)
             values ($1, $2, $3, $4, $5, $6) returning id",
        )
        .bind(ws)
        .bind(c.kind.as_str())
        .bind(&c.name)
        .bind(&c.external_id)
        .bind(opt(&branches, c.branch)?)
        .bind(d.created_at)
        .fetch_one(&mut *tx)
        .await?;
        channels.push(id);
    }
    let mut tags = Vec::with_capacity(d.tags.len());
    for name in &d.tags {
        let id: i64 = sqlx::query_scalar(
            "insert into tags (workspace_id, name, created_at) values ($1, $2, $3) returning id",
        )
        .bind(ws)
        .bind(name)
        .bind(d.created_at)
        .fetch_one(&mut *tx)
        .await?;
        tags.push(id);
    }
    let mut customers = Vec::with_capacity(d.customers.len());
    for c in &d.customers {
        let id: i64 = sqlx::query_scalar(
            "insert into customers (workspace_id, name, phone, email, note, branch_id, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
        )
        .bind(ws)
        .bind(&c.name)
        .bind(&c.phone)
        .bind(&c.email)
        .bind(&c.note)
        .bind(opt(&branches, c.branch)?)
        .bind(c.created_at)
        .fetch_one(&mut *tx)
        .await?;
        for tag in &c.tags {
            sqlx::query(
                "insert into customer_tags (workspace_id, customer_id, tag_id) values ($1, $2, $3)",
            )
            .bind(ws)
            .bind(id)
            .bind(at(&tags, *tag)?)
            .execute(&mut *tx)
            .await?;
        }
        for (channel, external_id, display_name) in &c.identities {
            sqlx::query(
                "insert into customer_identities (workspace_id, customer_id, channel_id, external_id, display_name, created_at)
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(ws)
            .bind(id)
            .bind(at(&channels, *channel)?)
            .bind(external_id)
            .bind(display_name)
            .bind(c.created_at)
            .execute(&mut *tx)
            .await?;
        }
        customers.push(id);
    }
    let ids = Ids {
        ws,
        branches,
        members,
        channels,
        customers,
    };
    for chunk in d.conversations.chunks(CHUNK) {
        for c in chunk {
            import_conversation(&mut tx, &ids, c).await?;
        }
    }
    tx.commit().await?;
    Ok(ws)
}

struct Ids {
    ws: i64,
    branches: Vec<i64>,
    members: Vec<i64>,
    channels: Vec<i64>,
    customers: Vec<i64>,
}

async fn import_conversation(
    tx: &mut Transaction<'_, Db>,
    ids: &Ids,
    c: &ConversationSeed,
) -> DbResult<()> {
    let ws = ids.ws;
    let state = member_ids(c.state, &ids.members)?;
    let last = c.last_visible();
    let conv: i64 = sqlx::query_scalar(
        "insert into conversations (workspace_id, channel_id, customer_id, branch_id, status, pending_handler, pending_reason,
             owner_id, waiting_since, last_message_at, last_message_preview, last_message_kind, inbound_count, created_at, closed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id",
    )
    .bind(ws)
    .bind(at(&ids.channels, c.channel)?)
    .bind(at(&ids.customers, c.customer)?)
    .bind(opt(&ids.branches, c.branch)?)
    .bind(state.status().as_str())
    .bind(state.handler().map(|h| h.as_str()))
    .bind(&c.pending_reason)
    .bind(state.owner())
    // Closed conversations wait for no one.
    .bind(if matches!(c.state, ConvState::Closed { .. }) { None } else { c.waiting_since() })
    .bind(last.map_or(c.created_at, |m| m.created_at))
    .bind(last.map_or("", |m| crate::domain::preview(&m.body)))
    .bind(last.map_or("inbound", |m| m.kind.as_str()))
    .bind(c.inbound_count())
    .bind(c.created_at)
    .bind(c.closed_at)
    .fetch_one(&mut **tx)
    .await?;

    for member in &c.collaborators {
        sqlx::query("insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_at) values ($1, $2, $3, $4)")
            .bind(ws)
            .bind(conv)
            .bind(at(&ids.members, *member)?)
            .bind(c.created_at)
            .execute(&mut **tx)
            .await?;
    }
    for (member, count) in &c.read_marks {
        sqlx::query(
            "insert into conversation_reads (workspace_id, conversation_id, member_id, read_inbound_count, read_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(ws)
        .bind(conv)
        .bind(at(&ids.members, *member)?)
        .bind(count)
        .bind(c.created_at)
        .execute(&mut **tx)
        .await?;
    }
    for chunk in c.messages.chunks(CHUNK) {
        let mut qb = QueryBuilder::<Db>::new(
            "insert into messages (workspace_id, conversation_id, kind, author_id, by_bot, body, delivery, created_at) ",
        );
        let mut rows = Vec::with_capacity(chunk.len());
        for m in chunk {
            rows.push((m, opt(&ids.members, m.author)?));
        }
        qb.push_values(rows, |mut b, (m, author)| {
            b.push_bind(ws)
                .push_bind(conv)
                .push_bind(m.kind.as_str())
                .push_bind(author)
                .push_bind(m.by_bot)
                .push_bind(m.body.clone())
                .push_bind(m.delivery.map(|d| d.as_str()))
                .push_bind(m.created_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    for e in &c.events {
        let event = Event {
            workspace_id: ws,
            conversation_id: conv,
            actor: opt(&ids.members, e.actor)?,
            change: &e.change,
            from: e.from.map(|s| member_ids(s, &ids.members)).transpose()?,
            to: member_ids(e.to, &ids.members)?,
            at: e.created_at,
        };
        insert_event(tx, &event).await?;
    }
    Ok(())
}

/// Turns member indexes inside a state into member ids.
fn member_ids(state: ConvState, members: &[i64]) -> DbResult<ConvState> {
    Ok(match state {
        ConvState::Pending(h) => ConvState::Pending(h),
        ConvState::InProgress { owner } => ConvState::InProgress {
            owner: at(members, owner as usize)?,
        },
        ConvState::Closed { last_owner } => ConvState::Closed {
            last_owner: last_owner.map(|o| at(members, o as usize)).transpose()?,
        },
    })
}

fn at(ids: &[i64], index: usize) -> DbResult<i64> {
    ids.get(index)
        .copied()
        .ok_or_else(|| DbError::Corrupt(format!("dataset refers to missing row {index}")))
}

fn opt(ids: &[i64], index: Option<usize>) -> DbResult<Option<i64>> {
    index.map(|i| at(ids, i)).transpose()
}

async fn insert_id(
    tx: &mut Transaction<'_, Db>,
    sql: &'static str,
    ws: i64,
    name: &str,
) -> DbResult<i64> {
    Ok(sqlx::query_scalar(sql)
        .bind(ws)
        .bind(name)
        .fetch_one(&mut **tx)
        .await?)
}
