//! The demo workspace: "森好生活 Senhao Living", a Taiwanese retail brand with stores in two
//! regions, one channel of each kind, about 300 customers and conversations in every status
//! and view, with message histories in Traditional Chinese and English and varied waiting times.
//!
//! Built deterministically (fixed seed) relative to `now`, so a fresh demo always looks alive:
//! some customers have just written, some have waited over two hours.

pub mod bot;
pub mod content;
pub mod replies;

use crate::domain::status::Change;
use crate::domain::{ChannelKind, ConvState, Delivery, Handler, Lang, MessageKind, Millis, Role};
use crate::server::auth::{hash_password, AuthError};
use crate::server::db::dataset::*;
use crate::server::db::{DbError, Store};
use content::{Script, Who, SCRIPTS};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The demo's first login; its presence tells that the demo workspace exists.
pub const DEMO_ADMIN: &str = "admin@demo.test";

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "demo1234";

/// The documented demo logins: (email, name, role, branch index, language).
pub const DEMO_MEMBERS: &[(&str, &str, Role, Option<usize>, Lang)] = &[
    ("admin@demo.test", "林雅婷", Role::Admin, None, Lang::ZhTw),
    (
        "supervisor@demo.test",
        "陳志明",
        Role::Supervisor,
        None,
        Lang::ZhTw,
    ),
    (
        "csmanager@demo.test",
        "王美玲",
        Role::CsManager,
        None,
        Lang::ZhTw,
    ),
    ("agent@demo.test", "張家豪", Role::Agent, None, Lang::ZhTw),
    (
        "agent2@demo.test",
        "Emily Chen",
        Role::Agent,
        None,
        Lang::En,
    ),
    (
        "salesmanager@demo.test",
        "黃建宏",
        Role::SalesManager,
        Some(0),
        Lang::ZhTw,
    ),
    (
        "salesrep@demo.test",
        "吳佩珊",
        Role::SalesRep,
        Some(0),
        Lang::ZhTw,
    ),
    ("agent3@demo.test", "李宗翰", Role::Agent, None, Lang::ZhTw),
    ("agent4@demo.test", "Kevin Wu", Role::Agent, None, Lang::En),
    ("agent5@demo.test", "劉怡君", Role::Agent, None, Lang::ZhTw),
    (
        "salesrep2@demo.test",
        "蔡淑芬",
        Role::SalesRep,
        Some(2),
        Lang::ZhTw,
    ),
];

const MINUTE: Millis = 60_000;
const HOUR: Millis = 60 * MINUTE;
const DAY: Millis = 24 * HOUR;
const CUSTOMERS: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo workspace already exists (admin@demo.test is taken); delete the database file to start over")]
    Exists,
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Creates the demo workspace in `store`.
pub async fn create(store: &Store, now: Millis) -> Result<(), DemoError> {
    if store.login_record(DEMO_ADMIN).await?.is_some() {
        return Err(DemoError::Exists);
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| AuthError::Hash(e.to_string()))??;
    let ws = store.import(&dataset(now, &hash)).await?;
    connect_channels(store, ws).await?;
    bot::create(store, ws, now).await?;
    replies::create(store, ws, now).await?;
    Ok(())
}

/// The demo's platform channels get webhooks and credentials known to the local fake
/// platforms (`omni_inbox fake-platforms`), so `omni_inbox simulate` can write in as a
/// customer: key `demo-<kind>`, secret `demo-<kind>-secret`, token `demo-<kind>-token`,
/// verify token `demo-verify`. Only ever in the demo workspace (`APP_SEED_DEMO`).
pub async fn connect_channels(
    store: &Store,
    ws: crate::domain::WorkspaceId,
) -> Result<(), DemoError> {
    for c in store.channel_records(Some(ws)).await? {
        if c.kind == ChannelKind::WebChat {
            connect_widget(store, ws, c.id).await?;
            continue;
        }
        let kind = c.kind.as_str();
        let credentials = crate::server::db::Credentials {
            secret: format!("demo-{kind}-secret"),
            access_token: format!("demo-{kind}-token"),
            verify_token: "demo-verify".into(),
            extra_id: if c.kind == ChannelKind::Line {
                "2001234567".into()
            } else {
                String::new()
            },
        };
        store
            .set_channel_webhook(ws, c.id, &format!("demo-{kind}"), &credentials)
            .await?;
    }
    Ok(())
}

