//! A workspace's bot as members edit it (rules with their replies, flows with their steps,
//! settings), the checks an edit passes before it is saved, and the compiled whole routing
//! reads ([`Bot`]): rules in order with one matcher, flows by id, the greeting of each channel.

use super::buttons::MAX_LABEL_CHARS;
use super::{
    fold_keyword, matcher_for, Answer, Button, ButtonAction, Channels, Decision, FlowAt, Flows,
    Hours, MatchMode, Matcher, Reason, Rule, RuleAction, MAX_BUTTONS, MAX_KEYWORDS,
    MAX_KEYWORD_CHARS, MAX_RULES, MAX_STEPS,
};
use crate::domain::{ChannelId, MediaKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The pseudo-flow whose "steps" are rules' replies: the buttons of rule `r`'s reply are at
/// `FlowAt { flow: RULE_REPLIES, step: r }`, so a tap or typed number on them continues like a
/// flow's.
pub const RULE_REPLIES: i64 = 0;
/// Longest name of a rule or a flow, text of one message, image address.
pub const MAX_NAME_CHARS: usize = 60;
pub const MAX_TEXT_CHARS: usize = 1000;
pub const MAX_URL_CHARS: usize = 1000;
/// Messages one reply may have (LINE sends at most five at once).
pub const MAX_PARTS: usize = 5;
/// Person words a workspace may set, and the most automatic replies an hour it may allow.
pub const MAX_PERSON_WORDS: usize = 20;
pub const MAX_REPLIES_PER_HOUR: u32 = 100;
/// Flows a workspace may keep.
pub const MAX_FLOWS: usize = 100;

/// One message of a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    Text(String),
    /// A picture at a public https address (the platforms fetch it).
    Image(String),
}

/// What a rule sends: its messages, and buttons under the last one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub parts: Vec<Part>,
    pub buttons: Vec<Button>,
}

/// A keyword rule as a member edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    pub name: String,
    pub enabled: bool,
    pub mode: MatchMode,
    pub keywords: Vec<String>,
    pub channels: Channels,
    pub hours: Option<Hours>,
    /// Starts this flow instead of sending `reply`.
    pub flow: Option<i64>,
    pub reply: Reply,
}

impl Reply {
    /// A reply of one text message without buttons.
    pub fn text(text: &str) -> Reply {
        Reply {
            parts: vec![Part::Text(text.to_owned())],
            buttons: Vec::new(),
        }
    }
}

impl RuleDraft {
    /// An enabled rule on every channel at all hours, answering a message that contains any
    /// of `keywords` with `reply`.
    pub fn contains(name: &str, keywords: &[&str], reply: Reply) -> RuleDraft {
        RuleDraft {
            name: name.to_owned(),
            enabled: true,
            mode: MatchMode::Contains,
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            channels: Channels::All,
            hours: None,
            flow: None,
            reply,
        }
    }
}

/// A flow's step: a message and its buttons. Ids are the flow's own (1, 2, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: i64,
    pub text: String,
    pub buttons: Vec<Button>,
}

/// Which channels' new conversations a flow greets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Greeting {
    None,
    On(Channels),
}

/// A flow as a member edits it: its first step is where it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowDraft {
    pub name: String,
    pub greeting: Greeting,
    pub steps: Vec<Step>,
}

/// The bot's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Words that ask for a person, as typed.
    pub person_words: Vec<String>,
    pub replies_per_hour: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            person_words: super::DEFAULT_PERSON_WORDS
                .iter()
                .map(|w| w.to_string())
                .collect(),
            replies_per_hour: super::DEFAULT_REPLIES_PER_HOUR,
        }
    }
}

