//! Identity resolution for inbound messages: which customer a channel's sender is, whether they
//! are blacklisted, and which conversation their message goes to (CHANNELS.md §0.1 step 6: the
//! blacklist applies after identity resolution and before conversation creation).

use super::rows::{insert_event, Event};
use super::Db;
use crate::domain::status::open;
use crate::domain::{
    BranchId, ChannelId, ConversationId, CustomerId, Handler, Millis, WorkspaceId,
};
use crate::server::db::{DbError, DbResult, InboundTarget};
use sqlx::Pool;

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
    let branch: Option<Option<BranchId>> =
        sqlx::query_scalar("select branch_id from channels where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(channel)
            .fetch_optional(&mut *tx)
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
        .fetch_optional(&mut *tx)
        .await?;
    let (customer, blocked) = match found {
        Some(found) => found,
        None => {
            let customer: CustomerId = sqlx::query_scalar(
                "insert into customers (workspace_id, name, branch_id, created_at, updated_at)
                 values ($1, $2, $3, $4, $4) returning id",
            )
            .bind(ws)
            .bind(name)
            .bind(branch)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if link_identity(&mut tx, ws, customer, channel, sender, name, now).await? {
                (customer, false)
            } else {
                // A concurrent first message made the customer first: use theirs.
                sqlx::query("delete from customers where workspace_id = $1 and id = $2")
                    .bind(ws)
                    .bind(customer)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query_as(find_customer)
                    .bind(ws)
                    .bind(channel)
                    .bind(sender)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(DbError::NotFound)?
            }
        }
    };
    if blocked {
        return Ok(InboundTarget::Blocked);
    }
    let existing: Option<ConversationId> = sqlx::query_scalar(
        "select id from conversations where workspace_id = $1 and channel_id = $2 and customer_id = $3",
    )
    .bind(ws)
    .bind(channel)
    .bind(customer)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = existing {
        return Ok(InboundTarget::Conversation(id));
    }
    let opened = open(route);
    let reason = match route {
        Handler::Bot => "keyword_rule",
        Handler::Human => "no_keyword_matched",
    };
    let id: Option<ConversationId> = sqlx::query_scalar(
        "insert into conversations (workspace_id, channel_id, customer_id, branch_id, status, pending_handler,
             pending_reason, last_message_at, created_at)
         values ($1, $2, $3, $4, 'pending', $5, $6, $7, $7)
         on conflict (workspace_id, channel_id, customer_id) do nothing
         returning id",
    )
    .bind(ws)
    .bind(channel)
    .bind(customer)
    .bind(branch)
    .bind(route.as_str())
    .bind(reason)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        // A concurrent first message opened it first.
        tx.rollback().await?;
        return Box::pin(resolve(pool, ws, channel, sender, name, route, now)).await;
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
    insert_event(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(InboundTarget::Conversation(id))
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