/// The demo's website widget: public key [`DEMO_WIDGET_KEY`], identity secret
/// [`DEMO_WIDGET_SECRET`] (the sample shop page `/widget-demo` signs its demo member with it),
/// allowed on the inbox's own pages and on `localhost` (so a test can run it from another
/// origin than `127.0.0.1`).
async fn connect_widget(
    store: &Store,
    ws: crate::domain::WorkspaceId,
    channel: crate::domain::ChannelId,
) -> Result<(), DemoError> {
    let credentials = crate::server::db::Credentials {
        secret: DEMO_WIDGET_SECRET.into(),
        ..Default::default()
    };
    store
        .set_channel_webhook(ws, channel, DEMO_WIDGET_KEY, &credentials)
        .await?;
    let settings = crate::server::db::WidgetSettings {
        origins: crate::domain::widget::parse_origins([
            "http://localhost:3000 http://localhost:3100",
        ])
        .expect("the demo's origins are well formed"),
        look: crate::domain::widget::WidgetLook {
            colour: "#0f766e".into(),
            greeting: "您好！歡迎光臨晨光咖啡，有什麼可以幫您的嗎？ Hi! How can we help?".into(),
            display_name: "晨光咖啡 Morning Light".into(),
            avatar_url: None,
            ask_contact: false,
        },
    };
    store.update_widget(ws, channel, &settings, &by(0)).await?;
    Ok(())
}

/// The demo's setup as the audit log names it.
pub fn by(now: Millis) -> crate::server::db::AuditBy {
    crate::server::db::AuditBy {
        member: None,
        name: "demo".into(),
        at: now,
    }
}

/// The demo widget's public key and identity secret.
pub const DEMO_WIDGET_KEY: &str = "wk_demo";
pub const DEMO_WIDGET_SECRET: &str = "demo-widget-secret";

/// The demo workspace as data; every member gets `password_hash`.
pub fn dataset(now: Millis, password_hash: &str) -> Dataset {
    let mut rng = StdRng::seed_from_u64(2026);
    let mut d = Dataset {
        name: "森好生活 Senhao Living".into(),
        created_at: now - 400 * DAY,
        regions: vec!["北部 North".into(), "中南部 Central & South".into()],
        branches: vec![
            (0, "信義店".into()),
            (0, "板橋店".into()),
            (1, "台中公益店".into()),
            (1, "高雄巨蛋店".into()),
        ],
        ..Dataset::default()
    };
    for (email, name, role, branch, lang) in DEMO_MEMBERS {
        d.members.push(MemberSeed {
            email: (*email).into(),
            name: (*name).into(),
            password_hash: password_hash.into(),
            role: *role,
            region: branch.map(|b| d.branches[b].0),
            branch: *branch,
            lang: *lang,
        });
    }
    d.channels = [
        (
            ChannelKind::WebChat,
            "官網即時對話 Website chat",
            "senhao.example",
        ),
        (
            ChannelKind::Messenger,
            "森好生活 Facebook",
            "104727532034518",
        ),
        // LINE names the account by its bot's user id (webhooks' `destination`).
        (
            ChannelKind::Line,
            "森好生活 LINE 官方帳號",
            "U5e1f0a2b3c4d5e6f708192a3b4c5d6e7",
        ),
        (
            ChannelKind::WhatsApp,
            "WhatsApp +886 2 2720 0000",
            "109876543210987",
        ),
        (
            ChannelKind::Instagram,
            "@senhao.living",
            "17841400000000000",
        ),
    ]
    .into_iter()
    .map(|(kind, name, ext)| ChannelSeed {
        kind,
        name: name.into(),
        external_id: ext.into(),
        branch: None,
    })
    .collect();
    d.tags = content::TAGS
        .iter()
        .map(|(zh, en)| format!("{zh} {en}"))
        .collect();
    for i in 0..CUSTOMERS {
        d.customers.push(customer(&mut rng, i, now));
    }
    let plan = status_plan(&mut rng, &d);
    for (customer, channel, state) in plan {
        let conv = conversation(&mut rng, &d, customer, channel, state, now);
        d.conversations.push(conv);
    }
    d
}

