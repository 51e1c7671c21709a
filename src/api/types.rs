//! Data the server sends to the browser: plain serde structs shared by both builds.

use crate::domain::{
    ChannelId, ChannelKind, ConversationId, CustomerId, Handler, Lang, MemberId, Millis, Role,
    Status, WorkspaceId,
};
use serde::{Deserialize, Serialize};

/// The signed-in member, as the UI needs to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub member_id: MemberId,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub lang: Lang,
    pub avatar_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    pub id: ChannelId,
    pub kind: ChannelKind,
    pub name: String,
}

/// The inbox views of the left navigation (PRODUCT.md, "The inbox views").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum View {
    PendingHuman,
    PendingBot,
    MineOpen,
    MineClosed,
    TeamOpen,
    TeamClosed,
    Closed,
}

impl View {
    pub const ALL: [View; 7] = [
        View::PendingHuman,
        View::PendingBot,
        View::MineOpen,
        View::MineClosed,
        View::TeamOpen,
        View::TeamClosed,
        View::Closed,
    ];

    /// The URL segment of the view, e.g. `/inbox/pending-human`.
    pub fn slug(self) -> &'static str {
        match self {
            View::PendingHuman => "pending-human",
            View::PendingBot => "pending-bot",
            View::MineOpen => "mine-open",
            View::MineClosed => "mine-closed",
            View::TeamOpen => "team-open",
            View::TeamClosed => "team-closed",
            View::Closed => "closed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

/// How many conversations each view holds, for the navigation badges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewCounts {
    pub pending_human: i64,
    pub pending_bot: i64,
    pub mine_open: i64,
    pub mine_closed: i64,
    pub team_open: i64,
    pub team_closed: i64,
    pub closed: i64,
}

impl ViewCounts {
    pub fn get(&self, view: View) -> i64 {
        match view {
            View::PendingHuman => self.pending_human,
            View::PendingBot => self.pending_bot,
            View::MineOpen => self.mine_open,
            View::MineClosed => self.mine_closed,
            View::TeamOpen => self.team_open,
            View::TeamClosed => self.team_closed,
            View::Closed => self.closed,
        }
    }
}

/// A member shown in a row's avatar stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberBadge {
    pub id: MemberId,
    pub name: String,
    pub avatar_url: Option<String>,
}

/// One row of a conversation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    pub id: ConversationId,
    /// The version the row shows: a batch sends it back, so a conversation someone changed
    /// since is reported rather than overwritten.
    pub version: i64,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_avatar_url: Option<String>,
    pub channel_id: ChannelId,
    pub channel_kind: ChannelKind,
    pub status: Status,
    pub handler: Option<Handler>,
    pub last_message_at: Millis,
    pub last_message_preview: String,
    pub waiting_since: Option<Millis>,
    pub unread: i64,
    /// Owner first, then collaborators; at most three.
    pub members: Vec<MemberBadge>,
}

pub use crate::domain::sorting::{Cursor, Sort};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub rows: Vec<ConversationRow>,
    pub next: Option<Cursor>,
}

/// One line of a conversation's thread: something written, or a system line from the event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadItem {
    Message {
        id: i64,
        kind: crate::domain::MessageKind,
        body: String,
        author_name: Option<String>,
        by_bot: bool,
        delivery: Option<crate::domain::Delivery>,
        created_at: Millis,
    },
    Event {
        id: i64,
        /// `crate::domain::status::Change::code`
        change: String,
        actor_name: Option<String>,
        to_owner_name: Option<String>,
        /// The member a collaborator change is about.
        subject_name: Option<String>,
        created_at: Millis,
    },
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
    pub collaborators: Vec<MemberBadge>,
    pub actions: Vec<crate::domain::permission::Action>,
    /// Why the member may not reply to the customer now (`None`: they may).
    pub reply_refused: Option<crate::domain::actions::ReplyRefused>,
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    /// Where older messages continue (`(created_at, id)` of the oldest shown), if there are any.
    pub older: Option<(Millis, i64)>,
}

/// An older stretch of a thread, loaded when the member scrolls up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    /// Oldest first.
    pub items: Vec<ThreadItem>,
    pub older: Option<(Millis, i64)>,
}

/// An active member, as the transfer dialog and the collaborator picker list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: MemberId,
    pub name: String,
    pub role: Role,
    pub avatar_url: Option<String>,
    pub branch_name: Option<String>,
}

/// Something a member must see, e.g. "陳志明 transferred 3 conversations to you".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    /// `transfer` or `collaborator`.
    pub kind: String,
    pub by_name: String,
    pub count: i64,
    pub conversations: Vec<ConversationId>,
    pub created_at: Millis,
    pub read: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    /// Newest first.
    pub items: Vec<Notification>,
    pub unread: i64,
}

/// One channel identity of a customer: who they are on that platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerIdentity {
    pub channel_id: ChannelId,
    pub channel_kind: ChannelKind,
    pub channel_name: String,
    /// The platform's id for the customer (PSID, LINE userId, WhatsApp number, visitor id).
    pub external_id: String,
    pub display_name: String,
}

/// A customer's profile as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub id: CustomerId,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    pub avatar_url: Option<String>,
    /// By name.
    pub tags: Vec<String>,
    /// Oldest first.
    pub identities: Vec<CustomerIdentity>,
    pub updated_at: Millis,
}

/// The profile panel of a conversation: its customer, the workspace's tags to pick from, and
/// whether the member may edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePanel {
    pub profile: CustomerProfile,
    /// Every tag of the workspace, by name.
    pub workspace_tags: Vec<String>,
    pub editable: bool,
}

/// A blacklisted customer, as the admin list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedCustomer {
    pub id: CustomerId,
    pub name: String,
    pub blocked_at: Millis,
    pub blocked_by: Option<String>,
    pub unsubscribed: bool,
}
