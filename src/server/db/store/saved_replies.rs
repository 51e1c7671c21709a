//! Saved replies (issue 16): the team's and each member's own. Whose a reply is (`owner`:
//! none for the team's) is part of every write's condition, so nobody edits another
//! member's, and the team's only through a caller that checked the role.

use super::super::*;
use crate::domain::saved_reply::{Choice, Draft, Problem};
use async_trait::async_trait;

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
    /// Deletes one of `owner`'s (none: the team's, with an audit line); whether it was there.
    async fn delete_saved_reply(
        &self,
        workspace: WorkspaceId,
        owner: Option<MemberId>,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<bool>;
    /// Counts one use of `id` by `member` (the team's or their own); whether it was theirs.
    async fn use_saved_reply(
        &self,
        workspace: WorkspaceId,
        member: MemberId,
        id: i64,
    ) -> DbResult<bool>;
}
