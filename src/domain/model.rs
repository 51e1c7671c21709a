//! The vocabulary of the inbox: ids, roles, statuses and channel kinds.
//! Pure data shared by the server and the browser build; no IO here.

use serde::{Deserialize, Serialize};

/// Declares id newtypes over the database's `i64` keys, so one kind of id cannot be passed as
/// another. Serde and sqlx see the bare number (the wire and the columns are unchanged);
/// `Display` and `FromStr` spell it as the number, as in URLs.
macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            /// The bare number.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    )+};
}

ids! {
    WorkspaceId;
    MemberId;
    BranchId;
    RegionId;
    ChannelId;
    CustomerId;
    ConversationId;
    MessageId;
    /// A row of a conversation's event log.
    EventId;
    NotificationId;
    TagId;
}

/// Milliseconds since the Unix epoch (UTC). Time is always passed into the domain, never read.
pub type Millis = i64;

/// Declares a string-backed enum with `as_str`, `parse` and `ALL`, so the database, the
/// wire and the tests spell each value the same way.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        /// Reading a stored value: the text must be one of the spellings above.
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                $name::parse(&text)
                    .ok_or_else(|| format!("{:?} is not a {}", text, stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// A member's role (PRODUCT.md, "Core objects").
    Role {
        Admin = "admin",
        Supervisor = "supervisor",
        CsManager = "cs_manager",
        Agent = "agent",
        SalesManager = "sales_manager",
        SalesRep = "sales_rep",
    }
);

string_enum!(
    /// What a notification tells a member (its payload is `notification::Payload`).
    /// `SnoozeOver`: a snoozed conversation's time came; `SnoozeReply`: its customer wrote (it
    /// is back in the owner's In progress either way).
    NotificationKind {
        Transfer = "transfer",
        Collaborator = "collaborator",
        SnoozeOver = "snooze_over",
        SnoozeReply = "snooze_reply",
    }
);

string_enum!(
    /// The stored status of a conversation.
    Status { Pending = "pending", InProgress = "in_progress", Closed = "closed" }
);

string_enum!(
    /// Who handles a pending conversation.
    Handler { Human = "human", Bot = "bot" }
);

string_enum!(
    /// The platform a channel is connected to.
    ChannelKind {
        WebChat = "web_chat",
        Messenger = "messenger",
        Line = "line",
        WhatsApp = "whatsapp",
        Instagram = "instagram",
    }
);

string_enum!(
    /// What a message is: from the customer, to the customer, an internal note, or a system line.
    MessageKind { Inbound = "inbound", Outbound = "outbound", Note = "note", System = "system" }
);

string_enum!(
    /// Delivery state of an outbound message.
    Delivery {
        Queued = "queued",
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
    }
);

string_enum!(
    /// What a customer sent besides text.
    MediaKind {
        Image = "image",
        Video = "video",
        Audio = "audio",
        File = "file",
        Sticker = "sticker",
        Location = "location",
        Contacts = "contacts",
        Other = "other",
    }
);

string_enum!(
    /// Where an attachment's bytes are: still to download, kept in the file store, not
    /// obtainable, or nothing to download (a location, contacts, a sticker).
    MediaState {
        Pending = "pending",
        Stored = "stored",
        Failed = "failed",
        None = "none",
    }
);

string_enum!(
    /// The UI language a member chose.
    Lang { ZhTw = "zh-TW", En = "en" }
);

#[allow(clippy::derivable_impls)] // the enum comes from string_enum!, which cannot derive Default
impl Default for Lang {
    fn default() -> Self {
        Lang::ZhTw
    }
}

/// The status of a conversation as the status machine sees it: pending carries its handler,
/// in progress carries its owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConvState {
    Pending(Handler),
    InProgress { owner: MemberId },
    Closed { last_owner: Option<MemberId> },
}

impl ConvState {
    pub fn status(self) -> Status {
        match self {
            ConvState::Pending(_) => Status::Pending,
            ConvState::InProgress { .. } => Status::InProgress,
            ConvState::Closed { .. } => Status::Closed,
        }
    }

    /// The owner column as stored: the current owner, or the last one of a closed conversation.
    pub fn owner(self) -> Option<MemberId> {
        match self {
            ConvState::Pending(_) => None,
            ConvState::InProgress { owner } => Some(owner),
            ConvState::Closed { last_owner } => last_owner,
        }
    }

    pub fn handler(self) -> Option<Handler> {
        match self {
            ConvState::Pending(h) => Some(h),
            _ => None,
        }
    }

    /// Rebuilds the state from its stored columns; `None` when they contradict each other.
    pub fn from_columns(
        status: Status,
        handler: Option<Handler>,
        owner: Option<MemberId>,
    ) -> Option<Self> {
        match (status, handler, owner) {
            (Status::Pending, Some(h), None) => Some(ConvState::Pending(h)),
            (Status::InProgress, None, Some(owner)) => Some(ConvState::InProgress { owner }),
            (Status::Closed, None, last_owner) => Some(ConvState::Closed { last_owner }),
            _ => None,
        }
    }
}

/// The first line of a message, shortened for a list row.
pub fn preview(body: &str) -> &str {
    let line = body.trim_start().lines().next().unwrap_or("");
    match line.char_indices().nth(120) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

/// The member acting, as the domain needs to know them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub member_id: MemberId,
    pub role: Role,
    pub branch_id: Option<BranchId>,
}

/// For other domain modules' string-backed enums.
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_one_short_line() {
        assert_eq!(preview("hello\nworld"), "hello");
        assert_eq!(preview("\n  好的 謝謝"), "好的 謝謝");
        assert_eq!(preview(&"字".repeat(200)).chars().count(), 120);
        assert_eq!(preview(""), "");
    }

    #[test]
    fn ids_are_bare_numbers_on_the_wire_and_in_urls() {
        let id = ConversationId(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ConversationId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<ConversationId>(), Ok(id));
        assert!("4x".parse::<ConversationId>().is_err());
        assert_eq!(i64::from(MemberId::from(7)), 7);
    }

    #[test]
    fn string_enums_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        for k in ChannelKind::ALL {
            assert_eq!(ChannelKind::parse(k.as_str()), Some(*k));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn state_columns_round_trip_and_reject_contradictions() {
        let states = [
            ConvState::Pending(Handler::Human),
            ConvState::Pending(Handler::Bot),
            ConvState::InProgress { owner: MemberId(7) },
            ConvState::Closed {
                last_owner: Some(MemberId(7)),
            },
            ConvState::Closed { last_owner: None },
        ];
        for s in states {
            assert_eq!(
                ConvState::from_columns(s.status(), s.handler(), s.owner()),
                Some(s)
            );
        }
        assert_eq!(ConvState::from_columns(Status::Pending, None, None), None);
        assert_eq!(
            ConvState::from_columns(Status::InProgress, None, None),
            None
        );
        assert_eq!(
            ConvState::from_columns(Status::Pending, Some(Handler::Human), Some(MemberId(3))),
            None
        );
    }
}
