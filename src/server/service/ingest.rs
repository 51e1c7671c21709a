//! What customers send: the one entry point for inbound messages, whichever channel brings
//! them (webhooks, the widget, tests).

use super::{Missing, ServiceError};
use crate::domain::bot::{self, config::Bot, config::Why};
use crate::domain::status::{transition, InvalidTransition, Trigger};
use crate::domain::{ConvState, ConversationId, Handler, Millis};
use crate::server::db::{
    BotMessage, BotStep, CustomerStep, DbError, InboundMessage, Incoming, Received, RouteFacts,
    Store,
};

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
    /// The data of a button the customer tapped.
    pub payload: Option<&'a str>,
    /// LINE: the message's reply token (single use, about a minute).
    pub reply_token: Option<&'a str>,
    pub attachments: &'a [crate::server::db::NewAttachment],
    pub now: Millis,
}

/// The one entry point for what customers send: resolves the sender to their customer and
/// conversation (CHANNELS.md §0.1), drops it when the customer is blacklisted (nothing is
/// created, reopened or notified), and otherwise lets the bot route it ([`decide`]) and stores
/// it with the bot's answer, all in one transaction (`ConversationStore::ingest`).
pub async fn ingest(store: &Store, m: &Inbound<'_>) -> Result<Received, ServiceError> {
    let mut message = message(m);
    let bot = store.bot(m.workspace).await?;
    label_tap(&bot, &mut message);
    match store
        .ingest(&message, &move |m, facts| decide(&bot, m, facts))
        .await
    {
        Ok(Ok(received)) => Ok(received),
        Ok(Err(refused)) => Err(ServiceError::Transition(refused)),
        Err(DbError::NotFound) => Err(ServiceError::NotFound(Missing::Conversation)),
        Err(e) => Err(ServiceError::Db(e)),
    }
}

/// Several messages of one workspace (one webhook body's), each as [`ingest`] does it, in
/// order; with one writer (SQLite) in one transaction. A storage failure fails them all (the
/// body is processed again; what was stored is stored once). Taken by value: a tap is
/// relabelled in place.
pub async fn ingest_many(
    store: &Store,
    mut messages: Vec<InboundMessage>,
) -> Result<Vec<Result<Received, ServiceError>>, ServiceError> {
    let Some(first) = messages.first() else {
        return Ok(Vec::new());
    };
    let bot = store.bot(first.workspace_id).await?;
    for m in &mut messages {
        label_tap(&bot, m);
    }
    match store
        .ingest_many(&messages, &move |m, facts| decide(&bot, m, facts))
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
        body: m.body.to_owned(),
        payload: m.payload.map(str::to_owned),
        external_id: m.external_id.map(str::to_owned),
        reply_token: m.reply_token.map(str::to_owned),
        attachments: m.attachments.to_vec(),
        now: m.now,
    }
}

/// A tap that came with no text of its own (a LINE postback carries only its data) is kept
/// as the label of the button tapped, as the customer saw it.
fn label_tap(bot: &Bot, m: &mut InboundMessage) {
    let Some(payload) = m.payload.as_deref() else {
        return;
    };
    if !(m.body.is_empty() || m.body == payload) {
        return;
    }
    if let Some((at, index)) = bot::buttons::parse_tap(payload) {
        use bot::Flows;
        if let Some(b) = bot.buttons(at).and_then(|b| b.get(index)) {
            m.body = b.label.clone();
        }
    }
}

/// What the customer sent, as routing sees it: a tap on one of our buttons, media, or text.
pub fn inbound_of(m: &InboundMessage) -> bot::Inbound<'_> {
    if let Some((at, button)) = m.payload.as_deref().and_then(bot::buttons::parse_tap) {
        return bot::Inbound::Tap {
            flow: at.flow,
            step: at.step,
            button,
        };
    }
    match m.attachments.first() {
        Some(a) => bot::Inbound::Media(a.kind),
        None => bot::Inbound::Text(&m.body),
    }
}

