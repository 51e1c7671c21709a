//! The team as a member works with it: members to pick, notifications.

use serde::{Deserialize, Serialize};

use crate::domain::{ConversationId, MemberId, Millis, NotificationId, Role};

/// An active member, as the transfer dialog, the collaborator picker and the Team views' member
/// filter list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: MemberId,
    pub name: String,
    pub role: Role,
    pub avatar_url: Option<String>,
    pub branch_name: Option<String>,
    /// Their status as colleagues see it: the one they set, offline without a session.
    pub presence: crate::domain::availability::Presence,
    /// How many conversations they have in progress, and their capacity.
    pub load: crate::domain::availability::Load,
}

/// Something a member must see, e.g. "陳志明 transferred 3 conversations to you".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: crate::domain::NotificationKind,
    pub by_name: String,
    pub count: i64,
    pub conversations: Vec<ConversationId>,
    /// The customer of a single transferred conversation.
    pub customer: Option<String>,
    /// The handover note of a transfer.
    pub note: Option<String>,
    pub created_at: Millis,
    pub read: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    /// Newest first.
    pub items: Vec<Notification>,
    pub unread: i64,
}
