//! The website chat widget's settings (admins and supervisors): the workspace's widgets with
//! the snippet a site pastes, connecting one (its identity secret answered this once) and
//! changing its sites and looks. A refused setting comes back in the member's language naming
//! its field, and nothing is saved.

use crate::domain::ChannelId;
use crate::wire::{AppError, WidgetConnected, WidgetForm, WidgetView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A widget of the workspace, without its identity secret.
#[server(prefix = "/api", endpoint = "widget_settings")]
pub async fn widget_settings(channel: ChannelId) -> Result<WidgetView, AppError> {
    use crate::server::service::widget_admin;
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        widget_admin::one_for(&store, &m, channel, &public_url).await
    })
    .await
}

/// The workspace's widgets, oldest first.
#[server(prefix = "/api", endpoint = "widgets")]
pub async fn widgets() -> Result<Vec<WidgetView>, AppError> {
    use crate::server::service::widget_admin;
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        widget_admin::list_for(&store, &m, &public_url).await
    })
    .await
}

/// Connects a widget from the form. Answers it with its identity secret, shown this once.
#[server(prefix = "/api", endpoint = "connect_widget", input = Json)]
pub async fn connect_widget(form: WidgetForm) -> Result<WidgetConnected, AppError> {
    use crate::server::{auth::now_millis, service::widget_admin};
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let answer =
            widget_admin::connect_for(&store, &m, &form, &public_url, now_millis()).await?;
        Ok(answer.map_err(|r| super::refusal::widget_settings(lang, r)))
    })
    .await?
    .map_err(super::ctx::logged)
}

/// Changes a widget's allowed sites and looks (its name stays). Answers it as saved.
#[server(prefix = "/api", endpoint = "update_widget", input = Json)]
pub async fn update_widget(channel: ChannelId, form: WidgetForm) -> Result<WidgetView, AppError> {
    use crate::server::{auth::now_millis, service::widget_admin};
    let public_url = super::ctx::public_url()?;
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let answer =
            widget_admin::update_for(&store, &m, channel, &form, &public_url, now_millis()).await?;
        Ok(answer.map_err(|r| super::refusal::widget_settings(lang, r)))
    })
    .await?
    .map_err(super::ctx::logged)
}
