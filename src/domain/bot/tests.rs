use super::*;
use std::collections::HashMap;

const LINE: ChannelId = ChannelId(1);
const WEB: ChannelId = ChannelId(2);
/// A Wednesday at 10:00 and at 23:00.
const WED_10: LocalTime = LocalTime {
    weekday: 2,
    minute: 600,
};
const WED_23: LocalTime = LocalTime {
    weekday: 2,
    minute: 1380,
};

struct TestFlows(HashMap<(i64, i64), Vec<Button>>);

impl Flows for TestFlows {
    fn first_step(&self, flow: i64) -> Option<i64> {
        self.0
            .keys()
            .filter(|(f, _)| *f == flow)
            .map(|(_, s)| *s)
            .min()
    }
    fn buttons(&self, at: FlowAt) -> Option<&[Button]> {
        self.0.get(&(at.flow, at.step)).map(Vec::as_slice)
    }
}

fn flows() -> TestFlows {
    let b = |label: &str, action| Button {
        label: label.into(),
        action,
    };
    TestFlows(HashMap::from([
        (
            (7, 1),
            vec![
                b("營業時間", ButtonAction::Rule(1)),
                b("訂單查詢", ButtonAction::Step(2)),
                b("真人客服", ButtonAction::Person),
            ],
        ),
        ((7, 2), vec![b("回主選單", ButtonAction::Step(1))]),
        ((9, 1), vec![]),
    ]))
}

fn rules() -> Vec<Rule> {
    let rule = |id, position, keywords: &[&str], mode| Rule {
        id,
        position,
        enabled: true,
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        mode,
        channels: Channels::All,
        hours: None,
        action: RuleAction::Reply,
    };
    vec![
        rule(1, 1, &["營業時間", "幾點開"], MatchMode::Contains),
        Rule {
            channels: Channels::Only(BTreeSet::from([LINE])),
            ..rule(2, 2, &["運費"], MatchMode::Contains)
        },
        Rule {
            hours: Some(Hours {
                days: 0b0011111,
                from: 9 * 60,
                to: 18 * 60,
            }),
            ..rule(3, 3, &["退貨"], MatchMode::Contains)
        },
        Rule {
            enabled: false,
            ..rule(4, 0, &["營業"], MatchMode::Contains)
        },
        Rule {
            action: RuleAction::StartFlow(7),
            ..rule(5, 5, &["選單", "menu"], MatchMode::Exact)
        },
        // A later rule on the same word as rule 1: rule 1 answers first.
        rule(6, 9, &["時間"], MatchMode::Contains),
        rule(8, 8, &["hi"], MatchMode::StartsWith),
    ]
}

fn person_words() -> Vec<String> {
    DEFAULT_PERSON_WORDS
        .iter()
        .map(|w| fold_keyword(w))
        .collect()
}

fn situation(place: Place, words: &[String]) -> Situation<'_> {
    Situation {
        place,
        channel: LINE,
        now: WED_10,
        flow_at: None,
        greeting: None,
        replies_last_hour: 0,
        replies_per_hour: DEFAULT_REPLIES_PER_HOUR,
        may_write: true,
        person_words: words,
    }
}

fn decide(inbound: Inbound<'_>, s: &Situation<'_>) -> Decision {
    let rules = rules();
    route(inbound, s, &rules, &matcher_for(&rules), &flows())
}

fn reply_rule(id: i64) -> Decision {
    Decision::Reply {
        answer: Answer::Rule(id),
        reason: Reason::Rule(id),
    }
}

fn human(reason: Reason) -> Decision {
    Decision::Human { reason }
}

