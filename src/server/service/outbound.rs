//! Sending replies to the platforms (CHANNELS.md §0.4): a worker claims queued replies, sends
//! each through its platform's API and records what became of it. Transport errors, 5xx and
//! 429 are retried with backoff (and the platform's `Retry-After`); a send whose answer was
//! lost is not sent again blindly: a LINE push carries its retry key (a repeat is refused
//! with 409), and a Meta send waits for its echo or status, then gives up.

use crate::domain::{ChannelKind, Millis};
use crate::server::channel::outbound::{self, MessagingType, OutboundContent, OutboundRequest};
use crate::server::channel::response::{read_send_response, SendOutcome};
use crate::server::db::{DbResult, OutboundJob, SendResult, Store};
use crate::server::platform::Platforms;

/// How long a claimed send is its worker's before another may take it (longer than the
/// platform client's 20 s timeout).
pub const LEASE: Millis = 60_000;
/// Sends claimed at a time.
pub const BATCH: i64 = 10;
/// Tries before a send that keeps meeting rate limits or errors is marked failed.
pub const MAX_ATTEMPTS: i64 = 6;
/// How long a send whose answer was lost waits for the platform's echo or status.
pub const RECONCILE: Millis = 10 * 60_000;
/// A LINE reply token younger than this is used (they last about a minute).
pub const REPLY_TOKEN_FRESH: Millis = 50_000;
/// What opens a WhatsApp list of a bot's buttons (at most 20 characters).
const MENU: &str = "選單 Menu";
/// The longest wait between tries, whatever the platform asks.
const MAX_BACKOFF: Millis = 15 * 60_000;

/// Why we failed a send ourselves (the platform's own reasons are kept as it words them); the
/// pane words these in the member's language.
pub mod reason {
    pub const UNCONFIRMED: &str = "inbox:unconfirmed";
    pub const NO_RECIPIENT: &str = "inbox:no-recipient";
    pub const CHANNEL_GONE: &str = "inbox:channel-gone";
    pub const CHANNEL_OFF: &str = "inbox:channel-disabled";
    pub const NO_TOKEN: &str = "inbox:no-token";
}

/// A fresh UUID (version 4): a message's retry key, a worker's claim.
pub fn new_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The wait before try number `attempts + 1`: 2 s, 8 s, 32 s, … up to 15 minutes, or longer
/// when the platform asks for it.
pub fn backoff(attempts: i64, asked: Option<u64>) -> Millis {
    let ours = 2_000i64.saturating_mul(4i64.saturating_pow(attempts.clamp(1, 8) as u32 - 1));
    let asked = asked.map_or(0, |ms| ms.min(MAX_BACKOFF as u64) as Millis);
    ours.min(MAX_BACKOFF).max(asked)
}

/// Claims due sends under `claim` and sends them; returns how many were handled.
pub async fn send_due(
    store: &Store,
    platforms: &Platforms,
    claim: &str,
    clock: impl Fn() -> Millis,
) -> DbResult<usize> {
    let jobs = store.claim_outbound(claim, BATCH, clock(), LEASE).await?;
    for job in &jobs {
        let result = send_one(store, platforms, job, clock()).await?;
        match &result {
            SendResult::Sent { .. } => tracing::debug!(message = %job.message_id, "reply sent"),
            other => {
                tracing::info!(message = %job.message_id, attempts = job.attempts, result = ?other, "reply not sent")
            }
        }
        store.finish_outbound(job, claim, &result, clock()).await?;
    }
    Ok(jobs.len())
}

