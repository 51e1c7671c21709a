//! What the service refuses, as data. `api` turns it into the member's language and an HTTP
//! status; webhooks, workers and the CLI read it as they need.

use super::channel::ConnectRefused;
use crate::domain::actions::ReplyRefused;
use crate::domain::batch::Refused;
use crate::domain::collaboration::CollabRefused;
use crate::domain::input::InputError;
use crate::domain::permission::Denied;
use crate::domain::profile::ProfileError;
use crate::domain::status::InvalidTransition;
use crate::domain::{ChannelKind, ConvState, Millis};
use crate::server::db::DbError;

/// What was looked for and is not there (or not in the caller's sight: the same answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Conversation,
    Member,
    Customer,
    /// The customer is not on the blacklist.
    BlockedCustomer,
    /// A platform channel of the workspace.
    Channel,
    /// A failed reply of the conversation, to send again.
    FailedReply,
    /// A keyword rule of the workspace's bot.
    BotRule,
    /// A flow of the workspace's bot.
    BotFlow,
    Region,
    Branch,
    Tag,
    /// A saved reply the member may use (or edit).
    SavedReply,
}

/// Account refusals: signing in, passwords, links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountRefused {
    BadCredentials,
    Inactive,
    WrongCurrentPassword,
    /// A link to set a password that is unknown, used or expired.
    LinkExpired,
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found: {0:?}")]
    NotFound(Missing),
    /// The role never allows it.
    #[error("not allowed")]
    NotAllowed,
    #[error("not permitted: {0:?}")]
    Denied(Denied),
    #[error("invalid transition: {0:?}")]
    Transition(InvalidTransition),
    /// Someone changed the conversation since the member saw it.
    #[error("changed by someone else")]
    Changed {
        now: ConvState,
        owner_name: Option<String>,
        version: i64,
    },
    #[error("collaborator change refused: {0:?}")]
    Collab(CollabRefused),
    #[error("reply refused: {0:?}")]
    Reply(ReplyRefused),
    #[error("bad input: {0:?}")]
    Input(InputError),
    #[error("bad profile: {0:?}")]
    Profile(ProfileError),
    #[error("batch refused: {0:?}")]
    Batch(Refused),
    /// The idempotency key was used before for another action.
    #[error("idempotency key reused for another action")]
    KeyReused,
    #[error("account: {0:?}")]
    Account(AccountRefused),
    /// An edit of the team (members, regions, branches, tags, settings) refused.
    #[error("team edit refused: {0:?}")]
    Team(crate::domain::team::TeamProblem),
    /// A saved reply refused; nothing was saved.
    #[error("saved reply refused: {0:?}")]
    SavedReply(crate::domain::saved_reply::Problem),
    /// A snooze or an auto-close rule refused; nothing was saved.
    #[error("snooze refused: {0:?}")]
    Snooze(crate::domain::snooze::Problem),
    /// Connecting a channel of this kind was refused; nothing was saved.
    #[error("channel not connected: {1}")]
    Channel(ChannelKind, ConnectRefused),
    /// Too many attempts: locked until then.
    #[error("too many attempts")]
    Locked { until: Millis },
    /// Too many expensive checks at once: try again in a moment.
    #[error("busy")]
    Busy,
    /// The member asked this too often in the last minute.
    #[error("too often")]
    TooOften,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

impl From<InputError> for ServiceError {
    fn from(e: InputError) -> Self {
        ServiceError::Input(e)
    }
}

impl ServiceError {
    /// "Someone changed it first", told as the conversation is now and who has it.
    pub fn changed(now: crate::server::db::ConvRecord) -> ServiceError {
        ServiceError::Changed {
            now: now.facts.state,
            owner_name: now.owner_name,
            version: now.version,
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
