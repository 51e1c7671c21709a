//! The bot's settings page (issue 14): its rules, flows and settings, and the simulator.

use crate::domain::bot::buttons::Presentation;
use crate::domain::bot::config::{RuleDraft, SavedFlow, SavedRule, Settings, Why};
use crate::domain::{ChannelId, ChannelKind};
use serde::{Deserialize, Serialize};

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotPage {
    /// In their order.
    pub rules: Vec<SavedRule>,
    pub flows: Vec<SavedFlow>,
    pub settings: Settings,
    /// The workspace's channels, for choosing where a rule applies and for the simulator.
    pub channels: Vec<BotChannel>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotChannel {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
}

/// Where the simulated conversation is when the message arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimPlace {
    /// Its first message.
    New,
    /// Pending with the bot.
    WithBot,
    /// Pending for a person (not asked for).
    WaitingForPerson,
}

/// A sample message to route without sending anything; `draft` (a rule being edited, `id`
/// none for a new one) is tried as if it were saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulateForm {
    pub text: String,
    pub channel: ChannelId,
    pub place: SimPlace,
    pub draft: Option<(Option<i64>, RuleDraft)>,
}

/// What the conversation would become.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimOutcome {
    /// The bot answers; the conversation is (or stays) Pending · Bot.
    BotReplies,
    /// The bot answers, but the conversation stays Pending · Human (a person is needed).
    BotRepliesPersonNeeded,
    /// Pending · Human, the bot silent.
    ToPerson,
}

/// What the simulator found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulated {
    pub outcome: SimOutcome,
    pub why: Option<Why>,
    /// What the bot would send: text or picture, and buttons' labels.
    pub messages: Vec<SimMessage>,
    /// How the buttons would show on the channel.
    pub presentation: Option<Presentation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimMessage {
    pub text: String,
    pub image: Option<String>,
    pub buttons: Vec<String>,
}
