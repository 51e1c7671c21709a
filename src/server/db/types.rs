//! Inputs and outputs of [`super::Storage`] that only the server uses.

use crate::domain::event::EventChange;
use crate::domain::permission::Scope;
use crate::domain::{BranchId, ChannelId, EventId, Lang, MemberId, Millis, Role, WorkspaceId};
use crate::wire::{Cursor, View};

/// What login needs to know about the member with an email address.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LoginRecord {
    #[sqlx(rename = "id")]
    pub member_id: MemberId,
    pub workspace_id: WorkspaceId,
    pub password_hash: String,
    pub active: bool,
}

pub struct NewSession {
    pub token_hash: String,
    pub workspace_id: WorkspaceId,
    pub member_id: MemberId,
    pub now: Millis,
    pub expires_at: Millis,
}

/// The member behind a session, loaded once per request that needs it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionMember {
    #[sqlx(rename = "id")]
    pub member_id: MemberId,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    /// The workspace's clock, for printing times.
    pub utc_offset_minutes: i64,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub branch_id: Option<BranchId>,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub avatar_url: Option<String>,
    /// The list order the member last chose (a `Sort` slug), if any.
    #[sqlx(rename = "list_sort")]
    pub sort_slug: Option<String>,
    /// A desktop notification and a sound for new pending conversations and transfers to them.
    pub alerts: bool,
    /// Enter sends from the composer (else Ctrl+Enter does).
    pub send_on_enter: bool,
    /// The status the member set (online, away, offline).
    #[sqlx(try_from = "String")]
    pub presence: crate::domain::availability::Presence,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
}

impl SessionMember {
    /// The order the member's lists open in: the one they last chose, else the default.
    pub fn list_sort(&self) -> crate::domain::sorting::Sort {
        self.sort_slug
            .as_deref()
            .and_then(crate::domain::sorting::Sort::from_slug)
            .unwrap_or_default()
    }

    /// The member as the domain rules see them.
    pub fn actor(&self) -> crate::domain::Actor {
        crate::domain::Actor {
            member_id: self.member_id,
            role: self.role,
            branch_id: self.branch_id,
        }
    }
}

/// How many failures within `window` lock a key, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleRule {
    pub max_failures: i64,
    pub window: Millis,
    pub lock_for: Millis,
}

/// Who asks, and for which channel, when counting the views.
#[derive(Clone, Debug)]
pub struct CountQuery {
    pub workspace_id: WorkspaceId,
    pub me: MemberId,
    pub scope: Scope,
    pub channel: Option<ChannelId>,
}

/// One page of one view.
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub workspace_id: WorkspaceId,
    pub me: MemberId,
    pub scope: Scope,
    pub view: View,
    pub channel: Option<ChannelId>,
    /// The Team views' member filter: only conversations this member owns (other views ignore it).
    pub owner: Option<MemberId>,
    pub sort: crate::domain::sorting::Sort,
    /// Continue after this position; `None` for the first page.
    pub after: Option<Cursor>,
    /// When the list is read: on the first page it fixes the overdue cutoff.
    pub now: Millis,
    pub limit: i64,
}

/// A conversation as the service layer needs it to decide: its state, version and the facts
/// the permission rules read (for the member asking).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvRecord {
    pub id: crate::domain::ConversationId,
    pub version: i64,
    pub facts: crate::domain::permission::ConvFacts,
    pub owner_name: Option<String>,
}

/// One status change, applied only if the conversation is still at `expected_version`.
#[derive(Clone, Debug)]
pub struct StateChange {
    pub workspace_id: WorkspaceId,
    pub conversation_id: crate::domain::ConversationId,
    pub expected_version: i64,
    pub actor: Option<MemberId>,
    pub change: EventChange,
    pub from: crate::domain::ConvState,
    pub to: crate::domain::ConvState,
    pub now: Millis,
    pub notify: Option<NewNotification>,
    /// A transfer's handover note: pinned for the new owner and kept in the thread as a note.
    pub handover: Option<String>,
}

/// What an earlier request with the same idempotency key left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchEarlier {
    /// It finished; its report (JSON).
    Done(String),
    /// The key was used for a different action.
    OtherAction,
}

/// One conversation's part of a batch, applied all or nothing.
#[derive(Clone, Debug)]
pub enum BatchItem {
    /// Status changes in order (see [`StateChange`]).
    Change(Vec<StateChange>),
    /// Delete the conversation (with its messages, events, read marks, collaborators) if it is
    /// still at `version`.
    Delete {
        id: crate::domain::ConversationId,
        version: i64,
    },
    /// Blacklist `customer`: blocked and unsubscribed, every conversation of theirs deleted;
    /// applies if conversation `id` is still at `version` (or is gone because this batch
    /// already blacklisted the customer).
    Blacklist {
        id: crate::domain::ConversationId,
        version: i64,
        customer: crate::domain::CustomerId,
    },
}

