//! Keyword auto-reply and bot flows (issue 14): what the bot does with a customer's message and
//! where the conversation goes. Pure: the engine loads the rules and the conversation's bot
//! state, the server decides with [`route`] and carries the decision out.

pub mod buttons;
pub mod config;
pub mod matcher;

use super::search::normalize;
use super::{ChannelId, MediaKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use matcher::Matcher;

/// How a rule's keywords are compared with a message (both folded for case and width).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchMode {
    /// The whole message is the keyword.
    Exact,
    /// The keyword is somewhere in the message.
    Contains,
    /// The message begins with the keyword.
    StartsWith,
}

/// Rules a workspace may keep, keywords a rule may have, and how long each may be.
pub const MAX_RULES: usize = 500;
pub const MAX_KEYWORDS: usize = 30;
pub const MAX_KEYWORD_CHARS: usize = 60;
/// Steps a flow may have, buttons a step may have.
pub const MAX_STEPS: usize = 30;
pub const MAX_BUTTONS: usize = 10;
/// Automatic replies one conversation may get in an hour unless the workspace says otherwise.
pub const DEFAULT_REPLIES_PER_HOUR: u32 = 10;
/// What customers write to ask for a person, unless the workspace says otherwise.
pub const DEFAULT_PERSON_WORDS: [&str; 5] = ["真人", "客服", "專人", "human", "agent"];

/// A keyword or a message folded for matching: case, width and accents folded, spaces at the
/// ends dropped and runs of spaces made one. Chinese is kept as written.
pub fn fold_keyword(text: &str) -> String {
    let folded = normalize(text);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// When a rule answers, in the workspace's clock: on these days of the week (bit 0 Monday …
/// bit 6 Sunday), from `from` to `to` minutes after midnight; `to` before `from` runs past
/// midnight into the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub days: u8,
    pub from: u16,
    pub to: u16,
}

/// A moment in the workspace's clock: the day of the week (0 Monday … 6 Sunday) and the
/// minutes since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    pub weekday: u8,
    pub minute: u16,
}

impl LocalTime {
    /// The workspace's local time of `at` (milliseconds since the epoch, UTC) at a fixed
    /// offset from UTC in minutes.
    pub fn of(at: i64, utc_offset_minutes: i64) -> LocalTime {
        let minutes = at.div_euclid(60_000) + utc_offset_minutes;
        let days = minutes.div_euclid(1440);
        // 1970-01-01 was a Thursday (3 counting from Monday = 0).
        LocalTime {
            weekday: (days + 3).rem_euclid(7) as u8,
            minute: minutes.rem_euclid(1440) as u16,
        }
    }
}

impl Hours {
    pub fn contains(&self, t: LocalTime) -> bool {
        let on = |day: u8| self.days & (1 << (day % 7)) != 0;
        if self.from <= self.to {
            on(t.weekday) && t.minute >= self.from && t.minute < self.to
        } else {
            // Past midnight: the evening belongs to its day, the small hours to the day before.
            (on(t.weekday) && t.minute >= self.from)
                || (on((t.weekday + 6) % 7) && t.minute < self.to)
        }
    }
}

/// Which of a workspace's channels a rule applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channels {
    /// Every channel, those connected later too.
    All,
    Only(BTreeSet<ChannelId>),
}

impl Channels {
    pub fn includes(&self, channel: ChannelId) -> bool {
        match self {
            Channels::All => true,
            Channels::Only(set) => set.contains(&channel),
        }
    }
}

/// What a matched rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleAction {
    /// Sends the rule's own reply.
    Reply,
    /// Starts a flow at its first step.
    StartFlow(i64),
}

/// A keyword rule as routing needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: i64,
    /// Lower answers first; ties by id.
    pub position: i32,
    pub enabled: bool,
    pub keywords: Vec<String>,
    pub mode: MatchMode,
    pub channels: Channels,
    pub hours: Option<Hours>,
    pub action: RuleAction,
}

