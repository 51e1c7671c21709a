//! A whole workspace described in memory, written by [`super::Storage::import`] in one
//! transaction. The demo workspace and the large-workspace generator both build one.
//! Rows refer to each other by their position in these vectors; the importer maps positions to
//! the ids the database assigns.

use crate::domain::event::EventChange;
use crate::domain::{ChannelKind, ConvState, Delivery, Lang, MemberId, MessageKind, Millis, Role};

/// The member at `index` of [`Dataset::members`], as a dataset's states name their owners.
pub fn member_at(index: usize) -> MemberId {
    MemberId(index as i64)
}

/// The index in [`Dataset::members`] a dataset's state names by [`member_at`].
pub fn member_index(member: MemberId) -> usize {
    member.get() as usize
}

#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub name: String,
    pub created_at: Millis,
    pub regions: Vec<String>,
    /// (region index, name)
    pub branches: Vec<(usize, String)>,
    pub members: Vec<MemberSeed>,
    pub channels: Vec<ChannelSeed>,
    pub tags: Vec<String>,
    pub customers: Vec<CustomerSeed>,
    pub conversations: Vec<ConversationSeed>,
}

#[derive(Clone, Debug)]
pub struct MemberSeed {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub region: Option<usize>,
    pub branch: Option<usize>,
    pub lang: Lang,
}

#[derive(Clone, Debug)]
pub struct ChannelSeed {
    pub kind: ChannelKind,
    pub name: String,
    pub external_id: String,
    pub branch: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct CustomerSeed {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    pub branch: Option<usize>,
    pub tags: Vec<usize>,
    /// (channel index, external id on that platform, display name there)
    pub identities: Vec<(usize, String, String)>,
    pub created_at: Millis,
}

/// A conversation with its history. `state` owners ([`member_at`]) and every member reference
/// are member indexes. The importer derives last-message time, preview, inbound count and
/// waiting-since from `messages`.
#[derive(Clone, Debug)]
pub struct ConversationSeed {
    pub channel: usize,
    pub customer: usize,
    pub branch: Option<usize>,
    pub state: ConvState,
    pub pending_reason: Option<String>,
    pub collaborators: Vec<usize>,
    pub created_at: Millis,
    pub closed_at: Option<Millis>,
    pub messages: Vec<MessageSeed>,
    pub events: Vec<EventSeed>,
    /// (member index, how many customer messages they had read)
    pub read_marks: Vec<(usize, i64)>,
}

#[derive(Clone, Debug)]
pub struct MessageSeed {
    pub kind: MessageKind,
    pub author: Option<usize>,
    pub by_bot: bool,
    pub body: String,
    pub delivery: Option<Delivery>,
    pub created_at: Millis,
}

/// One row of the conversation event log.
#[derive(Clone, Debug)]
pub struct EventSeed {
    pub actor: Option<usize>,
    pub change: EventChange,
    pub from: Option<ConvState>,
    pub to: ConvState,
    pub created_at: Millis,
}

impl ConversationSeed {
    /// Time and text of the last message the customer can see (inbound or outbound).
    pub fn last_visible(&self) -> Option<&MessageSeed> {
        self.messages
            .iter()
            .filter(|m| matches!(m.kind, MessageKind::Inbound | MessageKind::Outbound))
            .max_by_key(|m| m.created_at)
    }

    pub fn inbound_count(&self) -> i64 {
        self.messages
            .iter()
            .filter(|m| m.kind == MessageKind::Inbound)
            .count() as i64
    }

    /// When the oldest customer message that no reply has followed arrived, if any.
    pub fn waiting_since(&self) -> Option<Millis> {
        let mut msgs: Vec<&MessageSeed> = self.messages.iter().collect();
        msgs.sort_by_key(|m| m.created_at);
        let mut since = None;
        for m in msgs {
            match m.kind {
                MessageKind::Inbound if since.is_none() => since = Some(m.created_at),
                MessageKind::Outbound => since = None,
                _ => {}
            }
        }
        since
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Handler;

    fn msg(kind: MessageKind, at: Millis) -> MessageSeed {
        MessageSeed {
            kind,
            author: None,
            by_bot: false,
            body: format!("{kind} {at}"),
            delivery: None,
            created_at: at,
        }
    }

    fn conv(messages: Vec<MessageSeed>) -> ConversationSeed {
        ConversationSeed {
            channel: 0,
            customer: 0,
            branch: None,
            state: ConvState::Pending(Handler::Human),
            pending_reason: None,
            collaborators: vec![],
            created_at: 0,
            closed_at: None,
            messages,
            events: vec![],
            read_marks: vec![],
        }
    }

    #[test]
    fn waiting_starts_at_the_first_unanswered_customer_message() {
        use MessageKind::*;
        /// (messages as (kind, time), expected waiting-since)
        type Case = (&'static [(MessageKind, Millis)], Option<Millis>);
        let cases: &[Case] = &[
            (&[], None),
            (&[(Inbound, 10)], Some(10)),
            (&[(Inbound, 10), (Inbound, 20)], Some(10)),
            (&[(Inbound, 10), (Outbound, 20)], None),
            (&[(Inbound, 10), (Outbound, 20), (Inbound, 30)], Some(30)),
            (&[(Inbound, 10), (Note, 20), (System, 25)], Some(10)),
            (&[(Outbound, 5)], None),
        ];
        for (msgs, want) in cases {
            let c = conv(msgs.iter().map(|(k, t)| msg(*k, *t)).collect());
            assert_eq!(c.waiting_since(), *want, "{msgs:?}");
        }
    }

    #[test]
    fn last_visible_ignores_notes_and_system_lines() {
        use MessageKind::*;
        let c = conv(vec![
            msg(Inbound, 10),
            msg(Outbound, 20),
            msg(Note, 30),
            msg(System, 40),
        ]);
        assert_eq!(c.last_visible().map(|m| m.created_at), Some(20));
        assert_eq!(c.inbound_count(), 1);
    }
}
