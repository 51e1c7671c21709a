//! One conversation: its facts, compare-and-set status changes, its event log.

use super::rows::{insert_event, insert_events, Event};
use super::{parse, Db};
use crate::domain::event::EventChange;
use crate::domain::limits::THREAD_EVENTS;
use crate::domain::permission::ConvFacts;
use crate::domain::ChannelId;
use crate::domain::{
    ChannelKind, ConvState, ConversationId, Delivery, Handler, MemberId, MessageId, MessageKind,
    Millis, Status, WorkspaceId,
};
use crate::server::db::InboundTarget;
use crate::server::db::{
    BatchTarget, ConvRecord, DbError, DbResult, EventRecord, MemberRecord, NewMessage, StateChange,
};
use crate::server::db::{DecideStep, InboundMessage, Incoming, Received};
use crate::wire::ThreadPage;
use crate::wire::{ConversationDetail, Handover, MemberBadge, Snoozed, ThreadItem};
use sqlx::{Pool, QueryBuilder, Row, Transaction};

/// The conversation's state, version and permission facts for member `me`.
pub async fn conversation(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
    me: Option<MemberId>,
) -> DbResult<Option<ConvRecord>> {
    let found = records(pool, ws, &[id], me).await?;
    Ok(found.into_iter().next().map(|t| t.record))
}

