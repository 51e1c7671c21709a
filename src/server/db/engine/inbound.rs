//! Identity resolution for inbound messages: which customer a channel's sender is, whether they
//! are blacklisted, and which conversation their message goes to (CHANNELS.md §0.1 step 6: the
//! blacklist applies after identity resolution and before conversation creation).

use super::conversation::{conv_state, receive_in};
use super::rows::{insert_event, Event};
use super::Db;
use crate::domain::bot::FlowAt;
use crate::domain::status::open;
use crate::domain::status::InvalidTransition;
use crate::domain::{
    BranchId, ChannelId, ConvState, ConversationId, CustomerId, Handler, Millis, WorkspaceId,
};
use crate::server::db::{
    DbError, DbResult, DecideStep, InboundMessage, InboundTarget, Incoming, Received, RouteFacts,
};
use sqlx::Row;
use sqlx::{Pool, Transaction};

/// Resolves `sender` (the platform's user id) on `channel`: a blacklisted customer gives
/// `Blocked` and nothing is created; otherwise the customer (created on first contact, named
/// `name`) and their conversation on this channel (created pending for `route`, with its
/// "opened" event) are found or made, in one transaction.
pub async fn resolve(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    channel: ChannelId,
    sender: &str,
    name: &str,
    route: Handler,
    now: Millis,
) -> DbResult<InboundTarget> {
    let mut tx = pool.begin().await?;
    let (target, _) = resolve_in(&mut tx, ws, channel, sender, name, route, now).await?;
    tx.commit().await?;
    Ok(target)
}

/// [`resolve`] inside the caller's transaction (which commits what it created), with the
/// version of the conversation when it opened it.
pub(super) async fn resolve_in(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    channel: ChannelId,
    sender: &str,
    name: &str,
    route: Handler,
    now: Millis,
) -> DbResult<(InboundTarget, Option<i64>)> {
    // A concurrent first message may open the conversation between our look and our insert:
    // then it is theirs we use (read committed: the next statement sees it), or, when it was
    // gone again by then (a blacklisting), we look again.
    for _ in 0..3 {
        if let Some(target) = resolve_once(tx, ws, channel, sender, name, route, now).await? {
            return Ok(target);
        }
    }
    Err(DbError::Stale)
}

/// One try of [`resolve_in`]; `None` when a concurrent first message opened the conversation
/// first and it is gone again.
#[allow(clippy::too_many_arguments)]
async fn resolve_once(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    channel: ChannelId,
    sender: &str,
    name: &str,
    route: Handler,
    now: Millis,
) -> DbResult<Option<(InboundTarget, Option<i64>)>> {
    let branch: Option<Option<BranchId>> =
        sqlx::query_scalar("select branch_id from channels where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(channel)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(branch) = branch else {
        return Err(DbError::NotFound);
    };
    let find_customer = "select ci.customer_id, cu.blocked from customer_identities ci
         join customers cu on cu.workspace_id = ci.workspace_id and cu.id = ci.customer_id
         where ci.workspace_id = $1 and ci.channel_id = $2 and ci.external_id = $3";
    let found: Option<(CustomerId, bool)> = sqlx::query_as(find_customer)
        .bind(ws)
        .bind(channel)
        .bind(sender)
        .fetch_optional(&mut **tx)
        .await?;
    // A customer made here has no conversation yet.
    let (customer, blocked, made) = match found {
        Some((customer, blocked)) => (customer, blocked, false),
        None => {
            let customer: CustomerId = sqlx::query_scalar(
                "insert into customers (workspace_id, name, branch_id, created_at, updated_at)
                 values ($1, $2, $3, $4, $4) returning id",
            )
            .bind(ws)
            .bind(name)
            .bind(branch)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            if link_identity(tx, ws, customer, channel, sender, name, now).await? {
                (customer, false, true)
            } else {
                // A concurrent first message made the customer first: use theirs.
                sqlx::query("delete from customers where workspace_id = $1 and id = $2")
                    .bind(ws)
                    .bind(customer)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query_as(find_customer)
                    .bind(ws)
                    .bind(channel)
                    .bind(sender)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or(DbError::NotFound)
                    .map(|(customer, blocked)| (customer, blocked, false))?
            }
        }
    };
    if blocked {
        return Ok(Some((InboundTarget::Blocked, None)));
    }
    let existing: Option<ConversationId> = if made {
        None
    } else {
        sqlx::query_scalar(
            "select id from conversations where workspace_id = $1 and channel_id = $2 and customer_id = $3",
        )
        .bind(ws)
        .bind(channel)
        .bind(customer)
        .fetch_optional(&mut **tx)
        .await?
    };
    if let Some(id) = existing {
        return Ok(Some((InboundTarget::Conversation(id), None)));
    }
    let opened = open(route);
    let reason = match route {
        Handler::Bot => "keyword_rule",
        Handler::Human => "no_keyword_matched",
    };
    let opened_here: Option<(ConversationId, i64)> = sqlx::query_as(
        "insert into conversations (workspace_id, channel_id, customer_id, branch_id, status, pending_handler,
             pending_reason, last_message_at, created_at)
         values ($1, $2, $3, $4, 'pending', $5, $6, $7, $7)
         on conflict (workspace_id, channel_id, customer_id) do nothing
         returning id, version",
    )
    .bind(ws)
    .bind(channel)
    .bind(customer)
    .bind(branch)
    .bind(route.as_str())
    .bind(reason)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, version)) = opened_here else {
        // A concurrent first message opened it first (and committed: the insert waited).
        let theirs: Option<ConversationId> = sqlx::query_scalar(
            "select id from conversations where workspace_id = $1 and channel_id = $2 and customer_id = $3",
        )
        .bind(ws)
        .bind(channel)
        .bind(customer)
        .fetch_optional(&mut **tx)
        .await?;
        return Ok(theirs.map(|id| (InboundTarget::Conversation(id), None)));
    };
    let event = Event {
        workspace_id: ws,
        conversation_id: id,
        actor: None,
        change: opened.change.event(),
        from: None,
        to: opened.to,
        at: now,
        detail: None,
    };
    insert_event(tx, &event).await?;
    super::search::opened(tx, ws, id, customer).await?;
    Ok(Some((InboundTarget::Conversation(id), Some(version))))
}

