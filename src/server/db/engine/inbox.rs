//! The inbox lists and their counts.
//!
//! Every query is built from the same three filters: the view, the channel filter and the
//! member's visibility scope (`crate::domain::permission::Scope`, mirrored here in SQL).
//! Lists page by keyset on `(last_message_at, id)`, which the conversation indexes cover.

use super::{parse, Db};
use crate::api::types::{
    ChannelInfo, ConversationPage, ConversationRow, Cursor, MemberBadge, View, ViewCounts,
};
use crate::domain::permission::Scope;
use crate::domain::{ChannelId, ChannelKind, Handler, MemberId, Status, WorkspaceId};
use crate::server::db::{CountQuery, DbResult, ListQuery};
use sqlx::{Pool, QueryBuilder, Row};
use std::collections::HashMap;

pub async fn channels(pool: &Pool<Db>, ws: WorkspaceId) -> DbResult<Vec<ChannelInfo>> {
    let rows = sqlx::query(
        "select id, kind, name from channels where workspace_id = $1 and active = true order by id",
    )
    .bind(ws)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(ChannelInfo {
                id: r.try_get("id")?,
                kind: parse("channels.kind", &kind, ChannelKind::parse)?,
                name: r.try_get("name")?,
            })
        })
        .collect()
}

/// Appends `and <the conditions of one view, channel and scope>` for conversations aliased `c`.
fn push_filters(
    qb: &mut QueryBuilder<'_, Db>,
    ws: WorkspaceId,
    me: MemberId,
    scope: &Scope,
    view: View,
    channel: Option<ChannelId>,
) {
    qb.push(" c.workspace_id = ").push_bind(ws);
    if let Some(ch) = channel {
        qb.push(" and c.channel_id = ").push_bind(ch);
    }
    match view {
        View::PendingHuman => {
            qb.push(" and c.status = 'pending' and c.pending_handler = 'human'");
        }
        View::PendingBot => {
            qb.push(" and c.status = 'pending' and c.pending_handler = 'bot'");
        }
        View::MineOpen | View::MineClosed => {
            let status = if view == View::MineOpen {
                "in_progress"
            } else {
                "closed"
            };
            qb.push(" and c.status = '")
                .push(status)
                .push("' and (c.owner_id = ")
                .push_bind(me);
            push_collaborates(qb, me);
            qb.push(")");
        }
        View::TeamOpen => {
            qb.push(" and c.status = 'in_progress' and c.owner_id <> ")
                .push_bind(me);
        }
        View::TeamClosed => {
            qb.push(" and c.status = 'closed' and (c.owner_id is null or c.owner_id <> ")
                .push_bind(me)
                .push(")");
        }
        View::Closed => {
            qb.push(" and c.status = 'closed'");
        }
    }
    match *scope {
        Scope::All => {}
        Scope::Branch {
            branch_id,
            member_id,
        } => {
            qb.push(" and (c.status = 'pending' or c.owner_id = ")
                .push_bind(member_id);
            if let Some(b) = branch_id {
                qb.push(" or c.owner_id in (select id from members where workspace_id = ")
                    .push_bind(ws)
                    .push(" and branch_id = ")
                    .push_bind(b)
                    .push(")");
            }
            push_collaborates(qb, member_id);
            qb.push(")");
        }
        Scope::Own {
            branch_id,
            member_id,
        } => {
            qb.push(" and (c.owner_id = ").push_bind(member_id);
            if let Some(b) = branch_id {
                qb.push(" or (c.status = 'pending' and c.branch_id = ")
                    .push_bind(b)
                    .push(")");
            }
            push_collaborates(qb, member_id);
            qb.push(")");
        }
    }
}

fn push_collaborates(qb: &mut QueryBuilder<'_, Db>, member: MemberId) {
    qb.push(" or exists (select 1 from conversation_collaborators cc where cc.conversation_id = c.id and cc.member_id = ")
        .push_bind(member)
        .push(")");
}

/// All seven counts in one statement (one consistent snapshot, one round trip); each count is
/// an index range of its own.
pub async fn view_counts(pool: &Pool<Db>, q: &CountQuery) -> DbResult<ViewCounts> {
    let mut qb = QueryBuilder::<Db>::new("select ");
    for (i, view) in View::ALL.into_iter().enumerate() {
        if i > 0 {
            qb.push(", ");
        }
        qb.push("(select count(*) from conversations c where ");
        push_filters(&mut qb, q.workspace_id, q.me, &q.scope, view, q.channel);
        qb.push(") as ").push(view.slug().replace('-', "_"));
    }
    let r = qb.build().fetch_one(pool).await?;
    Ok(ViewCounts {
        pending_human: r.try_get("pending_human")?,
        pending_bot: r.try_get("pending_bot")?,
        mine_open: r.try_get("mine_open")?,
        mine_closed: r.try_get("mine_closed")?,
        team_open: r.try_get("team_open")?,
        team_closed: r.try_get("team_closed")?,
        closed: r.try_get("closed")?,
    })
}

