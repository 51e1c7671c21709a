//! Attachments: the downloads a worker claims, and the stored files members open.

use super::super::*;
use crate::domain::{ChannelKind, MediaKind};
use async_trait::async_trait;

/// An attachment to download, claimed by a worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaJob {
    pub id: i64,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub channel_kind: ChannelKind,
    pub kind: MediaKind,
    pub source: MediaSource,
    pub mime_type: Option<String>,
    /// Claims so far, this one included.
    pub attempts: i64,
}

/// What became of a download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaResult {
    /// Kept at `path` (relative to the file store).
    Stored {
        path: String,
        size: i64,
        mime_type: Option<String>,
        inline: bool,
    },
    /// Try again after the lease (or give up after a few tries).
    Retry { error: String },
    /// Not obtainable (too big, gone, refused).
    Failed { error: String },
}

/// A stored attachment and the conversation it belongs to (for the visibility check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub conversation_id: ConversationId,
    pub path: String,
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    pub inline: bool,
    pub kind: MediaKind,
}

#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Claims up to `limit` pending downloads for `lease` ms.
    async fn claim_media(&self, limit: i64, now: Millis, lease: Millis) -> DbResult<Vec<MediaJob>>;

    /// Records what became of a download.
    async fn finish_media(&self, job: &MediaJob, result: &MediaResult) -> DbResult<()>;

    /// A stored attachment of the workspace.
    async fn stored_file(&self, workspace: WorkspaceId, id: i64) -> DbResult<Option<StoredFile>>;

    /// A file a member sent, by its public token, while it is public (the platforms fetch it
    /// without a session).
    async fn public_file(&self, token: &str, now: Millis) -> DbResult<Option<StoredFile>>;
}