/// Why an edit is refused (worded in `i18n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    NameMissing,
    NameTooLong,
    NoKeywords,
    TooManyKeywords,
    KeywordEmpty,
    KeywordTooLong,
    /// Neither a reply nor a flow.
    NothingToSend,
    TooManyParts,
    TextEmpty,
    TextTooLong,
    /// An image address that is not https or too long.
    BadImage,
    TooManyButtons,
    LabelEmpty,
    LabelTooLong,
    /// A button leads to a step, rule or flow that does not exist (or a rule's button to a step).
    BadTarget,
    NoChannels,
    BadHours,
    NoSteps,
    TooManySteps,
    DuplicateStep,
    TooManyRules,
    TooManyFlows,
    TooManyPersonWords,
    PersonWordBad,
    RepliesPerHour,
    /// A button leads to the rule, or a rule starts the flow.
    InUse,
}

fn name(n: &str) -> Result<(), Problem> {
    match n.trim().chars().count() {
        0 => Err(Problem::NameMissing),
        c if c > MAX_NAME_CHARS => Err(Problem::NameTooLong),
        _ => Ok(()),
    }
}

fn text(t: &str) -> Result<(), Problem> {
    match t.trim().chars().count() {
        0 => Err(Problem::TextEmpty),
        c if c > MAX_TEXT_CHARS => Err(Problem::TextTooLong),
        _ => Ok(()),
    }
}

fn buttons(b: &[Button], target: impl Fn(ButtonAction) -> bool) -> Result<(), Problem> {
    if b.len() > MAX_BUTTONS {
        return Err(Problem::TooManyButtons);
    }
    for button in b {
        match button.label.trim().chars().count() {
            0 => return Err(Problem::LabelEmpty),
            c if c > MAX_LABEL_CHARS => return Err(Problem::LabelTooLong),
            _ => {}
        }
        if !target(button.action) {
            return Err(Problem::BadTarget);
        }
    }
    Ok(())
}

fn channels(c: &Channels) -> Result<(), Problem> {
    match c {
        Channels::Only(set) if set.is_empty() => Err(Problem::NoChannels),
        _ => Ok(()),
    }
}

/// Checks a rule before it is saved: `rule_exists`/`flow_exists` say whether a button's or the
/// rule's target is one of the workspace's.
pub fn check_rule(
    r: &RuleDraft,
    rule_exists: impl Fn(i64) -> bool,
    flow_exists: impl Fn(i64) -> bool,
) -> Result<(), Problem> {
    name(&r.name)?;
    if r.keywords.is_empty() {
        return Err(Problem::NoKeywords);
    }
    if r.keywords.len() > MAX_KEYWORDS {
        return Err(Problem::TooManyKeywords);
    }
    for k in &r.keywords {
        if k.chars().count() > MAX_KEYWORD_CHARS {
            return Err(Problem::KeywordTooLong);
        }
        if fold_keyword(k).is_empty() {
            return Err(Problem::KeywordEmpty);
        }
    }
    channels(&r.channels)?;
    if let Some(h) = r.hours {
        if h.days & 0x7f == 0 || h.from >= 1440 || h.to >= 1440 || h.from == h.to {
            return Err(Problem::BadHours);
        }
    }
    match r.flow {
        Some(f) if !flow_exists(f) => return Err(Problem::BadTarget),
        Some(_) => {}
        None if r.reply.parts.is_empty() => return Err(Problem::NothingToSend),
        None => {}
    }
    if r.reply.parts.len() > MAX_PARTS {
        return Err(Problem::TooManyParts);
    }
    for p in &r.reply.parts {
        match p {
            Part::Text(t) => text(t)?,
            Part::Image(url) => {
                if !url.starts_with("https://")
                    || url.chars().count() > MAX_URL_CHARS
                    || url.chars().any(char::is_whitespace)
                {
                    return Err(Problem::BadImage);
                }
            }
        }
    }
    buttons(&r.reply.buttons, |a| match a {
        ButtonAction::Step(_) => false,
        ButtonAction::Rule(id) => rule_exists(id),
        ButtonAction::Person => true,
    })
}