/// A whole batch for [`crate::server::db::Storage::apply_batch`].
pub struct BatchWrite<'a> {
    pub workspace_id: WorkspaceId,
    pub member_id: MemberId,
    pub key: &'a str,
    pub action: &'a str,
    pub now: Millis,
    pub items: Vec<BatchItem>,
    /// Given which items applied: the report to keep under the key, and the notification to
    /// send (the transferee's summary), written in the same transaction.
    #[allow(clippy::type_complexity)]
    pub finish: &'a (dyn Fn(&[bool]) -> (String, Option<NewNotification>) + Sync),
}

/// What [`crate::server::db::Storage::apply_batch`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchApplied {
    /// This request ran the batch: which items applied.
    Applied(Vec<bool>),
    /// An earlier request with the key ran it.
    Earlier(BatchEarlier),
}

/// A conversation with what a batch needs of it.
#[derive(Clone, Debug)]
pub struct BatchTarget {
    pub record: ConvRecord,
    pub customer_id: crate::domain::CustomerId,
}

/// A blacklisted customer, for the admin list.
#[derive(Clone, Debug)]
pub struct BlockedRecord {
    pub customer_id: crate::domain::CustomerId,
    pub name: String,
    pub blocked_at: Millis,
    pub blocked_by: Option<String>,
    pub unsubscribed: bool,
}

/// Where an inbound message from a channel identity goes (identity resolution).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboundTarget {
    /// The sender is blacklisted: drop it, create nothing.
    Blocked,
    /// Its conversation (created pending if the sender had none on this channel).
    Conversation(crate::domain::ConversationId),
}

#[derive(Clone, Debug)]
pub struct NewNotification {
    pub member_id: MemberId,
    pub kind: crate::domain::NotificationKind,
    pub payload: crate::domain::notification::Payload,
}

/// A row of the conversation event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub id: EventId,
    pub actor_id: Option<MemberId>,
    pub change: EventChange,
    pub to_status: String,
    pub to_owner_id: Option<MemberId>,
    pub created_at: Millis,
}

/// A member as a transfer target.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRecord {
    pub id: MemberId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub branch_id: Option<BranchId>,
    pub active: bool,
}

/// A message written by a member: a reply to the customer (outbound, queued for delivery) or
/// an internal note.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub workspace_id: WorkspaceId,
    pub conversation_id: crate::domain::ConversationId,
    pub author: MemberId,
    pub kind: crate::domain::MessageKind,
    pub body: String,
    pub now: Millis,
    /// For a reply: the facts it was allowed on, which the write re-checks.
    pub expected: Option<Expected>,
    /// For a reply to a platform customer: the key of its sending (see `outbound_queue`).
    pub retry_key: String,
    /// A file sent from the composer, already in the file store.
    pub file: Option<SentFile>,
}

/// A file a member sends with a reply: kept in the file store (`path`) and reachable by the
/// platform at `/media/<public_token>` until `public_until`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentFile {
    pub kind: crate::domain::MediaKind,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub path: String,
    pub size: i64,
    pub inline: bool,
    pub public_token: String,
    pub public_until: Millis,
}

/// The facts a decision was made on, which a conditional write re-checks: the conversation's
/// version and whether the actor collaborates on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expected {
    pub version: i64,
    pub collaborator: bool,
}

/// A customer message arriving on a conversation, with the status change it causes (if any),
/// applied only if the conversation is still at `expected_version`.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub workspace_id: WorkspaceId,
    pub conversation_id: crate::domain::ConversationId,
    pub expected_version: i64,
    pub body: String,
    /// The platform's message id: a redelivery with the same id is stored once.
    pub external_id: Option<String>,
    pub from: crate::domain::ConvState,
    pub to: crate::domain::ConvState,
    /// `Some(change)` when the status changes (an event-log row is written).
    pub change: Option<EventChange>,
    /// Set when the status changes (then `None` clears it) or when given.
    pub pending_reason: Option<String>,
    /// LINE: the message's reply token, kept on the conversation while it is the latest.
    pub reply_token: Option<String>,
    /// What came with the message (stored with it; downloaded afterwards).
    pub attachments: Vec<NewAttachment>,
    /// What the bot sends in answer, stored and queued with the message.
    pub bot: Option<BotStep>,
    pub now: Millis,
}

