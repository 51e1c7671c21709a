//! Running a team (issue 15): members, regions and branches, tags, the workspace's settings
//! and the audit log, as the admin pages show and send them.

use crate::domain::team::audit::{Action, Change, ObjectKind};
use crate::domain::{BranchId, Lang, MemberId, Millis, RegionId, Role, TagId};
use serde::{Deserialize, Serialize};

/// A member as the members page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub region: Option<(RegionId, String)>,
    pub branch: Option<(BranchId, String)>,
    pub lang: Lang,
    pub active: bool,
    /// Invited and not signed up yet (no password set).
    pub invited: bool,
    pub avatar_url: Option<String>,
    /// Conversations they have in progress (from the view counts).
    pub in_progress: i64,
    /// The most they may have in progress before a follow-up or transfer warns.
    pub capacity: Option<i64>,
}

/// A conversation a member has in progress, to hand over when they leave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedConversation {
    pub id: crate::domain::ConversationId,
    pub version: i64,
    pub customer: String,
    pub preview: String,
    pub last_message_at: Millis,
}

/// Which members to list: a name or email containing `text`, and any of the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFilter {
    pub text: String,
    pub role: Option<Role>,
    pub region: Option<RegionId>,
    pub branch: Option<BranchId>,
    pub active: Option<bool>,
    /// The page after this (name, id).
    pub after: Option<(String, MemberId)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberRow>,
    /// Where the next page starts, when there is one.
    pub next: Option<(String, MemberId)>,
    /// The language the workspace's new members start in (the invitation's default).
    pub default_lang: Lang,
}

/// A region with how many branches and members it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: RegionId,
    pub name: String,
    pub branches: i64,
    pub members: i64,
}

/// A branch with how many members it has, and whether conversations or channels are its.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchRow {
    pub id: BranchId,
    pub region_id: RegionId,
    pub name: String,
    pub members: i64,
    /// Conversations or channels belong to it (it cannot be deleted).
    pub in_use: bool,
}

/// The workspace's regions and branches, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    pub regions: Vec<RegionRow>,
    pub branches: Vec<BranchRow>,
}

/// A tag with how many customers carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRow {
    pub id: TagId,
    pub name: String,
    pub color: String,
    pub usage: i64,
}

/// The workspace's settings as the settings page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    pub name: String,
    pub utc_offset_minutes: i64,
    pub default_lang: Lang,
    pub logo_url: Option<String>,
}

/// A one-time link to set a password (an invitation or a reset), to hand over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordLink {
    pub member: MemberId,
    /// The path with its token (`/set-password?token=…`); the page puts its origin before it.
    pub path: String,
    pub expires_at: Millis,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: Millis,
    pub actor_id: Option<MemberId>,
    pub actor_name: String,
    pub object_kind: ObjectKind,
    pub object_name: String,
    pub action: Action,
    pub changes: Vec<Change>,
}

/// Which lines of the audit log: of a kind of object, by a member, before a line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub kind: Option<ObjectKind>,
    pub actor: Option<MemberId>,
    pub before: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The id to ask `before` for the next page, when there is one.
    pub next: Option<i64>,
}