/// The conversations of `ids` in workspace `ws` (others are simply absent), with the facts
/// member `me` is judged on, in one query.
pub async fn records(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    ids: &[ConversationId],
    me: Option<MemberId>,
) -> DbResult<Vec<BatchTarget>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Db>::new(
        "select c.id, c.version, c.status, c.pending_handler, c.owner_id, c.branch_id, c.customer_id,
                o.branch_id as owner_branch_id, o.name as owner_name,
                exists (select 1 from conversation_collaborators cc where cc.conversation_id = c.id and cc.member_id = ",
    );
    qb.push_bind(me)
        .push(
            ") as collaborator
         from conversations c
         left join members o on o.workspace_id = c.workspace_id and o.id = c.owner_id
         where c.workspace_id = ",
        )
        .push_bind(ws)
        .push(" and c.id in (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    let mut out = Vec::with_capacity(ids.len());
    for r in qb.build().fetch_all(pool).await? {
        let id: ConversationId = r.try_get("id")?;
        out.push(BatchTarget {
            record: ConvRecord {
                id,
                version: r.try_get("version")?,
                facts: ConvFacts {
                    state: conv_state(id, &r)?,
                    branch_id: r.try_get("branch_id")?,
                    owner_branch_id: r.try_get("owner_branch_id")?,
                    is_collaborator: r.try_get("collaborator")?,
                },
                owner_name: r.try_get("owner_name")?,
            },
            customer_id: r.try_get("customer_id")?,
        });
    }
    Ok(out)
}

/// The state of conversation `id` from its `status`, `pending_handler` and `owner_id` columns.
pub(super) fn conv_state(
    id: ConversationId,
    r: &<Db as sqlx::Database>::Row,
) -> DbResult<ConvState> {
    let status: String = r.try_get("status")?;
    let handler: Option<String> = r.try_get("pending_handler")?;
    let status = parse("conversations.status", &status, Status::parse)?;
    let handler = handler
        .map(|h| parse("conversations.pending_handler", &h, Handler::parse))
        .transpose()?;
    ConvState::from_columns(status, handler, r.try_get("owner_id")?).ok_or_else(|| {
        DbError::Corrupt(format!(
            "conversation {id} has contradicting status columns"
        ))
    })
}

/// Applies `c` in one transaction: the conversation row (only if still at the expected
/// version), its event-log row and the notification. `false` when someone changed it first.
pub async fn apply_change(pool: &Pool<Db>, c: &StateChange) -> DbResult<bool> {
    apply_changes(pool, std::slice::from_ref(c)).await
}

/// Applies `changes`, in order, in one transaction: each one only if its conversation is still
/// at the version it expects (a change that follows another on the same conversation expects
/// the version that one leaves). All or nothing: `false`, and nothing written, when any of
/// them finds its conversation changed.
pub async fn apply_changes(pool: &Pool<Db>, changes: &[StateChange]) -> DbResult<bool> {
    let mut tx = pool.begin().await?;
    for c in changes {
        if !apply_in(&mut tx, c).await? {
            return Ok(false);
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// One change inside the caller's transaction; `false` when the version moved.
pub(super) async fn apply_in(tx: &mut Transaction<'_, Db>, c: &StateChange) -> DbResult<bool> {
    if !update_state(tx, c).await? {
        return Ok(false);
    }
    record_applied(tx, &[c]).await?;
    if let Some(n) = &c.notify {
        super::rows::insert_notification(tx, c.workspace_id, n, c.now).await?;
    }
    if let (Some(note), Some(by)) = (&c.handover, c.actor) {
        pin_handover(tx, c, by, note).await?;
    }
    Ok(true)
}

/// A transfer's handover note: pinned on the conversation, and in its thread as the
/// transferring member's internal note.
async fn pin_handover(
    tx: &mut Transaction<'_, Db>,
    c: &StateChange,
    by: MemberId,
    note: &str,
) -> DbResult<()> {
    sqlx::query(
        "update conversations set handover_note = $3, handover_by = $4, handover_at = $5
         where workspace_id = $1 and id = $2",
    )
    .bind(c.workspace_id)
    .bind(c.conversation_id)
    .bind(note)
    .bind(by)
    .bind(c.now)
    .execute(&mut **tx)
    .await?;
    let message = NewMessage {
        workspace_id: c.workspace_id,
        conversation_id: c.conversation_id,
        author: by,
        kind: MessageKind::Note,
        body: note.to_owned(),
        now: c.now,
        expected: None,
        retry_key: String::new(),
        file: None,
    };
    add_message_in(tx, &message).await?;
    Ok(())
}

/// What `applied` status changes (all of one workspace) leave besides their conversation rows:
/// their event-log rows in one insert, and collaborators who became owners removed (a
/// collaborator who becomes the owner is no longer a collaborator) in one statement.
pub(super) async fn record_applied(
    tx: &mut Transaction<'_, Db>,
    applied: &[&StateChange],
) -> DbResult<()> {
    let Some(first) = applied.first() else {
        return Ok(());
    };
    let events: Vec<_> = applied.iter().map(|c| event_of(c)).collect();
    insert_events(tx, &events).await?;
    let owners: Vec<(ConversationId, MemberId)> = applied
        .iter()
        .filter_map(|c| new_owner(c).map(|o| (c.conversation_id, o)))
        .collect();
    if owners.is_empty() {
        return Ok(());
    }
    let mut qb =
        QueryBuilder::<Db>::new("delete from conversation_collaborators where workspace_id = ");
    qb.push_bind(first.workspace_id).push(" and (");
    for (i, (conversation, owner)) in owners.iter().enumerate() {
        if i > 0 {
            qb.push(" or ");
        }
        qb.push("(conversation_id = ")
            .push_bind(*conversation)
            .push(" and member_id = ")
            .push_bind(*owner)
            .push(")");
    }
    qb.push(")").build().execute(&mut **tx).await?;
    Ok(())
}

/// The conversation row of change `c` alone (no event, collaborators or notification), only
/// if it is still at the expected version; `false` when it moved.
pub(super) async fn update_state(tx: &mut Transaction<'_, Db>, c: &StateChange) -> DbResult<bool> {
    let closed = matches!(c.to, ConvState::Closed { .. });
    let updated = sqlx::query(
        "update conversations
         set status = $4, pending_handler = $5, owner_id = $6, version = version + 1,
             -- a handover note is pinned, and a snooze lasts, until the next change of status
             handover_note = null, handover_by = null, handover_at = null,
             snoozed_at = null, snooze_until = null,
             closed_at = case when $7 then $8 else null end,
             waiting_since = case when $7 then null else waiting_since end
         where workspace_id = $1 and id = $2 and version = $3",
    )
    .bind(c.workspace_id)
    .bind(c.conversation_id)
    .bind(c.expected_version)
    .bind(c.to.status().as_str())
    .bind(c.to.handler().map(Handler::as_str))
    .bind(c.to.owner())
    .bind(closed)
    .bind(c.now)
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// The event-log row of change `c`.
fn event_of(c: &StateChange) -> Event<'_> {
    Event {
        workspace_id: c.workspace_id,
        conversation_id: c.conversation_id,
        actor: c.actor,
        change: c.change,
        from: Some(c.from),
        to: c.to,
        at: c.now,
        detail: None,
    }
}

/// The member change `c` makes the owner of an in-progress conversation, if any.
fn new_owner(c: &StateChange) -> Option<MemberId> {
    c.to.owner().filter(|_| c.to.status() == Status::InProgress)
}

pub async fn events(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
) -> DbResult<Vec<EventRecord>> {
    let rows = sqlx::query(
        "select id, actor_id, change, to_status, to_owner_id, created_at from conversation_events
         where workspace_id = $1 and conversation_id = $2 order by id",
    )
    .bind(ws)
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(EventRecord {
                id: r.try_get("id")?,
                actor_id: r.try_get("actor_id")?,
                change: change_of(r)?,
                to_status: r.try_get("to_status")?,
                to_owner_id: r.try_get("to_owner_id")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The `change` of an event-log row; an unknown code is an error, not a panic.
fn change_of(r: &<Db as sqlx::Database>::Row) -> DbResult<EventChange> {
    let code: String = r.try_get("change")?;
    parse("conversation_events.change", &code, EventChange::from_code)
}

pub async fn member(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: MemberId,
) -> DbResult<Option<MemberRecord>> {
    Ok(sqlx::query_as(
        "select id, name, role, branch_id, active from members where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The header and the latest `limit` messages of a conversation, with the event-log lines of
/// the same stretch of time, oldest first. `actions` is left for the caller to decide.
pub async fn detail(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
    limit: i64,
) -> DbResult<Option<ConversationDetail>> {
    let row = sqlx::query(
        "select c.id, c.version, c.status, c.pending_handler, c.owner_id, c.waiting_since, c.pending_reason,
                c.handover_note, c.handover_at, hb.name as handover_by_name, c.snoozed_at, c.snooze_until,
                o.name as owner_name, o.avatar_url as owner_avatar_url,
                cu.name as customer_name, ch.kind as channel_kind, ch.name as channel_name,
                ci.unsubscribed_at,
                (select max(m.created_at) from messages m
                 where m.conversation_id = c.id and m.kind = 'inbound') as last_inbound_at
         from conversations c
         join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
         join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
         left join members o on o.workspace_id = c.workspace_id and o.id = c.owner_id
         left join members hb on hb.workspace_id = c.workspace_id and hb.id = c.handover_by
         left join customer_identities ci on ci.workspace_id = c.workspace_id
              and ci.customer_id = c.customer_id and ci.channel_id = c.channel_id
         where c.workspace_id = $1 and c.id = $2",
    )
    .bind(ws)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let kind: String = r.try_get("channel_kind")?;
    let status: String = r.try_get("status")?;
    let handler: Option<String> = r.try_get("pending_handler")?;
    let owner: Option<MemberId> = r.try_get("owner_id")?;
    let owner = match owner {
        Some(oid) => Some(MemberBadge {
            id: oid,
            name: r.try_get("owner_name")?,
            avatar_url: r.try_get("owner_avatar_url")?,
        }),
        None => None,
    };

    let (items, older) = thread_page(pool, ws, id, None, limit).await?;
    Ok(Some(ConversationDetail {
        id,
        version: r.try_get("version")?,
        customer_name: r.try_get("customer_name")?,
        channel_kind: parse("channels.kind", &kind, ChannelKind::parse)?,
        channel_name: r.try_get("channel_name")?,
        status: parse("conversations.status", &status, Status::parse)?,
        handler: handler
            .map(|h| parse("conversations.pending_handler", &h, Handler::parse))
            .transpose()?,
        owner,
        waiting_since: r.try_get("waiting_since")?,
        why: r
            .try_get::<Option<String>, _>("pending_reason")?
            .filter(|_| status == "pending")
            .and_then(|w| crate::domain::bot::config::Why::from_stored(&w)),
        handover: match r.try_get::<Option<String>, _>("handover_note")? {
            Some(note) => Some(Handover {
                note,
                by_name: r
                    .try_get::<Option<String>, _>("handover_by_name")?
                    .unwrap_or_default(),
                at: r.try_get::<Option<Millis>, _>("handover_at")?.unwrap_or(0),
            }),
            None => None,
        },
        snoozed: match r.try_get::<Option<Millis>, _>("snoozed_at")? {
            Some(_) => Some(Snoozed {
                until: r.try_get("snooze_until")?,
            }),
            None => None,
        },
        collaborators: super::rows::collaborators(pool, ws, id).await?,
        actions: Vec::new(),
        my_load: None,
        reply_refused: None,
        last_inbound_at: r.try_get("last_inbound_at")?,
        unsubscribed: r.try_get::<Option<Millis>, _>("unsubscribed_at")?.is_some(),
        window: crate::domain::window::Window::Always,
        answered_at: 0,
        items,
        older,
    }))
}

/// A stretch of a conversation's thread, oldest first: the `limit` messages before `before`
/// (the `(created_at, id)` of the oldest message already shown; `None` for the newest), with
/// the event-log lines of the same stretch of time. Also returns where the next older stretch
/// starts, when there is one.
pub async fn thread_page(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
    before: Option<(Millis, MessageId)>,
    limit: i64,
) -> DbResult<(Vec<ThreadItem>, Option<(Millis, MessageId)>)> {
    let (before_at, before_id) = before.unwrap_or((Millis::MAX, MessageId(i64::MAX)));
    let rows = sqlx::query(
        "select m.id, m.kind, m.body, a.name as author_name, m.by_bot, m.delivery, m.delivery_error, m.reaction, m.withdrawn_at, m.created_at, m.buttons
         from messages m left join members a on a.workspace_id = m.workspace_id and a.id = m.author_id
         where m.workspace_id = $1 and m.conversation_id = $2
           and (m.created_at < $3 or (m.created_at = $3 and m.id < $4))
         order by m.created_at desc, m.id desc limit $5",
    )
    .bind(ws)
    .bind(id)
    .bind(before_at)
    .bind(before_id)
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    let mut more = rows.len() as i64 > limit;
    let rows = &rows[..rows.len().min(limit as usize)];
    let mut items = Vec::with_capacity(rows.len() + 8);
    let mut oldest = None;
    let ids = rows
        .iter()
        .map(|m| m.try_get("id"))
        .collect::<Result<Vec<MessageId>, _>>()?;
    let mut attachments = super::media::of_messages(pool, ws, &ids).await?;
    for m in rows.iter().rev() {
        let kind: String = m.try_get("kind")?;
        let delivery: Option<String> = m.try_get("delivery")?;
        let (msg_id, at): (MessageId, Millis) = (m.try_get("id")?, m.try_get("created_at")?);
        oldest = oldest.or(Some((at, msg_id)));
        items.push(ThreadItem::Message {
            id: msg_id,
            kind: parse("messages.kind", &kind, MessageKind::parse)?,
            body: m.try_get("body")?,
            author_name: m.try_get("author_name")?,
            by_bot: m.try_get("by_bot")?,
            delivery: delivery
                .map(|d| parse("messages.delivery", &d, Delivery::parse))
                .transpose()?,
            delivery_error: m.try_get("delivery_error")?,
            attachments: attachments.remove(&msg_id).unwrap_or_default(),
            reaction: m.try_get("reaction")?,
            withdrawn: m.try_get::<Option<Millis>, _>("withdrawn_at")?.is_some(),
            buttons: match m.try_get::<Option<String>, _>("buttons")? {
                Some(b) => serde_json::from_str::<Vec<(String, String)>>(&b)
                    .map_err(|e| DbError::Corrupt(format!("messages.buttons: {e}")))?
                    .into_iter()
                    .map(|(label, _)| label)
                    .collect(),
                None => Vec::new(),
            },
            created_at: at,
        });
    }
    // Event lines from the oldest message shown up to where the newer stretch began (all of
    // the earlier ones when this stretch reaches the start of the thread).
    let since = match oldest {
        Some((at, _)) if more => at,
        _ => Millis::MIN,
    };
    let mut events = sqlx::query(
        "select e.id, e.change, a.name as actor_name, o.name as to_owner_name, e.detail, e.created_at
         from conversation_events e
         left join members a on a.workspace_id = e.workspace_id and a.id = e.actor_id
         left join members o on o.workspace_id = e.workspace_id and o.id = e.to_owner_id
         where e.workspace_id = $1 and e.conversation_id = $2 and e.created_at >= $3 and e.created_at < $4
         order by e.created_at desc, e.id desc limit $5",
    )
    .bind(ws)
    .bind(id)
    .bind(since)
    .bind(if before.is_some() { before_at } else { Millis::MAX })
    .bind(THREAD_EVENTS + 1)
    .fetch_all(pool)
    .await?;
    // More event lines than a page carries (a conversation transferred back and forth for
    // hours between two messages): the page keeps the newest, drops the messages older than
    // the oldest line kept, and continues from there.
    if events.len() as i64 > THREAD_EVENTS {
        events.truncate(THREAD_EVENTS as usize);
        let from: Millis = events
            .last()
            .map_or(Ok(since), |e| e.try_get("created_at"))?;
        items.retain(|i| i.at() >= from);
        oldest = Some((from, MessageId(0)));
        more = true;
    }
    events.reverse();
    // Collaborator lines name the member in `detail`; their names come in one query.
    let mut subjects = Vec::with_capacity(events.len());
    for e in &events {
        let detail: String = e.try_get("detail")?;
        let member = serde_json::from_str::<serde_json::Value>(&detail)
            .ok()
            .and_then(|d| d["member"].as_i64())
            .map(MemberId);
        subjects.push(member);
    }
    let names = member_names(pool, ws, subjects.iter().flatten().copied()).await?;
    for (e, subject) in events.iter().zip(subjects) {
        items.push(ThreadItem::Event {
            id: e.try_get("id")?,
            change: change_of(e)?,
            actor_name: e.try_get("actor_name")?,
            to_owner_name: e.try_get("to_owner_name")?,
            subject_name: subject.and_then(|id| names.get(&id).cloned()),
            created_at: e.try_get("created_at")?,
        });
    }
    // Stable: at equal times a message stays before the event it caused.
    items.sort_by_key(ThreadItem::at);
    Ok((items, oldest.filter(|_| more)))
}

/// The names of the given members of the workspace, in one query.
async fn member_names(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    ids: impl Iterator<Item = MemberId>,
) -> DbResult<std::collections::HashMap<MemberId, String>> {
    let ids: std::collections::BTreeSet<MemberId> = ids.collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut qb =
        sqlx::QueryBuilder::<Db>::new("select id, name from members where workspace_id = ");
    qb.push_bind(ws).push(" and id in (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id);
    }
    qb.push(")");
    let rows = qb.build().fetch_all(pool).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Marks every customer message of the conversation as read by `me`.
pub async fn mark_read(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: ConversationId,
    me: MemberId,
    now: Millis,
) -> DbResult<()> {
    sqlx::query(
        "insert into conversation_reads (workspace_id, conversation_id, member_id, read_inbound_count, read_at)
         select workspace_id, id, $3, inbound_count, $4 from conversations where workspace_id = $1 and id = $2
         on conflict (conversation_id, member_id) do update set read_inbound_count = excluded.read_inbound_count, read_at = excluded.read_at",
    )
    .bind(ws)
    .bind(id)
    .bind(me)
    .bind(now)
    .execute(pool)
    .await?;
    // A widget visitor sees that the team read what they wrote.
    sqlx::query(
        "update messages set delivery = 'read'
         where workspace_id = $1 and conversation_id = $2 and kind = 'inbound' and delivery is null
           and exists (select 1 from conversations c
                       join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
                       where c.workspace_id = $1 and c.id = $2 and ch.kind = 'web_chat')",
    )
    .bind(ws)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Stores a member's reply or note in one transaction. A reply also becomes the conversation's
/// last message and answers the customer (the waiting clock stops); a note changes neither.
pub async fn add_message(pool: &Pool<Db>, m: &NewMessage) -> DbResult<MessageId> {
    let mut tx = pool.begin().await?;
    let id = add_message_in(&mut tx, m).await?;
    tx.commit().await?;
    Ok(id)
}

/// Follows a pending conversation up and stores the member's reply, in one transaction: both
/// or neither. `None` (nothing written) when the conversation moved before the follow-up.
pub async fn follow_up_and_reply(
    pool: &Pool<Db>,
    change: &StateChange,
    m: &NewMessage,
) -> DbResult<Option<MessageId>> {
    let mut tx = pool.begin().await?;
    if !apply_in(&mut tx, change).await? {
        return Ok(None);
    }
    let id = add_message_in(&mut tx, m).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// A member's reply or note inside the caller's transaction (see [`add_message`]).
async fn add_message_in(tx: &mut Transaction<'_, Db>, m: &NewMessage) -> DbResult<MessageId> {
    let outbound = m.kind == MessageKind::Outbound;
    let id: Option<MessageId> = sqlx::query_scalar(
        "insert into messages (workspace_id, conversation_id, kind, author_id, body, delivery, created_at)
         select c.workspace_id, c.id, $3, $4, $5,
                -- our own widget has no platform to send through: stored is sent
                case when $6 is null then null when ch.kind = 'web_chat' then 'sent' else $6 end, $7
         from conversations c join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
         where c.workspace_id = $1 and c.id = $2
           -- nothing goes out to a blacklisted customer
           and ($6 is null or not exists (select 1 from customers cu
                where cu.workspace_id = c.workspace_id and cu.id = c.customer_id and cu.blocked))
           -- only while the facts the reply was allowed on still hold
           and ($8 is null or (c.version = $8 and exists (select 1 from conversation_collaborators cc
                where cc.conversation_id = c.id and cc.member_id = $4) = $9))
         returning id",
    )
    .bind(m.workspace_id)
    .bind(m.conversation_id)
    .bind(m.kind.as_str())
    .bind(m.author)
    .bind(&m.body)
    .bind(outbound.then_some(Delivery::Queued.as_str()))
    .bind(m.now)
    .bind(m.expected.map(|e| e.version))
    .bind(m.expected.is_some_and(|e| e.collaborator))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Err(
            stale_or_gone(tx, m.workspace_id, m.conversation_id, m.expected.is_some()).await?,
        );
    };
    super::search::written(tx, m.workspace_id, m.conversation_id, &m.body).await?;
    if outbound {
        sqlx::query(
            "update conversations set last_message_at = $3, last_message_preview = $4, last_message_kind = 'outbound', waiting_since = null
             where workspace_id = $1 and id = $2",
        )
        .bind(m.workspace_id)
        .bind(m.conversation_id)
        .bind(m.now)
        .bind(match &m.file {
            Some(f) if m.body.trim().is_empty() => crate::domain::media::preview_code(f.kind),
            _ => crate::domain::preview(&m.body).to_owned(),
        })
        .execute(&mut **tx)
        .await?;
        if let Some(file) = &m.file {
            super::media::insert_sent_file(tx, m.workspace_id, id, file, m.now).await?;
        }
        // The reply's sending, in its own transaction: a crash after the commit loses nothing.
        sqlx::query(
            "insert into outbound_queue (message_id, workspace_id, channel_id, next_at, retry_key, updated_at)
             select $1, c.workspace_id, c.channel_id, $3, $4, $3 from conversations c
             join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
             where c.workspace_id = $2 and c.id = $5 and ch.kind <> 'web_chat'",
        )
        .bind(id)
        .bind(m.workspace_id)
        .bind(m.now)
        .bind(&m.retry_key)
        .bind(m.conversation_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Why a conditional write found nothing to write: `Stale` when the conversation is still
/// there (its facts changed) and the write was conditional, else `NotFound`.
async fn stale_or_gone(
    tx: &mut sqlx::Transaction<'_, Db>,
    ws: WorkspaceId,
    id: ConversationId,
    conditional: bool,
) -> DbResult<DbError> {
    let there: Option<ConversationId> = sqlx::query_scalar(
        "select c.id from conversations c join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
         where c.workspace_id = $1 and c.id = $2 and not cu.blocked",
    )
    .bind(ws)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(if there.is_some() && conditional {
        DbError::Stale
    } else {
        DbError::NotFound
    })
}

/// Stores a customer message and its effect on the conversation in one transaction: the
/// message (once per platform id), the unread count and waiting clock, the last message, and
/// the status change with its event-log row when there is one.
pub async fn receive(pool: &Pool<Db>, m: &Incoming) -> DbResult<Received> {
    let mut tx = pool.begin().await?;
    let received = receive_in(&mut tx, m).await?;
    if received == Received::Stored {
        tx.commit().await?;
    }
    Ok(received)
}

/// [`receive`] inside the caller's transaction, which it commits only on `Stored`: on `Moved`
/// and `Duplicate` it has written what it must not keep (rolled back by dropping it).
pub(super) async fn receive_in(tx: &mut Transaction<'_, Db>, m: &Incoming) -> DbResult<Received> {
    let status_changes = m.change.is_some();
    // Answers whether the conversation is snoozed (the message wakes it below), or nothing
    // when it moved on since it was read.
    let snoozed: Option<bool> = sqlx::query_scalar(
        "update conversations
         set status = $4, pending_handler = $5, owner_id = $6,
             version = version + $7,
             pending_reason = case when $7 = 1 or $8 is not null then $8 else pending_reason end,
             bot_flow = case when $13 then $14 else bot_flow end,
             bot_step = case when $13 then $15 else bot_step end,
             closed_at = null,
             inbound_count = inbound_count + 1,
             waiting_since = case when $11 then $9 else coalesce(waiting_since, $9) end,
             last_message_at = $9, last_message_preview = $10, last_message_kind = 'inbound',
             reply_token = case when $12 is null then reply_token else $12 end,
             reply_token_at = case when $12 is null then reply_token_at else $9 end
         where workspace_id = $1 and id = $2 and version = $3
         returning snoozed_at is not null",
    )
    .bind(m.workspace_id)
    .bind(m.conversation_id)
    .bind(m.expected_version)
    .bind(m.to.status().as_str())
    .bind(m.to.handler().map(Handler::as_str))
    .bind(m.to.owner())
    .bind(i64::from(status_changes))
    .bind(&m.pending_reason)
    .bind(m.now)
    .bind(match m.attachments.first() {
        Some(a) if m.body.trim().is_empty() => crate::domain::media::preview_code(a.kind),
        _ => crate::domain::preview(&m.body).to_owned(),
    })
    // A closed conversation was not waiting: the clock starts with this message.
    .bind(matches!(m.from, ConvState::Closed { .. }))
    .bind(&m.reply_token)
    .bind(m.bot.as_ref().is_some_and(|b| b.set_flow))
    .bind(m.bot.as_ref().and_then(|b| b.flow_at).map(|at| at.flow))
    .bind(m.bot.as_ref().and_then(|b| b.flow_at).map(|at| at.step))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(snoozed) = snoozed else {
        return Ok(Received::Moved);
    };
    // The same platform message stored before, or by a concurrent delivery (which this waits
    // for on PostgreSQL): nothing of this one is kept.
    let inserted: Option<MessageId> = sqlx::query_scalar(
        "insert into messages (workspace_id, conversation_id, kind, body, external_id, created_at)
         values ($1, $2, 'inbound', $3, $4, $5)
         on conflict (conversation_id, external_id) do nothing
         returning id",
    )
    .bind(m.workspace_id)
    .bind(m.conversation_id)
    .bind(&m.body)
    .bind(&m.external_id)
    .bind(m.now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = inserted else {
        return Ok(Received::Duplicate);
    };
    super::media::insert(tx, m.workspace_id, id, &m.attachments, m.now).await?;
    super::search::written(tx, m.workspace_id, m.conversation_id, &m.body).await?;
    if let Some(change) = m.change {
        let event = Event {
            workspace_id: m.workspace_id,
            conversation_id: m.conversation_id,
            actor: None,
            change,
            from: Some(m.from),
            to: m.to,
            at: m.now,
            detail: None,
        };
        insert_event(tx, &event).await?;
    }
    if let Some(bot) = &m.bot {
        super::bot::send(tx, m.workspace_id, m.conversation_id, &bot.messages, m.now).await?;
    }
    if snoozed {
        super::snooze::woken_by_customer(tx, m.workspace_id, m.conversation_id, m.now).await?;
    }
    Ok(Received::Stored)
}

#[async_trait::async_trait]
impl crate::server::db::ConversationStore for super::SqlStore {
    async fn conversation(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: Option<MemberId>,
    ) -> DbResult<Option<ConvRecord>> {
        super::conversation::conversation(&self.read, workspace, id, me).await
    }

    async fn apply_change(&self, change: &StateChange) -> DbResult<bool> {
        super::conversation::apply_change(&self.write, change).await
    }

    async fn apply_changes(&self, changes: &[StateChange]) -> DbResult<bool> {
        super::conversation::apply_changes(&self.write, changes).await
    }

    async fn events(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Vec<EventRecord>> {
        super::conversation::events(&self.read, workspace, id).await
    }

    async fn conversation_detail(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        limit: i64,
    ) -> DbResult<Option<ConversationDetail>> {
        super::conversation::detail(&self.read, workspace, id, limit).await
    }

    async fn thread_page(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        before: (Millis, MessageId),
        limit: i64,
    ) -> DbResult<ThreadPage> {
        let (items, older) =
            super::conversation::thread_page(&self.read, workspace, id, Some(before), limit)
                .await?;
        Ok(ThreadPage { items, older })
    }

    async fn resolve_inbound(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        route: Handler,
        now: Millis,
    ) -> DbResult<InboundTarget> {
        super::inbound::resolve(&self.write, workspace, channel, sender, name, route, now).await
    }

    async fn receive(&self, message: &Incoming) -> DbResult<Received> {
        super::conversation::receive(&self.write, message).await
    }

    async fn ingest(
        &self,
        message: &InboundMessage,
        decide: &DecideStep,
    ) -> DbResult<Result<Received, crate::domain::status::InvalidTransition>> {
        super::inbound::ingest(&self.write, message, decide).await
    }

    async fn ingest_many(
        &self,
        messages: &[InboundMessage],
        decide: &DecideStep,
    ) -> DbResult<Vec<Result<Received, crate::domain::status::InvalidTransition>>> {
        super::inbound::ingest_many(&self.write, messages, decide).await
    }

    async fn follow_up_and_reply(
        &self,
        change: &StateChange,
        message: &NewMessage,
    ) -> DbResult<Option<MessageId>> {
        follow_up_and_reply(&self.write, change, message).await
    }

    async fn add_message(&self, message: &NewMessage) -> DbResult<MessageId> {
        super::conversation::add_message(&self.write, message).await
    }

    async fn mark_read(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        me: MemberId,
        now: Millis,
    ) -> DbResult<()> {
        super::conversation::mark_read(&self.write, workspace, id, me, now).await
    }

    async fn member(&self, workspace: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRecord>> {
        super::conversation::member(&self.read, workspace, id).await
    }
}
