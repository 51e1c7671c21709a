//! Members working together: the team list (transfer targets, collaborator picker),
//! collaborators of a conversation, and members' notifications.

use super::rows::{insert_event, insert_notification, Event};
use super::{parse, Db};
use crate::domain::availability::{self, Load, Presence};
use crate::domain::collaboration::CollabChange;
use crate::domain::notification::Payload;
use crate::domain::ConversationId;
use crate::domain::{
    ConvState, MemberId, Millis, NotificationId, NotificationKind, Role, WorkspaceId,
};
use crate::server::db::{CollabUpdate, DbResult};
use crate::wire::MemberBadge;
use crate::wire::{Notification, Notifications, TeamMember};
use sqlx::{Pool, Row};

/// Active members of the workspace, by name, with their status as colleagues see it at `now`
/// (offline without a live session in use lately) and their load (from the counters, not counted).
pub async fn team(pool: &Pool<Db>, ws: WorkspaceId, now: Millis) -> DbResult<Vec<TeamMember>> {
    let rows = sqlx::query(
        "select m.id, m.name, m.role, m.avatar_url, b.name as branch_name, m.presence, m.capacity,
                exists (select 1 from sessions s where s.member_id = m.id and s.workspace_id = m.workspace_id
                        and s.expires_at > $2 and s.last_seen_at > $3) as there,
                cast(coalesce(l.n, 0) as bigint) as in_progress
         from members m
         left join branches b on b.workspace_id = m.workspace_id and b.id = m.branch_id
         left join (select owner_id, sum(n) as n from conversation_counts
                    where workspace_id = $1 and status = 'in_progress' group by owner_id) l
                on l.owner_id = m.id
         where m.workspace_id = $1 and m.active = true
         order by m.name, m.id",
    )
    .bind(ws)
    .bind(now)
    .bind(now - availability::PRESENT_WITHIN)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            let presence: String = r.try_get("presence")?;
            let presence = parse("members.presence", &presence, Presence::parse)?;
            Ok(TeamMember {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: parse("members.role", &role, Role::parse)?,
                avatar_url: r.try_get("avatar_url")?,
                branch_name: r.try_get("branch_name")?,
                presence: availability::shown(presence, r.try_get("there")?),
                load: Load {
                    in_progress: r.try_get("in_progress")?,
                    capacity: r.try_get("capacity")?,
                },
            })
        })
        .collect()
}

/// An active member's name and load (in progress from the counters, and their capacity).
pub async fn member_load(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    member: MemberId,
) -> DbResult<Option<(String, Load)>> {
    let row = sqlx::query(concat!(
        "select m.name, m.capacity, ",
        super::members::in_progress_of_m!(),
        " as in_progress
         from members m where m.workspace_id = $1 and m.id = $2 and m.active = true"
    ))
    .bind(ws)
    .bind(member)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("name")?,
            Load {
                in_progress: r.try_get("in_progress")?,
                capacity: r.try_get("capacity")?,
            },
        ))
    })
    .transpose()
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
        change: u.change.event(),
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
        let p: Payload = serde_json::from_str(&payload)
            .map_err(|e| crate::server::db::DbError::Corrupt(format!("notification: {e}")))?;
        let kind: String = r.try_get("kind")?;
        let read_at: Option<Millis> = r.try_get("read_at")?;
        items.push(Notification {
            id: r.try_get("id")?,
            kind: super::parse("notifications.kind", &kind, NotificationKind::parse)?,
            by_name: p.by_name,
            count: p.count,
            conversations: p.conversations,
            customer: p.customer,
            note: p.note,
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
    up_to: NotificationId,
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

#[async_trait::async_trait]
impl crate::server::db::TeamStore for super::SqlStore {
    async fn team(&self, workspace: WorkspaceId, now: Millis) -> DbResult<Vec<TeamMember>> {
        super::team::team(&self.read, workspace, now).await
    }

    async fn member_load(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
    ) -> DbResult<Option<(String, Load)>> {
        super::team::member_load(&self.read, workspace, member).await
    }

    async fn collaborators(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<MemberBadge>> {
        super::rows::collaborators(&self.read, workspace, id).await
    }

    async fn change_collaborator(&self, update: &CollabUpdate) -> DbResult<bool> {
        super::team::change_collaborator(&self.write, update).await
    }

    async fn notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        limit: i64,
    ) -> DbResult<Notifications> {
        super::team::notifications(&self.read, workspace, me, limit).await
    }

    async fn unread_notifications(&self, workspace: WorkspaceId, me: MemberId) -> DbResult<i64> {
        super::team::unread_notifications(&self.read, workspace, me).await
    }

    async fn read_notifications(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        up_to: NotificationId,
        now: Millis,
    ) -> DbResult<()> {
        super::team::read_notifications(&self.write, workspace, me, up_to, now).await
    }
}
