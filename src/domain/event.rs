//! What a row of a conversation's event log records (`conversation_events.change`): a status
//! change ([`super::status::Change`]) or a collaborator change
//! ([`super::collaboration::CollabChange`]), spelled once for the database, the wire and the
//! thread's system lines.

use serde::{Deserialize, Serialize};

/// The change an event-log row records. On the wire and in the database it is its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")] // the codes below
pub enum EventChange {
    Opened,
    Returned,
    HandedToHuman,
    StayedWithBot,
    NewMessage,
    FollowedUp,
    TookOver,
    Closed,
    Reopened,
    Transferred,
    CollaboratorAdded,
    CollaboratorRemoved,
    AutoClosed,
    /// Its owner snoozed it (the status stays in progress).
    Snoozed,
    /// It came back from a snooze (its time came, or the customer wrote).
    Woke,
}

impl EventChange {
    pub const ALL: &'static [EventChange] = &[
        EventChange::Opened,
        EventChange::Returned,
        EventChange::HandedToHuman,
        EventChange::StayedWithBot,
        EventChange::NewMessage,
        EventChange::FollowedUp,
        EventChange::TookOver,
        EventChange::Closed,
        EventChange::Reopened,
        EventChange::Transferred,
        EventChange::CollaboratorAdded,
        EventChange::CollaboratorRemoved,
        EventChange::AutoClosed,
        EventChange::Snoozed,
        EventChange::Woke,
    ];

    /// How the change is spelled in the event log (and in the page's `data-event`).
    pub fn code(self) -> &'static str {
        match self {
            EventChange::Opened => "opened",
            EventChange::Returned => "returned",
            EventChange::HandedToHuman => "handed_to_human",
            EventChange::StayedWithBot => "stayed_with_bot",
            EventChange::NewMessage => "new_message",
            EventChange::FollowedUp => "followed_up",
            EventChange::TookOver => "took_over",
            EventChange::Closed => "closed",
            EventChange::Reopened => "reopened",
            EventChange::Transferred => "transferred",
            EventChange::CollaboratorAdded => "collaborator_added",
            EventChange::CollaboratorRemoved => "collaborator_removed",
            EventChange::AutoClosed => "auto_closed",
            EventChange::Snoozed => "snoozed",
            EventChange::Woke => "woke",
        }
    }

    pub fn from_code(code: &str) -> Option<EventChange> {
        EventChange::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// Whether the row is about a collaborator rather than the status.
    pub fn is_collaborator(self) -> bool {
        matches!(
            self,
            EventChange::CollaboratorAdded | EventChange::CollaboratorRemoved
        )
    }
}

/// Reading a stored code: it must be one of the codes above.
impl TryFrom<String> for EventChange {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        EventChange::from_code(&code).ok_or_else(|| format!("{code:?} is not an event change"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_the_wire_spelling() {
        for c in EventChange::ALL {
            assert_eq!(EventChange::from_code(c.code()), Some(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.code()));
        }
        assert_eq!(EventChange::from_code("exploded"), None);
        assert!(EventChange::try_from("exploded".to_owned()).is_err());
    }
}
