//! The inbox lists and their navigation counts.

use crate::domain::ChannelId;
use crate::wire::{AppError, ConversationPage, NavSummary, Sort, View};
use leptos::prelude::*;

/// The channels to filter by, each view's count and the unread notifications.
#[server(prefix = "/api", endpoint = "inbox_nav")]
pub async fn inbox_nav(channel: Option<ChannelId>) -> Result<NavSummary, AppError> {
    use crate::server::service::inbox;
    super::ctx::for_member(|m, store| async move { inbox::nav(&store, &m, channel).await }).await
}

/// One page of a view in the order `sort` (none for the default), after
/// `after` (the `next` token of the previous page) when given.
#[server(prefix = "/api", endpoint = "conversations")]
pub async fn list_view(
    view: View,
    channel: Option<ChannelId>,
    sort: Option<Sort>,
    after: Option<String>,
) -> Result<ConversationPage, AppError> {
    use crate::server::{auth::now_millis, service::inbox};
    super::ctx::for_member(|m, store| async move {
        let sort = sort.unwrap_or_default();
        inbox::page(
            &store,
            &m,
            view,
            channel,
            sort,
            after.as_deref(),
            now_millis(),
        )
        .await
    })
    .await
}
