//! Connecting a platform channel: the fields each platform asks for, what a refusal is about,
//! and how much of a stored secret may ever be shown again. The words are in `i18n`.

use super::ChannelKind;
use serde::{Deserialize, Serialize};

/// A field of the form that connects a channel (and what a stored secret is).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChannelField {
    /// The name members see in the inbox.
    Name,
    /// The platform's id of the account: page id, Instagram account id, phone number id, LINE
    /// bot user id.
    AccountId,
    /// WhatsApp: the business account (WABA) id; LINE: the channel id.
    ExtraId,
    /// What webhooks are signed with: Meta's app secret, LINE's channel secret.
    Secret,
    /// What messages are sent with.
    AccessToken,
    /// Meta only: what the webhook handshake answers with.
    VerifyToken,
}

impl ChannelField {
    /// Whether the field is a secret: kept on the server, never sent back whole.
    pub fn is_secret(self) -> bool {
        matches!(
            self,
            ChannelField::Secret | ChannelField::AccessToken | ChannelField::VerifyToken
        )
    }

    /// The field's name in the form (and in a refusal's `AppError::Invalid { field }`).
    pub fn key(self) -> &'static str {
        match self {
            ChannelField::Name => "name",
            ChannelField::AccountId => "account_id",
            ChannelField::ExtraId => "extra_id",
            ChannelField::Secret => "secret",
            ChannelField::AccessToken => "access_token",
            ChannelField::VerifyToken => "verify_token",
        }
    }
}

/// The fields connecting `kind` asks for, in the form's order, each with whether it is
/// required. The widget is connected from its own settings: nothing here.
pub fn form_fields(kind: ChannelKind) -> &'static [(ChannelField, bool)] {
    use ChannelField::*;
    match kind {
        ChannelKind::Messenger | ChannelKind::Instagram => &[
            (Name, true),
            (AccountId, true),
            (AccessToken, true),
            (Secret, true),
            (VerifyToken, true),
        ],
        ChannelKind::WhatsApp => &[
            (Name, true),
            (AccountId, true),
            (ExtraId, false),
            (AccessToken, true),
            (Secret, true),
            (VerifyToken, true),
        ],
        ChannelKind::Line => &[
            (Name, true),
            (AccountId, true),
            (ExtraId, false),
            (Secret, true),
            (AccessToken, true),
        ],
        ChannelKind::WebChat => &[],
    }
}

/// Why connecting a channel was refused, as the member is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectProblem {
    /// The widget is connected from its own settings.
    WebChatNotHere,
    /// The field is required and empty, or longer than `max`.
    Field { field: ChannelField, max: usize },
    /// The platform account is connected already (here or in another workspace).
    AlreadyConnected,
}

/// A secret of fewer characters than this is shown only as "set": its last four would be too
/// much of it.
pub const HINT_MIN_CHARS: usize = 12;

/// What may be shown of a stored secret: whether it is set, and its last four characters when
/// it is long enough ([`HINT_MIN_CHARS`]). Never more.
pub fn secret_hint(value: &str) -> (bool, Option<String>) {
    let chars: Vec<char> = value.chars().collect();
    let last4 = (chars.len() >= HINT_MIN_CHARS).then(|| chars[chars.len() - 4..].iter().collect());
    (!value.is_empty(), last4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_asks_for_a_name_an_account_and_its_secrets() {
        for kind in ChannelKind::ALL {
            let fields = form_fields(*kind);
            if *kind == ChannelKind::WebChat {
                assert!(fields.is_empty());
                continue;
            }
            let required = |f| fields.contains(&(f, true));
            assert!(required(ChannelField::Name) && required(ChannelField::AccountId));
            assert!(required(ChannelField::Secret) && required(ChannelField::AccessToken));
            let meta = *kind != ChannelKind::Line;
            assert_eq!(required(ChannelField::VerifyToken), meta, "{kind}");
            let extra = matches!(kind, ChannelKind::WhatsApp | ChannelKind::Line);
            assert_eq!(fields.contains(&(ChannelField::ExtraId, false)), extra);
        }
    }

    #[test]
    fn a_secret_shows_at_most_its_last_four_characters() {
        assert_eq!(secret_hint(""), (false, None));
        assert_eq!(secret_hint("short-one"), (true, None));
        assert_eq!(secret_hint("abcdefgh1234"), (true, Some("1234".into())));
        assert_eq!(
            secret_hint("權杖權杖權杖權杖尾巴四字"),
            (true, Some("尾巴四字".into()))
        );
    }
}
