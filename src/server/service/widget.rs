//! The website chat widget (issue 12): connecting one and changing its settings (members who
//! manage channels, the operator's command line), and what its visitors do (the widget API in
//! `server::widget` calls these): opening a session, proving who they are, writing, sending a
//! file, reading their conversation.

use super::ingest::{self, Inbound};
use super::ServiceError;
use crate::domain::widget::{
    key_well_formed, origin_allowed, parse_origins, user_id_ok, visitor_text, LookError,
    OriginError, WidgetLook,
};
use crate::domain::{ChannelId, ChannelKind, MediaKind, Millis, WorkspaceId};
use crate::server::db::{
    Credentials, DbError, MediaSource, NewAttachment, NewChannel, NewVisitor, Received,
    SessionMember, Store, Visitor, WidgetMessageRow, WidgetPage, WidgetRecord, WidgetSettings,
};
use sha2::{Digest, Sha256};

/// Messages a visitor's page loads at once.
pub const HISTORY_PAGE: i64 = 50;
/// The longest payload a visitor's tap may carry (ours, `domain::bot::buttons::tap_payload`,
/// are far shorter).
pub const MAX_PAYLOAD_CHARS: usize = 100;

/// Why a widget's settings were refused; nothing was saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsRefused {
    Name,
    Origins(OriginError),
    Look(LookError),
}

/// A widget's settings as a member or the operator typed them.
#[derive(Clone, Debug)]
pub struct WidgetInput {
    pub name: String,
    /// One origin per line (or separated by commas or spaces).
    pub origins: String,
    pub look: WidgetLook,
}

/// A widget just connected: its identity secret is shown this once.
#[derive(Clone, Debug)]
pub struct Connected {
    pub widget: WidgetRecord,
    pub identity_secret: String,
}

