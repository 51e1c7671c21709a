//! Mutation fuzzing without a fuzzing crate: every fixture, mutated a few thousand ways with
//! a fixed-seed xorshift generator, through every parser. Each must answer Ok or ParseError
//! (never panic), and every event it returns must have a key and a sender.

use super::support::{wrap_line, wrap_meta, FIXTURE_DIR};
use crate::server::channel::{
    parse_instagram, parse_line, parse_messenger, parse_whatsapp, Inbound, ParseError,
};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// xorshift64*: small, deterministic, good enough to pick positions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The fixtures as complete webhook bodies (items wrapped), with the account id each names.
fn bodies() -> Vec<(String, Vec<u8>, String)> {
    let mut out = Vec::new();
    for platform in ["messenger", "instagram", "whatsapp", "line"] {
        let mut names: Vec<String> = std::fs::read_dir(format!("{FIXTURE_DIR}/{platform}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in names {
            let raw = std::fs::read(format!("{FIXTURE_DIR}/{platform}/{name}")).unwrap();
            let body = if name.ends_with("_item.json") {
                wrap_meta(
                    if platform == "instagram" {
                        "instagram"
                    } else {
                        "page"
                    },
                    "ACC",
                    &raw,
                )
            } else if name.ends_with("_event.json") && platform == "line" {
                wrap_line("ACC", &raw)
            } else {
                raw
            };
            let account = account_of(&body);
            out.push((format!("{platform}/{name}"), body, account));
        }
    }
    out
}

/// The page / account / number / bot a body is addressed to, so mutations reach the events.
fn account_of(body: &[u8]) -> String {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return "ACC".into();
    };
    let pick = |p: &str| {
        v.pointer(p).and_then(|x| {
            x.as_str()
                .map(str::to_owned)
                .or_else(|| x.as_u64().map(|n| n.to_string()))
        })
    };
    pick("/entry/0/changes/0/value/metadata/phone_number_id")
        .or_else(|| pick("/entry/0/id"))
        .or_else(|| pick("/destination"))
        .unwrap_or_else(|| "ACC".into())
}

type Parser = fn(&[u8], &str) -> Result<Inbound, ParseError>;
const PARSERS: [(&str, Parser); 4] = [
    ("messenger", parse_messenger),
    ("instagram", parse_instagram),
    ("whatsapp", parse_whatsapp),
    ("line", parse_line),
];

/// Runs every parser; a panic fails the test naming the input.
fn run_all(input: &[u8], account: &str, what: &str) -> usize {
    let mut events = 0;
    for (name, parse) in PARSERS {
        let outcome = catch_unwind(AssertUnwindSafe(|| parse(input, account)));
        let Ok(result) = outcome else {
            panic!(
                "{name} panicked on {what}: {:?}",
                String::from_utf8_lossy(&input[..input.len().min(300)])
            );
        };
        if let Ok(inbound) = result {
            for event in &inbound.events {
                assert!(
                    !event.key.is_empty() && !event.sender.is_empty(),
                    "{name} on {what}: {event:?}"
                );
            }
            events += inbound.events.len();
        }
    }
    events
}