/// Checks a flow before it is saved.
pub fn check_flow(f: &FlowDraft, rule_exists: impl Fn(i64) -> bool) -> Result<(), Problem> {
    name(&f.name)?;
    if f.steps.is_empty() {
        return Err(Problem::NoSteps);
    }
    if f.steps.len() > MAX_STEPS {
        return Err(Problem::TooManySteps);
    }
    if let Greeting::On(c) = &f.greeting {
        channels(c)?;
    }
    let ids: Vec<i64> = f.steps.iter().map(|s| s.id).collect();
    for (i, id) in ids.iter().enumerate() {
        if *id <= 0 || ids[..i].contains(id) {
            return Err(Problem::DuplicateStep);
        }
    }
    for s in &f.steps {
        text(&s.text)?;
        buttons(&s.buttons, |a| match a {
            ButtonAction::Step(id) => ids.contains(&id),
            ButtonAction::Rule(id) => rule_exists(id),
            ButtonAction::Person => true,
        })?;
    }
    Ok(())
}

/// Checks the bot's settings.
pub fn check_settings(s: &Settings) -> Result<(), Problem> {
    if s.person_words.len() > MAX_PERSON_WORDS {
        return Err(Problem::TooManyPersonWords);
    }
    if s.person_words
        .iter()
        .any(|w| fold_keyword(w).is_empty() || w.chars().count() > MAX_KEYWORD_CHARS)
    {
        return Err(Problem::PersonWordBad);
    }
    if s.replies_per_hour == 0 || s.replies_per_hour > MAX_REPLIES_PER_HOUR {
        return Err(Problem::RepliesPerHour);
    }
    Ok(())
}

/// A stored rule: its id and place with what a member edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRule {
    pub id: i64,
    pub position: i32,
    pub rule: RuleDraft,
}

/// A stored flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFlow {
    pub id: i64,
    pub flow: FlowDraft,
}

/// A workspace's bot compiled for routing.
#[derive(Debug)]
pub struct Bot {
    /// Enabled or not, in order (position, id).
    pub rules: Vec<Rule>,
    names: HashMap<i64, (usize, String)>,
    replies: HashMap<i64, Reply>,
    flows: HashMap<i64, SavedFlow>,
    matcher: Matcher,
    pub person_words: Vec<String>,
    pub replies_per_hour: u32,
    /// The workspace's clock (minutes east of UTC), for rules' active hours.
    pub utc_offset_minutes: i64,
}

