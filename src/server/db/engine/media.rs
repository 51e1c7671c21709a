//! Attachments (`store::media`): stored with their message by `conversation::receive`,
//! downloaded by a worker, opened by members.

use super::{parse, Db, SqlStore};
use crate::domain::{ChannelKind, MediaKind, MessageId, Millis, WorkspaceId};
use crate::server::db::store::media::{MediaJob, MediaResult, MediaStore, StoredFile};
use crate::server::db::{DbResult, MediaSource, NewAttachment, SentFile};
use crate::wire::AttachmentView;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Transaction};
use std::collections::HashMap;

/// After this many claims a download that keeps failing is given up.
const MAX_ATTEMPTS: i64 = 5;

/// Stores a message's attachments (in the message's transaction).
pub(super) async fn insert(
    tx: &mut Transaction<'_, Db>,
    workspace: WorkspaceId,
    message: MessageId,
    attachments: &[NewAttachment],
    now: Millis,
) -> DbResult<()> {
    for a in attachments {
        let (source, media_ref, state) = match &a.source {
            MediaSource::Url(u) => ("url", Some(u.as_str()), "pending"),
            MediaSource::Platform(id) => ("platform", Some(id.as_str()), "pending"),
            MediaSource::None => ("none", None, "none"),
            MediaSource::Stored { .. } => ("none", None, "stored"),
        };
        let (path, size, inline) = match &a.source {
            MediaSource::Stored { path, size, inline } => {
                (Some(path.as_str()), Some(*size), *inline)
            }
            _ => (None, None, false),
        };
        sqlx::query(
            "insert into attachments (workspace_id, message_id, kind, source, media_ref, mime_type,
                 file_name, caption, detail, state, created_at, stored_path, size, inline)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(workspace)
        .bind(message)
        .bind(a.kind.as_str())
        .bind(source)
        .bind(media_ref)
        .bind(&a.mime_type)
        .bind(&a.file_name)
        .bind(&a.caption)
        .bind(&a.detail)
        .bind(state)
        .bind(now)
        .bind(path)
        .bind(size)
        .bind(inline)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A file a member sends, with its reply (already in the file store).
pub(super) async fn insert_sent_file(
    tx: &mut sqlx::Transaction<'_, Db>,
    workspace: WorkspaceId,
    message: MessageId,
    f: &SentFile,
    now: Millis,
) -> DbResult<()> {
    sqlx::query(
        "insert into attachments (workspace_id, message_id, kind, source, mime_type, file_name,
             state, stored_path, size, inline, public_token, public_until, created_at)
         values ($1, $2, $3, 'none', $4, $5, 'stored', $6, $7, $8, $9, $10, $11)",
    )
    .bind(workspace)
    .bind(message)
    .bind(f.kind.as_str())
    .bind(&f.mime_type)
    .bind(&f.file_name)
    .bind(&f.path)
    .bind(f.size)
    .bind(f.inline)
    .bind(&f.public_token)
    .bind(f.public_until)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The attachments of these messages, in one query.
pub(super) async fn of_messages(
    pool: &sqlx::Pool<Db>,
    workspace: WorkspaceId,
    messages: &[MessageId],
) -> DbResult<HashMap<MessageId, Vec<AttachmentView>>> {
    let mut out: HashMap<MessageId, Vec<AttachmentView>> = HashMap::new();
    if messages.is_empty() {
        return Ok(out);
    }
    let mut qb = QueryBuilder::<Db>::new(
        "select id, message_id, kind, state, file_name, caption, detail, size, inline
         from attachments where workspace_id = ",
    );
    qb.push_bind(workspace).push(" and message_id in (");
    let mut list = qb.separated(", ");
    for m in messages {
        list.push_bind(*m);
    }
    qb.push(") order by message_id, id");
    for r in qb.build().fetch_all(pool).await? {
        let kind: String = r.try_get("kind")?;
        let state: String = r.try_get("state")?;
        out.entry(r.try_get("message_id")?)
            .or_default()
            .push(AttachmentView {
                id: r.try_get("id")?,
                kind: parse("attachments.kind", &kind, MediaKind::parse)?,
                state: parse(
                    "attachments.state",
                    &state,
                    crate::domain::MediaState::parse,
                )?,
                file_name: r.try_get("file_name")?,
                caption: r.try_get("caption")?,
                detail: r.try_get("detail")?,
                size: r.try_get("size")?,
                inline: r.try_get("inline")?,
            });
    }
    Ok(out)
}

#[async_trait]
impl MediaStore for SqlStore {
    async fn claim_media(&self, limit: i64, now: Millis, lease: Millis) -> DbResult<Vec<MediaJob>> {
        let rows = super::super::dialect::claim_media(&self.write, limit, now, lease).await?;
        let mut jobs = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let channel_kind: String = r.try_get("channel_kind")?;
            let source: String = r.try_get("source")?;
            let media_ref: Option<String> = r.try_get("media_ref")?;
            jobs.push(MediaJob {
                id: r.try_get("id")?,
                workspace_id: r.try_get("workspace_id")?,
                channel_id: r.try_get("channel_id")?,
                channel_kind: parse("channels.kind", &channel_kind, ChannelKind::parse)?,
                kind: parse("attachments.kind", &kind, MediaKind::parse)?,
                source: match (source.as_str(), media_ref) {
                    ("url", Some(u)) => MediaSource::Url(u),
                    ("platform", Some(id)) => MediaSource::Platform(id),
                    _ => MediaSource::None,
                },
                mime_type: r.try_get("mime_type")?,
                attempts: r.try_get("attempts")?,
            });
        }
        Ok(jobs)
    }

    async fn finish_media(&self, job: &MediaJob, result: &MediaResult) -> DbResult<()> {
        let (state, path, size, mime_type, inline, error) = match result {
            MediaResult::Stored {
                path,
                size,
                mime_type,
                inline,
            } => (
                "stored",
                Some(path),
                Some(*size),
                mime_type.as_ref(),
                *inline,
                None,
            ),
            MediaResult::Retry { error } if job.attempts < MAX_ATTEMPTS => {
                ("pending", None, None, None, false, Some(error))
            }
            MediaResult::Retry { error } | MediaResult::Failed { error } => {
                ("failed", None, None, None, false, Some(error))
            }
        };
        sqlx::query(
            "update attachments set state = $1, stored_path = $2, size = $3,
                 mime_type = coalesce($4, mime_type), inline = $5, error = $6
             where id = $7 and workspace_id = $8",
        )
        .bind(state)
        .bind(path)
        .bind(size)
        .bind(mime_type)
        .bind(inline)
        .bind(error)
        .bind(job.id)
        .bind(job.workspace_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn stored_file(&self, workspace: WorkspaceId, id: i64) -> DbResult<Option<StoredFile>> {
        let row = sqlx::query(
            "select m.conversation_id, a.stored_path, a.mime_type, a.file_name, a.inline, a.kind
             from attachments a
             join messages m on m.workspace_id = a.workspace_id and m.id = a.message_id
             where a.workspace_id = $1 and a.id = $2 and a.state = 'stored'",
        )
        .bind(workspace)
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(stored).transpose()
    }

    async fn public_file(&self, token: &str, now: Millis) -> DbResult<Option<StoredFile>> {
        let row = sqlx::query(
            "select m.conversation_id, a.stored_path, a.mime_type, a.file_name, a.inline, a.kind
             from attachments a
             join messages m on m.workspace_id = a.workspace_id and m.id = a.message_id
             where a.public_token = $1 and a.public_until > $2 and a.state = 'stored'",
        )
        .bind(token)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(stored).transpose()
    }
}

pub(super) fn stored(r: &<Db as sqlx::Database>::Row) -> DbResult<StoredFile> {
    let kind: String = r.try_get("kind")?;
    Ok(StoredFile {
        conversation_id: r.try_get("conversation_id")?,
        path: r.try_get("stored_path")?,
        mime_type: r.try_get("mime_type")?,
        file_name: r.try_get("file_name")?,
        inline: r.try_get("inline")?,
        kind: parse("attachments.kind", &kind, MediaKind::parse)?,
    })
}
