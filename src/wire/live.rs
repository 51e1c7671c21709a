//! The live inbox's stream (`GET /events`, Server-Sent Events): what a page hears of the
//! changes a member may see, and who else has a conversation open.

use serde::{Deserialize, Serialize};

use crate::domain::{ConversationId, MemberId};

/// What an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveKind {
    /// A conversation was opened, moved, written to or deleted.
    Conversation,
    /// A note, a thread line, or a message's delivery state, reaction or unsend.
    Message,
    /// A collaborator joined or left.
    Collaborators,
    /// A notification for this member.
    Notification,
    /// The customer's profile changed.
    Customer,
}

/// One change, as one member hears it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveItem {
    /// Its number: each stream hears a number once, numbers only grow.
    #[serde(rename = "n")]
    pub seq: i64,
    #[serde(rename = "k")]
    pub kind: LiveKind,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<ConversationId>,
    /// The conversation left this member's sight with this change (taken by someone they may
    /// not follow, deleted, the customer blacklisted).
    #[serde(rename = "l", default, skip_serializing_if = "std::ops::Not::not")]
    pub left: bool,
    /// A new conversation (a customer's first message).
    #[serde(rename = "o", default, skip_serializing_if = "std::ops::Not::not")]
    pub opened: bool,
    /// The conversation was deleted (or its customer blacklisted).
    #[serde(rename = "g", default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
}

/// One message of the stream (`event: change`): the changes numbered up to its `id:`, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveBatch {
    #[serde(rename = "e")]
    pub items: Vec<LiveItem>,
}

/// A colleague with a conversation open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub member_id: MemberId,
    pub name: String,
    /// Writing a reply or a note right now.
    pub typing: bool,
    /// Not a colleague: the customer, typing in the website widget.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub customer: bool,
}

/// Who has a conversation open (`event: presence`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub conversation: ConversationId,
    pub viewers: Vec<Viewer>,
}