fn random_text(bytes: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A widget's public key: `wk_` and 32 hex digits.
fn new_key() -> String {
    format!("wk_{}", random_text(16))
}

/// The SHA-256 of a visitor token, as kept.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn checked(input: &WidgetInput) -> Result<(String, WidgetSettings), SettingsRefused> {
    // Sizes first: a huge paste costs nothing.
    if input.origins.len() > 20 * 300 || input.name.len() > 4 * super::channel::MAX_NAME {
        return Err(SettingsRefused::Origins(OriginError::TooMany));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > super::channel::MAX_NAME {
        return Err(SettingsRefused::Name);
    }
    let origins = parse_origins(input.origins.lines()).map_err(SettingsRefused::Origins)?;
    let look = input
        .look
        .clone()
        .checked()
        .map_err(SettingsRefused::Look)?;
    Ok((name.to_owned(), WidgetSettings { origins, look }))
}

/// Connects a widget to `workspace` (checked first; nothing saved on a refusal).
pub async fn connect(
    store: &Store,
    workspace: WorkspaceId,
    input: &WidgetInput,
    by: &crate::server::db::AuditBy,
) -> Result<Result<Connected, SettingsRefused>, ServiceError> {
    let now = by.at;
    let (name, settings) = match checked(input) {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let identity_secret = random_text(32);
    let new = NewChannel {
        workspace_id: workspace,
        kind: ChannelKind::WebChat,
        name,
        account_id: String::new(),
        webhook_key: new_key(),
        credentials: Credentials {
            secret: identity_secret.clone(),
            ..Credentials::default()
        },
        now,
    };
    let id = store.create_widget(&new, &settings, by).await?;
    let widget = store
        .widget(workspace, id)
        .await?
        .ok_or(ServiceError::Db(DbError::NotFound))?;
    Ok(Ok(Connected {
        widget,
        identity_secret,
    }))
}

/// [`connect`] for a member who manages channels.
pub async fn connect_for(
    store: &Store,
    who: &SessionMember,
    input: &WidgetInput,
    now: Millis,
) -> Result<Result<Connected, SettingsRefused>, ServiceError> {
    super::channel::may_manage(who)?;
    connect(
        store,
        who.workspace_id,
        input,
        &super::members::audit_by(who, now),
    )
    .await
}

/// A widget of the member's workspace (members who manage channels).
pub async fn settings_for(
    store: &Store,
    who: &SessionMember,
    channel: ChannelId,
) -> Result<WidgetRecord, ServiceError> {
    super::channel::may_manage(who)?;
    store
        .widget(who.workspace_id, channel)
        .await?
        .ok_or(ServiceError::NotFound(super::Missing::Channel))
}

/// Changes a widget's sites and looks (members who manage channels); the name is the
/// channel's and stays.
pub async fn update_for(
    store: &Store,
    who: &SessionMember,
    channel: ChannelId,
    input: &WidgetInput,
    now: Millis,
) -> Result<Result<WidgetRecord, SettingsRefused>, ServiceError> {
    let (_, settings) = match checked(input) {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let current = settings_for(store, who, channel).await?;
    if !store
        .update_widget(
            who.workspace_id,
            channel,
            &settings,
            &super::members::audit_by(who, now),
        )
        .await?
    {
        return Err(ServiceError::NotFound(super::Missing::Channel));
    }
    Ok(Ok(WidgetRecord {
        settings,
        ..current
    }))
}

// ---- what visitors do ----

/// Why the widget refused a visitor's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitorRefused {
    /// No enabled widget has this key.
    UnknownWidget,
    /// The page the widget runs on is not one of the widget's sites.
    SiteNotAllowed,
    /// The visitor's token is unknown (or its widget disabled).
    NoVisitor,
    /// Blacklisted: told only that the chat is unavailable.
    Unavailable,
    Empty,
    TooLong,
    /// A field is malformed (an echo id, a user id, a name or email too long).
    Malformed(&'static str),
    /// A file of a type the widget does not take (images and PDF).
    FileType,
}

/// A visitor's session: their token (new or the one they had) and what they see.
#[derive(Clone, Debug)]
pub struct VisitorSession {
    pub token: String,
    pub visitor: Visitor,
    pub widget: WidgetRecord,
}

/// The widget of `key`, when the page of `host` may run it (`own`: the inbox's own origin).
pub async fn widget_for_site(
    store: &Store,
    key: &str,
    host: &str,
    own: Option<&str>,
) -> Result<Result<WidgetRecord, VisitorRefused>, ServiceError> {
    if !key_well_formed(key) {
        return Ok(Err(VisitorRefused::UnknownWidget));
    }
    let Some(widget) = store.widget_by_key(key).await? else {
        return Ok(Err(VisitorRefused::UnknownWidget));
    };
    if !origin_allowed(&widget.settings.origins, own, host) {
        return Ok(Err(VisitorRefused::SiteNotAllowed));
    }
    Ok(Ok(widget))
}

/// The visitor of a token, with their widget.
pub async fn visitor(
    store: &Store,
    token: &str,
) -> Result<Result<(Visitor, WidgetRecord), VisitorRefused>, ServiceError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(Err(VisitorRefused::NoVisitor));
    }
    let Some(v) = store.visitor_by_token(&token_hash(token)).await? else {
        return Ok(Err(VisitorRefused::NoVisitor));
    };
    let Some(widget) = store.widget(v.workspace_id, v.channel_id).await? else {
        return Ok(Err(VisitorRefused::NoVisitor));
    };
    Ok(Ok((v, widget)))
}

/// A new visitor of `widget`: anonymous, or verified as the site's user `user`.
async fn new_visitor(
    store: &Store,
    widget: WidgetRecord,
    user: Option<&str>,
    name: Option<&str>,
    email: Option<&str>,
    now: Millis,
) -> Result<VisitorSession, ServiceError> {
    let token = random_text(32);
    let hash = token_hash(&token);
    let sender = match user {
        Some(u) => format!("u:{u}"),
        None => format!("v_{}", random_text(12)),
    };
    let id = store
        .create_visitor(&NewVisitor {
            workspace_id: widget.channel.workspace_id,
            channel_id: widget.channel.id,
            token_hash: &hash,
            sender: &sender,
            verified: user.is_some(),
            name,
            email,
            now,
        })
        .await?;
    let visitor = Visitor {
        id,
        workspace_id: widget.channel.workspace_id,
        channel_id: widget.channel.id,
        sender,
        verified: user.is_some(),
        name: name.map(str::to_owned),
        email: email.map(str::to_owned),
    };
    Ok(VisitorSession {
        token,
        visitor,
        widget,
    })
}

/// Opens a visitor's session on a page of `host`: the visitor of `token` when it is one of
/// this widget's, else a new anonymous one.
pub async fn open(
    store: &Store,
    key: &str,
    token: Option<&str>,
    host: &str,
    own: Option<&str>,
    now: Millis,
) -> Result<Result<VisitorSession, VisitorRefused>, ServiceError> {
    let widget = match widget_for_site(store, key, host, own).await? {
        Ok(w) => w,
        Err(r) => return Ok(Err(r)),
    };
    if let Some(token) = token {
        if let Ok((v, _)) = visitor(store, token).await? {
            if v.channel_id == widget.channel.id {
                return Ok(Ok(VisitorSession {
                    token: token.to_owned(),
                    visitor: v,
                    widget,
                }));
            }
        }
    }
    Ok(Ok(new_visitor(store, widget, None, None, None, now).await?))
}

/// What a site says of its signed-in user.
#[derive(Clone, Debug)]
pub struct Claim<'a> {
    pub user_id: &'a str,
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub user_hash: &'a str,
}

