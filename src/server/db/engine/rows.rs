//! Row helpers every area of the store shares, and that import no other engine module: the
//! event-log rows, notifications, a conversation's collaborators, multi-row inserts and
//! dataset positions. Area modules use this leaf; it uses none of them.

use super::Db;
use crate::domain::event::EventChange;
use crate::domain::{ConvState, ConversationId, Handler, MemberId, Millis, WorkspaceId};
use crate::server::db::{DbError, DbResult, NewNotification};
use crate::wire::MemberBadge;
use sqlx::query_builder::Separated;
use sqlx::{Pool, QueryBuilder, Row, Transaction};
use std::collections::HashMap;

/// Bound parameters per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535).
pub const MAX_BINDS: usize = 30_000;

/// One row of the event log: who changed the conversation from what to what, and when.
pub struct Event<'a> {
    pub workspace_id: WorkspaceId,
    pub conversation_id: ConversationId,
    pub actor: Option<MemberId>,
    pub change: EventChange,
    pub from: Option<ConvState>,
    pub to: ConvState,
    pub at: Millis,
    /// JSON about the change beyond the state, e.g. `{"member": 7}` for a collaborator.
    pub detail: Option<&'a str>,
}

/// Writes `e` to the event log, inside the caller's transaction.
pub async fn insert_event(tx: &mut Transaction<'_, Db>, e: &Event<'_>) -> DbResult<()> {
    insert_events(tx, std::slice::from_ref(e)).await
}

/// Writes `events` to the event log with multi-row inserts, inside the caller's transaction.
pub async fn insert_events(tx: &mut Transaction<'_, Db>, events: &[Event<'_>]) -> DbResult<()> {
    insert_rows(
        tx,
        "insert into conversation_events (workspace_id, conversation_id, actor_id, change, from_status, from_handler, from_owner_id,
             to_status, to_handler, to_owner_id, detail, created_at) ",
        12,
        events,
        |b, e| {
            b.push_bind(e.workspace_id)
                .push_bind(e.conversation_id)
                .push_bind(e.actor)
                .push_bind(e.change.code())
                .push_bind(e.from.map(|s| s.status().as_str()))
                .push_bind(e.from.and_then(ConvState::handler).map(Handler::as_str))
                .push_bind(e.from.and_then(ConvState::owner))
                .push_bind(e.to.status().as_str())
                .push_bind(e.to.handler().map(Handler::as_str))
                .push_bind(e.to.owner())
                .push_bind(e.detail.unwrap_or("{}"))
                .push_bind(e.at);
        },
    )
    .await
}

/// Writes a notification inside the caller's transaction.
pub async fn insert_notification(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    n: &NewNotification,
    now: Millis,
) -> DbResult<()> {
    sqlx::query(
        "insert into notifications (workspace_id, member_id, kind, payload, created_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(ws)
    .bind(n.member_id)
    .bind(n.kind.as_str())
    .bind(serde_json::to_string(&n.payload).map_err(|e| DbError::Corrupt(e.to_string()))?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The collaborators of a conversation, in the order they were added.
pub async fn collaborators(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
) -> DbResult<Vec<MemberBadge>> {
    Ok(collaborators_of(pool, ws, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default())
}

/// The collaborators of each of `ids` (of workspace `ws`), in the order they were added, in
/// one query; conversations without any are left out.
pub async fn collaborators_of(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    ids: &[ConversationId],
) -> DbResult<HashMap<ConversationId, Vec<MemberBadge>>> {
    let mut by_conv: HashMap<ConversationId, Vec<MemberBadge>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_conv);
    }
    let mut qb = QueryBuilder::<Db>::new(
        "select cc.conversation_id, m.id, m.name, m.avatar_url from conversation_collaborators cc
         join members m on m.workspace_id = cc.workspace_id and m.id = cc.member_id
         where cc.workspace_id = ",
    );
    qb.push_bind(ws).push(" and cc.conversation_id in (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(") order by cc.conversation_id, cc.added_at, m.id");
    for r in qb.build().fetch_all(pool).await? {
        by_conv
            .entry(r.try_get("conversation_id")?)
            .or_default()
            .push(MemberBadge {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                avatar_url: r.try_get("avatar_url")?,
            });
    }
    Ok(by_conv)
}

/// Inserts `rows` with as few multi-row statements as the parameter limit allows. `head` is
/// the statement up to `values`; `push` binds the `columns` values of one row.
pub async fn insert_rows<'r, T>(
    tx: &mut Transaction<'_, Db>,
    head: &'static str,
    columns: usize,
    rows: &'r [T],
    push: impl for<'q> Fn(&mut Separated<'q, 'r, Db, &'static str>, &'r T) + Send + Sync,
) -> DbResult<()>
where
    T: Sync,
{
    for chunk in rows.chunks((MAX_BINDS / columns).max(1)) {
        let mut qb = QueryBuilder::<'r, Db>::new(head);
        qb.push_values(chunk, |mut b, row| push(&mut b, row));
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The id of the row at `index`, or an error naming the dangling reference.
pub fn at<Id: Copy>(ids: &[Id], index: usize) -> DbResult<Id> {
    ids.get(index)
        .copied()
        .ok_or_else(|| DbError::Corrupt(format!("dataset refers to missing row {index}")))
}

pub fn opt<Id: Copy>(ids: &[Id], index: Option<usize>) -> DbResult<Option<Id>> {
    index.map(|i| at(ids, i)).transpose()
}