/// Sends one claimed reply and says what became of it.
pub async fn send_one(
    store: &Store,
    platforms: &Platforms,
    job: &OutboundJob,
    now: Millis,
) -> DbResult<SendResult> {
    let failed = |error: &str| {
        Ok(SendResult::Failed {
            error: error.to_owned(),
        })
    };
    if !job.pending {
        // Sent before, the answer lost, and no echo or status came since.
        return failed(reason::UNCONFIRMED);
    }
    let Some(channel) = store.channel(job.workspace_id, job.channel_id).await? else {
        return failed(reason::CHANNEL_GONE);
    };
    if !channel.enabled {
        return failed(reason::CHANNEL_OFF);
    }
    let Some(recipient) = job.recipient.as_deref() else {
        return failed(reason::NO_RECIPIENT);
    };
    let token = channel.credentials.access_token.as_str();
    if token.is_empty() {
        return failed(reason::NO_TOKEN);
    }
    let content = content(platforms, channel.kind, job);
    let version = platforms.urls().meta_graph_version.as_str();
    let mut used_reply_token = false;
    let built = match channel.kind {
        ChannelKind::Messenger => {
            outbound::messenger_send(version, token, recipient, &content, MessagingType::Response)
                .map(|mut req| {
                    outbound::tag_own_send(&mut req, job.message_id.get());
                    req
                })
        }
        ChannelKind::Instagram => {
            outbound::instagram_send(version, token, recipient, &content, MessagingType::Response)
        }
        ChannelKind::WhatsApp => outbound::whatsapp_send(
            version,
            &channel.account_id,
            token,
            recipient,
            &content,
            None,
        ),
        ChannelKind::Line => {
            let fresh = job
                .reply_token
                .as_ref()
                .filter(|(_, at)| now - at < REPLY_TOKEN_FRESH && job.attempts == 1);
            match fresh {
                Some((reply_token, _))
                    if store
                        .take_reply_token(job.workspace_id, job.conversation_id, reply_token)
                        .await? =>
                {
                    used_reply_token = true;
                    outbound::line_reply(token, reply_token, &content)
                }
                _ => outbound::line_push(token, recipient, &content, &job.retry_key),
            }
        }
        ChannelKind::WebChat => return Ok(SendResult::Sent { external_id: None }),
    };
    let req: OutboundRequest = match built {
        Ok(req) => req,
        Err(e) => return failed(&e.to_string()),
    };
    let base = platforms.base(channel.kind, false);
    let answer = match platforms.call(base, &req).await {
        Ok(answer) => answer,
        // Never reached the platform: safe to try again.
        Err(e) if e.is_connect() || e.is_builder() => return Ok(retry(job, now, None, &e)),
        // May have reached it. A LINE push repeats safely (its retry key); anything else
        // waits for the platform's echo or status.
        Err(e) if channel.kind == ChannelKind::Line && !used_reply_token => {
            return Ok(retry(job, now, None, &e))
        }
        Err(e) => {
            return Ok(SendResult::Unknown {
                until: now + RECONCILE,
                error: e.to_string(),
            })
        }
    };
    let outcome = read_send_response(
        channel.kind,
        answer.status,
        answer.retry_after.as_deref(),
        answer.accepted_request_id.as_deref(),
        &answer.body,
    );
    Ok(match outcome {
        SendOutcome::Sent { external_id } => SendResult::Sent { external_id },
        SendOutcome::AlreadyAccepted { .. } => SendResult::Sent { external_id: None },
        SendOutcome::Retry { after_ms, reason } => retry(job, now, after_ms, &reason),
        // The token was used or too old: push instead, at once.
        SendOutcome::Failed { .. } if used_reply_token => SendResult::Retry {
            at: now,
            error: "LINE refused the reply token; sending as a push".to_owned(),
        },
        SendOutcome::Failed {
            reason,
            reauthorize,
            ..
        } => {
            if reauthorize {
                store.set_channel_error(channel.id, &reason, now).await?;
            }
            SendResult::Failed { error: reason }
        }
    })
}

/// What the reply says on the platform: its text, or the file it carries at its public
/// address (LINE has no file message: a file goes as its name and a link).
fn content(platforms: &Platforms, kind: ChannelKind, job: &OutboundJob) -> OutboundContent {
    use crate::server::channel::AttachmentKind;
    if let Some(url) = &job.image_url {
        return OutboundContent::Media {
            kind: AttachmentKind::Image,
            url: url.clone(),
            file_name: None,
            caption: None,
            preview_url: None,
        };
    }
    if !job.buttons.is_empty() {
        return OutboundContent::Choices {
            text: job.body.clone(),
            choices: job
                .buttons
                .iter()
                .map(|(label, payload)| outbound::Choice {
                    label: label.clone(),
                    payload: payload.clone(),
                })
                .collect(),
            menu: MENU.to_owned(),
        };
    }
    let Some(file) = &job.file else {
        return OutboundContent::Text(job.body.clone());
    };
    let url = platforms.media_url(&file.token);
    let image = file.kind == crate::domain::MediaKind::Image;
    if kind == ChannelKind::Line && !image {
        return OutboundContent::Text(match &file.file_name {
            Some(name) => format!("{name}\n{url}"),
            None => url,
        });
    }
    OutboundContent::Media {
        kind: if image {
            AttachmentKind::Image
        } else {
            AttachmentKind::File
        },
        url,
        file_name: file.file_name.clone(),
        caption: None,
        preview_url: None,
    }
}

fn retry(
    job: &OutboundJob,
    now: Millis,
    asked: Option<u64>,
    why: &dyn std::fmt::Display,
) -> SendResult {
    let error = why.to_string();
    if job.attempts >= MAX_ATTEMPTS {
        SendResult::Failed { error }
    } else {
        SendResult::Retry {
            at: now + backoff(job.attempts, asked),
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_keys_are_version_4_uuids_and_differ() {
        let (a, b) = (new_key(), new_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        assert_eq!(backoff(1, None), 2_000);
        assert_eq!(backoff(2, None), 8_000);
        assert_eq!(backoff(3, None), 32_000);
        assert_eq!(backoff(40, None), MAX_BACKOFF);
        assert_eq!(backoff(1, Some(30_000)), 30_000);
        assert_eq!(backoff(1, Some(u64::MAX)), MAX_BACKOFF);
    }
}
