//! The inbox lists and their counts.
//!
//! Every query is built from the same three filters: the view, the channel filter and the
//! member's visibility scope (`crate::domain::permission::Scope`, mirrored here in SQL).
//! Lists page by keyset within each tier of the chosen sort (`crate::domain::sorting`): on
//! `(last_message_at, id)` or, for overdue conversations, `(waiting_since, id)`.

use super::{parse, Db};
use crate::domain::permission::Scope;
use crate::domain::sorting::{cursor_after, overdue_cutoff, SortFacts, Tier};
use crate::domain::{ChannelId, ChannelKind, Handler, MemberId, Millis, Status, WorkspaceId};
use crate::server::db::{CountQuery, DbResult, ListQuery};
use crate::wire::{
    ChannelInfo, ConversationPage, ConversationRow, Cursor, MemberBadge, View, ViewCounts,
};
use sqlx::{Pool, QueryBuilder, Row};

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

/// Which conversations of a Mine view a query reads: all of them (owned by me or
/// collaborated on), or one of the two halves a list reads separately, each in index order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Whole,
    /// Owned by me.
    Owned,
    /// Collaborated on by me and owned by someone else (or no one); the query joins
    /// `conversation_collaborators cc` on `cc.member_id = me` itself (see `push_tier`).
    Shared,
}

/// Appends `and <the conditions of one view, channel and scope>` for conversations aliased `c`.
#[allow(clippy::too_many_arguments)]
fn push_filters(
    qb: &mut QueryBuilder<'_, Db>,
    ws: WorkspaceId,
    me: MemberId,
    scope: &Scope,
    view: View,
    channel: Option<ChannelId>,
    owner: Option<MemberId>,
    half: Half,
) {
    qb.push(" c.workspace_id = ").push_bind(ws);
    if let Some(ch) = channel {
        qb.push(" and c.channel_id = ").push_bind(ch);
    }
    if let Some(owner) = owner.filter(|_| view.by_member()) {
        // An index range of (workspace, owner, status, keys).
        qb.push(" and c.owner_id = ").push_bind(owner);
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
            qb.push(" and c.status = '").push(status).push("'");
            // My snoozed conversations wait in Mine · Snoozed (a collaborator still sees them).
            let awake = if view == View::MineOpen {
                " and c.snoozed_at is null"
            } else {
                ""
            };
            match half {
                Half::Whole => {
                    qb.push(" and ((c.owner_id = ")
                        .push_bind(me)
                        .push(awake)
                        .push(")");
                    push_collaborates(qb, me);
                    qb.push(")");
                }
                Half::Owned => {
                    qb.push(" and c.owner_id = ").push_bind(me).push(awake);
                }
                Half::Shared => {
                    qb.push(" and (c.owner_id is null or c.owner_id <> ")
                        .push_bind(me)
                        .push(")");
                }
            }
        }
        View::MineSnoozed => {
            qb.push(" and c.status = 'in_progress' and c.owner_id = ")
                .push_bind(me)
                .push(" and c.snoozed_at is not null");
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
    push_scope(qb, ws, scope);
}

/// Appends ` and <the member's visibility scope>` for conversations aliased `c`.
pub(super) fn push_scope(qb: &mut QueryBuilder<'_, Db>, ws: WorkspaceId, scope: &Scope) {
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
        push_filters(
            &mut qb,
            q.workspace_id,
            q.me,
            &q.scope,
            view,
            q.channel,
            None,
            Half::Whole,
        );
        qb.push(") as ").push(view.slug().replace('-', "_"));
    }
    let r = qb.build().fetch_one(pool).await?;
    Ok(ViewCounts {
        pending_human: r.try_get("pending_human")?,
        pending_bot: r.try_get("pending_bot")?,
        mine_open: r.try_get("mine_open")?,
        mine_snoozed: r.try_get("mine_snoozed")?,
        mine_closed: r.try_get("mine_closed")?,
        team_open: r.try_get("team_open")?,
        team_closed: r.try_get("team_closed")?,
        closed: r.try_get("closed")?,
    })
}