fn customer(rng: &mut StdRng, i: usize, now: Millis) -> CustomerSeed {
    let zh = rng.gen_bool(0.65);
    let name = person_name(rng, zh);
    let channels = ChannelKind::ALL.len();
    let primary = rng.gen_range(0..channels);
    let mut identities = vec![(primary, external_id(primary, i), name.clone())];
    if rng.gen_bool(0.25) {
        let other = (primary + rng.gen_range(1..channels)) % channels;
        identities.push((other, external_id(other, i), name.clone()));
    }
    let tags = (0..rng.gen_range(0..=3))
        .map(|_| rng.gen_range(0..content::TAGS.len()))
        .collect::<std::collections::BTreeSet<_>>();
    CustomerSeed {
        phone: rng.gen_bool(0.7).then(|| {
            format!(
                "09{:02}-{:03}-{:03}",
                rng.gen_range(10..99),
                rng.gen_range(0..1000),
                rng.gen_range(0..1000)
            )
        }),
        email: rng
            .gen_bool(0.55)
            .then(|| format!("demo.customer{i}@{}", pick(rng, content::EMAIL_DOMAINS))),
        note: if rng.gen_bool(0.35) {
            pick(rng, content::CUSTOMER_NOTES).to_owned()
        } else {
            String::new()
        },
        branch: rng.gen_bool(0.8).then(|| rng.gen_range(0..4)),
        tags: tags.into_iter().collect(),
        identities,
        created_at: now - rng.gen_range(30..400) * DAY,
        name,
    }
}

/// The platform id of customer `i` on channel kind index `k`, in that platform's style.
fn external_id(k: usize, i: usize) -> String {
    match ChannelKind::ALL[k] {
        ChannelKind::WebChat => format!("visitor-{i:05}"),
        ChannelKind::Messenger => format!("70123456{i:08}"),
        ChannelKind::Line => format!("U{:032x}", 0x5e17_u128 << 100 | i as u128),
        ChannelKind::WhatsApp => format!("8869{i:08}"),
        ChannelKind::Instagram => format!("17841{i:010}"),
    }
}

/// What each conversation will be: every customer's identities become conversations, spread
/// over the statuses so every view has rows.
fn status_plan(rng: &mut StdRng, d: &Dataset) -> Vec<(usize, usize, ConvState)> {
    let agents: Vec<usize> = (0..d.members.len())
        .filter(|&m| d.members[m].role != Role::CsManager)
        .collect();
    let mut out = Vec::new();
    for (c, customer) in d.customers.iter().enumerate() {
        for (channel, _, _) in &customer.identities {
            let n = out.len();
            let state = match n % 20 {
                0..=2 => ConvState::Pending(Handler::Human),
                3 => ConvState::Pending(Handler::Bot),
                4 if n % 40 == 4 => ConvState::Pending(Handler::Human),
                4..=7 => ConvState::InProgress {
                    owner: member_at(owner_for(rng, &agents, n)),
                },
                _ => ConvState::Closed {
                    last_owner: Some(member_at(owner_for(rng, &agents, n))),
                },
            };
            out.push((c, *channel, state));
        }
    }
    out
}

/// Gives the main demo logins (agent@ and agent2@) a fair share of the work.
fn owner_for(rng: &mut StdRng, agents: &[usize], n: usize) -> usize {
    match n % 3 {
        0 => 3,
        1 if rng.gen_bool(0.5) => 4,
        _ => agents[rng.gen_range(0..agents.len())],
    }
}

