//! Attachments: a worker downloads what customers send through the platform's content API
//! (WhatsApp media URL with the token, LINE content API, Meta attachment URLs) into the file
//! store, with a size cap and the bytes' type checked; members open them if they may see the
//! conversation.

use super::{Missing, ServiceError};
use crate::domain::media::{inline_type, MAX_MEDIA_BYTES};
use crate::domain::{ChannelKind, Millis};
use crate::server::channel::profile::{line_content, read_whatsapp_media, whatsapp_media};
use crate::server::db::{
    DbResult, MediaJob, MediaResult, MediaSource, SessionMember, Store, StoredFile,
};
use crate::server::platform::{DownloadError, Platforms};
use std::path::Path;

/// How long a claimed download is its worker's.
pub const LEASE: Millis = 120_000;
/// Downloads claimed at a time (each up to 25 MB in memory).
pub const BATCH: i64 = 4;

/// Claims pending downloads and fetches them; returns how many were handled.
pub async fn fetch_due(
    store: &Store,
    platforms: &Platforms,
    dir: &Path,
    now: Millis,
) -> DbResult<usize> {
    let jobs = store.claim_media(BATCH, now, LEASE).await?;
    for job in &jobs {
        let result = fetch_one(store, platforms, dir, job).await?;
        if let MediaResult::Retry { error } | MediaResult::Failed { error } = &result {
            tracing::info!(attachment = job.id, attempts = job.attempts, %error, "attachment not downloaded");
        }
        store.finish_media(job, &result).await?;
    }
    Ok(jobs.len())
}

/// Downloads one attachment into the store.
pub async fn fetch_one(
    store: &Store,
    platforms: &Platforms,
    dir: &Path,
    job: &MediaJob,
) -> DbResult<MediaResult> {
    let failed = |error: &str| {
        Ok(MediaResult::Failed {
            error: error.to_owned(),
        })
    };
    let Some(channel) = store.channel(job.workspace_id, job.channel_id).await? else {
        return failed("the channel no longer exists");
    };
    let token = channel.credentials.access_token.as_str();
    let (url, bearer) = match (&job.source, job.channel_kind) {
        (MediaSource::Url(url), _) => (url.clone(), None),
        (MediaSource::Platform(id), ChannelKind::WhatsApp) => {
            let req = whatsapp_media(&platforms.urls().meta_graph_version, token, id);
            let answer = match platforms
                .call(platforms.base(ChannelKind::WhatsApp, false), &req)
                .await
            {
                Ok(a) => a,
                Err(e) => {
                    return Ok(MediaResult::Retry {
                        error: e.to_string(),
                    })
                }
            };
            if answer.status == 429 || answer.status >= 500 {
                let error = format!("WhatsApp media lookup: HTTP {}", answer.status);
                return Ok(MediaResult::Retry { error });
            }
            let Some(info) = read_whatsapp_media(answer.status, &answer.body) else {
                return failed(&format!("WhatsApp media lookup: HTTP {}", answer.status));
            };
            if info.file_size.is_some_and(|n| n > MAX_MEDIA_BYTES) {
                return failed("larger than 25 MB");
            }
            (info.url, Some(token))
        }
        (MediaSource::Platform(id), ChannelKind::Line) => {
            let req = line_content(token, id);
            (
                format!("{}{}", platforms.base(ChannelKind::Line, true), req.path),
                Some(token),
            )
        }
        _ => return failed("nothing to download"),
    };
    let file = match platforms.download(&url, bearer, MAX_MEDIA_BYTES).await {
        Ok(f) => f,
        Err(DownloadError::TooBig) => return failed("larger than 25 MB"),
        Err(DownloadError::Refused(why)) => return failed(&why),
        Err(DownloadError::Later(why)) => return Ok(MediaResult::Retry { error: why }),
    };
    let inline = inline_type(&file.bytes);
    let size = file.bytes.len() as i64;
    let path = match crate::server::files::save(
        dir,
        job.workspace_id.get(),
        &job.id.to_string(),
        &file.bytes,
    )
    .await
    {
        Ok(p) => p,
        Err(e) => {
            return Ok(MediaResult::Retry {
                error: format!("file store: {e}"),
            })
        }
    };
    Ok(MediaResult::Stored {
        path,
        size,
        mime_type: inline
            .map(str::to_owned)
            .or(file.content_type.or(job.mime_type.clone())),
        inline: inline.is_some(),
    })
}

/// A stored attachment, for a member who may see its conversation (else "not found", like a
/// conversation they may not see).
pub async fn open_file(
    store: &Store,
    who: &SessionMember,
    id: i64,
) -> Result<StoredFile, ServiceError> {
    let file = store
        .stored_file(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    super::conversation::visible(store, who, file.conversation_id).await?;
    Ok(file)
}
