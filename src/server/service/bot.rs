//! The bot's settings (admins, supervisors and cs_managers): keyword rules, flows, the bot's
//! own settings, and the simulator, which routes a sample message as a real one would be
//! (the same [`super::ingest::decide`]) without storing or sending anything.

use super::{Missing, ServiceError};
use crate::domain::bot::buttons::presentation;
use crate::domain::bot::config::{
    check_flow, check_rule, check_settings, FlowDraft, Problem, RuleDraft, SavedRule, Settings,
};
use crate::domain::bot::Decision;
use crate::domain::permission::{role_may, Action};
use crate::domain::{ConvState, Handler, Millis};
use crate::server::db::{InboundMessage, RouteFacts, SessionMember, Store};
use crate::wire::{BotChannel, BotPage, SimMessage, SimOutcome, SimPlace, SimulateForm, Simulated};

use super::members::audit_by as by;

fn may_manage(who: &SessionMember) -> Result<(), ServiceError> {
    if role_may(who.role, Action::ManageBots) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

/// Everything the bot's page shows.
pub async fn page_for(store: &Store, who: &SessionMember) -> Result<BotPage, ServiceError> {
    may_manage(who)?;
    let ws = who.workspace_id;
    Ok(BotPage {
        rules: store.bot_rules(ws).await?,
        flows: store.bot_flows(ws).await?,
        settings: store.bot_settings(ws).await?,
        channels: store
            .channels(ws)
            .await?
            .into_iter()
            .map(|c| BotChannel {
                id: c.id,
                name: c.name,
                kind: c.kind,
            })
            .collect(),
    })
}

/// Saves a rule (new when `id` is none); its id, or why not. The rule is checked here first
/// (sizes, before any storage work) and again by the store against the workspace's rules and
/// flows as they are when it writes.
pub async fn save_rule_for(
    store: &Store,
    who: &SessionMember,
    id: Option<i64>,
    rule: &RuleDraft,
    now: Millis,
) -> Result<Result<i64, Problem>, ServiceError> {
    may_manage(who)?;
    if let Err(p) = check_rule(rule, |_| true, |_| true) {
        return Ok(Err(p));
    }
    match store
        .save_rule(who.workspace_id, id, rule, &by(who, now))
        .await?
    {
        Ok(Some(id)) => Ok(Ok(id)),
        Ok(None) => Err(ServiceError::NotFound(Missing::BotRule)),
        Err(p) => Ok(Err(p)),
    }
}

pub async fn delete_rule_for(
    store: &Store,
    who: &SessionMember,
    id: i64,
    now: Millis,
) -> Result<Result<(), Problem>, ServiceError> {
    may_manage(who)?;
    match store
        .delete_rule(who.workspace_id, id, &by(who, now))
        .await?
    {
        Ok(true) => Ok(Ok(())),
        Ok(false) => Err(ServiceError::NotFound(Missing::BotRule)),
        Err(p) => Ok(Err(p)),
    }
}

/// Moves a rule one place up or down; at either end it stays.
pub async fn move_rule_for(
    store: &Store,
    who: &SessionMember,
    id: i64,
    up: bool,
    now: Millis,
) -> Result<(), ServiceError> {
    may_manage(who)?;
    if !store
        .move_rule(who.workspace_id, id, up, &by(who, now))
        .await?
        && !store
            .bot_rules(who.workspace_id)
            .await?
            .iter()
            .any(|r| r.id == id)
    {
        return Err(ServiceError::NotFound(Missing::BotRule));
    }
    Ok(())
}

pub async fn save_flow_for(
    store: &Store,
    who: &SessionMember,
    id: Option<i64>,
    flow: &FlowDraft,
    now: Millis,
) -> Result<Result<i64, Problem>, ServiceError> {
    may_manage(who)?;
    if let Err(p) = check_flow(flow, |_| true) {
        return Ok(Err(p));
    }
    match store
        .save_flow(who.workspace_id, id, flow, &by(who, now))
        .await?
    {
        Ok(Some(id)) => Ok(Ok(id)),
        Ok(None) => Err(ServiceError::NotFound(Missing::BotFlow)),
        Err(p) => Ok(Err(p)),
    }
}

pub async fn delete_flow_for(
    store: &Store,
    who: &SessionMember,
    id: i64,
    now: Millis,
) -> Result<Result<(), Problem>, ServiceError> {
    may_manage(who)?;
    match store
        .delete_flow(who.workspace_id, id, &by(who, now))
        .await?
    {
        Ok(true) => Ok(Ok(())),
        Ok(false) => Err(ServiceError::NotFound(Missing::BotFlow)),
        Err(p) => Ok(Err(p)),
    }
}

pub async fn save_settings_for(
    store: &Store,
    who: &SessionMember,
    settings: &Settings,
    now: Millis,
) -> Result<Result<(), Problem>, ServiceError> {
    may_manage(who)?;
    if let Err(p) = check_settings(settings) {
        return Ok(Err(p));
    }
    Ok(store
        .save_bot_settings(who.workspace_id, settings, &by(who, now))
        .await?)
}

/// Routes a sample message on one of the workspace's channels, with the rule being edited as
/// if saved; nothing is stored or sent.
pub async fn simulate_for(
    store: &Store,
    who: &SessionMember,
    form: &SimulateForm,
    now: Millis,
) -> Result<Result<Simulated, Problem>, ServiceError> {
    may_manage(who)?;
    if form.text.trim().is_empty() || form.text.chars().count() > 2000 {
        return Ok(Err(Problem::TextEmpty));
    }
    let ws = who.workspace_id;
    let channel = store
        .channels(ws)
        .await?
        .into_iter()
        .find(|c| c.id == form.channel)
        .ok_or(ServiceError::NotFound(Missing::Channel))?;
    let bot = match &form.draft {
        None => store.bot(ws).await?,
        Some((id, draft)) => {
            if let Err(p) = check_rule(draft, |_| true, |_| true) {
                return Ok(Err(p));
            }
            let mut parts = store.bot_parts(ws).await?;
            match parts.rules.iter_mut().find(|r| Some(r.id) == *id) {
                Some(r) => r.rule = draft.clone(),
                None => parts.rules.push(SavedRule {
                    // Tried last, under an id no saved rule has.
                    id: i64::MAX,
                    position: i32::MAX,
                    rule: draft.clone(),
                }),
            }
            std::sync::Arc::new(parts.compile())
        }
    };
    let message = InboundMessage {
        workspace_id: ws,
        channel_id: channel.id,
        sender: String::new(),
        sender_name: String::new(),
        body: form.text.trim().to_owned(),
        payload: None,
        external_id: None,
        reply_token: None,
        attachments: Vec::new(),
        now,
    };
    let facts = RouteFacts {
        state: match form.place {
            SimPlace::New | SimPlace::WaitingForPerson => ConvState::Pending(Handler::Human),
            SimPlace::WithBot => ConvState::Pending(Handler::Bot),
        },
        opened: form.place == SimPlace::New,
        pending_reason: None,
        flow_at: None,
        bot_replies_last_hour: 0,
        unsubscribed: false,
    };
    let decision = super::ingest::route(&bot, &message, &facts);
    let step = super::ingest::decide(&bot, &message, &facts).map_err(ServiceError::Transition)?;
    let (outcome, messages) = match decision {
        Decision::Reply { answer, .. } => {
            let outcome = if step.to.handler() == Some(Handler::Bot) {
                SimOutcome::BotReplies
            } else {
                SimOutcome::BotRepliesPersonNeeded
            };
            (outcome, bot.messages(answer).0)
        }
        Decision::Human { .. } | Decision::Leave => (SimOutcome::ToPerson, Vec::new()),
    };
    let shown = messages.iter().find(|m| !m.buttons.is_empty()).map(|m| {
        let labels: Vec<&str> = m.buttons.iter().map(|(l, _)| l.as_str()).collect();
        presentation(channel.kind, &labels)
    });
    Ok(Ok(Simulated {
        outcome,
        why: bot.why(&decision),
        messages: messages
            .into_iter()
            .map(|m| SimMessage {
                text: m.text,
                image: m.image,
                buttons: m.buttons.into_iter().map(|(l, _)| l).collect(),
            })
            .collect(),
        presentation: shown,
    }))
}
