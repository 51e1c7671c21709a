//! Running a team (issue 15), as pure rules: who may manage which member, the last-admin
//! rule, a member as an admin edits them, regions, branches and tags as names, the
//! workspace's settings, and what the audit log records of each change.

use super::search::normalize;
use super::{BranchId, Lang, Millis, RegionId, Role};
use serde::{Deserialize, Serialize};

/// How long an invitation or a password reset link stays usable.
pub const LINK_TTL: Millis = 7 * 24 * 3600 * 1000;
/// The longest member, region, branch or workspace name.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest tag name (as the profile allows).
pub const MAX_TAG_CHARS: usize = super::profile::MAX_TAG_CHARS;
/// How many regions, branches or tags a workspace may have.
pub const MAX_REGIONS: usize = 200;
pub const MAX_BRANCHES: usize = 2000;
pub const MAX_TAGS: usize = 1000;
/// The workspace's clock: whole quarters of an hour between UTC−12 and UTC+14.
pub const MIN_OFFSET_MINUTES: i64 = -12 * 60;
pub const MAX_OFFSET_MINUTES: i64 = 14 * 60;
/// An uploaded picture (avatar or logo): at most this many bytes before decoding, at most
/// this many pixels decoded, and this many pixels square once resized.
pub const MAX_PICTURE_BYTES: u64 = 5 * 1024 * 1024;
pub const MAX_PICTURE_PIXELS: u64 = 40_000_000;
pub const AVATAR_SIDE: u32 = 256;

/// Why an edit of the team cannot be saved. Each names the field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamProblem {
    NameEmpty,
    NameTooLong,
    EmailInvalid,
    /// Another member (of any workspace: one login per address) has this email.
    EmailTaken,
    /// Sales managers and sales reps belong to a branch.
    BranchNeeded,
    BranchUnknown,
    RegionUnknown,
    /// Only an admin makes, changes or deactivates an admin.
    AdminsOnly,
    /// The workspace keeps at least one active admin.
    LastAdmin,
    /// Nobody deactivates themselves or changes their own role.
    NotYourself,
    /// Another region, branch or tag has this name (letter case and width aside).
    NameTaken,
    /// A region or branch with members, branches or conversations cannot be deleted.
    NotEmpty,
    /// A tag merged into itself.
    SameTag,
    TagColor,
    /// The workspace's clock is not a whole quarter hour between UTC−12 and UTC+14.
    Offset,
    /// More regions, branches or tags than a workspace may have.
    TooMany,
    /// A picture that is not a PNG, JPEG, GIF or WebP image, too big, or unreadable.
    Picture,
    /// A capacity outside 1 to `availability::MAX_CAPACITY`.
    Capacity,
}

impl TeamProblem {
    /// The form field the problem is about (empty: the form as a whole).
    pub fn field(self) -> &'static str {
        use TeamProblem as P;
        match self {
            P::NameEmpty | P::NameTooLong | P::NameTaken => "name",
            P::EmailInvalid | P::EmailTaken => "email",
            P::BranchNeeded | P::BranchUnknown => "branch",
            P::RegionUnknown => "region",
            P::AdminsOnly | P::LastAdmin | P::NotYourself => "role",
            P::SameTag => "into",
            P::TagColor => "color",
            P::Offset => "offset",
            P::Picture => "picture",
            P::Capacity => "capacity",
            P::NotEmpty | P::TooMany => "",
        }
    }
}

/// A trimmed name of at most [`MAX_NAME_CHARS`] (members, regions, branches, the workspace).
pub fn name(raw: &str) -> Result<String, TeamProblem> {
    bounded_name(raw, MAX_NAME_CHARS)
}

fn bounded_name(raw: &str, max: usize) -> Result<String, TeamProblem> {
    // A huge text is refused on its byte length before anything is counted.
    if raw.len() > max * 4 + 64 {
        return Err(TeamProblem::NameTooLong);
    }
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        Err(TeamProblem::NameEmpty)
    } else if t.chars().count() > max {
        Err(TeamProblem::NameTooLong)
    } else {
        Ok(t)
    }
}

/// The key two names compare by: letter case and width aside (`ＶＩＰ` = `vip`), spaces
/// collapsed. Regions, branches and tags are unique by it within a workspace.
pub fn name_key(name: &str) -> String {
    normalize(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A tag's name, trimmed, of at most [`MAX_TAG_CHARS`].
pub fn tag_name(raw: &str) -> Result<String, TeamProblem> {
    bounded_name(raw, MAX_TAG_CHARS)
}

/// The colours a tag may have (the chip's palette).
pub const TAG_COLORS: &[&str] = &[
    "slate", "red", "orange", "amber", "green", "teal", "sky", "indigo", "purple", "pink",
];

pub fn tag_color(raw: &str) -> Result<&'static str, TeamProblem> {
    TAG_COLORS
        .iter()
        .find(|c| **c == raw)
        .copied()
        .ok_or(TeamProblem::TagColor)
}

/// A member as an admin adds or edits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Derived from the branch when there is one.
    pub region: Option<RegionId>,
    pub branch: Option<BranchId>,
    pub lang: Lang,
    /// The most conversations they may have in progress before a follow-up or a transfer to
    /// them warns (none: no limit; `availability::MAX_CAPACITY` at most).
    #[serde(default)]
    pub capacity: Option<i64>,
}