/// A site vouches for its user: with a good `user_hash` the visitor becomes that user (a new
/// token, their history on every device); with a forged one, a fresh anonymous visitor (never
/// someone else's history). Answers the session and whether the claim was verified.
pub async fn identify(
    store: &Store,
    widget: WidgetRecord,
    claim: &Claim<'_>,
    now: Millis,
) -> Result<Result<(VisitorSession, bool), VisitorRefused>, ServiceError> {
    if !user_id_ok(claim.user_id) {
        return Ok(Err(VisitorRefused::Malformed("user_id")));
    }
    let (name, email) = match contact_ok(claim.name, claim.email) {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    let secret = widget.channel.credentials.secret.as_bytes().to_vec();
    let good = crate::server::channel::signature::verify_user_hash(
        &secret,
        claim.user_id,
        claim.user_hash,
    );
    if !good {
        return Ok(Ok((
            new_visitor(store, widget, None, None, None, now).await?,
            false,
        )));
    }
    let session = new_visitor(store, widget, Some(claim.user_id), name, email, now).await?;
    if name.is_some() || email.is_some() {
        store
            .set_visitor_contact(&session.visitor, name, email, now)
            .await?;
    }
    Ok(Ok((session, true)))
}

/// A name and an email as a visitor typed them: trimmed, empty ones dropped, bounded.
fn contact_ok<'a>(
    name: Option<&'a str>,
    email: Option<&'a str>,
) -> Result<(Option<&'a str>, Option<&'a str>), VisitorRefused> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    if name.is_some_and(|n| n.chars().count() > crate::domain::limits::MAX_SHORT_TEXT) {
        return Err(VisitorRefused::Malformed("name"));
    }
    if email.is_some_and(|e| {
        e.len() > crate::domain::limits::MAX_EMAIL_CHARS || !e.contains('@') || e.contains(' ')
    }) {
        return Err(VisitorRefused::Malformed("email"));
    }
    Ok((name, email))
}

/// The name and email an anonymous visitor gives.
pub async fn set_contact(
    store: &Store,
    visitor: &Visitor,
    name: Option<&str>,
    email: Option<&str>,
    now: Millis,
) -> Result<Result<Visitor, VisitorRefused>, ServiceError> {
    let (name, email) = match contact_ok(name, email) {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    if name.is_none() && email.is_none() {
        return Ok(Err(VisitorRefused::Empty));
    }
    store.set_visitor_contact(visitor, name, email, now).await?;
    Ok(Ok(Visitor {
        name: name.map(str::to_owned).or(visitor.name.clone()),
        email: email.map(str::to_owned).or(visitor.email.clone()),
        ..visitor.clone()
    }))
}

/// An echo id as the widget makes them (a UUID): the message's key against repeats.
fn echo_ok(echo: &str) -> bool {
    !echo.is_empty()
        && echo.len() <= 64
        && echo
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The name a visitor's customer is made with.
fn customer_name(v: &Visitor) -> String {
    v.name
        .clone()
        .or_else(|| v.email.clone())
        .unwrap_or_else(|| {
            format!(
                "訪客 Visitor {}",
                &v.sender[v.sender.len().saturating_sub(4)..]
            )
        })
}

/// Stores what a visitor wrote (text, or a file already in the store; with the payload of
/// the bot's button they tapped) through the one ingest of every channel, and answers it as
/// the visitor will see it. A repeat of the same echo id is stored once.
async fn write(
    store: &Store,
    visitor: &Visitor,
    body: &str,
    payload: Option<&str>,
    echo: &str,
    attachments: &[NewAttachment],
    now: Millis,
) -> Result<Result<WidgetMessageRow, VisitorRefused>, ServiceError> {
    let external = format!("w:{echo}");
    let name = customer_name(visitor);
    let m = Inbound {
        workspace: visitor.workspace_id,
        channel: visitor.channel_id,
        sender: &visitor.sender,
        sender_name: &name,
        body,
        external_id: Some(&external),
        payload,
        reply_token: None,
        attachments,
        now,
    };
    match ingest::ingest(store, &m).await? {
        Received::Dropped => return Ok(Err(VisitorRefused::Unavailable)),
        Received::Stored if visitor.email.is_some() => {
            // A customer made by this message takes the email the visitor gave.
            store
                .set_visitor_contact(visitor, None, visitor.email.as_deref(), now)
                .await?;
        }
        _ => {}
    }
    let (Some(conversation), _) = store.visitor_conversation(visitor).await? else {
        return Ok(Err(VisitorRefused::Unavailable));
    };
    let latest = store
        .widget_messages(visitor.workspace_id, conversation, WidgetPage::Latest, 20)
        .await?;
    latest
        .into_iter()
        .rev()
        .find(|m| m.external_id.as_deref() == Some(&external))
        .map(Ok)
        .ok_or(ServiceError::Db(DbError::NotFound))
}

/// A tap's payload as a visitor sends it: at most [`MAX_PAYLOAD_CHARS`] (none when empty).
/// Routing reads only ours (`domain::bot::buttons::parse_tap`); any other is its text.
pub fn payload_ok(payload: Option<&str>) -> Result<Option<&str>, VisitorRefused> {
    match payload {
        Some(p) if p.chars().count() > MAX_PAYLOAD_CHARS => {
            Err(VisitorRefused::Malformed("payload"))
        }
        Some(p) if !p.is_empty() => Ok(Some(p)),
        _ => Ok(None),
    }
}

/// A visitor's text message; `payload`: the bot's button they tapped (its label is the text),
/// which continues the bot's flow.
pub async fn send(
    store: &Store,
    visitor: &Visitor,
    text: &str,
    payload: Option<&str>,
    echo: &str,
    now: Millis,
) -> Result<Result<WidgetMessageRow, VisitorRefused>, ServiceError> {
    let payload = match payload_ok(payload) {
        Ok(p) => p,
        Err(r) => return Ok(Err(r)),
    };
    if !echo_ok(echo) {
        return Ok(Err(VisitorRefused::Malformed("echo_id")));
    }
    let Some(text) = visitor_text(text) else {
        return Ok(Err(if text.trim().is_empty() {
            VisitorRefused::Empty
        } else {
            VisitorRefused::TooLong
        }));
    };
    write(store, visitor, text, payload, echo, &[], now).await
}

/// What a visitor's file is, by its first bytes (never by what the browser claims): an image
/// the inbox shows, or a PDF.
pub fn sniff(bytes: &[u8]) -> Option<(MediaKind, &'static str)> {
    let starts = |p: &[u8]| bytes.starts_with(p);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some((MediaKind::Image, "image/png"))
    } else if starts(b"\xff\xd8\xff") {
        Some((MediaKind::Image, "image/jpeg"))
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some((MediaKind::Image, "image/gif"))
    } else if bytes.len() > 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some((MediaKind::Image, "image/webp"))
    } else if starts(b"%PDF-") {
        Some((MediaKind::File, "application/pdf"))
    } else {
        None
    }
}