/// One page of a view in the order of `q.sort`: each of the sort's tiers is one indexed,
/// keyset-paged query, read in turn until the page is full.
pub async fn list_conversations(pool: &Pool<Db>, q: &ListQuery) -> DbResult<ConversationPage> {
    let cutoff = q.after.map_or(overdue_cutoff(q.now), |c| c.cutoff);
    let want = q.limit + 1;
    let first = q.after.map_or(0, |c| usize::from(c.tier));
    let mut out = Vec::with_capacity(want as usize);
    let mut more = false;
    for (i, &tier) in q.sort.tiers().iter().enumerate().skip(first) {
        // A full page that ends a tier: the next page finds out whether a later tier has
        // rows, rather than this one scanning that tier for a single row it will not show.
        if out.len() as i64 == q.limit {
            more = true;
            break;
        }
        let after = q.after.filter(|c| usize::from(c.tier) == i);
        let need = want - out.len() as i64;
        list_tier(pool, q, tier, cutoff, after, need, &mut out).await?;
        if out.len() as i64 >= want {
            break;
        }
    }
    let more = more || out.len() as i64 > q.limit;
    out.truncate(q.limit as usize);
    add_collaborators(pool, q.workspace_id, &mut out).await?;
    let next = if more {
        out.last()
            .map(|row| cursor_after(q.sort, cutoff, &sort_facts(row)))
    } else {
        None
    };
    Ok(ConversationPage { rows: out, next })
}

pub fn sort_facts(row: &ConversationRow) -> SortFacts {
    SortFacts {
        id: row.id,
        last_message_at: row.last_message_at,
        waiting_since: row.waiting_since,
        unread: row.unread,
    }
}

