//! The inbox lists and their navigation counts.

use super::error::AppError;
use super::types::{ChannelInfo, ConversationPage, ViewCounts};
use crate::domain::ChannelId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the navigation shows: the channels to filter by and each view's count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavSummary {
    pub channels: Vec<ChannelInfo>,
    pub counts: ViewCounts,
    /// Notifications the member has not read yet.
    pub unread_notifications: i64,
}

/// Rows per page of a conversation list.
pub const PAGE_SIZE: i64 = 25;

#[server(prefix = "/api", endpoint = "inbox_nav")]
pub async fn inbox_nav(channel: Option<ChannelId>) -> Result<NavSummary, AppError> {
    use super::ctx;
    use crate::domain::permission::scope;
    use crate::server::db::CountQuery;
    let m = ctx::member().await?;
    let store = ctx::state()?.store;
    let q = CountQuery {
        workspace_id: m.workspace_id,
        me: m.member_id,
        scope: scope(&m.actor()),
        channel,
    };
    let (channels, counts, unread_notifications) = tokio::try_join!(
        store.channels(m.workspace_id),
        store.view_counts(&q),
        store.unread_notifications(m.workspace_id, m.member_id)
    )
    .map_err(|e| ctx::internal(m.lang, e))?;
    Ok(NavSummary {
        channels,
        counts,
        unread_notifications,
    })
}

/// One page of a view in the order `sort` (a `Sort` slug; none for the default), after
/// `after` (the `next` token of the previous page) when given.
#[server(prefix = "/api", endpoint = "conversations")]
pub async fn list_view(
    view: String,
    channel: Option<ChannelId>,
    sort: Option<String>,
    after: Option<String>,
) -> Result<ConversationPage, AppError> {
    use super::ctx;
    use super::types::{Cursor, Sort, View};
    use crate::domain::permission::scope;
    use crate::i18n::{t, Key};
    use crate::server::db::ListQuery;
    let m = ctx::member().await?;
    let Some(view) = View::from_slug(&view) else {
        return Err(AppError::NotFound(t(m.lang, Key::PageNotFound).into()));
    };
    let sort = match sort.as_deref() {
        None | Some("") => Sort::default(),
        Some(slug) => Sort::from_slug(slug).ok_or_else(|| AppError::Invalid {
            field: Some("sort".into()),
            message: t(m.lang, Key::BadListPosition).into(),
        })?,
    };
    let after = match after.as_deref() {
        None | Some("") => None,
        Some(token) => Some(
            Cursor::decode(token, sort).ok_or_else(|| AppError::Invalid {
                field: Some("after".into()),
                message: t(m.lang, Key::BadListPosition).into(),
            })?,
        ),
    };
    let q = ListQuery {
        workspace_id: m.workspace_id,
        me: m.member_id,
        scope: scope(&m.actor()),
        view,
        channel,
        sort,
        after,
        now: crate::server::auth::now_millis(),
        limit: PAGE_SIZE,
    };
    ctx::state()?
        .store
        .list_conversations(&q)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}
