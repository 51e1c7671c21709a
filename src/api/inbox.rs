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
    let (channels, counts) =
        tokio::try_join!(store.channels(m.workspace_id), store.view_counts(&q))
            .map_err(|e| ctx::internal(m.lang, e))?;
    Ok(NavSummary { channels, counts })
}

/// One page of a view, after `after` (the last row of the previous page) when given.
#[server(prefix = "/api", endpoint = "conversations")]
pub async fn list_view(
    view: String,
    channel: Option<ChannelId>,
    after_at: Option<i64>,
    after_id: Option<i64>,
) -> Result<ConversationPage, AppError> {
    use super::ctx;
    use super::types::{Cursor, View};
    use crate::domain::permission::scope;
    use crate::server::db::ListQuery;
    let m = ctx::member().await?;
    let Some(view) = View::from_slug(&view) else {
        return Err(AppError::NotFound(
            crate::i18n::t(m.lang, crate::i18n::Key::PageNotFound).into(),
        ));
    };
    let after = after_at.zip(after_id).map(|(last_message_at, id)| Cursor {
        last_message_at,
        id,
    });
    let q = ListQuery {
        workspace_id: m.workspace_id,
        me: m.member_id,
        scope: scope(&m.actor()),
        view,
        channel,
        after,
        limit: PAGE_SIZE,
    };
    ctx::state()?
        .store
        .list_conversations(&q)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}