impl Bot {
    pub fn new(
        mut rules: Vec<SavedRule>,
        flows: Vec<SavedFlow>,
        settings: &Settings,
        utc_offset_minutes: i64,
    ) -> Bot {
        rules.sort_by_key(|r| (r.position, r.id));
        let compiled: Vec<Rule> = rules
            .iter()
            .map(|r| Rule {
                id: r.id,
                position: r.position,
                enabled: r.rule.enabled,
                keywords: r.rule.keywords.clone(),
                mode: r.rule.mode,
                channels: r.rule.channels.clone(),
                hours: r.rule.hours,
                action: match r.rule.flow {
                    Some(f) => RuleAction::StartFlow(f),
                    None => RuleAction::Reply,
                },
            })
            .collect();
        let matcher = matcher_for(&compiled);
        let names = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, (i + 1, r.rule.name.clone())))
            .collect();
        let replies = rules.into_iter().map(|r| (r.id, r.rule.reply)).collect();
        Bot {
            rules: compiled,
            names,
            replies,
            flows: flows.into_iter().map(|f| (f.id, f)).collect(),
            matcher,
            person_words: settings
                .person_words
                .iter()
                .map(|w| fold_keyword(w))
                .filter(|w| !w.is_empty())
                .collect(),
            replies_per_hour: settings.replies_per_hour,
            utc_offset_minutes,
        }
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The flow that greets new conversations on `channel` (the lowest id among several).
    pub fn greeting(&self, channel: ChannelId) -> Option<i64> {
        self.flows
            .values()
            .filter(|f| matches!(&f.flow.greeting, Greeting::On(c) if c.includes(channel)))
            .map(|f| f.id)
            .min()
    }

    fn step(&self, at: FlowAt) -> Option<&Step> {
        self.flows
            .get(&at.flow)?
            .flow
            .steps
            .iter()
            .find(|s| s.id == at.step)
    }

    /// What the bot sends for `answer`: its messages, the last with the buttons; and the
    /// step whose buttons a typed number answers next (`None` when it sent none).
    pub fn messages(&self, answer: Answer) -> (Vec<OutMessage>, Option<FlowAt>) {
        let (parts, buttons, at): (Vec<Part>, &[Button], FlowAt) = match answer {
            Answer::Rule(id) => {
                let Some(r) = self.replies.get(&id) else {
                    return (Vec::new(), None);
                };
                let at = FlowAt {
                    flow: RULE_REPLIES,
                    step: id,
                };
                (r.parts.clone(), &r.buttons, at)
            }
            Answer::Step(at) => {
                let Some(s) = self.step(at) else {
                    return (Vec::new(), None);
                };
                (vec![Part::Text(s.text.clone())], &s.buttons, at)
            }
        };
        let mut out: Vec<OutMessage> = parts
            .into_iter()
            .map(|p| match p {
                Part::Text(t) => OutMessage {
                    text: t,
                    image: None,
                    buttons: Vec::new(),
                },
                Part::Image(url) => OutMessage {
                    text: String::new(),
                    image: Some(url),
                    buttons: Vec::new(),
                },
            })
            .collect();
        if buttons.is_empty() {
            return (out, None);
        }
        let labelled: Vec<(String, String)> = buttons
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.label.trim().to_owned(),
                    super::buttons::tap_payload(at, i),
                )
            })
            .collect();
        // Buttons go under a text: the last one, or a text of their own after a picture.
        match out.last_mut() {
            Some(last) if last.image.is_none() => last.buttons = labelled,
            _ => out.push(OutMessage {
                text: String::new(),
                image: None,
                buttons: labelled,
            }),
        }
        (out, Some(at))
    }

    /// Why the conversation is where `decision` put it, for the pane and the list.
    pub fn why(&self, decision: &Decision) -> Option<Why> {
        let reason = match decision {
            Decision::Leave => return None,
            Decision::Reply { reason, .. } | Decision::Human { reason } => *reason,
        };
        Some(match reason {
            Reason::Rule(id) => {
                let (position, name) = self.names.get(&id).cloned().unwrap_or_default();
                Why::Rule {
                    position: position as u32,
                    name,
                }
            }
            Reason::Step(at) if at.flow == RULE_REPLIES => {
                let (position, name) = self.names.get(&at.step).cloned().unwrap_or_default();
                Why::Rule {
                    position: position as u32,
                    name,
                }
            }
            Reason::Step(at) => Why::Flow {
                name: self.flow_name(at.flow),
                step: self
                    .flows
                    .get(&at.flow)
                    .and_then(|f| f.flow.steps.iter().position(|s| s.id == at.step))
                    .map_or(0, |i| i as u32 + 1),
            },
            Reason::Greeting(flow) => Why::Greeting {
                name: self.flow_name(flow),
            },
            Reason::NoMatch => Why::NoMatch,
            Reason::AskedForPerson => Why::AskedForPerson,
            Reason::TappedPerson => Why::TappedPerson,
            Reason::SentMedia(kind) => Why::SentMedia(kind),
            Reason::ReplyLimit => Why::ReplyLimit,
            Reason::MayNotWrite => Why::MayNotWrite,
        })
    }

    fn flow_name(&self, flow: i64) -> String {
        self.flows
            .get(&flow)
            .map(|f| f.flow.name.clone())
            .unwrap_or_default()
    }
}

impl Flows for Bot {
    fn first_step(&self, flow: i64) -> Option<i64> {
        self.flows.get(&flow)?.flow.steps.first().map(|s| s.id)
    }