/// Where a button leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ButtonAction {
    /// Another step of the same flow.
    Step(i64),
    /// A keyword rule's reply.
    Rule(i64),
    /// Hands the conversation to a person.
    Person,
}

/// A step's button: its label and where it leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub action: ButtonAction,
}

/// A conversation's place in a flow: the step whose buttons it was last sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowAt {
    pub flow: i64,
    pub step: i64,
}

/// What the customer sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbound<'a> {
    Text(&'a str),
    /// A tap on a button the bot sent (a platform's postback or quick-reply payload).
    Tap {
        flow: i64,
        step: i64,
        button: usize,
    },
    /// A picture, a video, a file, a sticker …, with or without a caption.
    Media(MediaKind),
}

/// Where the conversation is when the message arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Its first message (or a closed conversation the customer wrote to again).
    New,
    PendingBot,
    /// Waiting for a person; `asked` when the customer asked for one (the bot then keeps out).
    PendingHuman {
        asked: bool,
    },
    /// A member has it: the bot never answers.
    InProgress,
}

/// Everything routing looks at besides the rules.
#[derive(Clone, Debug)]
pub struct Situation<'a> {
    pub place: Place,
    pub channel: ChannelId,
    pub now: LocalTime,
    /// The flow step the bot last sent, if its buttons are still the latest thing it sent.
    pub flow_at: Option<FlowAt>,
    /// The greeting flow of the channel, for a new conversation.
    pub greeting: Option<i64>,
    /// Automatic replies this conversation got in the last hour, and how many it may.
    pub replies_last_hour: u32,
    pub replies_per_hour: u32,
    /// Whether anything may be sent to the customer (not blacklisted, not unsubscribed, not
    /// blocked).
    pub may_write: bool,
    /// Folded words that ask for a person.
    pub person_words: &'a [String],
}

/// Why a conversation is where routing put it, shown in the pane and the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Keyword rule `id` replied.
    Rule(i64),
    /// The flow's step was sent (after a tap, a typed number or its button's label).
    Step(FlowAt),
    /// The channel's greeting flow started.
    Greeting(i64),
    NoMatch,
    /// The customer wrote one of the words that ask for a person.
    AskedForPerson,
    /// The customer tapped "talk to a person".
    TappedPerson,
    /// A picture, video, file, sticker …
    SentMedia(MediaKind),
    /// The conversation had as many automatic replies this hour as it may.
    ReplyLimit,
    /// Nothing may be sent to this customer.
    MayNotWrite,
}

/// What the bot sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// A keyword rule's reply.
    Rule(i64),
    /// A flow's step (its message and buttons).
    Step(FlowAt),
}

/// What to do with the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send `answer`; the conversation is (or stays) pending with the bot.
    Reply { answer: Answer, reason: Reason },
    /// The conversation is (or stays) pending for a person; the bot says nothing.
    Human { reason: Reason },
    /// A member has it: nothing changes and the bot says nothing.
    Leave,
}

/// A flow's steps as routing needs them: the buttons of each step, and the first step.
pub trait Flows {
    fn first_step(&self, flow: i64) -> Option<i64>;
    fn buttons(&self, at: FlowAt) -> Option<&[Button]>;
}