#[test]
fn routing_table() {
    let words = person_words();
    let base = situation(Place::New, &words);
    let at = |step| FlowAt { flow: 7, step };
    let step = |s| Decision::Reply {
        answer: Answer::Step(at(s)),
        reason: Reason::Step(at(s)),
    };
    let cases: Vec<(&str, Inbound<'_>, Situation<'_>, Decision)> = vec![
        (
            "a keyword replies",
            Inbound::Text("請問營業時間？"),
            base.clone(),
            reply_rule(1),
        ),
        (
            "full-width and case fold",
            Inbound::Text("ＨＩ there"),
            base.clone(),
            reply_rule(8),
        ),
        (
            "no keyword: a person",
            Inbound::Text("謝謝"),
            base.clone(),
            human(Reason::NoMatch),
        ),
        (
            "pending bot, no keyword: a person",
            Inbound::Text("嗯嗯"),
            situation(Place::PendingBot, &words),
            human(Reason::NoMatch),
        ),
        (
            "pending human, a keyword: the bot answers",
            Inbound::Text("營業時間"),
            situation(Place::PendingHuman { asked: false }, &words),
            reply_rule(1),
        ),
        (
            "asked for a person before: the bot keeps out",
            Inbound::Text("營業時間"),
            situation(Place::PendingHuman { asked: true }, &words),
            human(Reason::AskedForPerson),
        ),
        (
            "in progress: never answered",
            Inbound::Text("營業時間"),
            situation(Place::InProgress, &words),
            Decision::Leave,
        ),
        (
            "真人",
            Inbound::Text("我要找真人"),
            base.clone(),
            human(Reason::AskedForPerson),
        ),
        (
            "agent, any case",
            Inbound::Text("AGENT please"),
            base.clone(),
            human(Reason::AskedForPerson),
        ),
        (
            "a picture",
            Inbound::Media(MediaKind::Image),
            base.clone(),
            human(Reason::SentMedia(MediaKind::Image)),
        ),
        (
            "a sticker",
            Inbound::Media(MediaKind::Sticker),
            situation(Place::PendingBot, &words),
            human(Reason::SentMedia(MediaKind::Sticker)),
        ),
        (
            "a rule for LINE only, on the web",
            Inbound::Text("運費多少"),
            Situation {
                channel: WEB,
                ..base.clone()
            },
            human(Reason::NoMatch),
        ),
        (
            "a rule for LINE only, on LINE",
            Inbound::Text("運費多少"),
            base.clone(),
            reply_rule(2),
        ),
        (
            "within its hours",
            Inbound::Text("退貨"),
            base.clone(),
            reply_rule(3),
        ),
        (
            "outside its hours",
            Inbound::Text("退貨"),
            Situation {
                now: WED_23,
                ..base.clone()
            },
            human(Reason::NoMatch),
        ),
        (
            "a disabled rule never answers (rule 1 does)",
            Inbound::Text("營業中嗎 營業時間"),
            base.clone(),
            reply_rule(1),
        ),
        (
            "a rule starts a flow",
            Inbound::Text("選單"),
            base.clone(),
            Decision::Reply {
                answer: Answer::Step(at(1)),
                reason: Reason::Rule(5),
            },
        ),
        (
            "a typed number picks a button",
            Inbound::Text(" 2 "),
            Situation {
                flow_at: Some(at(1)),
                place: Place::PendingBot,
                ..base.clone()
            },
            step(2),
        ),
        (
            "a button's label picks it",
            Inbound::Text("訂單查詢"),
            Situation {
                flow_at: Some(at(1)),
                place: Place::PendingBot,
                ..base.clone()
            },
            step(2),
        ),
        (
            "a number past the buttons is text",
            Inbound::Text("4"),
            Situation {
                flow_at: Some(at(1)),
                place: Place::PendingBot,
                ..base.clone()
            },
            human(Reason::NoMatch),
        ),
        (
            "a tap on a rule's button",
            Inbound::Tap {
                flow: 7,
                step: 1,
                button: 0,
            },
            situation(Place::PendingBot, &words),
            reply_rule(1),
        ),
        (
            "a tap on talk to a person",
            Inbound::Tap {
                flow: 7,
                step: 1,
                button: 2,
            },
            situation(Place::PendingBot, &words),
            human(Reason::TappedPerson),
        ),
        (
            "a tap on a button that is gone",
            Inbound::Tap {
                flow: 7,
                step: 1,
                button: 9,
            },
            situation(Place::PendingBot, &words),
            human(Reason::NoMatch),
        ),
        (
            "a new conversation with nothing matched gets the greeting",
            Inbound::Text("哈囉"),
            Situation {
                greeting: Some(7),
                ..base.clone()
            },
            Decision::Reply {
                answer: Answer::Step(at(1)),
                reason: Reason::Greeting(7),
            },
        ),
        (
            "a keyword wins over the greeting",
            Inbound::Text("營業時間"),
            Situation {
                greeting: Some(7),
                ..base.clone()
            },
            reply_rule(1),
        ),
        (
            "no greeting once the conversation is going",
            Inbound::Text("哈囉"),
            Situation {
                greeting: Some(7),
                place: Place::PendingBot,
                ..base.clone()
            },
            human(Reason::NoMatch),
        ),
        (
            "the hourly limit",
            Inbound::Text("營業時間"),
            Situation {
                replies_last_hour: DEFAULT_REPLIES_PER_HOUR,
                ..base.clone()
            },
            human(Reason::ReplyLimit),
        ),
        (
            "nothing may be sent",
            Inbound::Text("營業時間"),
            Situation {
                may_write: false,
                ..base.clone()
            },
            human(Reason::MayNotWrite),
        ),
    ];
    for (name, inbound, s, want) in cases {
        assert_eq!(decide(inbound, &s), want, "{name}");
    }
}

#[test]
fn hours_cover_their_days_and_run_past_midnight() {
    let weekdays = Hours {
        days: 0b0011111,
        from: 540,
        to: 1080,
    };
    assert!(weekdays.contains(LocalTime {
        weekday: 0,
        minute: 540
    }));
    assert!(!weekdays.contains(LocalTime {
        weekday: 0,
        minute: 1080
    }));
    assert!(!weekdays.contains(LocalTime {
        weekday: 5,
        minute: 600
    }));
    // Friday 22:00 to 02:00: Saturday 01:00 is Friday's night, Monday 01:00 is Sunday's (off).
    let nights = Hours {
        days: 1 << 4,
        from: 1320,
        to: 120,
    };
    assert!(nights.contains(LocalTime {
        weekday: 4,
        minute: 1330
    }));
    assert!(nights.contains(LocalTime {
        weekday: 5,
        minute: 60
    }));
    assert!(!nights.contains(LocalTime {
        weekday: 0,
        minute: 60
    }));
}

#[test]
fn local_time_follows_the_workspace_clock() {
    // 2026-12-02T16:30:00Z is a Wednesday; in Taipei (UTC+8) it is Thursday 00:30.
    let at = 1_796_229_000_000;
    assert_eq!(
        LocalTime::of(at, 0),
        LocalTime {
            weekday: 2,
            minute: 990
        }
    );
    assert_eq!(
        LocalTime::of(at, 480),
        LocalTime {
            weekday: 3,
            minute: 30
        }
    );
}
