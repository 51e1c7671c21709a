//! The website chat widget as the channel settings page shows it, and the form that connects
//! or changes one. The identity secret comes back once, when the widget is connected, and
//! never again.

use serde::{Deserialize, Serialize};

use crate::domain::ChannelId;

/// A widget's settings as typed: the allowed sites one per line, and its looks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetForm {
    #[serde(default)]
    pub name: String,
    /// One website origin per line (`https://shop.example`).
    #[serde(default)]
    pub origins: String,
    /// `#rrggbb`.
    #[serde(default)]
    pub colour: String,
    #[serde(default)]
    pub greeting: String,
    #[serde(default)]
    pub display_name: String,
    /// Empty for none.
    #[serde(default)]
    pub avatar_url: String,
    /// Ask for a name and an email before the first message.
    #[serde(default)]
    pub ask_contact: bool,
}

/// A widget of the workspace: its public key, the snippet a site pastes, its settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetView {
    pub channel: ChannelId,
    pub name: String,
    pub enabled: bool,
    /// The public key (`wk_…`), in the snippet's `data-channel`.
    pub key: String,
    pub snippet: String,
    pub origins: Vec<String>,
    pub colour: String,
    pub greeting: String,
    pub display_name: String,
    pub avatar_url: Option<String>,
    pub ask_contact: bool,
}

impl WidgetView {
    /// The settings as the form shows them, to change.
    pub fn form(&self) -> WidgetForm {
        WidgetForm {
            name: self.name.clone(),
            origins: self.origins.join("\n"),
            colour: self.colour.clone(),
            greeting: self.greeting.clone(),
            display_name: self.display_name.clone(),
            avatar_url: self.avatar_url.clone().unwrap_or_default(),
            ask_contact: self.ask_contact,
        }
    }
}

/// A widget just connected, with its identity secret: shown this once, never stored in the
/// browser or sent again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetConnected {
    pub widget: WidgetView,
    pub identity_secret: String,
}

impl std::fmt::Debug for WidgetConnected {
    /// The secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WidgetConnected")
            .field("widget", &self.widget)
            .finish_non_exhaustive()
    }
}