pub async fn list_conversations(pool: &Pool<Db>, q: &ListQuery) -> DbResult<ConversationPage> {
    let mut qb = QueryBuilder::<Db>::new(
        "select c.id, c.customer_id, cu.name as customer_name, cu.avatar_url as customer_avatar_url, c.channel_id,
                ch.kind as channel_kind, c.status, c.pending_handler, c.last_message_at, c.last_message_preview,
                c.waiting_since, c.inbound_count - coalesce(r.read_inbound_count, 0) as unread,
                c.owner_id, o.name as owner_name, o.avatar_url as owner_avatar_url
         from conversations c
         join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
         join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
         left join members o on o.workspace_id = c.workspace_id and o.id = c.owner_id
         left join conversation_reads r on r.conversation_id = c.id and r.member_id = ",
    );
    qb.push_bind(q.me).push(" where ");
    push_filters(&mut qb, q.workspace_id, q.me, &q.scope, q.view, q.channel);
    if let Some(Cursor {
        last_message_at,
        id,
    }) = q.after
    {
        qb.push(" and (c.last_message_at < ")
            .push_bind(last_message_at)
            .push(" or (c.last_message_at = ")
            .push_bind(last_message_at)
            .push(" and c.id < ")
            .push_bind(id)
            .push("))");
    }
    qb.push(" order by c.last_message_at desc, c.id desc limit ")
        .push_bind(q.limit + 1);
    let rows = qb.build().fetch_all(pool).await?;

    let mut out = Vec::with_capacity(rows.len());
    for r in rows.iter().take(q.limit as usize) {
        let kind: String = r.try_get("channel_kind")?;
        let status: String = r.try_get("status")?;
        let handler: Option<String> = r.try_get("pending_handler")?;
        let owner: Option<i64> = r.try_get("owner_id")?;
        let mut members = Vec::new();
        if let Some(id) = owner {
            members.push(MemberBadge {
                id,
                name: r.try_get("owner_name")?,
                avatar_url: r.try_get("owner_avatar_url")?,
            });
        }
        out.push(ConversationRow {
            id: r.try_get("id")?,
            customer_id: r.try_get("customer_id")?,
            customer_name: r.try_get("customer_name")?,
            customer_avatar_url: r.try_get("customer_avatar_url")?,
            channel_id: r.try_get("channel_id")?,
            channel_kind: parse("channels.kind", &kind, ChannelKind::parse)?,
            status: parse("conversations.status", &status, Status::parse)?,
            handler: handler
                .map(|h| parse("conversations.pending_handler", &h, Handler::parse))
                .transpose()?,
            last_message_at: r.try_get("last_message_at")?,
            last_message_preview: r.try_get("last_message_preview")?,
            waiting_since: r.try_get("waiting_since")?,
            unread: r.try_get("unread")?,
            members,
        });
    }
    add_collaborators(pool, q.workspace_id, &mut out).await?;
    let next = if rows.len() as i64 > q.limit {
        out.last().map(|row| Cursor {
            last_message_at: row.last_message_at,
            id: row.id,
        })
    } else {
        None
    };
    Ok(ConversationPage { rows: out, next })
}

/// Fills each row's avatar stack (owner first, then collaborators, at most three) with one
/// query for the whole page.
async fn add_collaborators(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    rows: &mut [ConversationRow],
) -> DbResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new(
        "select cc.conversation_id, m.id, m.name, m.avatar_url from conversation_collaborators cc
         join members m on m.workspace_id = cc.workspace_id and m.id = cc.member_id
         where cc.workspace_id = ",
    );
    qb.push_bind(ws).push(" and cc.conversation_id in (");
    let mut ids = qb.separated(", ");
    for row in rows.iter() {
        ids.push_bind(row.id);
    }
    qb.push(") order by cc.conversation_id, cc.added_at, m.id");
    let found = qb.build().fetch_all(pool).await?;
    let mut by_conv: HashMap<i64, Vec<MemberBadge>> = HashMap::new();
    for r in &found {
        by_conv
            .entry(r.try_get("conversation_id")?)
            .or_default()
            .push(MemberBadge {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                avatar_url: r.try_get("avatar_url")?,
            });
    }
    for row in rows.iter_mut() {
        for m in by_conv.remove(&row.id).unwrap_or_default() {
            if row.members.len() < 3 && !row.members.iter().any(|x| x.id == m.id) {
                row.members.push(m);
            }
        }
    }
    Ok(())
}
