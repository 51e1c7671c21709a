//! Reading a platform's answer to a send (CHANNELS.md §1.5, §3.4, §4.5): the message id, or
//! whether to retry later, or why it failed. Any body (garbage included) gives an answer.

use super::json;
use crate::domain::ChannelKind;
use serde_json::Value;

/// What became of a send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// Accepted. The platform's message id (Meta `message_id`, WhatsApp `messages[0].id`,
    /// LINE `sentMessages[0].id`), when the answer names it; delivery comes later by webhook.
    Sent { external_id: Option<String> },
    /// LINE 409: a push with this retry key was already accepted (sent once; the message id
    /// is not repeated). `request_id` is the `x-line-accepted-request-id` header.
    AlreadyAccepted { request_id: Option<String> },
    /// Try again later: rate limits, 5xx, timeouts, Meta's temporary codes.
    Retry {
        after_ms: Option<u64>,
        reason: String,
    },
    /// Refused for good. `code` is the platform's (`"10/2018278"` = code/subcode);
    /// `reauthorize` when the token is no longer valid (Meta 190, HTTP 401).
    Failed {
        code: Option<String>,
        reason: String,
        reauthorize: bool,
    },
}

/// Meta codes that mean "later": unknown/temporary (1, 2), rate limits (4, 613), WhatsApp
/// throughput (130429) and pair rate limit (131056).
const META_RETRY_CODES: &[i64] = &[1, 2, 4, 613, 130_429, 131_056];
const META_TOKEN_CODE: i64 = 190;
/// Longest reason kept (a garbage body must not fill a column).
const MAX_REASON: usize = 500;

/// Reads the answer to a send: HTTP `status`, the `Retry-After` header, LINE's
/// `x-line-accepted-request-id` header, and the body bytes.
pub fn read_send_response(
    kind: ChannelKind,
    status: u16,
    retry_after: Option<&str>,
    accepted_request_id: Option<&str>,
    body: &[u8],
) -> SendOutcome {
    let body: Option<Value> = serde_json::from_slice(body).ok();
    let body = body.as_ref().unwrap_or(&Value::Null);
    let after_ms = retry_after.and_then(retry_after_ms);
    match kind {
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::WhatsApp => {
            graph(kind, status, after_ms, body)
        }
        ChannelKind::Line => line(status, after_ms, accepted_request_id, body),
        ChannelKind::WebChat => SendOutcome::Failed {
            code: None,
            reason: "web chat has no platform send".to_owned(),
            reauthorize: false,
        },
    }
}

fn graph(kind: ChannelKind, status: u16, after_ms: Option<u64>, body: &Value) -> SendOutcome {
    if (200..300).contains(&status) {
        let external_id = match kind {
            ChannelKind::WhatsApp => json::items(body, &["messages"])
                .first()
                .and_then(|m| json::id_at(m, &["id"])),
            _ => json::id_at(body, &["message_id"]),
        };
        return SendOutcome::Sent { external_id };
    }
    let error = body
        .get("error")
        .filter(|e| e.is_object())
        .unwrap_or(&Value::Null);
    let code = json::int_at(error, &["code"]);
    let subcode = json::int_at(error, &["error_subcode"]);
    let message = json::string_at(error, &["message"]).unwrap_or_else(|| format!("HTTP {status}"));
    // `error_data` is an object with `details` (WhatsApp) or, in older answers, a string.
    let details = json::string_at(error, &["error_data", "details"])
        .or_else(|| json::string_at(error, &["error_data"]));
    let code_text = code.map(|c| subcode.map_or_else(|| c.to_string(), |s| format!("{c}/{s}")));
    let reason = graph_reason(
        code.map(|c| c.to_string()).as_deref(),
        Some(&message),
        details.as_deref(),
    );
    if code == Some(META_TOKEN_CODE) || status == 401 {
        return SendOutcome::Failed {
            code: code_text,
            reason,
            reauthorize: true,
        };
    }
    let temporary =
        code.is_some_and(|c| META_RETRY_CODES.contains(&c)) || json::flag(error, &["is_transient"]);
    if temporary || retry_status(status) {
        return SendOutcome::Retry { after_ms, reason };
    }
    SendOutcome::Failed {
        code: code_text,
        reason,
        reauthorize: false,
    }
}

fn line(
    status: u16,
    after_ms: Option<u64>,
    accepted_request_id: Option<&str>,
    body: &Value,
) -> SendOutcome {
    if (200..300).contains(&status) {
        let external_id = json::items(body, &["sentMessages"])
            .first()
            .and_then(|m| json::id_at(m, &["id"]));
        return SendOutcome::Sent { external_id };
    }
    if status == 409 {
        let request_id = accepted_request_id
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        return SendOutcome::AlreadyAccepted { request_id };
    }
    let message = json::string_at(body, &["message"]).unwrap_or_else(|| format!("HTTP {status}"));
    let details: Vec<String> = json::items(body, &["details"])
        .iter()
        .filter_map(|d| {
            let text = json::str_at(d, &["message"])?;
            Some(match json::str_at(d, &["property"]) {
                Some(property) => format!("{property}: {text}"),
                None => text.to_owned(),
            })
        })
        .collect();
    let reason = if details.is_empty() {
        message.clone()
    } else {
        format!("{message} ({})", details.join("; "))
    };
    let reason = clip(reason);
    if status == 401 {
        return SendOutcome::Failed {
            code: None,
            reason,
            reauthorize: true,
        };
    }
    // 429 is also "monthly limit reached", which waiting minutes does not cure.
    if status == 429 && message.to_ascii_lowercase().contains("monthly limit") {
        return SendOutcome::Failed {
            code: None,
            reason,
            reauthorize: false,
        };
    }
    if retry_status(status) {
        return SendOutcome::Retry { after_ms, reason };
    }
    SendOutcome::Failed {
        code: None,
        reason,
        reauthorize: false,
    }
}

fn retry_status(status: u16) -> bool {
    status == 408 || status == 429 || status >= 500
}

/// `Retry-After` in seconds (an HTTP date would need a clock: ignored).
fn retry_after_ms(value: &str) -> Option<u64> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|s| s.checked_mul(1000))
}

/// A Graph error as Chatwoot words it: "code - message (details)".
pub(super) fn graph_reason(
    code: Option<&str>,
    message: Option<&str>,
    details: Option<&str>,
) -> String {
    let mut reason = match (code, message) {
        (Some(code), Some(message)) => format!("{code} - {message}"),
        (Some(code), None) => code.to_owned(),
        (None, Some(message)) => message.to_owned(),
        (None, None) => "unknown error".to_owned(),
    };
    if let Some(details) = details.filter(|d| Some(*d) != message) {
        reason.push_str(" (");
        reason.push_str(details);
        reason.push(')');
    }
    clip(reason)
}

fn clip(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_REASON) {
        text.truncate(cut);
        text.push('…');
    }
    text
}
