//! Platform channels: connecting one, and turning a stored webhook body into customers,
//! conversations and messages (CHANNELS.md §0.1). Webhooks store bodies and workers process
//! them here, so a body is processed the same way whoever received it.

use super::ingest::{ingest, Inbound as Incoming};
use super::ServiceError;
use crate::domain::{ChannelKind, Handler, Millis, WorkspaceId};
use crate::server::channel::{self, EventKind, Inbound, ParseError};
use crate::server::db::{
    BodyOutcome, ChannelRecord, Credentials, DbError, InboundBody, NewChannel, Store,
};

/// Bounds of what an operator types when connecting a channel.
pub const MAX_NAME: usize = 80;
pub const MAX_ACCOUNT_ID: usize = 128;
pub const MAX_SECRET: usize = 2048;

/// Why a channel could not be connected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectRefused {
    #[error("the widget is connected from its own settings")]
    WebChatNotHere,
    #[error("a name of 1 to {MAX_NAME} characters is needed")]
    Name,
    #[error("the platform account id is missing or too long")]
    AccountId,
    #[error("the {0} is missing or too long")]
    Secret(&'static str),
    #[error("this platform account is already connected")]
    AlreadyConnected,
}

/// A channel to connect, as typed.
#[derive(Clone, Debug)]
pub struct ConnectInput {
    pub workspace: WorkspaceId,
    pub kind: ChannelKind,
    pub name: String,
    pub account_id: String,
    pub credentials: Credentials,
}

/// An unguessable webhook key: 24 random bytes, URL-safe Base64.
pub fn new_webhook_key() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The path of a channel's webhook, under the public URL.
pub fn webhook_path(kind: ChannelKind, key: &str) -> String {
    format!("/webhooks/{}/{key}", kind.as_str())
}

/// Checks what was typed (sizes first, before any work) and connects the channel.
pub async fn connect(
    store: &Store,
    input: ConnectInput,
    now: Millis,
) -> Result<Result<ChannelRecord, ConnectRefused>, ServiceError> {
    let refused = |r| Ok(Err(r));
    let name = input.name.trim();
    let account = input.account_id.trim();
    let c = &input.credentials;
    if input.kind == ChannelKind::WebChat {
        return refused(ConnectRefused::WebChatNotHere);
    }
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return refused(ConnectRefused::Name);
    }
    if account.is_empty() || account.len() > MAX_ACCOUNT_ID {
        return refused(ConnectRefused::AccountId);
    }
    let signing = if input.kind == ChannelKind::Line {
        "channel secret"
    } else {
        "app secret"
    };
    if c.secret.is_empty() || c.secret.len() > MAX_SECRET {
        return refused(ConnectRefused::Secret(signing));
    }
    for (what, value) in [
        ("access token", &c.access_token),
        ("verify token", &c.verify_token),
        ("second id", &c.extra_id),
    ] {
        if value.len() > MAX_SECRET {
            return refused(ConnectRefused::Secret(what));
        }
    }
    let new = NewChannel {
        workspace_id: input.workspace,
        kind: input.kind,
        name: name.to_owned(),
        account_id: account.to_owned(),
        webhook_key: new_webhook_key(),
        credentials: input.credentials.clone(),
        now,
    };
    let id = match store.create_channel(&new).await {
        Ok(id) => id,
        Err(DbError::Duplicate) => return refused(ConnectRefused::AlreadyConnected),
        Err(e) => return Err(e.into()),
    };
    let record = store
        .channel(input.workspace, id)
        .await?
        .ok_or(ServiceError::NotFound(super::Missing::Conversation))?;
    Ok(Ok(record))
}

/// Parses a body with its channel's parser.
pub fn parse(kind: ChannelKind, account_id: &str, body: &[u8]) -> Result<Inbound, ParseError> {
    match kind {
        ChannelKind::Messenger => channel::parse_messenger(body, account_id),
        ChannelKind::Instagram => channel::parse_instagram(body, account_id),
        ChannelKind::WhatsApp => channel::parse_whatsapp(body, account_id),
        ChannelKind::Line => channel::parse_line(body, account_id),
        ChannelKind::WebChat => Err(ParseError::Shape("platform")),
    }
}

/// How many events of a body were stored, and how many skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Processed {
    pub messages: usize,
    pub duplicates: usize,
    pub dropped: usize,
    pub skipped: usize,
}

/// Processes one claimed body: every customer message is ingested (redeliveries and
/// duplicates are stored once, by the platform's message id; blacklisted senders are
/// dropped). Other kinds of events are kept in the body for now and counted as skipped.
pub async fn process_body(
    store: &Store,
    body: &InboundBody,
    now: Millis,
) -> Result<(BodyOutcome, Processed), ServiceError> {
    let mut done = Processed::default();
    let Some(channel) = store.channel(body.workspace_id, body.channel_id).await? else {
        let error = "the channel no longer exists".to_owned();
        return Ok((BodyOutcome::Failed { error }, done));
    };
    let parsed = match parse(channel.kind, &channel.account_id, &body.body) {
        Ok(p) => p,
        Err(e) => {
            let error = format!("unreadable body: {e:?}");
            return Ok((BodyOutcome::Failed { error }, done));
        }
    };
    if !parsed.ignored.is_empty() {
        tracing::debug!(channel = %channel.id, ignored = ?parsed.ignored, "webhook events ignored");
    }
    for event in &parsed.events {
        let EventKind::Message {
            external_id,
            text,
            profile_name,
            ..
        } = &event.kind
        else {
            done.skipped += 1;
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            // Media without text is stored with its attachments once they are kept (the
            // body stays in `inbound_bodies` meanwhile).
            done.skipped += 1;
            continue;
        }
        let name = profile_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| fallback_name(channel.kind, &event.sender));
        let at = if event.at > 0 { event.at.min(now) } else { now };
        let incoming = Incoming {
            workspace: channel.workspace_id,
            channel: channel.id,
            sender: &event.sender,
            sender_name: &name,
            body: text,
            external_id: Some(external_id),
            route: Handler::Human,
            now: at,
        };
        match ingest(store, &incoming).await {
            Ok(crate::server::db::Received::Dropped) => done.dropped += 1,
            Ok(crate::server::db::Received::Duplicate) => done.duplicates += 1,
            Ok(_) => done.messages += 1,
            Err(ServiceError::Db(e)) => {
                return Ok((
                    BodyOutcome::Retry {
                        error: e.to_string(),
                    },
                    done,
                ));
            }
            Err(e) => {
                return Ok((
                    BodyOutcome::Failed {
                        error: e.to_string(),
                    },
                    done,
                ));
            }
        }
    }
    Ok((BodyOutcome::Done, done))
}

/// A customer's name until the platform's profile gives one: the platform and the end of
/// their id ("LINE 4abcdef"), never empty.
fn fallback_name(kind: ChannelKind, sender: &str) -> String {
    let tail: String = sender
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let platform = match kind {
        ChannelKind::Messenger => "Messenger",
        ChannelKind::Instagram => "Instagram",
        ChannelKind::WhatsApp => "WhatsApp",
        ChannelKind::Line => "LINE",
        ChannelKind::WebChat => "Web",
    };
    format!("{platform} {tail}")
}