    fn buttons(&self, at: FlowAt) -> Option<&[Button]> {
        if at.flow == RULE_REPLIES {
            return self.replies.get(&at.step).map(|r| r.buttons.as_slice());
        }
        self.step(at).map(|s| s.buttons.as_slice())
    }
}

/// One message the bot sends: a text or a picture, and buttons (label, tap payload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutMessage {
    pub text: String,
    pub image: Option<String>,
    pub buttons: Vec<(String, String)>,
}

/// Why a pending conversation is where it is, as the pane and the list say it (kept on the
/// conversation as JSON; older rows said only which handler routing chose).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    /// Rule number `position` (in the order) named `name` replied.
    Rule {
        position: u32,
        name: String,
    },
    /// The flow's step number `step` was sent.
    Flow {
        name: String,
        step: u32,
    },
    Greeting {
        name: String,
    },
    NoMatch,
    AskedForPerson,
    TappedPerson,
    SentMedia(MediaKind),
    ReplyLimit,
    MayNotWrite,
    /// A member asked the bot to stop (or older rows: a keyword rule, unnamed).
    KeywordRule,
}

impl Why {
    /// As stored on the conversation.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the stored text (older rows: `keyword_rule`, `no_keyword_matched`).
    pub fn from_stored(s: &str) -> Option<Why> {
        match s {
            "keyword_rule" => Some(Why::KeywordRule),
            "no_keyword_matched" => Some(Why::NoMatch),
            _ => serde_json::from_str(s).ok(),
        }
    }
}

/// Rules a workspace may keep: checked before a new one is made.
pub fn room_for_rule(count: usize) -> Result<(), Problem> {
    if count >= MAX_RULES {
        Err(Problem::TooManyRules)
    } else {
        Ok(())
    }
}