/// Whether `role` belongs to a branch (its visibility is the branch's).
pub fn needs_branch(role: Role) -> bool {
    matches!(role, Role::SalesManager | Role::SalesRep)
}

/// `draft` checked on its own (names, the email's shape, a branch where the role needs one),
/// trimmed and with the email in lower case; that the branch exists and the email is free is
/// the store's to say.
pub fn check_member(draft: &MemberDraft) -> Result<MemberDraft, TeamProblem> {
    let name = name(&draft.name)?;
    if draft.email.len() > super::profile::MAX_EMAIL_CHARS * 4 {
        return Err(TeamProblem::EmailInvalid);
    }
    let email = super::profile::email(&draft.email)
        .ok()
        .flatten()
        .ok_or(TeamProblem::EmailInvalid)?
        .to_lowercase();
    if needs_branch(draft.role) && draft.branch.is_none() {
        return Err(TeamProblem::BranchNeeded);
    }
    let capacity =
        super::availability::capacity(draft.capacity).map_err(|_| TeamProblem::Capacity)?;
    Ok(MemberDraft {
        name,
        email,
        capacity,
        ..draft.clone()
    })
}

/// Whether a member of role `actor` may manage a member whose role is `target` (now) and
/// give them role `to`: an admin anyone; a supervisor anyone below admin, never making an
/// admin; nobody else.
pub fn may_manage(actor: Role, target: Role, to: Role) -> Result<(), TeamProblem> {
    match actor {
        Role::Admin => Ok(()),
        Role::Supervisor if target != Role::Admin && to != Role::Admin => Ok(()),
        Role::Supervisor => Err(TeamProblem::AdminsOnly),
        _ => Err(TeamProblem::AdminsOnly),
    }
}

/// Whether a member may manage members at all (the members page).
pub fn manages_members(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Supervisor)
}

/// Whether a change leaves the workspace without an active admin: `target` is an active admin
/// now, and after the change they are not (demoted or deactivated), and there is no other.
pub fn leaves_no_admin(
    target_active_admin: bool,
    stays_active_admin: bool,
    active_admins: i64,
) -> bool {
    target_active_admin && !stays_active_admin && active_admins <= 1
}

/// The workspace's clock, as an offset from UTC in minutes.
pub fn offset(minutes: i64) -> Result<i64, TeamProblem> {
    if (MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&minutes) && minutes % 15 == 0 {
        Ok(minutes)
    } else {
        Err(TeamProblem::Offset)
    }
}

/// "UTC+08:00" for 480.
pub fn offset_label(minutes: i64) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The workspace's settings as an admin edits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceDraft {
    pub name: String,
    pub utc_offset_minutes: i64,
    /// The language new members start in.
    pub default_lang: Lang,
}

pub fn check_workspace(draft: &WorkspaceDraft) -> Result<WorkspaceDraft, TeamProblem> {
    Ok(WorkspaceDraft {
        name: name(&draft.name)?,
        utc_offset_minutes: offset(draft.utc_offset_minutes)?,
        default_lang: draft.default_lang,
    })
}

/// What the audit log records: who changed which object, when, from what to what.
pub mod audit {
    use serde::{Deserialize, Serialize};

    crate::domain::model::string_enum! {
        /// The kind of object changed.
        ObjectKind {
            Member = "member",
            Region = "region",
            Branch = "branch",
            Tag = "tag",
            Channel = "channel",
            BotRule = "bot_rule",
            BotFlow = "bot_flow",
            BotSettings = "bot_settings",
            Workspace = "workspace",
            SavedReply = "saved_reply",
        }
    }

    crate::domain::model::string_enum! {
        /// What was done to it.
        Action {
            Created = "created",
            Changed = "changed",
            Deleted = "deleted",
            Invited = "invited",
            Deactivated = "deactivated",
            Reactivated = "reactivated",
            PasswordReset = "password_reset",
            Merged = "merged",
        }
    }

    /// One field's change; `None` where it had or has no value.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Change {
        pub field: String,
        pub from: Option<String>,
        pub to: Option<String>,
    }

    /// The changes between two versions of an object's fields, in the order given: fields
    /// whose values differ only.
    pub fn diff(fields: &[(&str, Option<String>, Option<String>)]) -> Vec<Change> {
        fields
            .iter()
            .filter(|(_, from, to)| from != to)
            .map(|(field, from, to)| Change {
                field: (*field).to_owned(),
                from: from.clone(),
                to: to.clone(),
            })
            .collect()
    }

    /// The most entries an audit page shows.
    pub const PAGE: i64 = 50;
}

#[cfg(test)]
mod tests;