/// A visitor's file (its size checked by the caller): kept in the file store, then written
/// as their message; a refused or failed write removes it.
pub async fn send_file(
    store: &Store,
    files_dir: &std::path::Path,
    visitor: &Visitor,
    bytes: &[u8],
    file_name: Option<&str>,
    echo: &str,
    now: Millis,
) -> Result<Result<WidgetMessageRow, VisitorRefused>, ServiceError> {
    if !echo_ok(echo) {
        return Ok(Err(VisitorRefused::Malformed("echo_id")));
    }
    let Some((kind, mime)) = sniff(bytes) else {
        return Ok(Err(VisitorRefused::FileType));
    };
    let name = file_name.and_then(crate::domain::media::safe_file_name);
    let path = crate::server::files::save(files_dir, visitor.workspace_id.0, "widget", bytes)
        .await
        .map_err(|e| ServiceError::Internal(format!("keeping a visitor's file: {e}")))?;
    let attachment = NewAttachment {
        kind,
        source: MediaSource::Stored {
            path: path.clone(),
            size: bytes.len() as i64,
            inline: kind == MediaKind::Image,
        },
        mime_type: Some(mime.to_owned()),
        file_name: name,
        caption: None,
        detail: None,
    };
    let written = write(store, visitor, "", None, echo, &[attachment], now).await;
    if !matches!(written, Ok(Ok(_))) {
        crate::server::files::discard(files_dir, &path).await;
    }
    written
}

/// A page of the visitor's conversation (none before their first message).
pub async fn history(
    store: &Store,
    visitor: &Visitor,
    page: WidgetPage,
) -> Result<(Vec<WidgetMessageRow>, bool), ServiceError> {
    let (Some(conversation), _) = store.visitor_conversation(visitor).await? else {
        return Ok((Vec::new(), false));
    };
    let mut rows = store
        .widget_messages(visitor.workspace_id, conversation, page, HISTORY_PAGE + 1)
        .await?;
    let more = rows.len() as i64 > HISTORY_PAGE;
    if more {
        match page {
            WidgetPage::After(_) => {
                rows.pop();
            }
            _ => {
                rows.remove(0);
            }
        }
    }
    Ok((rows, more))
}