fn conversation(
    rng: &mut StdRng,
    d: &Dataset,
    customer: usize,
    channel: usize,
    state: ConvState,
    now: Millis,
) -> ConversationSeed {
    let lang = if d.customers[customer].name.is_ascii() {
        "en"
    } else {
        "zh-TW"
    };
    let script = choose_script(rng, lang, state);
    let owner = state.owner().map(member_index);
    // When the last message was: pending ones waited from minutes to hours, open ones are recent,
    // closed ones spread over two months.
    let last_at = match state {
        ConvState::Pending(_) => {
            now - [
                2, 6, 12, 21, 28, 34, 45, 52, 64, 80, 95, 118, 125, 150, 200, 290,
            ][rng.gen_range(0..16)]
                * MINUTE
        }
        ConvState::InProgress { .. } => now - rng.gen_range(1..36 * 60) * MINUTE,
        ConvState::Closed { .. } => now - rng.gen_range(2 * HOUR..60 * DAY),
    };
    let gaps: Vec<Millis> = script
        .lines
        .iter()
        .map(|_| rng.gen_range(1..7) * MINUTE + rng.gen_range(0..MINUTE))
        .collect();
    let mut at = last_at - gaps.iter().skip(1).sum::<Millis>();
    let first_at = at;
    let replier = owner.unwrap_or(3 + customer % 2);
    let mut messages = Vec::with_capacity(script.lines.len());
    for (line, gap) in script.lines.iter().zip(gaps.iter().skip(1).chain([&0])) {
        let (kind, author, by_bot) = match line.who {
            Who::Customer => (MessageKind::Inbound, None, false),
            Who::Agent => (MessageKind::Outbound, Some(replier), false),
            Who::Bot => (MessageKind::Outbound, None, true),
            Who::Note => (MessageKind::Note, Some(replier), false),
        };
        let delivery = (kind == MessageKind::Outbound).then(|| {
            if now - at > HOUR {
                Delivery::Read
            } else {
                Delivery::Delivered
            }
        });
        messages.push(MessageSeed {
            kind,
            author,
            by_bot,
            body: line.text.to_owned(),
            delivery,
            created_at: at,
        });
        at += gap;
    }
    let events = events_for(state, &messages, owner, replier, last_at);
    let inbound = messages
        .iter()
        .filter(|m| m.kind == MessageKind::Inbound)
        .count() as i64;
    let read_marks = match (state, owner) {
        (ConvState::InProgress { .. }, Some(o)) => {
            vec![(o, (inbound - rng.gen_range(0..=2)).max(0))]
        }
        (ConvState::Closed { .. }, Some(o)) => vec![(o, inbound)],
        _ => vec![],
    };
    let collaborators = match state {
        ConvState::InProgress { .. } if rng.gen_bool(0.2) => {
            let mut others: Vec<usize> = (0..d.members.len())
                .filter(|m| Some(*m) != owner && d.members[*m].role == Role::Agent)
                .collect();
            others.shuffle(rng);
            others.truncate(rng.gen_range(1..=2));
            others
        }
        _ => vec![],
    };
    ConversationSeed {
        channel,
        customer,
        branch: d.customers[customer].branch,
        pending_reason: pending_reason(state, script),
        state,
        collaborators,
        created_at: first_at,
        closed_at: matches!(state, ConvState::Closed { .. }).then_some(last_at + 5 * MINUTE),
        messages,
        events,
        read_marks,
    }
}

/// A script that fits the final state: bot scripts for pending/bot, ones where the customer
/// spoke last for pending/human, anything but bot-only ones for the rest.
fn choose_script(rng: &mut StdRng, lang: &str, state: ConvState) -> &'static Script {
    let fits = |s: &&Script| {
        s.lang == lang
            && match state {
                ConvState::Pending(Handler::Bot) => s.bot,
                ConvState::Pending(Handler::Human) => !s.bot && s.ends_with_customer(),
                ConvState::InProgress { .. } => !s.bot,
                ConvState::Closed { .. } => !s.bot && !s.ends_with_customer(),
            }
    };
    let choices: Vec<&Script> = SCRIPTS.iter().filter(fits).collect();
    choices.choose(rng).copied().unwrap_or(&SCRIPTS[0])
}

fn pending_reason(state: ConvState, script: &Script) -> Option<String> {
    match state {
        ConvState::Pending(Handler::Bot) => Some("keyword_rule".into()),
        ConvState::Pending(Handler::Human) if script.has_bot_line() => {
            Some("asked_for_human".into())
        }
        ConvState::Pending(Handler::Human) => {
            let last = script
                .lines
                .iter()
                .rev()
                .find(|l| l.who == Who::Customer)
                .map_or("", |l| l.text);
            Some(
                if last.starts_with('[') {
                    "media"
                } else {
                    "no_keyword_matched"
                }
                .into(),
            )
        }
        _ => None,
    }
}

