//! Delivery and read receipts posted back to the inbox after each successful send, signed
//! as Meta signs webhooks (`X-Hub-Signature-256`), in the documented shapes (CHANNELS.md
//! §1.3, §2.2, §3.2): Messenger `delivery{mids,watermark}` then `read{watermark}`, Instagram
//! `read{mid}` (messaging_seen), WhatsApp `statuses[]`. LINE has no receipts.
//!
//! `POST /_fake/receipts {"kind": "messenger|instagram|whatsapp", "account_id",
//! "webhook_url", "secret", "delay_ms": 300, "states": ["delivered", "read"],
//! "access_token"?, "waba_id"?, "display_phone_number"?}` registers (or replaces) where the
//! receipts for that account go. A send names its account in the path (`/{page_id}/messages`,
//! `/{phone_number_id}/messages`); a `/me/messages` send goes to the target whose
//! `access_token` is the send's token, else to the first target of the kind without one.
//! States: Messenger `delivered`, `read`, `echo`; Instagram `read`, `echo` (no delivery
//! receipts; default `["read"]`); WhatsApp `sent`, `delivered`, `read`, `failed` (131047).
//! Each state is posted `delay_ms` after the one before. Every post, failed or not, is
//! logged: `GET /_fake/receipts` gives `{"targets": […], "posts": […]}`.

use super::json_text::{obj, s, Escape, J};
use super::request::{bad_control, json};
use super::state::{lock, now_ms, FakeState};
use crate::domain::ChannelKind;
use crate::server::channel::signature::sign_meta;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Duration;

/// Where and how to post receipts for one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptTarget {
    /// `messenger`, `instagram` or `whatsapp`.
    pub kind: String,
    /// Page id, Instagram account id, or WhatsApp phone number id.
    pub account_id: String,
    pub webhook_url: String,
    /// The app secret the inbox verifies `X-Hub-Signature-256` with.
    pub secret: String,
    #[serde(default = "default_delay")]
    pub delay_ms: u64,
    /// Default: `["delivered", "read"]` (Instagram `["read"]`).
    #[serde(default)]
    pub states: Vec<String>,
    /// Routes `/me/messages` sends made with this token here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// WhatsApp envelope: `entry[].id` (default derived from the phone number id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waba_id: Option<String>,
    /// WhatsApp `metadata.display_phone_number` (default `15550000000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
}

fn default_delay() -> u64 {
    300
}

/// One receipt post and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptPost {
    pub time_ms: i64,
    pub kind: String,
    pub account_id: String,
    pub message_id: String,
    pub state: String,
    pub url: String,
    /// The inbox's answer; `None` when the post failed (see `error`).
    pub status: Option<u16>,
    pub error: Option<String>,
    /// The exact body posted.
    pub body: String,
}

/// A registered target, its kind parsed.
#[derive(Clone, Debug)]
pub(super) struct Target {
    pub kind: ChannelKind,
    pub spec: ReceiptTarget,
}

/// What was just sent, for its receipts.
pub(super) struct SentMessage {
    /// PSID, IGSID or wa_id.
    pub customer: String,
    pub message_id: String,
    /// The text, for an echo.
    pub text: Option<String>,
}

#[derive(Default)]
pub(super) struct Receipts {
    targets: Mutex<Vec<Target>>,
    posts: Mutex<Vec<ReceiptPost>>,
}

impl Receipts {
    /// The target for a send by one of `kinds`, to `account` (`None` for `/me/`), with `token`.
    pub fn resolve(
        &self,
        kinds: &[ChannelKind],
        account: Option<&str>,
        token: &str,
    ) -> Option<Target> {
        let targets = lock(&self.targets);
        let mut of_kind = targets.iter().filter(|t| kinds.contains(&t.kind));
        match account {
            Some(a) => of_kind.find(|t| t.spec.account_id == a).cloned(),
            None => {
                let by_token = targets
                    .iter()
                    .filter(|t| kinds.contains(&t.kind))
                    .find(|t| t.spec.access_token.as_deref() == Some(token));
                by_token
                    .or_else(|| of_kind.find(|t| t.spec.access_token.is_none()))
                    .cloned()
            }
        }
    }

