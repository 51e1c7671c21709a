//! Search (issue 13): what the search box and its filter panel send, and the results.

use super::ConversationRow;
use crate::domain::view::View;
use crate::domain::{
    BranchId, ChannelId, ChannelKind, ConversationId, MemberId, Millis, RegionId, Role, TagId,
};
use serde::{Deserialize, Serialize};

/// Which statuses to search (none picked: all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatusPick {
    PendingHuman,
    PendingBot,
    InProgress,
    Closed,
}

impl StatusPick {
    pub const ALL: [StatusPick; 4] = [
        StatusPick::PendingHuman,
        StatusPick::PendingBot,
        StatusPick::InProgress,
        StatusPick::Closed,
    ];

    /// The URL's spelling.
    pub fn slug(self) -> &'static str {
        match self {
            StatusPick::PendingHuman => "pending-human",
            StatusPick::PendingBot => "pending-bot",
            StatusPick::InProgress => "in-progress",
            StatusPick::Closed => "closed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<StatusPick> {
        StatusPick::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// A search: the text typed (free words, `"phrases"` and `field:` chips), and the filters.
/// Every part must match. Dates are the workspace's calendar days (`YYYY-MM-DD`), inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub text: String,
    /// Customer tags, all of which the customer must have.
    pub tags: Vec<TagId>,
    pub statuses: Vec<StatusPick>,
    pub channel: Option<ChannelId>,
    /// Member criteria: conversations owned (or last owned) by members matching all of these.
    pub roles: Vec<Role>,
    pub region: Option<RegionId>,
    pub branch: Option<BranchId>,
    pub member: Option<MemberId>,
    /// Also conversations the matching members collaborate on.
    pub with_collaborations: bool,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl SearchRequest {
    /// Whether the member criteria narrow anything.
    pub fn has_member_criteria(&self) -> bool {
        !self.roles.is_empty()
            || self.region.is_some()
            || self.branch.is_some()
            || self.member.is_some()
    }

    /// Whether there is anything to search by at all.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.tags.is_empty()
            && self.statuses.is_empty()
            && self.channel.is_none()
            && !self.has_member_criteria()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// Where the next page starts: after this conversation, newest activity first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchCursor {
    pub last_message_at: Millis,
    pub id: ConversationId,
}

/// What a result's excerpt was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExcerptSource {
    /// The customer's message.
    Inbound,
    /// A reply (the team's or the bot's).
    Outbound,
    /// An internal note.
    Note,
    Name,
    Phone,
    Email,
    /// The customer's note.
    CustomerNote,
    /// One of the customer's tags.
    Tag,
}

/// The text shown under a result, with the character ranges that matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchExcerpt {
    pub source: ExcerptSource,
    pub text: String,
    /// `[start, end)` in characters of `text`.
    pub marks: Vec<(u32, u32)>,
}

/// One result: the usual row, the view that lists it for the member, and what matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub row: ConversationRow,
    pub view: View,
    pub excerpt: Option<SearchExcerpt>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub next: Option<SearchCursor>,
}

/// What the filter panel offers: the workspace's tags, channels, regions, branches and members.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    pub tags: Vec<(TagId, String)>,
    pub channels: Vec<(ChannelId, ChannelKind, String)>,
    pub regions: Vec<(RegionId, String)>,
    /// Branch, its region, its name.
    pub branches: Vec<(BranchId, RegionId, String)>,
    /// Member, name, role, branch.
    pub members: Vec<(MemberId, String, Role, Option<BranchId>)>,
}