/// Decides what the bot does with one inbound message (see the module's notes and issue 14's
/// routing rules): a member's conversation is never answered; a customer who asked for a person
/// is left to one; media, the words that ask for a person and "talk to a person" go to a
/// person; a tap, a typed number or a button's label continues a flow; otherwise the first
/// enabled rule (by position) that matches, applies to the channel and is within its hours
/// answers; a new conversation with nothing matched gets the channel's greeting flow; anything
/// else goes to a person. No reply is sent past the hourly limit or to whom nothing may be sent.
pub fn route(
    inbound: Inbound<'_>,
    s: &Situation<'_>,
    rules: &[Rule],
    matcher: &Matcher,
    flows: &dyn Flows,
) -> Decision {
    let human = |reason| Decision::Human { reason };
    match s.place {
        Place::InProgress => return Decision::Leave,
        Place::PendingHuman { asked: true } => return human(Reason::AskedForPerson),
        _ => {}
    }
    let chosen = match inbound {
        Inbound::Media(kind) => return human(Reason::SentMedia(kind)),
        Inbound::Tap { flow, step, button } => {
            let at = FlowAt { flow, step };
            match flows.buttons(at).and_then(|b| b.get(button)) {
                Some(b) => follow(b.action, at, flows),
                None => None,
            }
        }
        Inbound::Text(text) => {
            let folded = fold_keyword(text);
            if s.person_words
                .iter()
                .any(|w| !w.is_empty() && folded.contains(w.as_str()))
            {
                return human(Reason::AskedForPerson);
            }
            let by_button = s.flow_at.and_then(|at| {
                let buttons = flows.buttons(at)?;
                let picked = folded
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=buttons.len()).contains(n))
                    .map(|n| n - 1)
                    .or_else(|| {
                        buttons
                            .iter()
                            .position(|b| fold_keyword(&b.label) == folded)
                    })?;
                follow(buttons[picked].action, at, flows)
            });
            by_button.or_else(|| by_rule(text, s, rules, matcher, flows))
        }
    };
    let chosen = chosen.or_else(|| {
        (s.place == Place::New)
            .then_some(s.greeting)
            .flatten()
            .and_then(|flow| {
                let step = flows.first_step(flow)?;
                Some(Ok((
                    Answer::Step(FlowAt { flow, step }),
                    Reason::Greeting(flow),
                )))
            })
    });
    match chosen {
        None => human(Reason::NoMatch),
        Some(Err(reason)) => human(reason),
        Some(Ok(_)) if !s.may_write => human(Reason::MayNotWrite),
        Some(Ok(_)) if s.replies_last_hour >= s.replies_per_hour => human(Reason::ReplyLimit),
        Some(Ok((answer, reason))) => Decision::Reply { answer, reason },
    }
}

type Chosen = Option<Result<(Answer, Reason), Reason>>;

/// Where a button leads from step `at`.
fn follow(action: ButtonAction, at: FlowAt, flows: &dyn Flows) -> Chosen {
    match action {
        ButtonAction::Person => Some(Err(Reason::TappedPerson)),
        ButtonAction::Rule(id) => Some(Ok((Answer::Rule(id), Reason::Rule(id)))),
        ButtonAction::Step(step) => {
            let next = FlowAt {
                flow: at.flow,
                step,
            };
            flows.buttons(next)?;
            Some(Ok((Answer::Step(next), Reason::Step(next))))
        }
    }
}

/// The first rule that answers `text` here and now.
fn by_rule(
    text: &str,
    s: &Situation<'_>,
    rules: &[Rule],
    matcher: &Matcher,
    flows: &dyn Flows,
) -> Chosen {
    let rule = matcher
        .matching(text)
        .into_iter()
        .filter_map(|i| rules.get(i))
        .filter(|r| r.enabled && r.channels.includes(s.channel))
        .filter(|r| r.hours.is_none_or(|h| h.contains(s.now)))
        .min_by_key(|r| (r.position, r.id))?;
    match rule.action {
        RuleAction::Reply => Some(Ok((Answer::Rule(rule.id), Reason::Rule(rule.id)))),
        RuleAction::StartFlow(flow) => {
            let step = flows.first_step(flow)?;
            let at = FlowAt { flow, step };
            Some(Ok((Answer::Step(at), Reason::Rule(rule.id))))
        }
    }
}

/// A matcher for `rules`, in their order.
pub fn matcher_for(rules: &[Rule]) -> Matcher {
    Matcher::new(
        rules
            .iter()
            .map(|r| (r.keywords.iter().map(String::as_str), r.mode)),
    )
}

#[cfg(test)]
mod tests;