    fn register(&self, mut spec: ReceiptTarget) -> Result<ReceiptTarget, String> {
        let Some(kind) = ChannelKind::parse(spec.kind.trim()).filter(|k| {
            matches!(
                k,
                ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::WhatsApp
            )
        }) else {
            return Err(format!(
                "kind {:?}: receipts exist for messenger, instagram and whatsapp",
                spec.kind
            ));
        };
        if spec.account_id.trim().is_empty() || spec.secret.is_empty() {
            return Err("account_id and secret must not be empty".into());
        }
        if !(spec.webhook_url.starts_with("http://") || spec.webhook_url.starts_with("https://")) {
            return Err("webhook_url must be an http(s) URL".into());
        }
        if spec.states.is_empty() {
            spec.states = match kind {
                ChannelKind::Instagram => vec!["read".into()],
                _ => vec!["delivered".into(), "read".into()],
            };
        }
        let allowed: &[&str] = match kind {
            ChannelKind::Messenger => &["delivered", "read", "echo"],
            ChannelKind::Instagram => &["read", "echo"],
            _ => &["sent", "delivered", "read", "failed"],
        };
        if let Some(bad) = spec.states.iter().find(|s| !allowed.contains(&s.as_str())) {
            return Err(format!(
                "state {bad:?} for {kind}: one of {}{}",
                allowed.join(", "),
                if kind == ChannelKind::Instagram {
                    " (Instagram sends no delivery receipts)"
                } else {
                    ""
                }
            ));
        }
        spec.kind = kind.as_str().to_owned();
        let mut targets = lock(&self.targets);
        targets.retain(|t| !(t.kind == kind && t.spec.account_id == spec.account_id));
        targets.push(Target {
            kind,
            spec: spec.clone(),
        });
        Ok(spec)
    }

    pub fn clear(&self) {
        lock(&self.targets).clear();
        lock(&self.posts).clear();
    }
}

impl FakeState {
    /// Registers a receipt target (see the module doc).
    pub fn register_receipts(&self, target: ReceiptTarget) -> Result<ReceiptTarget, String> {
        self.inner.receipts.register(target)
    }

    /// Every receipt post so far.
    pub fn receipt_posts(&self) -> Vec<ReceiptPost> {
        lock(&self.inner.receipts.posts).clone()
    }
}

/// After a successful send: posts the target's states in order, each `delay_ms` after the
/// one before, in the background.
pub(super) fn after_send(state: &FakeState, target: Target, sent: SentMessage) {
    let state = state.clone();
    tokio::spawn(async move {
        for name in &target.spec.states {
            tokio::time::sleep(Duration::from_millis(target.spec.delay_ms)).await;
            let Some(body) = receipt_body(&target, name, &sent, now_ms()) else {
                continue;
            };
            post(&state, &target, name, &sent.message_id, body).await;
        }
    });
}

