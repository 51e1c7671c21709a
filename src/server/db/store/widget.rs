//! The website chat widget (issue 12): a `web_chat` channel's sites and looks, its visitors
//! (a token each, kept as its SHA-256) and what a visitor may read of their conversation.

use super::super::*;
use crate::domain::widget::{SiteOrigin, WidgetLook};
use crate::wire::conversation::AttachmentView;
use async_trait::async_trait;

/// A widget's settings: where it may run and how it looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetSettings {
    pub origins: Vec<SiteOrigin>,
    pub look: WidgetLook,
}

/// A widget: its channel (public key `webhook_key`, identity secret `credentials.secret`) and
/// settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetRecord {
    pub channel: ChannelRecord,
    pub settings: WidgetSettings,
}

/// A visitor of a widget, found by their token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visitor {
    pub id: i64,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    /// The id they write as: `v_…` (anonymous) or `u:<site user id>` (verified).
    pub sender: String,
    pub verified: bool,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// A visitor to keep.
#[derive(Clone, Debug)]
pub struct NewVisitor<'a> {
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub token_hash: &'a str,
    pub sender: &'a str,
    pub verified: bool,
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub now: Millis,
}

/// Who wrote a message the visitor sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetFrom {
    Visitor,
    Agent,
    Bot,
}

/// A message of a visitor's conversation (notes and thread lines are never among them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetMessageRow {
    pub id: MessageId,
    pub from: WidgetFrom,
    pub body: String,
    pub at: Millis,
    pub author: Option<String>,
    /// The visitor's own: `None` until a member read it; the team's: its delivery state.
    pub delivery: Option<crate::domain::Delivery>,
    /// The visitor's echo id (`w:<id>` stored as the platform id).
    pub external_id: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// The bot's buttons under this message, (label, tap payload); empty for anything else.
    pub buttons: Vec<(String, String)>,
}

/// Which page of a conversation's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetPage {
    /// The newest `n`.
    Latest,
    /// The `n` before this id.
    Before(MessageId),
    /// Up to `n` after this id, oldest first.
    After(MessageId),
}

#[async_trait]
pub trait WidgetStore: Send + Sync {
    /// Makes a `web_chat` channel and its settings in one transaction; `Duplicate` when the key
    /// is taken.
    async fn create_widget(
        &self,
        channel: &NewChannel,
        settings: &WidgetSettings,
        by: &AuditBy,
    ) -> DbResult<ChannelId>;

    /// The enabled widget of a public key.
    async fn widget_by_key(&self, key: &str) -> DbResult<Option<WidgetRecord>>;

    /// A widget of the workspace.
    async fn widget(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
    ) -> DbResult<Option<WidgetRecord>>;

    /// Sets a widget's settings (made for a `web_chat` channel that had none: the demo's);
    /// `false` when it is not a widget of the workspace.
    async fn update_widget(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        settings: &WidgetSettings,
        by: &AuditBy,
    ) -> DbResult<bool>;

    /// Keeps a new visitor.
    async fn create_visitor(&self, visitor: &NewVisitor<'_>) -> DbResult<i64>;

    /// The visitor of a token (its SHA-256), on an enabled channel.
    async fn visitor_by_token(&self, token_hash: &str) -> DbResult<Option<Visitor>>;

    /// Sets the name and email a visitor gave, and their customer's where it has none yet.
    async fn set_visitor_contact(
        &self,
        visitor: &Visitor,
        name: Option<&str>,
        email: Option<&str>,
        now: Millis,
    ) -> DbResult<()>;

    /// The visitor's conversation (none before their first message, or once their customer is
    /// blacklisted), and whether their customer is blacklisted.
    async fn visitor_conversation(
        &self,
        visitor: &Visitor,
    ) -> DbResult<(Option<ConversationId>, bool)>;

    /// Messages of `conversation` a visitor sees, oldest first, at most `limit`.
    async fn widget_messages(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        page: WidgetPage,
        limit: i64,
    ) -> DbResult<Vec<WidgetMessageRow>>;

    /// The team's messages up to `up_to` reached the visitor (`read`: and were read): their
    /// delivery moves forward only. Returns how many changed.
    async fn visitor_received(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        up_to: MessageId,
        read: bool,
    ) -> DbResult<u64>;

    /// A stored attachment of `conversation` (a visitor asks for it).
    async fn widget_file(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        attachment: i64,
    ) -> DbResult<Option<StoredFile>>;
}
