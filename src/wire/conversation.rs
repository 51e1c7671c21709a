//! One conversation as the pane shows it: header, actions and thread.

use serde::{Deserialize, Serialize};

use super::inbox::MemberBadge;
use crate::domain::event::EventChange;
use crate::domain::{ChannelKind, ConversationId, EventId, Handler, MessageId, Millis, Status};

/// One line of a conversation's thread: something written, or a system line from the event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadItem {
    Message {
        id: MessageId,
        kind: crate::domain::MessageKind,
        body: String,
        author_name: Option<String>,
        by_bot: bool,
        delivery: Option<crate::domain::Delivery>,
        /// The platform's reason when `delivery` is failed.
        delivery_error: Option<String>,
        attachments: Vec<AttachmentView>,
        /// The customer's reaction (an emoji).
        reaction: Option<String>,
        /// The customer withdrew it (unsend).
        withdrawn: bool,
        /// The labels of a bot message's buttons.
        buttons: Vec<String>,
        created_at: Millis,
    },
    Event {
        id: EventId,
        change: EventChange,
        actor_name: Option<String>,
        to_owner_name: Option<String>,
        /// The member a collaborator change is about.
        subject_name: Option<String>,
        created_at: Millis,
    },
}

/// An attachment as the thread shows it; its bytes are at `/files/{id}` once stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub kind: crate::domain::MediaKind,
    pub state: crate::domain::MediaState,
    pub file_name: Option<String>,
    pub caption: Option<String>,
    /// A location's "lat,lng", a sticker's id, contacts, or why it cannot be shown.
    pub detail: Option<String>,
    pub size: Option<i64>,
    /// An image or video the browser may show in the thread.
    pub inline: bool,
}

impl ThreadItem {
    pub fn at(&self) -> Millis {
        match self {
            ThreadItem::Message { created_at, .. } | ThreadItem::Event { created_at, .. } => {
                *created_at
            }
        }
    }
}

/// A status change a member asks for on one conversation (`change_status`); on the wire
/// `follow_up` (which takes over someone else's), `close` or `reopen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusAction {
    FollowUp,
    Close,
    Reopen,
}

/// What the composer writes (`send_message`): a `reply` to the customer or an internal `note`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compose {
    Reply,
    Note,
}

/// An open conversation: who, where, its state, what the member may do, and its thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub id: ConversationId,
    pub version: i64,
    pub customer_name: String,
    pub channel_kind: ChannelKind,
    pub channel_name: String,
    pub status: Status,
    pub handler: Option<Handler>,
    pub owner: Option<MemberBadge>,
    /// Since when the customer has waited for an answer (`None`: not waiting).
    pub waiting_since: Option<Millis>,
    /// Why a pending conversation is where it is.
    pub why: Option<crate::domain::bot::config::Why>,
    /// The note of the transfer that gave it to its owner, pinned until its status next changes.
    pub handover: Option<Handover>,
    /// Snoozed by its owner: until when (none: until the customer writes).
    pub snoozed: Option<Snoozed>,
    pub collaborators: Vec<MemberBadge>,
    pub actions: Vec<crate::domain::permission::Action>,
    /// The member's own load, when following up or taking over would add to it.
    pub my_load: Option<crate::domain::availability::Load>,
    /// Why the member may not reply to the customer now (`None`: they may).
    pub reply_refused: Option<crate::domain::actions::ReplyRefused>,
    /// When the customer last wrote (none: never), for the platform's messaging window.
    pub last_inbound_at: Option<Millis>,
    /// The customer blocked the account (LINE unfollow): replies cannot reach them.
    pub unsubscribed: bool,
    /// How long the platform lets a reply go out, as of `answered_at`.
    pub window: crate::domain::window::Window,
    /// When the server answered (the clock of `window`).
    pub answered_at: Millis,
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    /// Where older messages continue (`(created_at, id)` of the oldest shown), if there are any.
    pub older: Option<(Millis, MessageId)>,
}

/// A snooze, as the pane shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snoozed {
    /// None: until the customer writes.
    pub until: Option<Millis>,
}

/// A transfer's handover note, as the pane pins it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub note: String,
    pub by_name: String,
    pub at: Millis,
}

impl ConversationDetail {
    /// Its state as the status machine sees it (`None` if the columns contradict each other).
    pub fn conv_state(&self) -> Option<crate::domain::ConvState> {
        crate::domain::ConvState::from_columns(
            self.status,
            self.handler,
            self.owner.as_ref().map(|o| o.id),
        )
    }
}

/// An older stretch of a thread, loaded when the member scrolls up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    pub older: Option<(Millis, MessageId)>,
}
