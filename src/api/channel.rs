//! The channel settings (admins and supervisors): the workspace's channels, connecting one,
//! enabling and disabling. Secrets go in with the form and never come back.

use crate::domain::ChannelId;
use crate::wire::{AppError, ChannelForm, ChannelView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The workspace's channels, oldest first, each with its webhook URL and only hints of its
/// secrets.
#[server(prefix = "/api", endpoint = "channels")]
pub async fn channels() -> Result<Vec<ChannelView>, AppError> {
    use crate::server::service::channel;
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(
        |m, store| async move { channel::list_for(&store, &m, &public_url).await },
    )
    .await
}

/// Connects a channel from the form: a refusal (a field missing or too long, the account
/// already connected) in the member's language, and nothing saved. Answers the new channel
/// with its webhook URL.
#[server(prefix = "/api", endpoint = "connect_channel", input = Json)]
pub async fn connect_channel(form: ChannelForm) -> Result<ChannelView, AppError> {
    use crate::server::{auth::now_millis, service::channel};
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        channel::connect_for(&store, &m, &form, &public_url, now_millis()).await
    })
    .await
}

/// Enables or disables a channel of the workspace. While disabled, its webhooks are answered
/// and kept, but not processed.
#[server(prefix = "/api", endpoint = "set_channel_enabled")]
pub async fn set_channel_enabled(id: ChannelId, enabled: bool) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::channel};
    super::ctx::for_member(|m, store| async move {
        channel::set_enabled_for(&store, &m, id, enabled, now_millis()).await
    })
    .await
}

/// Sets a channel's auto-close: after `hours` (none: off) without anyone writing in an answered
/// conversation in progress, it closes, after `message` when there is one.
#[server(prefix = "/api", endpoint = "set_auto_close")]
pub async fn set_auto_close(
    id: ChannelId,
    #[server(default)] hours: Option<i64>,
    #[server(default)] message: Option<String>,
) -> Result<ChannelView, AppError> {
    use crate::server::{auth::now_millis, service::auto_close};
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        auto_close::set(
            &store,
            &m,
            id,
            hours,
            message.as_deref(),
            &public_url,
            now_millis(),
        )
        .await
    })
    .await
}
