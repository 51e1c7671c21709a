//! A year of a team's work, produced a chunk at a time: customers (about 0.7 per conversation,
//! each with one identity per channel they wrote on) and their conversations with messages,
//! event log, collaborators and read marks.
//!
//! The status mix is that of a busy year: most conversations are closed, spread over the year
//! in office hours; a few hundred (per 300,000) are in progress with the team, pending for a
//! person or with the bot, with waiting clocks from a minute to several hours so every
//! 30 min / 1 h / 2 h style appears. A conversation is one or more episodes (the customer came
//! back after a close), each a script from the demo's content, with follow-ups, transfers,
//! closes and returns in its event log.

use super::{DAY, HOUR, MINUTE};
use crate::domain::status::Change;
use crate::domain::{ChannelKind, ConvState, Delivery, Handler, MessageKind, Millis, Role};
use crate::server::db::dataset::{
    member_at, member_index, ConversationSeed, CustomerSeed, Dataset, EventSeed, MessageSeed,
};
use crate::server::demo::content::{self, Line, Script, Who, SCRIPTS};
use crate::server::demo::pick;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// What a conversation is at the end of the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    PendingHuman,
    PendingBot,
    InProgress,
    Closed,
}

impl Fate {
    /// The fate of conversation number `i`: per 1,000 conversations, 2 wait for a person, 1
    /// is with the bot, 3 are in progress and 994 are closed, spread evenly over the sequence
    /// (7919 is prime, so `i * 7919 mod 1000` visits every slot once per thousand).
    pub fn of(i: usize) -> Fate {
        match (i * 7919 + 13) % 1000 {
            0..=1 => Fate::PendingHuman,
            2 => Fate::PendingBot,
            3..=5 => Fate::InProgress,
            _ => Fate::Closed,
        }
    }
}

/// Channel kinds as customers in Taiwan use them: LINE first, then Messenger, the website,
/// Instagram and WhatsApp (weights per 100).
const CHANNEL_WEIGHTS: [(ChannelKind, u32); 5] = [
    (ChannelKind::Line, 40),
    (ChannelKind::Messenger, 25),
    (ChannelKind::WebChat, 15),
    (ChannelKind::Instagram, 12),
    (ChannelKind::WhatsApp, 8),
];

/// How busy each local hour of the day is (customers write in office hours and evenings).
const HOUR_WEIGHTS: [u32; 24] = [
    2, 1, 1, 0, 0, 0, 1, 2, 4, 6, 8, 9, 9, 8, 9, 9, 9, 8, 8, 9, 10, 9, 6, 3,
];

/// The generator's state between chunks.
pub struct History {
    rng: StdRng,
    now: Millis,
    /// The workspace clock (Asia/Taipei), for office hours.
    utc_offset: Millis,
    /// Member indexes who own conversations, repeated by how much work they take.
    owners: Vec<usize>,
    agents: Vec<usize>,
    /// Admin, supervisor and customer-service manager: they read some conversations.
    watchers: Vec<usize>,
    /// Channel index of each kind in the header.
    channel_of: Vec<(ChannelKind, usize)>,
    tags: usize,
    conversations_total: usize,
    conversations_done: usize,
    messages_left: i64,
    customers_done: usize,
}

/// One chunk: customers and the conversations that refer to them by position.
pub struct Chunk {
    pub customers: Vec<CustomerSeed>,
    pub conversations: Vec<ConversationSeed>,
    pub messages: usize,
}

impl History {
    pub fn new(
        seed: u64,
        header: &Dataset,
        conversations: usize,
        messages: usize,
        now: Millis,
    ) -> Self {
        let by_role = |roles: &[Role]| -> Vec<usize> {
            (0..header.members.len())
                .filter(|&m| roles.contains(&header.members[m].role))
                .collect()
        };
        let agents = by_role(&[Role::Agent]);
        let reps = by_role(&[Role::SalesRep, Role::SalesManager]);
        // Agents carry most of the work, the sales team some, the supervisor a little.
        let mut owners = Vec::new();
        for &a in &agents {
            owners.extend([a; 6]);
        }
        for &r in &reps {
            owners.extend([r; 3]);
        }
        owners.extend(by_role(&[Role::Supervisor]));
        History {
            rng: StdRng::seed_from_u64(seed),
            now,
            utc_offset: 8 * HOUR,
            owners,
            agents,
            watchers: by_role(&[Role::Admin, Role::Supervisor, Role::CsManager]),
            channel_of: header
                .channels
                .iter()
                .enumerate()
                .map(|(i, c)| (c.kind, i))
                .collect(),
            tags: header.tags.len(),
            conversations_total: conversations,
            conversations_done: 0,
            messages_left: messages as i64,
            customers_done: 0,
        }
    }

