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
}

impl Payload {
    /// By member `by` (named `by_name`), about `conversations`.
    pub fn new(by: MemberId, by_name: &str, conversations: Vec<ConversationId>) -> Payload {
        Payload {
            by,
            by_name: by_name.to_owned(),
            count: conversations.len() as i64,
            conversations,
        }
    }
}
