//! Platform channels as the settings page shows them, and the form that connects one. Secrets
//! travel only from the browser to the server: what comes back says whether each is set and at
//! most its last four characters.

use serde::{Deserialize, Serialize};

use crate::domain::channel::ChannelField;
use crate::domain::{ChannelId, ChannelKind, Millis};

/// Which secret a hint is about.
pub type SecretKind = ChannelField;

/// A stored secret, as much as may be shown of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretHint {
    pub which: SecretKind,
    pub set: bool,
    /// The last four characters ("1234", shown as "••••1234"), for a secret long enough
    /// (`domain::channel::HINT_MIN_CHARS`).
    pub last4: Option<String>,
}

/// A channel of the workspace on the settings page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: ChannelId,
    pub kind: ChannelKind,
    pub name: String,
    /// The platform's id of the account (page id, phone number id, LINE bot user id, …).
    pub account_id: String,
    /// WhatsApp's business account id, LINE's channel id (not secrets).
    pub extra_id: Option<String>,
    pub enabled: bool,
    /// The address to paste in the platform's console: the public URL and the channel's
    /// webhook path; none for the widget and channels made before webhooks.
    pub webhook_url: Option<String>,
    /// The secrets the platform needs, in the form's order.
    pub secrets: Vec<SecretHint>,
    pub last_event_at: Option<Millis>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Millis>,
    /// Closing quiet conversations by themselves (none: off).
    pub auto_close: Option<crate::domain::snooze::AutoClose>,
}

/// A channel to connect, as typed. Which fields count depends on the kind
/// (`domain::channel::form_fields`); the others are ignored.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelForm {
    pub kind: ChannelKind,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub account_id: String,
    /// Meta's app secret, LINE's channel secret.
    #[serde(default)]
    pub secret: String,
    #[serde(default)]
    pub access_token: String,
    #[serde(default)]
    pub verify_token: String,
    #[serde(default)]
    pub extra_id: String,
}

impl ChannelForm {
    /// The text typed in `field`.
    pub fn value(&self, field: ChannelField) -> &str {
        match field {
            ChannelField::Name => &self.name,
            ChannelField::AccountId => &self.account_id,
            ChannelField::ExtraId => &self.extra_id,
            ChannelField::Secret => &self.secret,
            ChannelField::AccessToken => &self.access_token,
            ChannelField::VerifyToken => &self.verify_token,
        }
    }

    /// The text of `field`, to fill in.
    pub fn value_mut(&mut self, field: ChannelField) -> &mut String {
        match field {
            ChannelField::Name => &mut self.name,
            ChannelField::AccountId => &mut self.account_id,
            ChannelField::ExtraId => &mut self.extra_id,
            ChannelField::Secret => &mut self.secret,
            ChannelField::AccessToken => &mut self.access_token,
            ChannelField::VerifyToken => &mut self.verify_token,
        }
    }
}

impl std::fmt::Debug for ChannelForm {
    /// Secrets never reach a log: only whether each is set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelForm")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("account_id", &self.account_id)
            .field("secret", &!self.secret.is_empty())
            .field("access_token", &!self.access_token.is_empty())
            .field("verify_token", &!self.verify_token.is_empty())
            .field("extra_id", &self.extra_id)
            .finish()
    }
}