/// Links a new customer to the sender's identity on the channel; `false` when a concurrent
/// event linked the sender to another customer first.
pub(super) async fn link_identity(
    tx: &mut sqlx::Transaction<'_, Db>,
    ws: WorkspaceId,
    customer: CustomerId,
    channel: ChannelId,
    sender: &str,
    name: &str,
    now: Millis,
) -> DbResult<bool> {
    let linked = sqlx::query(
        "insert into customer_identities (workspace_id, customer_id, channel_id, external_id, display_name, created_at)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (channel_id, external_id) do nothing",
    )
    .bind(ws)
    .bind(customer)
    .bind(channel)
    .bind(sender)
    .bind(name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(linked.rows_affected() == 1)
}

/// Resolves the sender of `m` and stores it, in one transaction (`ConversationStore::ingest`):
/// a sender seen before with a conversation here is one look (customer, blacklist, the
/// conversation's state); anyone else is resolved as [`resolve`] does. When a member moved the
/// conversation meanwhile, everything is rolled back and done again, `decide` asked again.
pub async fn ingest(
    pool: &Pool<Db>,
    m: &InboundMessage,
    decide: &DecideStep,
) -> DbResult<Result<Received, InvalidTransition>> {
    for _ in 0..8 {
        let mut tx = pool.begin().await?;
        match attempt(&mut tx, m, decide).await? {
            Ok(Received::Moved) => continue,
            Ok(Received::Stored) => {
                tx.commit().await?;
                return Ok(Ok(Received::Stored));
            }
            done => return Ok(done),
        }
    }
    Err(DbError::Stale)
}

/// The messages of one webhook body, each as [`ingest`] stores it. With one writer (SQLite)
/// they share one transaction, each in a savepoint of its own (a duplicate or a dropped
/// message undoes only itself): one commit per body. Where writers run side by side
/// (PostgreSQL) each message has its own transaction (`dialect::ONE_WRITER`).
pub async fn ingest_many(
    pool: &Pool<Db>,
    messages: &[InboundMessage],
    decide: &DecideStep,
) -> DbResult<Vec<Result<Received, InvalidTransition>>> {
    let mut out = Vec::with_capacity(messages.len());
    if !super::super::dialect::ONE_WRITER || messages.len() < 2 {
        for m in messages {
            out.push(ingest(pool, m, decide).await?);
        }
        return Ok(out);
    }
    let mut tx = pool.begin().await?;
    for m in messages {
        out.push(ingest_within(&mut tx, m, decide).await?);
    }
    tx.commit().await?;
    Ok(out)
}

/// [`ingest`] inside `tx`, in a savepoint kept only when the message is stored.
async fn ingest_within(
    tx: &mut Transaction<'_, Db>,
    m: &InboundMessage,
    decide: &DecideStep,
) -> DbResult<Result<Received, InvalidTransition>> {
    for _ in 0..8 {
        let mut point = sqlx::Connection::begin(&mut **tx).await?;
        let done = attempt(&mut point, m, decide).await?;
        if done == Ok(Received::Stored) {
            point.commit().await?;
        } else {
            point.rollback().await?;
        }
        if done != Ok(Received::Moved) {
            return Ok(done);
        }
    }
    Err(DbError::Stale)
}

/// One try at storing `m` in `tx`: `Moved` when a member moved the conversation meanwhile
/// (nothing of it may be kept), `Stored` for the caller to commit.
async fn attempt(
    tx: &mut Transaction<'_, Db>,
    m: &InboundMessage,
    decide: &DecideStep,
) -> DbResult<Result<Received, InvalidTransition>> {
    let (id, version, facts) = match target(tx, m, decide).await? {
        Target::Blocked => return Ok(Ok(Received::Dropped)),
        Target::Refused(refused) => return Ok(Err(refused)),
        Target::Found(id, version, facts) => (id, version, facts),
    };
    let step = match decide(m, &facts) {
        Ok(step) => step,
        Err(refused) => return Ok(Err(refused)),
    };
    let incoming = Incoming {
        workspace_id: m.workspace_id,
        conversation_id: id,
        expected_version: version,
        body: m.body.clone(),
        external_id: m.external_id.clone(),
        from: facts.state,
        to: step.to,
        change: step.change,
        pending_reason: step.pending_reason,
        reply_token: m.reply_token.clone(),
        attachments: m.attachments.clone(),
        bot: step.bot,
        now: m.now,
    };
    Ok(Ok(receive_in(tx, &incoming).await?))
}

/// Where `m` goes.
enum Target {
    /// The sender is blacklisted: nothing was created.
    Blocked,
    /// Routing refused the conversation a new one would open as.
    Refused(InvalidTransition),
    /// The conversation, its version and what routing reads of it.
    Found(ConversationId, i64, RouteFacts),
}

/// The conversation `m` goes to inside `tx`, opened (for whom routing says) when the sender
/// has none on this channel.
async fn target(
    tx: &mut Transaction<'_, Db>,
    m: &InboundMessage,
    decide: &DecideStep,
) -> DbResult<Target> {
    let known = sqlx::query(
        "select cu.blocked, ci.unsubscribed_at, c.id, c.version, c.status, c.pending_handler,
                c.owner_id, c.pending_reason, c.bot_flow, c.bot_step
         from customer_identities ci
         join customers cu on cu.workspace_id = ci.workspace_id and cu.id = ci.customer_id
         left join conversations c on c.workspace_id = ci.workspace_id
              and c.channel_id = ci.channel_id and c.customer_id = ci.customer_id
         where ci.workspace_id = $1 and ci.channel_id = $2 and ci.external_id = $3",
    )
    .bind(m.workspace_id)
    .bind(m.channel_id)
    .bind(&m.sender)
    .fetch_optional(&mut **tx)
    .await?;
    let mut unsubscribed = false;
    if let Some(row) = known {
        if row.try_get::<bool, _>("blocked")? {
            return Ok(Target::Blocked);
        }
        unsubscribed = row
            .try_get::<Option<Millis>, _>("unsubscribed_at")?
            .is_some();
        if let Some(id) = row.try_get::<Option<ConversationId>, _>("id")? {
            let facts = facts(tx, m, id, &row, unsubscribed).await?;
            return Ok(Target::Found(id, row.try_get("version")?, facts));
        }
    }
    // First contact, or no conversation on this channel (yet, or any more): routing says
    // whom a new one is pending for.
    let new = RouteFacts {
        state: ConvState::Pending(Handler::Human),
        opened: true,
        pending_reason: None,
        flow_at: None,
        bot_replies_last_hour: 0,
        unsubscribed,
    };
    let route = match decide(m, &new) {
        Ok(step) => step.to.handler().unwrap_or(Handler::Human),
        Err(refused) => return Ok(Target::Refused(refused)),
    };
    for _ in 0..3 {
        let resolved = resolve_in(
            tx,
            m.workspace_id,
            m.channel_id,
            &m.sender,
            &m.sender_name,
            route,
            m.now,
        )
        .await?;
        let (InboundTarget::Conversation(id), opened) = resolved else {
            return Ok(Target::Blocked);
        };
        if let Some(version) = opened {
            let facts = RouteFacts {
                state: open(route).to,
                ..new
            };
            return Ok(Target::Found(id, version, facts));
        }
        let row = sqlx::query(
            "select version, status, pending_handler, owner_id, pending_reason, bot_flow, bot_step
             from conversations where workspace_id = $1 and id = $2",
        )
        .bind(m.workspace_id)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        // Deleted since it was resolved (a blacklisting): resolve again.
        if let Some(row) = row {
            let facts = facts(tx, m, id, &row, unsubscribed).await?;
            return Ok(Target::Found(id, row.try_get("version")?, facts));
        }
    }
    Err(DbError::Stale)
}

/// What routing reads of conversation `id` (its row read into `row`): the bot's replies of
/// the last hour are counted only while it is pending (at most the hourly limit of them, by
/// their own index).
async fn facts(
    tx: &mut Transaction<'_, Db>,
    m: &InboundMessage,
    id: ConversationId,
    row: &<Db as sqlx::Database>::Row,
    unsubscribed: bool,
) -> DbResult<RouteFacts> {
    let state = conv_state(id, row)?;
    let flow: Option<i64> = row.try_get("bot_flow")?;
    let step: Option<i64> = row.try_get("bot_step")?;
    let replies: i64 = if matches!(state, ConvState::Pending(_)) {
        sqlx::query_scalar(
            "select count(*) from messages
             where conversation_id = $1 and by_bot and created_at > $2",
        )
        .bind(id)
        .bind(m.now - 3_600_000)
        .fetch_one(&mut **tx)
        .await?
    } else {
        0
    };
    Ok(RouteFacts {
        state,
        opened: false,
        pending_reason: row.try_get("pending_reason")?,
        flow_at: flow.zip(step).map(|(flow, step)| FlowAt { flow, step }),
        bot_replies_last_hour: u32::try_from(replies).unwrap_or(u32::MAX),
        unsubscribed,
    })
}