    /// Customers with about `target` conversations between them (the rest at the end), or
    /// `None` when every conversation has been produced.
    pub fn next_chunk(&mut self, target: usize) -> Option<Chunk> {
        if self.conversations_done >= self.conversations_total {
            return None;
        }
        let mut chunk = Chunk {
            customers: Vec::new(),
            conversations: Vec::new(),
            messages: 0,
        };
        while chunk.conversations.len() < target
            && self.conversations_done < self.conversations_total
        {
            self.customer(&mut chunk);
        }
        Some(chunk)
    }

    /// One customer and the 1–3 conversations they had (one per channel they wrote on).
    fn customer(&mut self, chunk: &mut Chunk) {
        let i = self.customers_done;
        self.customers_done += 1;
        let left = self.conversations_total - self.conversations_done;
        // 62 % wrote on one channel, 33 % on two, 5 % on three: 1.43 conversations each.
        let wanted = match self.rng.gen_range(0..100) {
            0..=61 => 1,
            62..=94 => 2,
            _ => 3,
        };
        let mut kinds: Vec<ChannelKind> = Vec::with_capacity(3);
        while kinds.len() < wanted.min(left) {
            let kind = self.channel_kind();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        let zh = self.rng.gen_bool(0.7);
        let name = if zh {
            format!(
                "{}{}",
                pick(&mut self.rng, content::ZH_FAMILY_NAMES),
                pick(&mut self.rng, content::ZH_GIVEN_NAMES)
            )
        } else {
            format!(
                "{} {}",
                pick(&mut self.rng, content::EN_FIRST_NAMES),
                pick(&mut self.rng, content::EN_LAST_NAMES)
            )
        };
        let lang = if zh { "zh-TW" } else { "en" };
        let position = chunk.customers.len();
        let mut identities = Vec::with_capacity(kinds.len());
        let mut first_contact = self.now;
        for kind in kinds {
            let channel = self
                .channel_of
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, c)| *c);
            identities.push((channel, external_id(kind, i), name.clone()));
            let fate = Fate::of(self.conversations_done);
            let n = self.message_count();
            let conv = self.conversation(fate, lang, n, channel, position);
            first_contact = first_contact.min(conv.created_at);
            self.messages_left -= conv.messages.len() as i64;
            chunk.messages += conv.messages.len();
            chunk.conversations.push(conv);
            self.conversations_done += 1;
        }
        let tags: std::collections::BTreeSet<usize> = if self.rng.gen_bool(0.4) {
            (0..self.rng.gen_range(1..=3))
                .map(|_| self.rng.gen_range(0..self.tags))
                .collect()
        } else {
            Default::default()
        };
        chunk.customers.push(CustomerSeed {
            phone: self.rng.gen_bool(0.7).then(|| {
                format!(
                    "09{:02}-{:03}-{:03}",
                    self.rng.gen_range(10..99),
                    self.rng.gen_range(0..1000),
                    self.rng.gen_range(0..1000)
                )
            }),
            email: self.rng.gen_bool(0.5).then(|| {
                format!(
                    "customer{i}@{}",
                    pick(&mut self.rng, content::EMAIL_DOMAINS)
                )
            }),
            note: if self.rng.gen_bool(0.15) {
                pick(&mut self.rng, content::CUSTOMER_NOTES).to_owned()
            } else {
                String::new()
            },
            branch: self.rng.gen_bool(0.5).then(|| self.rng.gen_range(0..6)),
            tags: tags.into_iter().collect(),
            identities,
            created_at: first_contact - self.rng.gen_range(0..30 * DAY),
            name,
        });
    }

    fn channel_kind(&mut self) -> ChannelKind {
        let mut roll = self.rng.gen_range(0..100);
        for (kind, weight) in CHANNEL_WEIGHTS {
            if roll < weight {
                return kind;
            }
            roll -= weight;
        }
        ChannelKind::Line
    }

    /// How many messages the next conversation should have: exponentially spread around what
    /// is left per conversation, so the total lands on the requested number.
    fn message_count(&mut self) -> usize {
        let convs_left = (self.conversations_total - self.conversations_done) as i64;
        if convs_left <= 1 {
            return self.messages_left.max(1) as usize;
        }
        let mean = self.messages_left as f64 / convs_left as f64;
        if mean <= 1.0 {
            return 1;
        }
        let u: f64 = self.rng.gen_range(0.0..1.0);
        let extra = -(1.0 - u).ln() * (mean - 1.0);
        // Leave at least one message for each conversation still to come.
        let most = (self.messages_left - (convs_left - 1)).max(1) as usize;
        (1 + (extra.round() as usize).min(200)).min(most)
    }

    /// A script fitting `fate` in `lang`: with the bot for pending/bot, ending with the
    /// customer for pending/human, anything but the bot's for the rest, and finished (not
    /// ending with the customer) for closed episodes.
    fn script(&mut self, fate: Fate, lang: &str) -> &'static Script {
        let fits = |s: &&Script| {
            s.lang == lang
                && match fate {
                    Fate::PendingBot => s.bot,
                    Fate::PendingHuman => !s.bot && s.ends_with_customer(),
                    Fate::InProgress => !s.bot,
                    Fate::Closed => !s.bot && !s.ends_with_customer(),
                }
        };
        let choices: Vec<&'static Script> = SCRIPTS.iter().filter(fits).collect();
        choices
            .choose(&mut self.rng)
            .copied()
            .unwrap_or(&SCRIPTS[0])
    }

    /// A time in the past year, in the team's busy hours, at least two hours ago.
    fn time_in_year(&mut self) -> Millis {
        let local_today = (self.now + self.utc_offset).div_euclid(DAY) * DAY;
        let day = local_today - self.rng.gen_range(1..=365) * DAY;
        let total: u32 = HOUR_WEIGHTS.iter().sum();
        let mut roll = self.rng.gen_range(0..total);
        let mut hour = 0;
        for (h, w) in HOUR_WEIGHTS.iter().enumerate() {
            if roll < *w {
                hour = h as Millis;
                break;
            }
            roll -= w;
        }
        let at = day + hour * HOUR + self.rng.gen_range(0..HOUR) - self.utc_offset;
        at.min(self.now - 2 * HOUR)
    }

    /// How long a waiting customer has waited, drawn from `spread`: (share in percent,
    /// shortest, longest) in minutes.
    fn wait(&mut self, spread: &[(u32, i64, i64)]) -> Millis {
        let mut roll = self.rng.gen_range(0..100);
        for &(share, lo, hi) in spread {
            if roll < share {
                return self.rng.gen_range(lo * MINUTE..hi * MINUTE);
            }
            roll -= share;
        }
        self.rng.gen_range(MINUTE..30 * MINUTE)
    }

    fn owner(&mut self) -> usize {
        self.owners[self.rng.gen_range(0..self.owners.len())]
    }

    fn other_agent(&mut self, not: usize) -> Option<usize> {
        let others: Vec<usize> = self.agents.iter().copied().filter(|a| *a != not).collect();
        others.choose(&mut self.rng).copied()
    }

    /// One conversation with `fate`, about `n` messages, on `channel`, of customer `customer`
    /// (its position in the chunk).
    fn conversation(
        &mut self,
        fate: Fate,
        lang: &str,
        n: usize,
        channel: usize,
        customer: usize,
    ) -> ConversationSeed {
        // Episodes, newest first while gathering: the last one fits the fate, earlier ones
        // were closed.
        let last = self.script(fate, lang);
        let last_lines: Vec<Line> = match fate {
            // Waiting for a person: only what the customer and the bot wrote since.
            Fate::PendingHuman => {
                let keep = last
                    .lines
                    .iter()
                    .rev()
                    .take_while(|l| matches!(l.who, Who::Customer | Who::Bot))
                    .count();
                last.lines[last.lines.len() - keep..].to_vec()
            }
            _ => last.lines.to_vec(),
        };
        let mut episodes = vec![last_lines];
        let mut total = episodes[0].len();
        while total < n {
            let s = self.script(Fate::Closed, lang);
            total += s.lines.len();
            episodes.push(s.lines.to_vec());
        }
        episodes.reverse();
        // Trim the oldest episode so there are `n` lines in all, still opening with what the
        // customer wrote (the customer line before the cut takes the place of the first kept).
        let first = &mut episodes[0];
        let cut = total.saturating_sub(n).min(first.len().saturating_sub(1));
        if cut > 0 {
            let opener = first[..=cut]
                .iter()
                .rposition(|l| l.who == Who::Customer)
                .unwrap_or(cut);
            let line = first[opener];
            first.drain(..cut);
            first[0] = line;
        }

        let count = episodes.len();
        let mut plans: Vec<Episode> = Vec::with_capacity(count);
        // Time the last episode from its anchor, then each earlier one before the next.
        let mut next_start = self.now;
        for (k, lines) in episodes.into_iter().enumerate().rev() {
            let final_one = k + 1 == count;
            let ep = self.episode(fate, final_one, lines, next_start);
            next_start = ep.start() - self.rng.gen_range(DAY..60 * DAY);
            plans.push(ep);
        }
        plans.reverse();

        let mut messages = Vec::with_capacity(n + 2);
        let mut events = Vec::new();
        let mut previous: Option<ConvState> = None;
        for ep in &plans {
            self.write_episode(ep, &mut previous, &mut messages, &mut events);
        }
        let state = previous.unwrap_or(ConvState::Pending(Handler::Human));
        let final_ep = plans.last().map(|e| e.owner);
        let inbound = messages
            .iter()
            .filter(|m: &&MessageSeed| m.kind == MessageKind::Inbound)
            .count() as i64;
        let collaborators = match (fate, final_ep.flatten()) {
            (Fate::InProgress, Some(o)) if self.rng.gen_bool(0.15) => self.collaborators(o),
            (Fate::Closed, Some(o)) if self.rng.gen_bool(0.03) => self.collaborators(o),
            _ => vec![],
        };
        let read_marks = self.read_marks(fate, state, &messages, &collaborators, inbound);
        let closed_at = events
            .last()
            .filter(|e: &&EventSeed| matches!(e.to, ConvState::Closed { .. }))
            .map(|e| e.created_at);
        let last_ep = plans.last();
        ConversationSeed {
            channel,
            customer,
            branch: self.rng.gen_bool(0.5).then(|| self.rng.gen_range(0..6)),
            state,
            pending_reason: last_ep.and_then(|e| e.pending_reason(fate)),
            collaborators,
            created_at: messages.first().map_or(self.now, |m| m.created_at),
            closed_at,
            messages,
            events,
            read_marks,
        }
    }

    /// Times and people of one episode. The last episode is anchored on its fate: a waiting
    /// customer's first unanswered message `wait` ago, or the last message some time ago.
    fn episode(
        &mut self,
        fate: Fate,
        final_one: bool,
        lines: Vec<Line>,
        before: Millis,
    ) -> Episode {
        let mut offsets = Vec::with_capacity(lines.len());
        let mut t = 0;
        for (j, line) in lines.iter().enumerate() {
            if j > 0 {
                t += if line.who == lines[j - 1].who {
                    self.rng.gen_range(15_000..90_000)
                } else {
                    self.rng.gen_range(MINUTE..9 * MINUTE)
                };
            }
            offsets.push(t);
        }
        // The first customer line no reply followed.
        let last_out = lines
            .iter()
            .rposition(|l| matches!(l.who, Who::Agent | Who::Bot));
        let waiting_from = lines
            .iter()
            .enumerate()
            .skip(last_out.map_or(0, |p| p + 1))
            .find(|(_, l)| l.who == Who::Customer)
            .map(|(j, _)| j);
        let end = *offsets.last().unwrap_or(&0);
        let start = match (final_one, fate, waiting_from) {
            (true, Fate::PendingHuman | Fate::InProgress, Some(w)) => {
                let waited = if fate == Fate::PendingHuman {
                    self.wait(&[(45, 1, 30), (25, 30, 60), (15, 60, 120), (15, 120, 480)])
                } else {
                    self.wait(&[(40, 1, 30), (30, 30, 60), (20, 60, 120), (10, 120, 360)])
                };
                let since = self.now - waited;
                // Squeeze the later customer lines into the time they have waited.
                let tail = end - offsets[w];
                if tail >= waited {
                    let from = offsets[w];
                    for o in offsets.iter_mut().skip(w + 1) {
                        *o = offsets_scale(*o, from, tail, waited * 9 / 10);
                    }
                }
                since - offsets[w]
            }
            (true, Fate::InProgress, None) => {
                self.now - self.rng.gen_range(5 * MINUTE..48 * HOUR) - end
            }
            (true, Fate::PendingBot, _) => self.now - self.rng.gen_range(MINUTE..12 * HOUR) - end,
            (true, _, _) => self.time_in_year() - end,
            (false, _, _) => before - end,
        };
        let owner = match (final_one, fate) {
            (true, Fate::PendingHuman | Fate::PendingBot) => None,
            _ => Some(self.owner()),
        };
        // Now and then the owner hands the conversation to a colleague halfway.
        let agent_lines: Vec<usize> = (0..lines.len())
            .filter(|&j| lines[j].who == Who::Agent)
            .collect();
        let transfer = match owner {
            Some(o) if agent_lines.len() >= 2 && self.rng.gen_bool(0.04) => {
                self.other_agent(o).map(|to| (agent_lines[1], to))
            }
            _ => None,
        };
        let closes = !final_one || fate == Fate::Closed;
        let bot_first = lines
            .iter()
            .find(|l| matches!(l.who, Who::Agent | Who::Bot))
            .is_some_and(|l| l.who == Who::Bot);
        Episode {
            with_bot: bot_first || (final_one && fate == Fate::PendingBot),
            to_person: owner.is_some() || fate == Fate::PendingHuman,
            times: offsets.iter().map(|o| start + o).collect(),
            lines,
            owner,
            transfer,
            closes: closes.then(|| self.rng.gen_range(5 * MINUTE..HOUR)),
        }
    }

    /// Appends the episode's messages and event-log rows; `state` is the conversation's state
    /// before it (None: new) and after it.
    fn write_episode(
        &mut self,
        ep: &Episode,
        state: &mut Option<ConvState>,
        messages: &mut Vec<MessageSeed>,
        events: &mut Vec<EventSeed>,
    ) {
        let first_at = ep.times.first().copied().unwrap_or(self.now);
        let last_at = ep.times.last().copied().unwrap_or(self.now);
        // Each episode has its own order and ticket numbers, as real ones do: searching for
        // one finds a handful of conversations in a year, not every one that used the script.
        let numbers = Numbers {
            order: format!(
                "TW{}-{:05}",
                month_code(first_at + self.utc_offset),
                self.rng.gen_range(0..100_000)
            ),
            ticket: format!("#{:04}", self.rng.gen_range(1000..10_000)),
        };
        let opened_to = ConvState::Pending(if ep.with_bot {
            Handler::Bot
        } else {
            Handler::Human
        });
        let change = if state.is_some() {
            Change::Returned
        } else {
            Change::Opened
        };
        let push = |events: &mut Vec<EventSeed>,
                    actor: Option<usize>,
                    change: Change,
                    to: ConvState,
                    at: Millis,
                    state: &mut Option<ConvState>| {
            events.push(EventSeed {
                actor,
                change: change.event(),
                from: *state,
                to,
                created_at: at,
            });
            *state = Some(to);
        };
        push(events, None, change, opened_to, first_at, state);

        let first_agent = ep
            .lines
            .iter()
            .position(|l| matches!(l.who, Who::Agent | Who::Note));
        let follow_at = match first_agent {
            Some(j) => ep.times[j] - 30_000,
            // Followed up and closed without a word (e.g. a thank-you).
            None if ep.closes.is_some() => last_at + MINUTE,
            // Followed up, not answered yet.
            None => (last_at + self.now) / 2,
        };
        if opened_to == ConvState::Pending(Handler::Bot) && ep.to_person {
            // The customer asked for a person after the bot's last answer.
            let last_bot = ep.lines.iter().rposition(|l| l.who == Who::Bot);
            let asked = last_bot
                .and_then(|b| (b + 1..ep.lines.len()).find(|&j| ep.lines[j].who == Who::Customer))
                .map_or(follow_at, |j| ep.times[j]);
            let at = if ep.owner.is_some() {
                asked.min(follow_at)
            } else {
                asked
            };
            push(
                events,
                None,
                Change::HandedToHuman,
                ConvState::Pending(Handler::Human),
                at,
                state,
            );
        }
        let mut author = ep.owner;
        if let Some(owner) = ep.owner {
            push(
                events,
                Some(owner),
                Change::FollowedUp,
                ConvState::InProgress {
                    owner: member_at(owner),
                },
                follow_at,
                state,
            );
        }
        for (j, line) in ep.lines.iter().enumerate() {
            let at = ep.times[j];
            if let (Some((from_line, to)), Some(by)) = (ep.transfer, author) {
                if j == from_line {
                    push(
                        events,
                        Some(by),
                        Change::Transferred {
                            from: member_at(by),
                        },
                        ConvState::InProgress {
                            owner: member_at(to),
                        },
                        (ep.times[j - 1] + at) / 2,
                        state,
                    );
                    author = Some(to);
                }
            }
            let (kind, by, by_bot) = match line.who {
                Who::Customer => (MessageKind::Inbound, None, false),
                Who::Agent => (MessageKind::Outbound, author, false),
                Who::Bot => (MessageKind::Outbound, None, true),
                Who::Note => (MessageKind::Note, author, false),
            };
            let delivery = (kind == MessageKind::Outbound).then(|| {
                if self.now - at < HOUR || self.rng.gen_bool(0.15) {
                    Delivery::Delivered
                } else {
                    Delivery::Read
                }
            });
            messages.push(MessageSeed {
                kind,
                author: by,
                by_bot,
                body: numbers.apply(line.text),
                delivery,
                created_at: at,
            });
        }
        if let (Some(after), Some(by)) = (ep.closes, author) {
            push(
                events,
                Some(by),
                Change::Closed,
                ConvState::Closed {
                    last_owner: Some(member_at(by)),
                },
                last_at + after,
                state,
            );
        }
    }

    fn collaborators(&mut self, owner: usize) -> Vec<usize> {
        let mut others: Vec<usize> = self
            .agents
            .iter()
            .copied()
            .filter(|a| *a != owner)
            .collect();
        others.shuffle(&mut self.rng);
        others.truncate(self.rng.gen_range(1..=2));
        others
    }

    /// Who had read how many customer messages: the owner of a closed conversation all of
    /// them, the owner of an open one all but the newest now and then, collaborators most,
    /// and a supervisor or manager some conversations.
    fn read_marks(
        &mut self,
        fate: Fate,
        state: ConvState,
        messages: &[MessageSeed],
        collaborators: &[usize],
        inbound: i64,
    ) -> Vec<(usize, i64)> {
        let trailing = messages
            .iter()
            .rev()
            .take_while(|m| m.kind != MessageKind::Outbound)
            .filter(|m| m.kind == MessageKind::Inbound)
            .count() as i64;
        let mut out: Vec<(usize, i64)> = Vec::new();
        if let Some(o) = state.owner() {
            let unread = match fate {
                Fate::InProgress => self.rng.gen_range(0..=trailing),
                _ => 0,
            };
            out.push((member_index(o), inbound - unread));
        }
        for &c in collaborators {
            if !out.iter().any(|(m, _)| *m == c) {
                let behind = self.rng.gen_range(0..=2);
                out.push((c, (inbound - behind).max(0)));
            }
        }
        if self.rng.gen_bool(0.1) && !self.watchers.is_empty() {
            let w = self.watchers[self.rng.gen_range(0..self.watchers.len())];
            if !out.iter().any(|(m, _)| *m == w) {
                out.push((w, inbound));
            }
        }
        out
    }
}