/// Flows a workspace may keep.
pub fn room_for_flow(count: usize) -> Result<(), Problem> {
    if count >= MAX_FLOWS {
        Err(Problem::TooManyFlows)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bot::buttons::parse_tap;
    use std::collections::BTreeSet;

    fn draft() -> RuleDraft {
        RuleDraft {
            name: "營業時間".into(),
            enabled: true,
            mode: MatchMode::Contains,
            keywords: vec!["營業時間".into()],
            channels: Channels::All,
            hours: None,
            flow: None,
            reply: Reply {
                parts: vec![Part::Text("09:00–18:00".into())],
                buttons: Vec::new(),
            },
        }
    }

    #[test]
    fn a_rule_is_checked_before_it_is_saved() {
        let yes = |_| true;
        assert_eq!(check_rule(&draft(), yes, yes), Ok(()));
        type Change = Box<dyn Fn(&mut RuleDraft)>;
        let cases: Vec<(Change, Problem)> = vec![
            (Box::new(|r| r.name = "  ".into()), Problem::NameMissing),
            (Box::new(|r| r.name = "名".repeat(61)), Problem::NameTooLong),
            (Box::new(|r| r.keywords.clear()), Problem::NoKeywords),
            (
                Box::new(|r| r.keywords = vec!["k".into(); 31]),
                Problem::TooManyKeywords,
            ),
            (
                Box::new(|r| r.keywords = vec![" ".into()]),
                Problem::KeywordEmpty,
            ),
            (
                Box::new(|r| r.keywords = vec!["字".repeat(61)]),
                Problem::KeywordTooLong,
            ),
            (Box::new(|r| r.reply.parts.clear()), Problem::NothingToSend),
            (
                Box::new(|r| r.reply.parts = vec![Part::Text("a".into()); 6]),
                Problem::TooManyParts,
            ),
            (
                Box::new(|r| r.reply.parts = vec![Part::Text("字".repeat(1001))]),
                Problem::TextTooLong,
            ),
            (
                Box::new(|r| r.reply.parts = vec![Part::Image("http://x.test/a.png".into())]),
                Problem::BadImage,
            ),
            (
                Box::new(|r| r.channels = Channels::Only(BTreeSet::new())),
                Problem::NoChannels,
            ),
            (
                Box::new(|r| {
                    r.hours = Some(Hours {
                        days: 0,
                        from: 0,
                        to: 60,
                    })
                }),
                Problem::BadHours,
            ),
            (
                Box::new(|r| {
                    r.reply.buttons = vec![Button {
                        label: "下一步".into(),
                        action: ButtonAction::Step(2),
                    }]
                }),
                Problem::BadTarget,
            ),
            (
                Box::new(|r| {
                    r.reply.buttons = vec![Button {
                        label: "".into(),
                        action: ButtonAction::Person,
                    }]
                }),
                Problem::LabelEmpty,
            ),
        ];
        for (change, want) in cases {
            let mut r = draft();
            change(&mut r);
            assert_eq!(check_rule(&r, yes, yes), Err(want), "{r:?}");
        }
        // A flow to start stands for a reply, when the flow is the workspace's.
        let mut r = draft();
        r.reply.parts.clear();
        r.flow = Some(7);
        assert_eq!(check_rule(&r, yes, |f| f == 7), Ok(()));
        assert_eq!(check_rule(&r, yes, |_| false), Err(Problem::BadTarget));
    }

    #[test]
    fn a_flow_is_checked_before_it_is_saved() {
        let step = |id, to| Step {
            id,
            text: "選擇".into(),
            buttons: vec![Button {
                label: "下一步".into(),
                action: ButtonAction::Step(to),
            }],
        };
        let flow = |steps| FlowDraft {
            name: "選單".into(),
            greeting: Greeting::None,
            steps,
        };
        assert_eq!(
            check_flow(&flow(vec![step(1, 2), step(2, 1)]), |_| true),
            Ok(())
        );
        assert_eq!(check_flow(&flow(vec![]), |_| true), Err(Problem::NoSteps));
        assert_eq!(
            check_flow(&flow(vec![step(1, 3)]), |_| true),
            Err(Problem::BadTarget)
        );
        assert_eq!(
            check_flow(&flow(vec![step(1, 1), step(1, 1)]), |_| true),
            Err(Problem::DuplicateStep)
        );
    }

    #[test]
    fn what_the_bot_sends_and_why() {
        let mut with_buttons = draft();
        with_buttons
            .reply
            .parts
            .push(Part::Image("https://x.test/map.png".into()));
        with_buttons.reply.buttons = vec![Button {
            label: " 真人客服 ".into(),
            action: ButtonAction::Person,
        }];
        let rules = vec![
            SavedRule {
                id: 5,
                position: 2,
                rule: with_buttons,
            },
            SavedRule {
                id: 9,
                position: 1,
                rule: draft(),
            },
        ];
        let bot = Bot::new(rules, Vec::new(), &Settings::default(), 480);
        // In order: rule 9 is first.
        assert_eq!(bot.rules[0].id, 9);
        let (out, at) = bot.messages(Answer::Rule(5));
        // After a picture, the buttons come as a message of their own.
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].image.as_deref(), Some("https://x.test/map.png"));
        assert_eq!(out[2].buttons[0].0, "真人客服");
        let at = at.unwrap();
        assert_eq!(at.flow, RULE_REPLIES);
        assert_eq!(parse_tap(&out[2].buttons[0].1), Some((at, 0)));
        assert_eq!(bot.buttons(at).unwrap().len(), 1);
        let why = bot
            .why(&Decision::Reply {
                answer: Answer::Rule(5),
                reason: Reason::Rule(5),
            })
            .unwrap();
        assert_eq!(
            why,
            Why::Rule {
                position: 2,
                name: "營業時間".into()
            }
        );
        assert_eq!(Why::from_stored(&why.to_stored()), Some(why));
        assert_eq!(Why::from_stored("no_keyword_matched"), Some(Why::NoMatch));
        assert_eq!(Why::from_stored("garbage"), None);
    }
}