/// Every node of a JSON value, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let started = std::time::Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let wrong_types = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(u64::MAX),
        json!(""),
        json!("zz"),
        json!([]),
        json!([1, "a", null]),
        json!({}),
    ];
    let mut inputs = 0usize;
    let mut events = 0usize;
    let fixtures = bodies();
    assert!(fixtures.len() > 60, "{}", fixtures.len());
    for (name, body, account) in &fixtures {
        let mut run = |input: &[u8], what: &str| {
            inputs += 1;
            events += run_all(input, account, &format!("{name}: {what}"));
        };
        run(body, "as is");

        // Truncation: at every position for short bodies, at 40 spread positions otherwise.
        let cuts: Vec<usize> = if body.len() <= 400 {
            (0..body.len()).collect()
        } else {
            (0..40).map(|i| i * body.len() / 40).collect()
        };
        for cut in cuts {
            run(&body[..cut], "truncated");
        }

        // Byte flips and random bytes.
        for _ in 0..25 {
            let mut m = body.clone();
            let i = rng.below(m.len());
            m[i] ^= 1 << rng.below(8);
            let j = rng.below(m.len());
            m[j] = rng.next() as u8;
            run(&m, "bytes flipped");
        }

        // Invalid UTF-8, a lone surrogate, raw and escaped NULs at random places.
        for insert in [
            &b"\xff"[..],
            b"\xc3",
            b"\xed\xa0\x80",
            b"\\ud800",
            b"\\u0000",
            b"\x00",
        ] {
            let mut m = body.clone();
            let at = rng.below(m.len() + 1);
            m.splice(at..at, insert.iter().copied());
            run(&m, "bytes inserted");
        }

        // Values replaced by every wrong type, at random nodes (and strings given a NUL).
        let Ok(value) =
            serde_json::from_slice::<Value>(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body))
        else {
            continue;
        };
        let mut nodes = Vec::new();
        pointers(&value, String::new(), &mut nodes);
        for _ in 0..12 {
            let Some(node) = nodes.get(rng.below(nodes.len())) else {
                break;
            };
            for wrong in &wrong_types {
                let mut m = value.clone();
                if let Some(slot) = m.pointer_mut(node) {
                    *slot = wrong.clone();
                }
                run(&serde_json::to_vec(&m).unwrap(), "value replaced");
            }
            let mut m = value.clone();
            if let Some(slot @ Value::String(_)) = m.pointer_mut(node) {
                *slot = json!(format!("a\u{0}b{}", slot.as_str().unwrap_or_default()));
                run(&serde_json::to_vec(&m).unwrap(), "NUL in a string");
            }
        }
        // Every node removed once (what a platform may leave out).
        for node in nodes.iter().take(60) {
            let mut m = value.clone();
            let (parent, key) = node.rsplit_once('/').unwrap();
            match m.pointer_mut(if parent.is_empty() { "" } else { parent }) {
                Some(Value::Object(map)) => {
                    map.remove(&key.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
            run(&serde_json::to_vec(&m).unwrap(), "node removed");
        }
    }
    assert!(inputs > 3000, "{inputs}");
    assert!(events > 1000, "{events}");
    eprintln!(
        "fuzz: {inputs} inputs, {events} events, {:?}",
        started.elapsed()
    );
}

#[test]
fn huge_arrays_and_deep_nesting() {
    let n = 100_000;
    let repeat = |item: &str| vec![item; n].join(",");
    // Small items keep the bodies a few MB: the time goes into building JSON values.
    let cases = [
        format!(
            r#"{{"object":"page","entry":[{{"id":"ACC","messaging":[{}]}}]}}"#,
            repeat(r#"{"sender":{"id":"1"},"message":{"mid":"m"}}"#)
        ),
        format!(r#"{{"object":"page","entry":[{}]}}"#, repeat("{}")),
        format!(
            r#"{{"object":"instagram","entry":[{{"id":"ACC","messaging":[{}]}}]}}"#,
            repeat("null")
        ),
        format!(
            r#"{{"object":"page","entry":[{{"id":"ACC","messaging":[{{"sender":{{"id":"1"}},"message":{{"mid":"m","attachments":[{}]}}}}]}}]}}"#,
            repeat(r#"{"type":"image"}"#)
        ),
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"changes":[{{"value":{{"metadata":{{"phone_number_id":"ACC"}},"statuses":[{}]}}}}]}}]}}"#,
            repeat(r#"{"id":"w","status":"read","recipient_id":"1"}"#)
        ),
        format!(r#"{{"destination":"ACC","events":[{}]}}"#, repeat("7")),
        format!(
            r#"{{"destination":"ACC","events":[{}]}}"#,
            repeat(r#"{"type":"follow","source":{"userId":"U"}}"#)
        ),
        format!("[{}]", repeat("0")),
    ];
    let expected_events = [n, 0, 0, 1, n, 0, n, 0];
    for (case, expected) in cases.iter().zip(expected_events) {
        assert_eq!(
            run_all(case.as_bytes(), "ACC", "a 100k-element array"),
            expected
        );
    }

    let depth = 10_000;
    let deep_cases = [
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!(
            r#"{{"object":"page","entry":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            r#"{{"destination":"ACC","events":[{}0{}]}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        ),
        "[".repeat(depth),
    ];
    for case in &deep_cases {
        run_all(case.as_bytes(), "ACC", "10k-deep nesting");
        for (_, parse) in PARSERS {
            assert!(matches!(
                parse(case.as_bytes(), "ACC"),
                Err(ParseError::NotJson(_))
            ));
        }
    }
    // Nesting within serde_json's limit inside a valid envelope is simply skipped.
    let nested = format!(
        r#"{{"object":"page","entry":[{{"id":"ACC","messaging":[{{"sender":{{"id":"1"}},"message":{{"mid":"m","text":{}1{}}}}}]}}]}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let parsed = parse_messenger(nested.as_bytes(), "ACC").unwrap();
    assert_eq!(parsed.events.len(), 1);
}
