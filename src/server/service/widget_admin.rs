//! The website chat widget on the channel settings page (issue 12): the form's sizes checked
//! at the edge, then `service::widget`, and its records as the page shows them (the public key
//! and snippet, never the identity secret, which is answered once when the widget is
//! connected).

use super::widget::{self, SettingsRefused, WidgetInput};
use super::ServiceError;
use crate::domain::input::{at_most, InputError};
use crate::domain::widget::{
    snippet, WidgetLook, MAX_DISPLAY_NAME_CHARS, MAX_GREETING_CHARS, MAX_ORIGINS,
};
use crate::domain::{ChannelId, ChannelKind, Millis};
use crate::server::db::{SessionMember, Store, WidgetRecord};
use crate::wire::{WidgetConnected, WidgetForm, WidgetView};

/// What a settings change answers: the widget, or why its settings were refused (nothing
/// saved).
pub type Answer<T> = Result<Result<T, SettingsRefused>, ServiceError>;

/// The longest allowed-sites text: 20 origins of up to 300 characters.
pub const MAX_ORIGINS_TEXT: usize = MAX_ORIGINS * 300;
/// The longest colour typed (`#rrggbb` with room for spaces).
pub const MAX_COLOUR: usize = 32;
/// The longest avatar address.
pub const MAX_AVATAR_URL: usize = 500;

/// The form as the service takes it, each text first bounded (a huge paste costs nothing).
fn input(form: &WidgetForm) -> Result<WidgetInput, InputError> {
    at_most("name", form.name.trim(), super::channel::MAX_NAME)?;
    at_most("origins", &form.origins, MAX_ORIGINS_TEXT)?;
    at_most("colour", form.colour.trim(), MAX_COLOUR)?;
    at_most("greeting", form.greeting.trim(), MAX_GREETING_CHARS)?;
    at_most(
        "display_name",
        form.display_name.trim(),
        MAX_DISPLAY_NAME_CHARS,
    )?;
    at_most("avatar_url", form.avatar_url.trim(), MAX_AVATAR_URL)?;
    Ok(WidgetInput {
        name: form.name.clone(),
        origins: form.origins.clone(),
        look: WidgetLook {
            colour: form.colour.clone(),
            greeting: form.greeting.clone(),
            display_name: form.display_name.clone(),
            avatar_url: Some(form.avatar_url.clone()).filter(|a| !a.trim().is_empty()),
            ask_contact: form.ask_contact,
        },
    })
}

/// A widget as the settings page shows it, its snippet for an inbox at `public_url`.
pub fn view_of(w: &WidgetRecord, public_url: &str) -> WidgetView {
    let key = w.channel.webhook_key.clone().unwrap_or_default();
    let look = &w.settings.look;
    WidgetView {
        channel: w.channel.id,
        name: w.channel.name.clone(),
        enabled: w.channel.enabled,
        snippet: snippet(public_url, &key),
        key,
        origins: w
            .settings
            .origins
            .iter()
            .map(|o| o.as_str().to_owned())
            .collect(),
        colour: look.colour.clone(),
        greeting: look.greeting.clone(),
        display_name: look.display_name.clone(),
        avatar_url: look.avatar_url.clone(),
        ask_contact: look.ask_contact,
    }
}

/// The workspace's widgets (its `web_chat` channels that have settings), oldest first
/// (members who manage channels).
pub async fn list_for(
    store: &Store,
    who: &SessionMember,
    public_url: &str,
) -> Result<Vec<WidgetView>, ServiceError> {
    super::channel::may_manage(who)?;
    let mut views = Vec::new();
    for c in store.channel_records(Some(who.workspace_id)).await? {
        if c.kind != ChannelKind::WebChat {
            continue;
        }
        match widget::settings_for(store, who, c.id).await {
            Ok(w) => views.push(view_of(&w, public_url)),
            Err(ServiceError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(views)
}

/// One widget of the workspace (members who manage channels).
pub async fn one_for(
    store: &Store,
    who: &SessionMember,
    channel: ChannelId,
    public_url: &str,
) -> Result<WidgetView, ServiceError> {
    let w = widget::settings_for(store, who, channel).await?;
    Ok(view_of(&w, public_url))
}

/// Connects a widget from the form: the role, the sizes, then its settings checked (nothing
/// saved on a refusal). Answers it with its identity secret, this once.
pub async fn connect_for(
    store: &Store,
    who: &SessionMember,
    form: &WidgetForm,
    public_url: &str,
    now: Millis,
) -> Answer<WidgetConnected> {
    super::channel::may_manage(who)?;
    let input = input(form)?;
    Ok(widget::connect_for(store, who, &input, now)
        .await?
        .map(|c| WidgetConnected {
            widget: view_of(&c.widget, public_url),
            identity_secret: c.identity_secret,
        }))
}

/// Changes a widget's sites and looks from the form (its name stays the channel's).
pub async fn update_for(
    store: &Store,
    who: &SessionMember,
    channel: ChannelId,
    form: &WidgetForm,
    public_url: &str,
    now: Millis,
) -> Answer<WidgetView> {
    super::channel::may_manage(who)?;
    let input = input(form)?;
    Ok(widget::update_for(store, who, channel, &input, now)
        .await?
        .map(|w| view_of(&w, public_url)))
}
