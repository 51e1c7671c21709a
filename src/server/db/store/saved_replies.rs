//! Saved replies (issue 16): the team's and each member's own. Whose a reply is (`owner`:
//! none for the team's) is part of every write's condition, so nobody edits another
//! member's, and the team's only through a caller that checked the role.

use super::super::*;
use crate::domain::saved_reply::{Choice, Draft, Problem};
use async_trait::async_trait;

/// A saved reply's file: where the file store keeps it, its name and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptFile {
    pub path: String,
    pub name: String,
    pub size: i64,
}

/// What a saved reply let go of: its file's path in the file store, if it had one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub file: Option<String>,
}

#[async_trait]
pub trait SavedReplyStore: Send + Sync {
    /// The saved replies `member` can use: the team's and their own.
    async fn saved_replies(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
    ) -> DbResult<Vec<Choice>>;
    /// Creates (`id` none) or changes one of `owner`'s (none: the team's) from a checked draft.
    /// Refused when its shortcut is taken (a personal one also by the team's) or there are
    /// too many; `None` when `id` is not one of `owner`'s. The team's write an audit line.
    async fn save_saved_reply(
        &self,
        workspace: WorkspaceId,
        owner: Option<MemberId>,
        id: Option<i64>,
        draft: &Draft,
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>>;
    /// Deletes one of `owner`'s (none: the team's, with an audit line); `None` when it was
    /// not there, else what it kept (its file's path, for the caller to remove).
    async fn delete_saved_reply(
        &self,
        workspace: WorkspaceId,
        owner: Option<MemberId>,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Option<Removed>>;
    /// Gives one of `owner`'s a file (kept already at `file.path`) or takes it away (`None`);
    /// `None` when it is not one of `owner`'s, else the file it had before (for the caller to
    /// remove). The team's write an audit line.
    async fn set_saved_reply_file(
        &self,
        workspace: WorkspaceId,
        owner: Option<MemberId>,
        id: i64,
        file: Option<&KeptFile>,
        by: &AuditBy,
    ) -> DbResult<Option<Removed>>;
    /// The file of a saved reply `member` can use (the team's or their own), if it has one.
    async fn saved_reply_file(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        id: i64,
    ) -> DbResult<Option<KeptFile>>;
    /// Counts one use of `id` by `member` (the team's or their own); whether it was theirs.
    async fn use_saved_reply(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        id: i64,
    ) -> DbResult<bool>;
}