/// A message from a channel's sender, stored by `ConversationStore::ingest` in one
/// transaction with the resolution of its sender (customer, conversation).
#[derive(Clone, Debug)]
pub struct InboundMessage {
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    /// The platform's id of the sender.
    pub sender: String,
    /// The name of a customer seen for the first time.
    pub sender_name: String,
    pub body: String,
    /// The data of a button the customer tapped (a postback, a quick reply's payload, a
    /// WhatsApp interactive reply's id).
    pub payload: Option<String>,
    /// The platform's message id: a redelivery with the same id is stored once.
    pub external_id: Option<String>,
    pub reply_token: Option<String>,
    pub attachments: Vec<NewAttachment>,
    pub now: Millis,
}

/// What a customer message does to a conversation in a given state, as the service decided
/// it (`service::ingest`): the state it leaves, and the event and pending reason when the
/// status changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerStep {
    pub to: crate::domain::ConvState,
    pub change: Option<EventChange>,
    /// Set when the status changes (then `None` clears it) or when given.
    pub pending_reason: Option<String>,
    /// What the bot sends, when routing answered.
    pub bot: Option<BotStep>,
}

/// The bot's answer to a customer message: its messages, and the flow step whose buttons it
/// sent last (a typed number answers them), which replaces the conversation's.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BotStep {
    pub messages: Vec<BotMessage>,
    pub flow_at: Option<crate::domain::bot::FlowAt>,
    /// Whether `flow_at` replaces the conversation's (routing ran), or it stays.
    pub set_flow: bool,
}

/// One message the bot sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BotMessage {
    pub text: String,
    /// A picture's public address.
    pub image: Option<String>,
    /// JSON `[[label, payload], …]`, when it has buttons.
    pub buttons: Option<String>,
    pub retry_key: String,
}

/// What routing reads of a conversation inside the ingest transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteFacts {
    pub state: crate::domain::ConvState,
    /// Opened by this message (or about to be, when routing is asked whom to open it for).
    pub opened: bool,
    pub pending_reason: Option<String>,
    pub flow_at: Option<crate::domain::bot::FlowAt>,
    /// The bot's replies on it in the last hour (counted only while it is pending).
    pub bot_replies_last_hour: u32,
    /// The customer unfollowed (LINE) or otherwise may not be written to.
    pub unsubscribed: bool,
}

/// The decision `ConversationStore::ingest` asks for once it has read the conversation's state
/// inside its transaction.
pub type DecideStep = dyn Fn(
        &InboundMessage,
        &RouteFacts,
    ) -> Result<CustomerStep, crate::domain::status::InvalidTransition>
    + Send
    + Sync;

/// An attachment of a customer message, as the platform names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAttachment {
    pub kind: crate::domain::MediaKind,
    pub source: MediaSource,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    pub caption: Option<String>,
    pub detail: Option<String>,
}

/// Where an attachment's bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaSource {
    /// A URL to download.
    Url(String),
    /// An id the platform resolves (WhatsApp media id, LINE message id).
    Platform(String),
    /// Nothing to download.
    None,
    /// Already in the file store (a widget visitor's upload), at `path` (relative).
    Stored {
        path: String,
        size: i64,
        inline: bool,
    },
}

/// What storing an incoming message did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Received {
    Stored,
    /// Already stored (same platform message id): nothing changed.
    Duplicate,
    /// The conversation moved on since it was read: read again and retry.
    Moved,
    /// The sender is blacklisted: nothing was stored.
    Dropped,
}

/// Adding or removing one collaborator of a conversation.
#[derive(Clone, Debug)]
pub struct CollabUpdate {
    pub workspace_id: WorkspaceId,
    pub conversation_id: crate::domain::ConversationId,
    pub actor: MemberId,
    pub member: MemberId,
    pub change: crate::domain::collaboration::CollabChange,
    pub now: Millis,
    pub notify: Option<NewNotification>,
    /// The facts the change was allowed on, which the write re-checks.
    pub expected: Expected,
}

/// The ids the database gave the rows of a workspace's [`super::Dataset`] header (everything
/// but customers and conversations), by their position in the dataset. Returned by
/// [`super::Storage::bulk_begin`] and handed back to every [`super::Storage::bulk_append`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceIds {
    pub workspace_id: WorkspaceId,
    pub branches: Vec<BranchId>,
    pub members: Vec<MemberId>,
    pub channels: Vec<ChannelId>,
    pub tags: Vec<i64>,
}

/// Who made a change, as the audit log names them (no member: the command line), and when.
#[derive(Clone, Debug)]
pub struct AuditBy {
    pub member: Option<MemberId>,
    pub name: String,
    pub at: Millis,
}
