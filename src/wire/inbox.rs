//! The inbox lists: rows, pages and the navigation.

use serde::{Deserialize, Serialize};

pub use crate::domain::sorting::{Cursor, Sort};
use crate::domain::view::View;
use crate::domain::{
    ChannelId, ChannelKind, ConversationId, CustomerId, Handler, MemberId, Millis, Status,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    pub id: ChannelId,
    pub kind: ChannelKind,
    pub name: String,
}

/// How many conversations each view holds, for the navigation badges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewCounts {
    pub pending_human: i64,
    pub pending_bot: i64,
    pub mine_open: i64,
    pub mine_snoozed: i64,
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
            View::MineSnoozed => self.mine_snoozed,
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
    /// Why a pending conversation is where it is (shown on hover).
    pub why: Option<crate::domain::bot::config::Why>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub rows: Vec<ConversationRow>,
    pub next: Option<Cursor>,
}

/// What the navigation shows: the channels to filter by and each view's count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavSummary {
    pub channels: Vec<ChannelInfo>,
    pub counts: ViewCounts,
    /// Notifications the member has not read yet.
    pub unread_notifications: i64,
}