/// The event log that leads to `state`, timed against the messages: follow-ups just before the
/// first reply, hand-overs when the customer answers the bot, returns when the customer writes
/// after a close.
fn events_for(
    state: ConvState,
    messages: &[MessageSeed],
    owner: Option<usize>,
    replier: usize,
    last: Millis,
) -> Vec<EventSeed> {
    let ev = |actor: Option<usize>,
              change: Change,
              from: Option<ConvState>,
              to: ConvState,
              at: Millis| EventSeed {
        actor,
        change: change.event(),
        from,
        to,
        created_at: at,
    };
    let first = messages.first().map_or(last, |m| m.created_at);
    let bot_at = messages.iter().find(|m| m.by_bot).map(|m| m.created_at);
    let agent_at: Vec<Millis> = messages
        .iter()
        .filter(|m| m.author.is_some())
        .map(|m| m.created_at)
        .collect();
    let human = ConvState::Pending(Handler::Human);
    let opened_to = if bot_at.is_some() {
        ConvState::Pending(Handler::Bot)
    } else {
        human
    };
    let mut out = vec![ev(None, Change::Opened, None, opened_to, first)];
    if opened_to != human && state != opened_to {
        let handover = bot_at
            .and_then(|b| {
                messages
                    .iter()
                    .find(|m| m.created_at > b && m.kind == MessageKind::Inbound)
            })
            .map_or(last, |m| m.created_at);
        out.push(ev(
            None,
            Change::HandedToHuman,
            Some(opened_to),
            human,
            handover,
        ));
    }
    let from = out.last().map_or(human, |e| e.to);
    let mine = |o: usize| ConvState::InProgress {
        owner: member_at(o),
    };
    let follow_at = agent_at.first().map_or(last + MINUTE, |t| t - 30_000);
    match state {
        ConvState::Pending(_) if !agent_at.is_empty() => {
            let r = replier;
            let closed_at = agent_at.last().map_or(last, |t| t + MINUTE);
            let closed = ConvState::Closed {
                last_owner: Some(member_at(r)),
            };
            let returned_at = messages
                .iter()
                .find(|m| m.created_at > closed_at && m.kind == MessageKind::Inbound)
                .map_or(last, |m| m.created_at);
            out.push(ev(
                Some(r),
                Change::FollowedUp,
                Some(from),
                mine(r),
                follow_at,
            ));
            out.push(ev(
                Some(r),
                Change::Closed,
                Some(mine(r)),
                closed,
                closed_at,
            ));
            out.push(ev(None, Change::Returned, Some(closed), human, returned_at));
        }
        ConvState::Pending(_) => {}
        ConvState::InProgress { .. } | ConvState::Closed { .. } => {
            let o = owner.unwrap_or(replier);
            out.push(ev(
                Some(o),
                Change::FollowedUp,
                Some(from),
                mine(o),
                follow_at.min(last),
            ));
            if let ConvState::Closed { .. } = state {
                out.push(ev(
                    Some(o),
                    Change::Closed,
                    Some(mine(o)),
                    state,
                    last + 5 * MINUTE,
                ));
            }
        }
    }
    out
}

/// One of `list`, at random (also used by the generator).
pub(crate) fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}

/// A person's name at random: Chinese (family name first, no space) or English (also used by
/// the generator).
pub(crate) fn person_name(rng: &mut StdRng, zh: bool) -> String {
    if zh {
        format!(
            "{}{}",
            pick(rng, content::ZH_FAMILY_NAMES),
            pick(rng, content::ZH_GIVEN_NAMES)
        )
    } else {
        format!(
            "{} {}",
            pick(rng, content::EN_FIRST_NAMES),
            pick(rng, content::EN_LAST_NAMES)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_every_status_and_view() {
        let d = dataset(1_800_000_000_000, "hash");
        assert_eq!(d.customers.len(), CUSTOMERS);
        assert!(d.conversations.len() >= CUSTOMERS);
        let count =
            |f: &dyn Fn(&ConversationSeed) -> bool| d.conversations.iter().filter(|c| f(c)).count();
        assert!(count(&|c| c.state == ConvState::Pending(Handler::Human)) >= 30);
        assert!(count(&|c| c.state == ConvState::Pending(Handler::Bot)) >= 10);
        assert!(
            count(&|c| c.state
                == ConvState::InProgress {
                    owner: member_at(3)
                })
                >= 5,
            "agent@ has work"
        );
        assert!(
            count(&|c| c.state
                == ConvState::InProgress {
                    owner: member_at(4)
                })
                >= 5,
            "agent2@ has work"
        );
        assert!(
            count(&|c| !c.collaborators.is_empty()) >= 5,
            "collaborative conversations"
        );
        assert!(count(&|c| matches!(c.state, ConvState::Closed { .. })) >= 100);
        // Waiting times span the 30 min / 1 h / 2 h styles.
        let now = 1_800_000_000_000;
        let waits: Vec<Millis> = d
            .conversations
            .iter()
            .filter_map(|c| c.waiting_since())
            .map(|w| now - w)
            .collect();
        for threshold in [30 * MINUTE, HOUR, 2 * HOUR] {
            assert!(
                waits.iter().any(|w| *w < threshold) && waits.iter().any(|w| *w >= threshold),
                "{threshold}"
            );
        }
        // Every conversation is one (customer, channel) pair with a consistent event log.
        let mut pairs = std::collections::HashSet::new();
        for c in &d.conversations {
            assert!(pairs.insert((c.customer, c.channel)));
            assert_eq!(c.events.last().map(|e| e.to), Some(c.state), "{c:?}");
            assert!(!c.messages.is_empty());
        }
        let zh = d
            .conversations
            .iter()
            .filter(|c| !d.customers[c.customer].name.is_ascii())
            .count();
        assert!(
            zh > 100 && zh < d.conversations.len() - 50,
            "both languages present"
        );
    }
}
