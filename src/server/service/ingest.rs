//! What customers send: the one entry point for inbound messages, whichever channel brings
//! them (webhooks, the widget, tests).

use super::{Missing, ServiceError};
use crate::domain::status::{transition, InvalidTransition, Trigger};
use crate::domain::{ConvState, ConversationId, Handler, Millis};
use crate::server::db::{CustomerStep, DbError, InboundMessage, Incoming, Received, Store};

/// A message from a channel's sender, as a platform delivers it.
#[derive(Clone, Debug)]
pub struct Inbound<'a> {
    pub workspace: crate::domain::WorkspaceId,
    pub channel: crate::domain::ChannelId,
    /// The platform's id of the sender (PSID, LINE userId, wa_id, widget visitor id).
    pub sender: &'a str,
    /// The sender's display name, for a customer seen for the first time.
    pub sender_name: &'a str,
    pub body: &'a str,
    /// The platform's message id, for redeliveries.
    pub external_id: Option<&'a str>,
    pub route: crate::domain::Handler,
    /// LINE: the message's reply token (single use, about a minute).
    pub reply_token: Option<&'a str>,
    pub attachments: &'a [crate::server::db::NewAttachment],
    pub now: Millis,
}

/// The one entry point for what customers send: resolves the sender to their customer and
/// conversation (CHANNELS.md §0.1), drops it when the customer is blacklisted (nothing is
/// created, reopened or notified), and otherwise stores it as [`receive`] does, all in one
/// transaction (`ConversationStore::ingest`), the status change decided here by [`step`].
pub async fn ingest(store: &Store, m: &Inbound<'_>) -> Result<Received, ServiceError> {
    let message = message(m);
    let route = m.route;
    match store
        .ingest(&message, &move |state| step(state, route))
        .await
    {
        Ok(Ok(received)) => Ok(received),
        Ok(Err(refused)) => Err(ServiceError::Transition(refused)),
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        Err(e) => Err(ServiceError::Db(e)),
    }
}

/// Several messages routed to `route` (one webhook body's), each as [`ingest`] does it, in
/// order; with one writer (SQLite) in one transaction. A storage failure fails them all (the
/// body is processed again; what was stored is stored once).
pub async fn ingest_many(
    store: &Store,
    messages: &[InboundMessage],
    route: Handler,
) -> Result<Vec<Result<Received, ServiceError>>, ServiceError> {
    match store
        .ingest_many(messages, &move |state| step(state, route))
        .await
    {
        Ok(done) => Ok(done
            .into_iter()
            .map(|r| r.map_err(ServiceError::Transition))
            .collect()),
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        Err(e) => Err(ServiceError::Db(e)),
    }
}

/// What the store keeps of an inbound message.
pub fn message(m: &Inbound<'_>) -> InboundMessage {
    InboundMessage {
        workspace_id: m.workspace,
        channel_id: m.channel,
        sender: m.sender.to_owned(),
        sender_name: m.sender_name.to_owned(),
        route: m.route,
        body: m.body.to_owned(),
        external_id: m.external_id.map(str::to_owned),
        reply_token: m.reply_token.map(str::to_owned),
        attachments: m.attachments.to_vec(),
        now: m.now,
    }
}

/// What a customer message routed to `route` does to a conversation in state `from`: a closed
/// conversation returns to pending, a bot one moves to a person when routed so, and an
/// in-progress one stays with its owner.
pub fn step(from: ConvState, route: Handler) -> Result<CustomerStep, InvalidTransition> {
    use crate::domain::status::Change;
    let t = transition(from, Trigger::CustomerMessage { route })?;
    let (change, pending_reason) = match t.change {
        Change::NewMessage | Change::StayedWithBot => (None, None),
        c => {
            let reason = if t.to.handler() == Some(Handler::Bot) {
                "keyword_rule"
            } else {
                "no_keyword_matched"
            };
            (Some(c.event()), Some(reason.to_owned()))
        }
    };
    Ok(CustomerStep {
        to: t.to,
        change,
        pending_reason,
    })
}

/// A customer message arriving on conversation `id`, where routing decided `route` (the bot
/// when a keyword rule handles it, else a person), its sender already resolved ([`ingest`]
/// does both in one transaction): the conversation moves as [`step`] says, while its unread
/// count and waiting clock rise. A redelivery of the same platform message id is stored once.
pub async fn receive(
    store: &Store,
    workspace: crate::domain::WorkspaceId,
    id: ConversationId,
    body: &str,
    external_id: Option<&str>,
    route: crate::domain::Handler,
    now: Millis,
) -> Result<Received, ServiceError> {
    let message = Message {
        body,
        external_id,
        route,
        reply_token: None,
        attachments: &[],
    };
    receive_message(store, workspace, id, &message, now).await
}

/// What a customer message brings to [`receive_message`].
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    pub body: &'a str,
    pub external_id: Option<&'a str>,
    pub route: crate::domain::Handler,
    pub reply_token: Option<&'a str>,
    pub attachments: &'a [crate::server::db::NewAttachment],
}

/// [`receive`], with everything a platform message brings.
pub async fn receive_message(
    store: &Store,
    workspace: crate::domain::WorkspaceId,
    id: ConversationId,
    m: &Message<'_>,
    now: Millis,
) -> Result<Received, ServiceError> {
    let (body, external_id, route) = (m.body, m.external_id, m.route);
    // Members acting at the same moment may move the version; read again and retry.
    for _ in 0..8 {
        let rec = store
            .conversation(workspace, id, None)
            .await?
            .ok_or(ServiceError::NotFound(Missing::Conversation))?;
        let step = step(rec.facts.state, route).map_err(ServiceError::Transition)?;
        let incoming = Incoming {
            workspace_id: workspace,
            conversation_id: id,
            expected_version: rec.version,
            body: body.to_owned(),
            external_id: external_id.map(str::to_owned),
            from: rec.facts.state,
            to: step.to,
            change: step.change,
            pending_reason: step.pending_reason,
            reply_token: m.reply_token.map(str::to_owned),
            attachments: m.attachments.to_vec(),
            now,
        };
        match store.receive(&incoming).await? {
            Received::Moved => continue,
            done => return Ok(done),
        }
    }
    let rec = store
        .conversation(workspace, id, None)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    Err(ServiceError::changed(rec))
}