/// Appends up to `limit` rows of one tier, after `after` when the previous page ended in it.
///
/// The page's conversations are found first, on the conversations (and my read marks) alone,
/// in index order and limited; only those rows are then joined to their customer, channel and
/// owner. A Mine view ("owned by me or collaborated on") finds its two halves as two
/// index-ordered, limited queries under one `union all`, instead of one `or` no index can
/// order. Limits are written into the SQL, not bound: they are the server's page sizes (never
/// a client's), and PostgreSQL's generic plans (`postgres.rs`) then know them.
async fn list_tier(
    pool: &Pool<Db>,
    q: &ListQuery,
    tier: Tier,
    cutoff: Millis,
    after: Option<Cursor>,
    limit: i64,
    out: &mut Vec<ConversationRow>,
) -> DbResult<()> {
    let (key, dir) = order_of(tier, Keys::Member);
    let key = key.trim_start_matches("c.");
    let mut qb = QueryBuilder::<Db>::new(
        "select p.*, cu.name as customer_name, cu.avatar_url as customer_avatar_url,
                ch.kind as channel_kind, o.name as owner_name, o.avatar_url as owner_avatar_url
         from (",
    );
    if matches!(q.view, View::MineOpen | View::MineClosed) {
        qb.push("select * from (select * from (");
        push_tier(&mut qb, q, tier, cutoff, after, limit, Half::Owned);
        qb.push(") owned union all select * from (");
        push_tier(&mut qb, q, tier, cutoff, after, limit, Half::Shared);
        qb.push(") shared) mine order by ")
            .push(key)
            .push(dir)
            .push(", id")
            .push(dir)
            .push(" limit ")
            .push(limit);
    } else {
        push_tier(&mut qb, q, tier, cutoff, after, limit, Half::Whole);
    }
    qb.push(
        ") p
         left join customers cu on cu.workspace_id = p.workspace_id and cu.id = p.customer_id
         left join channels ch on ch.workspace_id = p.workspace_id and ch.id = p.channel_id
         left join members o on o.workspace_id = p.workspace_id and o.id = p.owner_id
         order by p.",
    )
    .push(key)
    .push(dir)
    .push(", p.id")
    .push(dir);
    for r in qb.build().fetch_all(pool).await? {
        out.push(conversation_row(&r)?);
    }
    Ok(())
}

/// The key a tier orders by, and the direction.
fn order_of(tier: Tier, keys: Keys) -> (&'static str, &'static str) {
    let key = match (tier, keys) {
        (Tier::Overdue, Keys::Collaborator) => "cc.waiting_since",
        (Tier::Overdue, _) => "c.waiting_since",
        (_, Keys::Collaborator) => "cc.last_message_at",
        _ => "c.last_message_at",
    };
    (key, if tier.ascending() { " asc" } else { " desc" })
}

/// Appends the query of one tier (of one half of a Mine view): its rows in order, limited.
fn push_tier(
    qb: &mut QueryBuilder<'_, Db>,
    q: &ListQuery,
    tier: Tier,
    cutoff: Millis,
    after: Option<Cursor>,
    limit: i64,
    half: Half,
) {
    // A left join keeps the conversations the outer loop: SQLite does not reorder outer joins.
    qb.push(
        "select c.id, c.version, c.workspace_id, c.customer_id, c.channel_id, c.status, c.pending_handler,
                c.last_message_at, c.last_message_preview, c.waiting_since, c.pending_reason,
                c.inbound_count - coalesce(r.read_inbound_count, 0) as unread, c.owner_id
         from conversations c
         left join conversation_reads r on r.conversation_id = c.id and r.member_id = ",
    );
    qb.push_bind(q.me).push(" where ");
    if half == Half::Shared {
        // My collaborations, read from my collaborator rows in the list's order: each row
        // carries its conversation's status, channel, sort keys and my read mark
        // (migrations/*/0004_mine_keys.sql), so a page is one index range.
        qb.push("c.id in (select cc.conversation_id from conversation_collaborators cc where cc.member_id = ")
            .push_bind(q.me)
            .push(" and cc.workspace_id = ")
            .push_bind(q.workspace_id);
        push_tier_conditions(qb, q, tier, cutoff, after, Keys::Collaborator);
        let (key, dir) = order_of(tier, Keys::Collaborator);
        qb.push(" order by ")
            .push(key)
            .push(dir)
            .push(", cc.conversation_id")
            .push(dir)
            .push(" limit ")
            .push(limit)
            .push(") and (c.owner_id is null or c.owner_id <> ")
            .push_bind(q.me)
            .push(")");
    } else {
        push_filters(
            qb,
            q.workspace_id,
            q.me,
            &q.scope,
            q.view,
            q.channel,
            q.owner,
            half,
        );
        let keys = if half == Half::Owned {
            Keys::Owner
        } else {
            Keys::Member
        };
        push_tier_conditions(qb, q, tier, cutoff, after, keys);
    }
    push_order(qb, tier, limit);
}

/// Where a tier's keys and the member's read mark are read from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// The conversation `c`, and my read mark `r`.
    Member,
    /// The conversation `c` I own, and its copy of my read mark.
    Owner,
    /// My collaborator row `cc`: copies of its conversation's keys, and of my read mark.
    Collaborator,
}