async fn post(state: &FakeState, target: &Target, name: &str, message_id: &str, body: Vec<u8>) {
    let signature = sign_meta(target.spec.secret.as_bytes(), &body);
    let result = state
        .inner
        .client
        .post(&target.spec.webhook_url)
        .header("content-type", "application/json")
        .header("user-agent", "facebookexternalua")
        .header("x-hub-signature-256", signature)
        .body(body.clone())
        .send()
        .await;
    let (status, error) = match result {
        Ok(r) => (Some(r.status().as_u16()), None),
        Err(e) => (None, Some(e.to_string())),
    };
    if let Some(e) = &error {
        tracing::debug!(url = %target.spec.webhook_url, error = %e, "fake receipt post failed");
    }
    lock(&state.inner.receipts.posts).push(ReceiptPost {
        time_ms: now_ms(),
        kind: target.spec.kind.clone(),
        account_id: target.spec.account_id.clone(),
        message_id: message_id.to_owned(),
        state: name.to_owned(),
        url: target.spec.webhook_url.clone(),
        status,
        error,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
}

/// The webhook body for one state (`None` when the platform sends no such thing, e.g. an
/// echo of an attachment).
fn receipt_body(target: &Target, state: &str, sent: &SentMessage, now: i64) -> Option<Vec<u8>> {
    let account = target.spec.account_id.as_str();
    let customer = sent.customer.as_str();
    let mid = sent.message_id.as_str();
    let party = |id: &str| obj([("id", s(id))]);
    match target.kind {
        ChannelKind::Messenger | ChannelKind::Instagram => {
            let event = match state {
                "delivered" => obj([
                    ("sender", party(customer)),
                    ("recipient", party(account)),
                    (
                        "delivery",
                        obj([("mids", J::Arr(vec![s(mid)])), ("watermark", J::Int(now))]),
                    ),
                ]),
                "read" if target.kind == ChannelKind::Instagram => obj([
                    ("sender", party(customer)),
                    ("recipient", party(account)),
                    ("timestamp", J::Int(now)),
                    ("read", obj([("mid", s(mid))])),
                ]),
                "read" => obj([
                    ("sender", party(customer)),
                    ("recipient", party(account)),
                    ("timestamp", J::Int(now)),
                    ("read", obj([("watermark", J::Int(now))])),
                ]),
                "echo" => {
                    let text = sent.text.as_deref()?;
                    let mut message = obj([
                        ("mid", s(mid)),
                        ("text", s(text)),
                        ("is_echo", J::Bool(true)),
                    ]);
                    if target.kind == ChannelKind::Messenger {
                        message = obj([
                            ("is_echo", J::Bool(true)),
                            ("app_id", J::Int(FAKE_APP_ID)),
                            ("mid", s(mid)),
                            ("text", s(text)),
                        ]);
                    }
                    obj([
                        ("sender", party(account)),
                        ("recipient", party(customer)),
                        ("timestamp", J::Int(now)),
                        ("message", message),
                    ])
                }
                _ => return None,
            };
            let object = if target.kind == ChannelKind::Instagram {
                "instagram"
            } else {
                "page"
            };
            let body = obj([
                ("object", s(object)),
                (
                    "entry",
                    J::Arr(vec![obj([
                        ("id", s(account)),
                        ("time", J::Int(now)),
                        ("messaging", J::Arr(vec![event])),
                    ])]),
                ),
            ]);
            Some(body.to_bytes(Escape::Meta))
        }
        ChannelKind::WhatsApp => {
            let mut status = obj([
                ("id", s(mid)),
                ("status", s(state)),
                ("timestamp", s((now / 1000).to_string())),
                ("recipient_id", s(customer)),
            ]);
            match state {
                "sent" | "delivered" => {
                    status.push(
                        "pricing",
                        obj([
                            ("billable", J::Bool(true)),
                            ("pricing_model", s("PMP")),
                            ("category", s("service")),
                        ]),
                    );
                }
                "failed" => status.push(
                    "errors",
                    J::Arr(vec![obj([
                        ("code", J::Int(131_047)),
                        ("title", s("Re-engagement message")),
                        ("message", s("Re-engagement message")),
                        (
                            "error_data",
                            obj([("details", s("Message failed to send because more than 24 hours have passed since the customer last replied to this number."))]),
                        ),
                    ])]),
                ),
                _ => {}
            }
            let value = obj([
                ("messaging_product", s("whatsapp")),
                (
                    "metadata",
                    obj([
                        (
                            "display_phone_number",
                            s(target
                                .spec
                                .display_phone_number
                                .as_deref()
                                .unwrap_or("15550000000")),
                        ),
                        ("phone_number_id", s(account)),
                    ]),
                ),
                ("statuses", J::Arr(vec![status])),
            ]);
            let waba = target
                .spec
                .waba_id
                .clone()
                .unwrap_or_else(|| super::webhook::waba_id_for(account));
            let body = obj([
                ("object", s("whatsapp_business_account")),
                (
                    "entry",
                    J::Arr(vec![obj([
                        ("id", s(waba)),
                        (
                            "changes",
                            J::Arr(vec![obj([("value", value), ("field", s("messages"))])]),
                        ),
                    ])]),
                ),
            ]);
            Some(body.to_bytes(Escape::Meta))
        }
        _ => None,
    }
}

/// The `app_id` of the fake's echoes.
pub const FAKE_APP_ID: i64 = 1_517_776_481_860_111;

/// `POST /_fake/receipts`.
pub(super) async fn register(State(state): State<FakeState>, body: axum::body::Bytes) -> Response {
    let spec: ReceiptTarget = match serde_json::from_slice(&body) {
        Ok(t) => t,
        Err(e) => return bad_control(format!("receipts: {e}")),
    };
    match state.inner.receipts.register(spec) {
        Ok(spec) => json(StatusCode::OK, &serde_json::json!({ "registered": spec })),
        Err(e) => bad_control(e),
    }
}

/// `GET /_fake/receipts`.
pub(super) async fn list(State(state): State<FakeState>) -> Response {
    let targets: Vec<ReceiptTarget> = lock(&state.inner.receipts.targets)
        .iter()
        .map(|t| t.spec.clone())
        .collect();
    let posts = state.receipt_posts();
    json(
        StatusCode::OK,
        &serde_json::json!({ "targets": targets, "posts": posts }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Delivery;
    use crate::server::channel::{
        parse_instagram, parse_messenger, parse_whatsapp, EventKind, ReceiptTarget as Rt,
    };

    fn target(kind: &str, account: &str, states: &[&str]) -> Target {
        let r = Receipts::default();
        let spec = r
            .register(ReceiptTarget {
                kind: kind.into(),
                account_id: account.into(),
                webhook_url: "http://127.0.0.1:1/w".into(),
                secret: "s".into(),
                delay_ms: 0,
                states: states.iter().map(|s| (*s).to_owned()).collect(),
                access_token: None,
                waba_id: None,
                display_phone_number: None,
            })
            .unwrap();
        Target {
            kind: ChannelKind::parse(&spec.kind).unwrap(),
            spec,
        }
    }

    fn sent(customer: &str, mid: &str) -> SentMessage {
        SentMessage {
            customer: customer.into(),
            message_id: mid.into(),
            text: Some("好的 / ok".into()),
        }
    }

    #[test]
    fn messenger_receipts_parse_as_delivery_read_and_echo() {
        let t = target(
            "messenger",
            "104727532034518",
            &["delivered", "read", "echo"],
        );
        let m = sent("7012345678901234", "m_out1");
        let delivered = receipt_body(&t, "delivered", &m, 1_718_000_005_000).unwrap();
        let e = &parse_messenger(&delivered, "104727532034518")
            .unwrap()
            .events[0];
        assert_eq!(e.sender, "7012345678901234");
        assert_eq!(
            e.kind,
            EventKind::Receipt {
                state: Delivery::Delivered,
                target: Rt::Ids(vec!["m_out1".into()]),
                error: None
            }
        );
        let read = receipt_body(&t, "read", &m, 1_718_000_006_000).unwrap();
        let e = &parse_messenger(&read, "104727532034518").unwrap().events[0];
        assert_eq!(
            e.kind,
            EventKind::Receipt {
                state: Delivery::Read,
                target: Rt::Watermark(1_718_000_006_000),
                error: None
            }
        );
        let echo = receipt_body(&t, "echo", &m, 1).unwrap();
        assert!(echo.is_ascii());
        let e = &parse_messenger(&echo, "104727532034518").unwrap().events[0];
        match &e.kind {
            EventKind::Echo {
                external_id,
                text,
                app_id,
                ..
            } => {
                assert_eq!(
                    (external_id.as_str(), text.as_str()),
                    ("m_out1", "好的 / ok")
                );
                assert_eq!(app_id.as_deref(), Some("1517776481860111"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn instagram_read_names_the_mid_and_whatsapp_statuses_parse() {
        let t = target("instagram", "17841400000000001", &[]);
        assert_eq!(t.spec.states, ["read"]);
        let body = receipt_body(&t, "read", &sent("6123456789012345", "aWdf1"), 5).unwrap();
        let e = &parse_instagram(&body, "17841400000000001").unwrap().events[0];
        assert_eq!(
            e.kind,
            EventKind::Receipt {
                state: Delivery::Read,
                target: Rt::Ids(vec!["aWdf1".into()]),
                error: None
            }
        );
        let t = target(
            "whatsapp",
            "106540352242922",
            &["sent", "delivered", "read", "failed"],
        );
        let m = sent("16505551234", "wamid.X");
        for (name, state) in [
            ("sent", Delivery::Sent),
            ("delivered", Delivery::Delivered),
            ("read", Delivery::Read),
            ("failed", Delivery::Failed),
        ] {
            let body = receipt_body(&t, name, &m, 1_749_416_400_000).unwrap();
            let parsed = parse_whatsapp(&body, "106540352242922").unwrap();
            let e = &parsed.events[0];
            assert_eq!(e.sender, "16505551234");
            assert_eq!(e.at, 1_749_416_400_000);
            match &e.kind {
                EventKind::Receipt {
                    state: got,
                    target,
                    error,
                } => {
                    assert_eq!((got, target), (&state, &Rt::Ids(vec!["wamid.X".into()])));
                    assert_eq!(error.is_some(), state == Delivery::Failed);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn registration_checks_kind_states_and_url() {
        let r = Receipts::default();
        let base = ReceiptTarget {
            kind: "messenger".into(),
            account_id: "1".into(),
            webhook_url: "http://x/w".into(),
            secret: "s".into(),
            delay_ms: 0,
            states: vec![],
            access_token: Some("tok".into()),
            waba_id: None,
            display_phone_number: None,
        };
        assert_eq!(
            r.register(base.clone()).unwrap().states,
            ["delivered", "read"]
        );
        for bad in [
            ReceiptTarget {
                kind: "line".into(),
                ..base.clone()
            },
            ReceiptTarget {
                webhook_url: "ftp://x".into(),
                ..base.clone()
            },
            ReceiptTarget {
                secret: String::new(),
                ..base.clone()
            },
            ReceiptTarget {
                kind: "instagram".into(),
                states: vec!["delivered".into()],
                ..base.clone()
            },
            ReceiptTarget {
                states: vec!["seen".into()],
                ..base.clone()
            },
        ] {
            assert!(r.register(bad).is_err());
        }
        // `/me/` sends: the token's target first, else one without a token.
        let m = [ChannelKind::Messenger, ChannelKind::Instagram];
        assert_eq!(r.resolve(&m, None, "tok").unwrap().spec.account_id, "1");
        assert!(r.resolve(&m, None, "other").is_none());
        r.register(ReceiptTarget {
            account_id: "2".into(),
            access_token: None,
            ..base.clone()
        })
        .unwrap();
        assert_eq!(r.resolve(&m, None, "other").unwrap().spec.account_id, "2");
        assert_eq!(r.resolve(&m, Some("1"), "x").unwrap().spec.account_id, "1");
        assert!(r
            .resolve(&[ChannelKind::WhatsApp], Some("1"), "tok")
            .is_none());
    }
}
