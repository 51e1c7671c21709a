//! The inbox lists and their navigation counts.

use crate::domain::{ChannelId, MemberId};
use crate::wire::{AppError, ConversationPage, NavSummary, Sort, View};
use leptos::prelude::*;

/// The channels to filter by, each view's count and the unread notifications.
#[server(prefix = "/api", endpoint = "inbox_nav")]
pub async fn inbox_nav(channel: Option<ChannelId>) -> Result<NavSummary, AppError> {
    use crate::server::service::inbox;
    super::ctx::for_member(|m, store| async move { inbox::nav(&store, &m, channel).await }).await
}

/// One page of a view in the order `sort` (none for the member's own: the one they last chose,
/// else the default), after
/// `after` (the `next` token of the previous page) when given.
#[server(prefix = "/api", endpoint = "conversations")]
pub async fn list_view(
    view: View,
    channel: Option<ChannelId>,
    sort: Option<Sort>,
    after: Option<String>,
    /// The Team views' member filter (other views ignore it).
    #[server(default)]
    member: Option<MemberId>,
) -> Result<ConversationPage, AppError> {
    use crate::server::{auth::now_millis, service::inbox};
    let filter = inbox::ListFilter {
        channel,
        owner: member,
    };
    super::ctx::for_member(|m, store| async move {
        let sort = sort.unwrap_or_else(|| m.list_sort());
        inbox::page(
            &store,
            &m,
            view,
            filter,
            sort,
            after.as_deref(),
            now_millis(),
        )
        .await
    })
    .await
}

/// Sets the member's status: online, away or offline (remembered for them).
#[server(prefix = "/api", endpoint = "set_presence")]
pub async fn set_presence(presence: crate::domain::availability::Presence) -> Result<(), AppError> {
    use crate::server::service::account;
    super::ctx::for_member(
        |m, store| async move { account::set_presence(&store, &m, presence).await },
    )
    .await
}

/// Switches the member's desktop notification and sound on or off (remembered for them).
#[server(prefix = "/api", endpoint = "set_alerts")]
pub async fn set_alerts(on: bool) -> Result<(), AppError> {
    use crate::server::service::account;
    super::ctx::for_member(|m, store| async move { account::set_alerts(&store, &m, on).await })
        .await
}

/// Remembers the order the member picked for their lists (`list_view` without a sort then uses
/// it, on every device and after signing in again).
/// Remembers whether Enter sends from the member's composer (else Ctrl+Enter does).
#[server(prefix = "/api", endpoint = "set_send_on_enter")]
pub async fn set_send_on_enter(on: bool) -> Result<(), AppError> {
    use crate::server::service::account;
    super::ctx::for_member(
        |m, store| async move { account::set_send_on_enter(&store, &m, on).await },
    )
    .await
}

#[server(prefix = "/api", endpoint = "set_list_sort")]
pub async fn set_list_sort(sort: Sort) -> Result<(), AppError> {
    use crate::server::service::account;
    super::ctx::for_member(|m, store| async move { account::set_list_sort(&store, &m, sort).await })
        .await
}
