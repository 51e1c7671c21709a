//! Platform channels: connecting one, and turning a stored webhook body into customers,
//! conversations and messages (CHANNELS.md §0.1). Webhooks store bodies and workers process
//! them here, so a body is processed the same way whoever received it.

use super::ingest::{self, Inbound as Incoming};
use super::ServiceError;
use crate::domain::channel::{form_fields, secret_hint, ChannelField, ConnectProblem};
use crate::domain::permission::{role_may, Action};
use crate::domain::{ChannelId, ChannelKind, MediaKind, Millis, WorkspaceId};
use crate::server::channel::{self, EventKind, Inbound, ParseError};
use crate::server::db::{
    BodyOutcome, ChannelRecord, Credentials, DbError, InboundBody, InboundMessage, MediaSource,
    NewAttachment, NewChannel, SessionMember, Store,
};
use crate::server::platform::Platforms;
use crate::wire::{ChannelForm, ChannelView, SecretHint};
use std::collections::HashMap;

/// Bounds of what an operator types when connecting a channel.
pub const MAX_NAME: usize = 80;
/// How long one body may spend asking platforms for new senders' names (each ask gives up
/// after 3 s): well inside the worker's 60 s lease, so a body of 50 new senders is not taken
/// over by another worker halfway. Senders past it get a stand-in name.
pub const PROFILE_BUDGET: std::time::Duration = std::time::Duration::from_secs(15);
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
    by: &crate::server::db::AuditBy,
) -> Result<Result<ChannelRecord, ConnectRefused>, ServiceError> {
    let now = by.at;
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
    let id = match store.create_channel(&new, by).await {
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

/// Only roles that manage channels reach the channel settings.
pub(super) fn may_manage(who: &SessionMember) -> Result<(), ServiceError> {
    if role_may(who.role, Action::ManageChannels) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

/// A channel as the settings page shows it: its webhook URL under `public_url`, and of each
/// secret only whether it is set and its last four characters.
pub fn view_of(c: &ChannelRecord, public_url: &str) -> ChannelView {
    let secrets = form_fields(c.kind)
        .iter()
        .filter(|(field, _)| field.is_secret())
        .map(|(field, _)| {
            let value = match field {
                ChannelField::Secret => &c.credentials.secret,
                ChannelField::AccessToken => &c.credentials.access_token,
                _ => &c.credentials.verify_token,
            };
            let (set, last4) = secret_hint(value);
            SecretHint {
                which: *field,
                set,
                last4,
            }
        })
        .collect();
    let webhook_url = match (c.kind, &c.webhook_key) {
        (ChannelKind::WebChat, _) | (_, None) => None,
        (kind, Some(key)) => Some(format!("{public_url}{}", webhook_path(kind, key))),
    };
    ChannelView {
        id: c.id,
        kind: c.kind,
        name: c.name.clone(),
        account_id: c.account_id.clone(),
        extra_id: Some(c.credentials.extra_id.clone()).filter(|e| !e.is_empty()),
        enabled: c.enabled,
        webhook_url,
        secrets,
        last_event_at: c.last_event_at,
        last_error: c.last_error.clone(),
        last_error_at: c.last_error_at,
        auto_close: c.auto_close.clone(),
    }
}

/// The workspace's channels, oldest first (admins and supervisors).
pub async fn list_for(
    store: &Store,
    who: &SessionMember,
    public_url: &str,
) -> Result<Vec<ChannelView>, ServiceError> {
    may_manage(who)?;
    let records = store.channel_records(Some(who.workspace_id)).await?;
    Ok(records.iter().map(|c| view_of(c, public_url)).collect())
}

/// The refusal about `field` of a `kind` channel, as `connect` words it.
fn refusal(kind: ChannelKind, field: ChannelField) -> ConnectRefused {
    match field {
        ChannelField::Name => ConnectRefused::Name,
        ChannelField::AccountId => ConnectRefused::AccountId,
        ChannelField::Secret if kind == ChannelKind::Line => {
            ConnectRefused::Secret("channel secret")
        }
        ChannelField::Secret => ConnectRefused::Secret("app secret"),
        ChannelField::AccessToken => ConnectRefused::Secret("access token"),
        ChannelField::VerifyToken => ConnectRefused::Secret("verify token"),
        ChannelField::ExtraId => ConnectRefused::Secret("second id"),
    }
}

/// What a refusal is about, for its words (`i18n`) and the form field it names.
pub fn problem(r: &ConnectRefused) -> ConnectProblem {
    let field = |field, max| ConnectProblem::Field { field, max };
    match r {
        ConnectRefused::WebChatNotHere => ConnectProblem::WebChatNotHere,
        ConnectRefused::AlreadyConnected => ConnectProblem::AlreadyConnected,
        ConnectRefused::Name => field(ChannelField::Name, MAX_NAME),
        ConnectRefused::AccountId => field(ChannelField::AccountId, MAX_ACCOUNT_ID),
        ConnectRefused::Secret("access token") => field(ChannelField::AccessToken, MAX_SECRET),
        ConnectRefused::Secret("verify token") => field(ChannelField::VerifyToken, MAX_SECRET),
        ConnectRefused::Secret("second id") => field(ChannelField::ExtraId, MAX_SECRET),
        ConnectRefused::Secret(_) => field(ChannelField::Secret, MAX_SECRET),
    }
}

/// Whether `value` of `field` is longer than the form allows (counting stops early: a huge
/// text costs nothing).
fn too_long(field: ChannelField, value: &str) -> bool {
    match field {
        ChannelField::Name => value.len() > MAX_NAME * 4 || value.chars().nth(MAX_NAME).is_some(),
        ChannelField::AccountId => value.len() > MAX_ACCOUNT_ID,
        _ => value.len() > MAX_SECRET,
    }
}

/// Connects a channel from the settings page (admins and supervisors): the form's sizes first,
/// then the role, the fields the kind needs (trimmed), then `connect`. A refusal saves nothing.
/// Answers the channel with its webhook URL.
pub async fn connect_for(
    store: &Store,
    who: &SessionMember,
    form: &ChannelForm,
    public_url: &str,
    now: Millis,
) -> Result<ChannelView, ServiceError> {
    let kind = form.kind;
    let refused = |r| ServiceError::Channel(kind, r);
    const ALL: [ChannelField; 6] = [
        ChannelField::Name,
        ChannelField::AccountId,
        ChannelField::ExtraId,
        ChannelField::Secret,
        ChannelField::AccessToken,
        ChannelField::VerifyToken,
    ];
    if let Some(field) = ALL.into_iter().find(|f| too_long(*f, form.value(*f))) {
        return Err(refused(refusal(kind, field)));
    }
    may_manage(who)?;
    let fields = form_fields(kind);
    if fields.is_empty() {
        return Err(refused(ConnectRefused::WebChatNotHere));
    }
    // Only what the kind asks for is kept, trimmed (a pasted token often ends in a newline).
    let value = |field| {
        if fields.iter().any(|(f, _)| *f == field) {
            form.value(field).trim().to_owned()
        } else {
            String::new()
        }
    };
    if let Some((field, _)) = fields
        .iter()
        .find(|(f, required)| *required && value(*f).is_empty())
    {
        return Err(refused(refusal(kind, *field)));
    }
    let input = ConnectInput {
        workspace: who.workspace_id,
        kind,
        name: value(ChannelField::Name),
        account_id: value(ChannelField::AccountId),
        credentials: Credentials {
            secret: value(ChannelField::Secret),
            access_token: value(ChannelField::AccessToken),
            verify_token: value(ChannelField::VerifyToken),
            extra_id: value(ChannelField::ExtraId),
        },
    };
    match connect(store, input, &super::members::audit_by(who, now)).await? {
        Ok(record) => Ok(view_of(&record, public_url)),
        Err(r) => Err(refused(r)),
    }
}

/// Enables or disables a channel of the workspace (admins and supervisors). A disabled
/// channel's webhooks are still answered and kept, but not processed.
pub async fn set_enabled_for(
    store: &Store,
    who: &SessionMember,
    id: ChannelId,
    enabled: bool,
    now: Millis,
) -> Result<(), ServiceError> {
    may_manage(who)?;
    if store
        .set_channel_enabled(
            who.workspace_id,
            id,
            enabled,
            &super::members::audit_by(who, now),
        )
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(super::Missing::Channel))
    }
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
    /// Our messages whose delivery state moved.
    pub receipts: usize,
    pub duplicates: usize,
    pub dropped: usize,
    /// Echoes, follows and unfollows that changed something.
    pub other: usize,
    pub skipped: usize,
}

/// Processes one claimed body: every customer message is ingested (redeliveries and
/// duplicates are stored once, by the platform's message id; blacklisted senders are
/// dropped), and delivery and read receipts move our messages' state forward. Other kinds of
/// events are kept in the body for now and counted as skipped.
/// A customer seen for the first time is named as the platform names them: WhatsApp in the
/// body, Messenger, Instagram and LINE through their profile API (`platforms`; none in some
/// tests), else a stand-in.
pub async fn process_body(
    store: &Store,
    platforms: Option<&Platforms>,
    body: &InboundBody,
    now: Millis,
) -> Result<(BodyOutcome, Processed), ServiceError> {
    let mut done = Processed::default();
    let started = std::time::Instant::now();
    let platforms = || platforms.filter(|_| started.elapsed() < PROFILE_BUDGET);
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
    // Consecutive messages are stored together (one transaction on SQLite), after their
    // senders' names are known: nothing holds the writer while a platform is asked.
    let mut batch: Vec<InboundMessage> = Vec::new();
    let mut names: HashMap<&str, String> = HashMap::new();
    for event in &parsed.events {
        if !matches!(event.kind, EventKind::Message { .. }) {
            if let Some(stop) = flush(store, &mut batch, &mut done).await {
                return Ok((stop, done));
            }
        }
        if let EventKind::Receipt {
            state,
            target,
            error,
        } = &event.kind
        {
            let (ids, watermark) = match target {
                channel::ReceiptTarget::Ids(ids) => (Some(ids.clone()), 0),
                channel::ReceiptTarget::Watermark(w) => (None, *w),
            };
            let receipt = crate::server::db::Receipt {
                state: *state,
                ids,
                watermark,
                error: error.clone(),
            };
            match store
                .apply_receipt(channel.workspace_id, channel.id, &event.sender, &receipt)
                .await
            {
                Ok(n) => done.receipts += n as usize,
                Err(e) => {
                    return Ok((
                        BodyOutcome::Retry {
                            error: e.to_string(),
                        },
                        done,
                    ))
                }
            }
            continue;
        }
        let at = if event.at > 0 { event.at.min(now) } else { now };
        let step = match &event.kind {
            EventKind::Echo {
                external_id,
                text,
                metadata,
                ..
            } => {
                echo(
                    store,
                    &channel,
                    &event.sender,
                    external_id,
                    text,
                    metadata,
                    at,
                    now,
                )
                .await
            }
            EventKind::Follow => {
                let name = sender_name(store, platforms(), &channel, &event.sender, None).await;
                store
                    .follow(channel.workspace_id, channel.id, &event.sender, &name?, at)
                    .await
                    .map(|_| true)
            }
            EventKind::Unfollow => {
                store
                    .set_unsubscribed(channel.id, &event.sender, Some(at))
                    .await
            }
            EventKind::Reaction { external_id, emoji } => {
                store
                    .react(channel.id, &event.sender, external_id, emoji.as_deref())
                    .await
            }
            EventKind::Withdrawn { external_id } => {
                store
                    .withdraw(channel.id, &event.sender, external_id, at)
                    .await
            }
            _ => Ok(false),
        };
        match step {
            Ok(true) => {
                done.other += 1;
                continue;
            }
            Ok(false) if !matches!(event.kind, EventKind::Message { .. }) => {
                done.skipped += 1;
                continue;
            }
            Ok(false) => {}
            Err(e) => {
                let error = e.to_string();
                return Ok((BodyOutcome::Retry { error }, done));
            }
        }
        let EventKind::Message {
            external_id,
            text,
            attachments,
            profile_name,
            reply_token,
            payload,
            ..
        } = &event.kind
        else {
            done.skipped += 1;
            continue;
        };
        let text = text.trim();
        let attachments: Vec<NewAttachment> = attachments.iter().map(new_attachment).collect();
        if text.is_empty() && attachments.is_empty() {
            done.skipped += 1;
            continue;
        }
        let name = match names.get(event.sender.as_str()) {
            Some(name) => name.clone(),
            None => {
                let name = sender_name(
                    store,
                    platforms(),
                    &channel,
                    &event.sender,
                    profile_name.as_deref(),
                )
                .await?;
                names.insert(&event.sender, name.clone());
                name
            }
        };
        let incoming = Incoming {
            workspace: channel.workspace_id,
            channel: channel.id,
            sender: &event.sender,
            sender_name: &name,
            body: text,
            external_id: Some(external_id),
            payload: payload.as_deref(),
            reply_token: reply_token.as_deref(),
            attachments: &attachments,
            now: at,
        };
        batch.push(ingest::message(&incoming));
    }
    if let Some(stop) = flush(store, &mut batch, &mut done).await {
        return Ok((stop, done));
    }
    Ok((BodyOutcome::Done, done))
}

/// Stores the messages gathered so far, counting what became of each; how the body ends when
/// it cannot go on (a storage failure: again later; a refused message: failed).
async fn flush(
    store: &Store,
    batch: &mut Vec<InboundMessage>,
    done: &mut Processed,
) -> Option<BodyOutcome> {
    use crate::server::db::Received;
    if batch.is_empty() {
        return None;
    }
    let messages = std::mem::take(batch);
    let results = match ingest::ingest_many(store, messages).await {
        Ok(results) => results,
        Err(ServiceError::Db(e)) => {
            return Some(BodyOutcome::Retry {
                error: e.to_string(),
            })
        }
        Err(e) => {
            return Some(BodyOutcome::Failed {
                error: e.to_string(),
            })
        }
    };
    for result in results {
        match result {
            Ok(Received::Dropped) => done.dropped += 1,
            Ok(Received::Duplicate) => done.duplicates += 1,
            Ok(_) => done.messages += 1,
            Err(e) => {
                return Some(BodyOutcome::Failed {
                    error: e.to_string(),
                })
            }
        }
    }
    None
}

/// An attachment as stored: the platform's kind and where its bytes are.
fn new_attachment(a: &channel::Attachment) -> NewAttachment {
    use channel::{AttachmentKind as K, MediaRef};
    let kind = match a.kind {
        K::Image => MediaKind::Image,
        K::Video => MediaKind::Video,
        K::Audio => MediaKind::Audio,
        K::File => MediaKind::File,
        K::Sticker => MediaKind::Sticker,
        K::Location => MediaKind::Location,
        K::Contacts => MediaKind::Contacts,
        K::Other => MediaKind::Other,
    };
    // Stickers, locations and contacts are shown from what the event says.
    let downloadable = matches!(
        kind,
        MediaKind::Image | MediaKind::Video | MediaKind::Audio | MediaKind::File
    );
    let source = match &a.media {
        MediaRef::Url(u) if downloadable => MediaSource::Url(u.clone()),
        MediaRef::PlatformId(id) if downloadable => MediaSource::Platform(id.clone()),
        _ => MediaSource::None,
    };
    let clip = |s: &Option<String>, n: usize| s.as_ref().map(|s| s.chars().take(n).collect());
    NewAttachment {
        kind,
        source,
        mime_type: clip(&a.mime_type, 100),
        file_name: clip(&a.file_name, 200),
        caption: clip(&a.caption, 1000),
        detail: clip(&a.detail, 1000),
    }
}

/// The name of a sender: as the body gives it (WhatsApp), else, for a sender seen for the
/// first time, as the platform's profile API does, else a stand-in.
async fn sender_name(
    store: &Store,
    platforms: Option<&Platforms>,
    channel: &ChannelRecord,
    sender: &str,
    given: Option<&str>,
) -> Result<String, DbError> {
    let mut name = given
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if let (None, Some(platforms)) = (&name, platforms) {
        if !store.knows_sender(channel.id, sender).await? {
            name = platforms
                .profile(channel, sender)
                .await
                .and_then(|p| p.name)
                .map(|n| n.trim().chars().take(MAX_NAME * 2).collect::<String>())
                .filter(|n| !n.is_empty());
        }
    }
    Ok(name.unwrap_or_else(|| fallback_name(channel.kind, sender)))
}

/// An echo of what the business sent to `recipient`: our own send (tagged, CHANNELS.md
/// §1.3) confirms it; another is recorded as sent from the platform's app, once. `true` when
/// something changed.
#[allow(clippy::too_many_arguments)]
async fn echo(
    store: &Store,
    channel: &ChannelRecord,
    recipient: &str,
    external_id: &str,
    text: &str,
    metadata: &Option<String>,
    at: Millis,
    now: Millis,
) -> Result<bool, DbError> {
    if let Some(own) = metadata.as_deref().and_then(channel::outbound::own_send) {
        return store
            .confirm_own_send(
                channel.workspace_id,
                channel.id,
                crate::domain::MessageId(own),
                external_id,
                now,
            )
            .await;
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(false);
    }
    store
        .record_platform_send(
            channel.workspace_id,
            channel.id,
            recipient,
            external_id,
            text,
            at,
        )
        .await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_refusal_is_about_that_field_with_its_bound() {
        for kind in ChannelKind::ALL {
            for (field, _) in form_fields(*kind) {
                let ConnectProblem::Field { field: about, max } = problem(&refusal(*kind, *field))
                else {
                    panic!("{kind} {field:?}");
                };
                assert_eq!(about, *field, "{kind}");
                assert!(max >= MAX_NAME, "{kind} {field:?}");
            }
        }
    }

    #[test]
    fn a_view_carries_no_secret() {
        let record = ChannelRecord {
            id: ChannelId(7),
            workspace_id: WorkspaceId(1),
            kind: ChannelKind::WhatsApp,
            name: "WhatsApp".into(),
            account_id: "106540352242922".into(),
            webhook_key: Some("k3y".into()),
            credentials: Credentials {
                secret: "app-secret-0123456789".into(),
                access_token: "EAAG-token-abcdefghij".into(),
                verify_token: "verify".into(),
                extra_id: "102290129340398".into(),
            },
            enabled: true,
            last_event_at: None,
            last_error: None,
            last_error_at: None,
            created_at: 0,
            auto_close: None,
        };
        let view = view_of(&record, "https://inbox.example.com");
        assert_eq!(
            view.webhook_url.as_deref(),
            Some("https://inbox.example.com/webhooks/whatsapp/k3y")
        );
        assert_eq!(view.extra_id.as_deref(), Some("102290129340398"));
        let shown: Vec<_> = view
            .secrets
            .iter()
            .map(|s| (s.which, s.set, s.last4.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (ChannelField::AccessToken, true, Some("ghij")),
                (ChannelField::Secret, true, Some("6789")),
                (ChannelField::VerifyToken, true, None),
            ]
        );
        let json = serde_json::to_string(&view).unwrap();
        for secret in ["app-secret", "EAAG", "verify\""] {
            assert!(!json.contains(secret), "{json}");
        }
    }
}