/// Where a conversation is for routing.
pub fn place_of(facts: &RouteFacts) -> bot::Place {
    use crate::domain::ConvState as S;
    match facts.state {
        _ if facts.opened => bot::Place::New,
        S::Closed { .. } => bot::Place::New,
        S::Pending(Handler::Bot) => bot::Place::PendingBot,
        S::Pending(Handler::Human) => bot::Place::PendingHuman {
            asked: matches!(
                facts.pending_reason.as_deref().and_then(Why::from_stored),
                Some(Why::AskedForPerson | Why::TappedPerson)
            ),
        },
        S::InProgress { .. } => bot::Place::InProgress,
    }
}

/// What the bot decides for message `m` on a conversation as `facts` say it is.
pub fn route(bot: &Bot, m: &InboundMessage, facts: &RouteFacts) -> bot::Decision {
    let place = place_of(facts);
    let situation = bot::Situation {
        place,
        channel: m.channel_id,
        now: bot::LocalTime::of(m.now, bot.utc_offset_minutes),
        flow_at: facts.flow_at.filter(|_| place != bot::Place::New),
        greeting: bot.greeting(m.channel_id),
        replies_last_hour: facts.bot_replies_last_hour,
        replies_per_hour: bot.replies_per_hour,
        may_write: !facts.unsubscribed,
        person_words: &bot.person_words,
    };
    bot::route(inbound_of(m), &situation, &bot.rules, bot.matcher(), bot)
}

/// What a customer message does, as the bot routes it: the conversation's new state (a new
/// one opens pending for the bot when it answers, else for a person), why it is there, and
/// the bot's answer.
pub fn decide(
    bot: &Bot,
    m: &InboundMessage,
    facts: &RouteFacts,
) -> Result<CustomerStep, InvalidTransition> {
    let decision = route(bot, m, facts);
    let handler = match decision {
        bot::Decision::Reply { .. } => Handler::Bot,
        bot::Decision::Human { .. } | bot::Decision::Leave => Handler::Human,
    };
    let mut done = if facts.opened {
        CustomerStep {
            to: crate::domain::status::open(handler).to,
            change: None,
            pending_reason: None,
            bot: None,
        }
    } else {
        step(facts.state, handler)?
    };
    let why = bot.why(&decision).map(|w| w.to_stored());
    match decision {
        bot::Decision::Leave => {}
        bot::Decision::Human { .. } => {
            done.pending_reason = why;
            done.bot = Some(BotStep {
                set_flow: true,
                ..BotStep::default()
            });
        }
        bot::Decision::Reply { answer, .. } => {
            // Answered while a person is needed: it stays theirs, and so does its reason.
            done.pending_reason = (done.to.handler() == Some(Handler::Bot))
                .then_some(why)
                .flatten();
            let (messages, flow_at) = bot.messages(answer);
            let messages = messages
                .into_iter()
                .map(|o| BotMessage {
                    text: o.text,
                    image: o.image,
                    buttons: (!o.buttons.is_empty())
                        .then(|| serde_json::to_string(&o.buttons).unwrap_or_default()),
                    retry_key: super::outbound::new_key(),
                })
                .collect();
            done.bot = Some(BotStep {
                messages,
                flow_at,
                set_flow: true,
            });
        }
    }
    Ok(done)
}

/// What a customer message routed to `route` does to a conversation in state `from`: a closed
/// conversation returns to pending, a bot one moves to a person when routed so, and an
/// in-progress one stays with its owner.
pub fn step(from: ConvState, route: Handler) -> Result<CustomerStep, InvalidTransition> {
    use crate::domain::status::Change;
    let t = transition(from, Trigger::CustomerMessage { route })?;
    let change = match t.change {
        Change::NewMessage | Change::StayedWithBot => None,
        c => Some(c.event()),
    };
    // Into pending by a route decided elsewhere: why, as far as it says.
    let pending_reason = t.to.handler().filter(|_| change.is_some()).map(|h| {
        match h {
            Handler::Bot => Why::KeywordRule,
            Handler::Human => Why::NoMatch,
        }
        .to_stored()
    });
    Ok(CustomerStep {
        to: t.to,
        change,
        pending_reason,
        bot: None,
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
            bot: None,
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
