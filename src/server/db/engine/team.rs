//! Members working together: the team list (transfer targets, collaborator picker),
//! collaborators of a conversation, and members' notifications.

use super::conversation::{insert_event, Event};
use super::{parse, Db};
use crate::domain::collaboration::CollabChange;
use crate::domain::{ConvState, ConversationId, MemberId, Millis, Role, WorkspaceId};
use crate::server::db::{CollabUpdate, DbResult, NewNotification};
use crate::wire::{MemberBadge, Notification, Notifications, TeamMember};
use sqlx::{Pool, QueryBuilder, Row, Transaction};
use std::collections::HashMap;

/// Active members of the workspace, by name.
pub async fn team(pool: &Pool<Db>, ws: WorkspaceId) -> DbResult<Vec<TeamMember>> {
    let rows = sqlx::query(
        "select m.id, m.name, m.role, m.avatar_url, b.name as branch_name
         from members m left join branches b on b.workspace_id = m.workspace_id and b.id = m.branch_id
         where m.workspace_id = $1 and m.active = true
         order by m.name, m.id",
    )
    .bind(ws)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(TeamMember {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: parse("members.role", &role, Role::parse)?,
                avatar_url: r.try_get("avatar_url")?,
                branch_name: r.try_get("branch_name")?,
            })
        })
        .collect()
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

/// Adds or removes a collaborator with its event-log line (and notification) in one
/// transaction, only while the conversation is in progress and the member is not its owner.
/// `false` when that no longer holds or there was nothing to change.
pub async fn change_collaborator(pool: &Pool<Db>, u: &CollabUpdate) -> DbResult<bool> {
    let mut tx = pool.begin().await?;
    // Locks the conversation row against concurrent status changes, and reads its owner.
    let owner: Option<MemberId> = sqlx::query_scalar(
        "update conversations set version = version
         where workspace_id = $1 and id = $2 and status = 'in_progress' and owner_id <> $3
           and version = $4
           and exists (select 1 from conversation_collaborators cc
                where cc.conversation_id = conversations.id and cc.member_id = $5) = $6
         returning owner_id",
    )
    .bind(u.workspace_id)
    .bind(u.conversation_id)
    .bind(u.member)
    .bind(u.expected.version)
    .bind(u.actor)
    .bind(u.expected.collaborator)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(owner) = owner else {
        return Ok(false);
    };
    let changed = match u.change {
        CollabChange::Add => sqlx::query(
            "insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_by, added_at)
             values ($1, $2, $3, $4, $5) on conflict (conversation_id, member_id) do nothing",
        )
        .bind(u.workspace_id)
        .bind(u.conversation_id)
        .bind(u.member)
        .bind(u.actor)
        .bind(u.now)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        CollabChange::Remove => sqlx::query(
            "delete from conversation_collaborators
             where workspace_id = $1 and conversation_id = $2 and member_id = $3",
        )
        .bind(u.workspace_id)
        .bind(u.conversation_id)
        .bind(u.member)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if changed == 0 {
        return Ok(false);
    }
    let state = ConvState::InProgress { owner };
    let detail = serde_json::json!({ "member": u.member }).to_string();
    let event = Event {
        workspace_id: u.workspace_id,
        conversation_id: u.conversation_id,
        actor: Some(u.actor),
        change: match u.change {
            CollabChange::Add => "collaborator_added",
            CollabChange::Remove => "collaborator_removed",
        },
        from: Some(state),
        to: state,
        at: u.now,
        detail: Some(&detail),
    };
    insert_event(&mut tx, &event).await?;
    if let Some(n) = &u.notify {
        insert_notification(&mut tx, u.workspace_id, n, u.now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Writes a notification inside the caller's transaction.
pub(super) async fn insert_notification(
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
    .bind(n.kind)
    .bind(&n.payload)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The member's latest `limit` notifications, newest first, and how many are unread.
pub async fn notifications(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    me: MemberId,
    limit: i64,
) -> DbResult<Notifications> {
    let rows = sqlx::query(
        "select id, kind, payload, created_at, read_at from notifications
         where workspace_id = $1 and member_id = $2 order by id desc limit $3",
    )
    .bind(ws)
    .bind(me)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let payload: String = r.try_get("payload")?;
        let p: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let read_at: Option<Millis> = r.try_get("read_at")?;
        items.push(Notification {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            by_name: p["by_name"].as_str().unwrap_or_default().to_owned(),
            count: p["count"].as_i64().unwrap_or(1),
            conversations: p["conversations"]
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
                .unwrap_or_default(),
            created_at: r.try_get("created_at")?,
            read: read_at.is_some(),
        });
    }
    let unread = unread_notifications(pool, ws, me).await?;
    Ok(Notifications { items, unread })
}

/// How many notifications the member has not read (an index range of `notifications_member`).
pub async fn unread_notifications(pool: &Pool<Db>, ws: WorkspaceId, me: MemberId) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from notifications where member_id = $2 and read_at is null and workspace_id = $1",
    )
    .bind(ws)
    .bind(me)
    .fetch_one(pool)
    .await?)
}

/// Marks the member's notifications up to `up_to` (an id) read.
pub async fn read_notifications(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    me: MemberId,
    up_to: i64,
    now: Millis,
) -> DbResult<()> {
    sqlx::query(
        "update notifications set read_at = $4
         where workspace_id = $1 and member_id = $2 and read_at is null and id <= $3",
    )
    .bind(ws)
    .bind(me)
    .bind(up_to)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