/// Appends the tier and cursor conditions, for the keys of `keys` (and, for a collaborator
/// row, the view's status and the channel filter).
fn push_tier_conditions(
    qb: &mut QueryBuilder<'_, Db>,
    q: &ListQuery,
    tier: Tier,
    cutoff: Millis,
    after: Option<Cursor>,
    keys: Keys,
) {
    let (t, id) = match keys {
        Keys::Member | Keys::Owner => ("c", "c.id"),
        Keys::Collaborator => ("cc", "cc.conversation_id"),
    };
    // The partial indexes of migration 0004 name these columns.
    let unread = match keys {
        Keys::Member => "c.inbound_count > coalesce(r.read_inbound_count, 0)",
        Keys::Owner => "c.owner_unread",
        Keys::Collaborator => "cc.unread",
    };
    if keys == Keys::Collaborator {
        let status = if q.view == View::MineOpen {
            "in_progress"
        } else {
            "closed"
        };
        qb.push(" and cc.status = '").push(status).push("'");
        if let Some(ch) = q.channel {
            qb.push(" and cc.channel_id = ").push_bind(ch);
        }
    }
    match tier {
        Tier::All { .. } => {}
        Tier::Overdue => {
            qb.push(format!(
                " and {t}.waiting_since is not null and {t}.waiting_since <= "
            ))
            .push_bind(cutoff);
        }
        Tier::NotOverdue => {
            qb.push(format!(
                " and ({t}.waiting_since is null or {t}.waiting_since > "
            ))
            .push_bind(cutoff)
            .push(")");
        }
        Tier::Unread => {
            qb.push(format!(" and {unread}"));
        }
        Tier::Read => {
            qb.push(format!(" and not ({unread})"));
        }
        Tier::FreshUnread | Tier::FreshRead => {
            qb.push(format!(
                " and ({t}.waiting_since is null or {t}.waiting_since > "
            ))
            .push_bind(cutoff)
            .push(")");
            let not = if tier == Tier::FreshRead { "not " } else { "" };
            qb.push(format!(" and {not}({unread})"));
        }
    }
    let (key, _) = order_of(tier, keys);
    let cmp = if tier.ascending() { " > " } else { " < " };
    // A row-value comparison: both engines seek the index to the cursor, so a deep page
    // costs what the first does.
    if let Some(c) = after {
        qb.push(" and (")
            .push(key)
            .push(", ")
            .push(id)
            .push(")")
            .push(cmp)
            .push("(")
            .push_bind(c.key)
            .push(", ")
            .push_bind(c.id)
            .push(")");
    }
}

/// Appends ` order by <key>, c.id limit n` for a tier.
fn push_order(qb: &mut QueryBuilder<'_, Db>, tier: Tier, limit: i64) {
    let (key, dir) = order_of(tier, Keys::Member);
    qb.push(" order by ")
        .push(key)
        .push(dir)
        .push(", c.id")
        .push(dir)
        .push(" limit ")
        .push(limit);
}

pub(super) fn conversation_row(r: &<Db as sqlx::Database>::Row) -> DbResult<ConversationRow> {
    let kind: String = r.try_get("channel_kind")?;
    let status: String = r.try_get("status")?;
    let handler: Option<String> = r.try_get("pending_handler")?;
    let owner: Option<MemberId> = r.try_get("owner_id")?;
    let mut members = Vec::new();
    if let Some(id) = owner {
        members.push(MemberBadge {
            id,
            name: r.try_get("owner_name")?,
            avatar_url: r.try_get("owner_avatar_url")?,
        });
    }
    Ok(ConversationRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
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
        why: r
            .try_get::<Option<String>, _>("pending_reason")?
            .filter(|_| status == "pending")
            .and_then(|w| crate::domain::bot::config::Why::from_stored(&w)),
    })
}

/// Fills each row's avatar stack (owner first, then collaborators, at most three) with one
/// query for the whole page.
async fn add_collaborators(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    rows: &mut [ConversationRow],
) -> DbResult<()> {
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut by_conv = super::rows::collaborators_of(pool, ws, &ids).await?;
    for row in rows.iter_mut() {
        for m in by_conv.remove(&row.id).unwrap_or_default() {
            if row.members.len() < 3 && !row.members.iter().any(|x| x.id == m.id) {
                row.members.push(m);
            }
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl crate::server::db::InboxStore for super::SqlStore {
    async fn channels(&self, workspace: WorkspaceId) -> DbResult<Vec<ChannelInfo>> {
        super::inbox::channels(&self.read, workspace).await
    }

    async fn view_counts(&self, q: &CountQuery) -> DbResult<ViewCounts> {
        super::counts::view_counts(&self.read, q).await
    }

    async fn list_conversations(&self, q: &ListQuery) -> DbResult<ConversationPage> {
        super::inbox::list_conversations(&self.read, q).await
    }

    async fn customer_history(
        &self,
        workspace: WorkspaceId,
        me: MemberId,
        scope: &Scope,
        customer: crate::domain::CustomerId,
        except: crate::domain::ConversationId,
    ) -> DbResult<Vec<ConversationRow>> {
        super::history::customer_history(&self.read, workspace, me, scope, customer, except).await
    }
}
