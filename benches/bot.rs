//! Keyword matching as the rules grow: `cargo bench --features ssr --bench bot`.
//!
//! For 10, 200 and 500 rules (each with 5 keywords of 2–6 characters, Chinese and English,
//! a third of them exact, the rest contains or starts with), it times the bot's routing of
//! 2,000 customer messages (`domain::bot::route` with the workspace's `Matcher`: the folding,
//! one pass of the Aho–Corasick automaton over the message, the first rule by position), and,
//! in the same run, the raw baseline a loop over rules would be: for each rule in order, each
//! keyword compared with the folded message by `str::contains` / `starts_with` / `==`. A
//! quarter of the messages match a rule (one of its keywords inside a sentence), the rest
//! match none (the loop's worst case: it tries every rule). Reported: mean microseconds per
//! message, and each one's growth from 10 to 500 rules.
//!
//! The goal (printed, not asserted): routing's time per message at 500 rules within 2× of its
//! time at 10 rules (it does not grow with the rules), while the loop's grows with them.

use omni_inbox::domain::bot::config::{Bot, Part, Reply, RuleDraft, SavedRule, Settings};
use omni_inbox::domain::bot::{
    fold_keyword, route, Answer, Channels, Decision, Inbound, LocalTime, MatchMode, Place,
    Situation,
};
use omni_inbox::domain::ChannelId;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Instant;

const MESSAGES: usize = 2_000;
const ROUNDS: usize = 5;
const SYLLABLES: &[&str] = &[
    "運", "費", "退", "貨", "營", "業", "時", "間", "訂", "單", "優", "惠", "門", "市", "會", "員",
    "點", "數", "發", "票", "保", "固", "維", "修", "預", "約",
];
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

fn word(rng: &mut StdRng) -> String {
    let n = rng.gen_range(2..=6);
    if rng.gen_bool(0.5) {
        (0..n)
            .map(|_| SYLLABLES[rng.gen_range(0..SYLLABLES.len())])
            .collect()
    } else {
        (0..n)
            .map(|_| char::from(LETTERS[rng.gen_range(0..LETTERS.len())]))
            .collect()
    }
}

fn rules(n: usize, rng: &mut StdRng) -> Vec<SavedRule> {
    (0..n)
        .map(|i| SavedRule {
            id: i as i64 + 1,
            position: i as i32 + 1,
            rule: RuleDraft {
                name: format!("rule {i}"),
                enabled: true,
                mode: match i % 3 {
                    0 => MatchMode::Exact,
                    1 => MatchMode::Contains,
                    _ => MatchMode::StartsWith,
                },
                keywords: (0..5).map(|_| word(rng)).collect(),
                channels: Channels::All,
                hours: None,
                flow: None,
                reply: Reply {
                    parts: vec![Part::Text("reply".into())],
                    buttons: Vec::new(),
                },
            },
        })
        .collect()
}

fn messages(rules: &[SavedRule], rng: &mut StdRng) -> Vec<String> {
    (0..MESSAGES)
        .map(|i| {
            let base = if i % 2 == 0 {
                format!("請問訂單 {i} 什麼時候到貨？謝謝")
            } else {
                format!("Hi, is my order #{i} on its way? Thanks")
            };
            if rng.gen_bool(0.25) {
                let r = &rules[rng.gen_range(0..rules.len())].rule;
                let k = &r.keywords[rng.gen_range(0..r.keywords.len())];
                match r.mode {
                    MatchMode::Exact => k.clone(),
                    MatchMode::StartsWith => format!("{k} {base}"),
                    MatchMode::Contains => format!("{base} {k}"),
                }
            } else {
                base
            }
        })
        .collect()
}

/// The loop over rules: the first rule by position with a keyword in the folded message.
fn by_loop(rules: &[SavedRule], text: &str) -> Option<i64> {
    let folded = fold_keyword(text);
    rules
        .iter()
        .find(|r| {
            r.rule.keywords.iter().any(|k| {
                let k = fold_keyword(k);
                match r.rule.mode {
                    MatchMode::Exact => folded == k,
                    MatchMode::Contains => folded.contains(&k),
                    MatchMode::StartsWith => folded.starts_with(&k),
                }
            })
        })
        .map(|r| r.id)
}

/// Mean microseconds per message over `ROUNDS` passes (the best pass, against noise).
fn time(mut f: impl FnMut(&str) -> usize, texts: &[String]) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let mut hits = 0;
            for t in texts {
                hits += f(t);
            }
            black_box(hits);
            start.elapsed().as_secs_f64() * 1e6 / texts.len() as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mut rng = StdRng::seed_from_u64(2026);
    let words: Vec<String> = vec!["真人".into(), "客服".into(), "human".into()];
    let mut rows = Vec::new();
    for n in [10usize, 200, 500] {
        let saved = rules(n, &mut rng);
        let texts = messages(&saved, &mut rng);
        let bot = Bot::new(saved.clone(), Vec::new(), &Settings::default(), 480);
        let situation = Situation {
            place: Place::PendingBot,
            channel: ChannelId(1),
            now: LocalTime {
                weekday: 2,
                minute: 600,
            },
            flow_at: None,
            greeting: None,
            replies_last_hour: 0,
            replies_per_hour: 10,
            may_write: true,
            person_words: &words,
        };
        // Both find the same rule for every message (the check that the timing compares like
        // with like).
        for t in &texts {
            let routed = match route(
                Inbound::Text(t),
                &situation,
                &bot.rules,
                bot.matcher(),
                &bot,
            ) {
                Decision::Reply {
                    answer: Answer::Rule(id),
                    ..
                } => Some(id),
                _ => None,
            };
            assert_eq!(routed, by_loop(&saved, t), "{t}");
        }
        let routed = time(
            |t| {
                usize::from(matches!(
                    route(
                        Inbound::Text(t),
                        &situation,
                        &bot.rules,
                        bot.matcher(),
                        &bot
                    ),
                    Decision::Reply { .. }
                ))
            },
            &texts,
        );
        let looped = time(|t| usize::from(by_loop(&saved, t).is_some()), &texts);
        rows.push((n, routed, looped));
    }
    println!(
        "{:>6} {:>14} {:>16} {:>8}",
        "rules", "route µs/msg", "loop µs/msg", "loop÷route"
    );
    for (n, routed, looped) in &rows {
        println!(
            "{n:>6} {routed:>14.2} {looped:>16.2} {:>8.1}",
            looped / routed
        );
    }
    let (first, last) = (rows[0], rows[rows.len() - 1]);
    let growth = last.1 / first.1;
    println!(
        "goal: routing at {} rules within 2× its time at {} rules: ×{growth:.2} ({}); the loop grew ×{:.1}",
        last.0,
        first.0,
        if growth <= 2.0 { "met" } else { "NOT met" },
        last.2 / first.2
    );
}