/// Moves offset `o` (after `from`) so a stretch of `tail` fits in `room`.
/// The numbers an episode's lines mention.
struct Numbers {
    order: String,
    ticket: String,
}

impl Numbers {
    /// `text` with each order number (`TW2406-18853`) and ticket (`#4471`) replaced by the
    /// episode's own.
    fn apply(&self, text: &str) -> String {
        let b = text.as_bytes();
        let digits = |from: usize, n: usize| {
            b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
        };
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < b.len() {
            if b[i..].starts_with(b"TW")
                && digits(i + 2, 4)
                && b.get(i + 6) == Some(&b'-')
                && digits(i + 7, 5)
            {
                out.push_str(&self.order);
                i += 12;
            } else if b[i] == b'#' && digits(i + 1, 4) {
                out.push_str(&self.ticket);
                i += 5;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
        out
    }
}

/// `YYMM` of a local time.
fn month_code(local: Millis) -> String {
    let days = local.div_euclid(DAY);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{:02}{:02}", year % 100, month)
}

fn offsets_scale(o: Millis, from: Millis, tail: Millis, room: Millis) -> Millis {
    from + (o - from) * room / tail.max(1)
}

/// One visit of the customer: lines with their times, who handled it, and how it ended.
struct Episode {
    lines: Vec<Line>,
    times: Vec<Millis>,
    /// Who followed it up (none while it is pending).
    owner: Option<usize>,
    /// It opened with the bot.
    with_bot: bool,
    /// A person handles it (or is asked for) after the bot.
    to_person: bool,
    /// (line index, member): the owner transferred it to that member before that line.
    transfer: Option<(usize, usize)>,
    /// Closed this long after the last line.
    closes: Option<Millis>,
}

impl Episode {
    fn start(&self) -> Millis {
        self.times.first().copied().unwrap_or_default()
    }

    /// Why a pending conversation is where it is.
    fn pending_reason(&self, fate: Fate) -> Option<String> {
        let reason = match fate {
            Fate::PendingBot => "keyword_rule",
            Fate::PendingHuman if self.lines.iter().any(|l| l.who == Who::Bot) => "asked_for_human",
            Fate::PendingHuman
                if self
                    .lines
                    .iter()
                    .rev()
                    .find(|l| l.who == Who::Customer)
                    .is_some_and(|l| l.text.starts_with('[')) =>
            {
                "media"
            }
            Fate::PendingHuman => "no_keyword_matched",
            _ => return None,
        };
        Some(reason.into())
    }
}

/// The platform id of customer `i` on a channel of `kind`, in that platform's style.
fn external_id(kind: ChannelKind, i: usize) -> String {
    match kind {
        ChannelKind::WebChat => format!("visitor-g{i:07}"),
        ChannelKind::Messenger => format!("80123456{i:08}"),
        ChannelKind::Line => format!("U{:032x}", 0x6e17_u128 << 100 | i as u128),
        ChannelKind::WhatsApp => format!("8869{i:08}"),
        ChannelKind::Instagram => format!("27841{i:010}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventChange;
    use crate::server::generate::team;

    const NOW: Millis = 1_795_428_000_000;

    fn year(conversations: usize, messages: usize) -> (Dataset, Vec<Chunk>) {
        let mut rng = StdRng::seed_from_u64(1);
        let header = team::header(&mut rng, conversations, 30, "hash", NOW);
        let mut h = History::new(2, &header, conversations, messages, NOW);
        let mut chunks = Vec::new();
        while let Some(c) = h.next_chunk(700) {
            chunks.push(c);
        }
        (header, chunks)
    }

    #[test]
    fn a_year_has_the_requested_size_and_a_consistent_history() {
        let (header, chunks) = year(5_000, 50_000);
        let convs: Vec<&ConversationSeed> = chunks.iter().flat_map(|c| &c.conversations).collect();
        let customers: usize = chunks.iter().map(|c| c.customers.len()).sum();
        assert_eq!(convs.len(), 5_000);
        let messages: usize = convs.iter().map(|c| c.messages.len()).sum();
        assert_eq!(messages, 50_000);
        assert_eq!(messages, chunks.iter().map(|c| c.messages).sum::<usize>());
        assert!(
            (3_200..=3_800).contains(&customers),
            "about 0.7 customers per conversation: {customers}"
        );
        let count = |f: &dyn Fn(&ConversationSeed) -> bool| convs.iter().filter(|c| f(c)).count();
        assert_eq!(
            count(&|c| c.state == ConvState::Pending(Handler::Human)),
            10
        );
        assert_eq!(count(&|c| c.state == ConvState::Pending(Handler::Bot)), 5);
        assert!(convs
            .iter()
            .filter(|c| c.state == ConvState::Pending(Handler::Bot))
            .all(|c| c.pending_reason.as_deref() == Some("keyword_rule")));
        assert_eq!(
            count(&|c| c.state.status() == crate::domain::Status::InProgress),
            15
        );
        assert!(count(&|c| !c.collaborators.is_empty()) > 50);
        assert!(
            count(&|c| c
                .events
                .iter()
                .any(|e| e.change == EventChange::Transferred))
                > 10
        );
        assert!(count(&|c| c.events.iter().any(|e| e.change == EventChange::Returned)) > 500);
        for chunk in &chunks {
            let mut pairs = std::collections::HashSet::new();
            for c in &chunk.conversations {
                assert!(
                    pairs.insert((c.customer, c.channel)),
                    "one per customer and channel"
                );
                let customer = &chunk.customers[c.customer];
                assert!(customer.identities.iter().any(|i| i.0 == c.channel));
                assert!(customer.created_at <= c.created_at);
            }
        }
        for c in &convs {
            assert_eq!(c.events.last().map(|e| e.to), Some(c.state), "{c:?}");
            assert!(
                c.events.windows(2).all(|w| w[0].to == w[1].from.unwrap()),
                "{c:?}"
            );
            assert!(
                c.events
                    .windows(2)
                    .all(|w| w[0].created_at <= w[1].created_at),
                "{c:?}"
            );
            assert!(c
                .messages
                .windows(2)
                .all(|w| w[0].created_at <= w[1].created_at));
            assert_eq!(
                c.messages[0].kind,
                MessageKind::Inbound,
                "the customer writes first"
            );
            assert!(c
                .messages
                .iter()
                .all(|m| m.created_at <= NOW && m.created_at > NOW - 3 * 365 * DAY));
            assert!(c.events.iter().all(|e| e.created_at <= NOW));
            let readers: std::collections::HashSet<_> = c.read_marks.iter().map(|r| r.0).collect();
            assert_eq!(readers.len(), c.read_marks.len());
            assert!(c.read_marks.iter().all(|r| r.1 <= c.inbound_count()));
            for m in c
                .collaborators
                .iter()
                .chain(c.state.owner().map(member_index).iter())
            {
                assert!(*m < header.members.len());
            }
            if matches!(c.state, ConvState::Closed { .. }) {
                assert!(c.closed_at.is_some());
            }
        }
        // Waiting clocks span the 30 min / 1 h / 2 h styles.
        let waits: Vec<Millis> = convs
            .iter()
            .filter(|c| !matches!(c.state, ConvState::Closed { .. }))
            .filter_map(|c| c.waiting_since())
            .map(|w| NOW - w)
            .collect();
        for threshold in [30 * MINUTE, HOUR, 2 * HOUR] {
            assert!(
                waits.iter().any(|w| *w < threshold) && waits.iter().any(|w| *w >= threshold),
                "{threshold}"
            );
        }
        // Closed conversations spread over the year.
        let closed_at: Vec<Millis> = convs.iter().filter_map(|c| c.closed_at).collect();
        assert!(closed_at.iter().any(|t| *t < NOW - 300 * DAY));
        assert!(closed_at.iter().any(|t| *t > NOW - 30 * DAY));
    }

    #[test]
    fn numbers_are_the_episodes_own() {
        let n = Numbers {
            order: "TW2503-00042".into(),
            ticket: "#9001".into(),
        };
        assert_eq!(
            n.apply("訂單 TW2406-18853 與 #4471，TW2407-2 不是"),
            "訂單 TW2503-00042 與 #9001，TW2407-2 不是"
        );
        assert_eq!(month_code(0), "7001");
        assert_eq!(month_code(1_795_428_000_000), "2611");
    }

    #[test]
    fn the_same_seed_gives_the_same_year() {
        let digest = |chunks: &[Chunk]| {
            chunks
                .iter()
                .flat_map(|c| &c.conversations)
                .map(|c| (c.state, c.messages.len(), c.created_at))
                .collect::<Vec<_>>()
        };
        assert_eq!(digest(&year(800, 5_000).1), digest(&year(800, 5_000).1));
    }
}
