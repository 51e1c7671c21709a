//! Notifications: what a member must see, e.g. "陳志明 transferred 3 conversations to you".
//! The kinds are `NotificationKind` (model); this is the payload every kind carries, written
//! by the service and read back for the panel, defined once.

use super::{ConversationId, MemberId};
use serde::{Deserialize, Serialize};

/// Who did it and to which conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub by: MemberId,
    pub by_name: String,
    pub count: i64,
    pub conversations: Vec<ConversationId>,
    /// The customer of a single transferred conversation (the notification names them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The handover note the transfer carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Payload {
    /// By member `by` (named `by_name`), about `conversations`.
    pub fn new(by: MemberId, by_name: &str, conversations: Vec<ConversationId>) -> Payload {
        Payload {
            by,
            by_name: by_name.to_owned(),
            count: conversations.len() as i64,
            conversations,
            customer: None,
            note: None,
        }
    }

    /// A transfer of one conversation: names its customer, with the note written for the new
    /// owner (if any).
    pub fn handover(mut self, customer: String, note: Option<String>) -> Payload {
        self.customer = Some(customer);
        self.note = note;
        self
    }
}
