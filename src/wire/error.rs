//! The error every server function returns. Messages are already in the member's language
//! when they leave the server; internal causes are logged there and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No session, or it ended: sign in again.
    #[error("{0}")]
    Unauthenticated(String),
    /// Signed in, but the role or the conversation does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// Not there, or not in the member's workspace (the two look the same on purpose).
    #[error("{0}")]
    NotFound(String),
    /// Bad input; `field` names the form field when there is one.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    /// Someone else changed it first.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; try again later.
    #[error("{0}")]
    TooManyAttempts(String),
    /// The request is larger than the server accepts.
    #[error("{0}")]
    TooLarge(String),
    /// The server is busy with too many expensive checks at once; try again in a moment.
    #[error("{0}")]
    Unavailable(String),
    /// Our fault; the message carries a reference to the server log.
    #[error("{0}")]
    Internal(String),
    /// The request did not reach the server function (network, encoding).
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    /// The text to show a person.
    pub fn message(&self) -> &str {
        match self {
            AppError::Unauthenticated(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::TooManyAttempts(m)
            | AppError::TooLarge(m)
            | AppError::Unavailable(m)
            | AppError::Internal(m)
            | AppError::Transport(m) => m,
            AppError::Invalid { message, .. } => message,
        }
    }
}

impl AppError {
    /// The HTTP status the error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 400,
            AppError::Unauthenticated(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge(_) => 413,
            AppError::TooManyAttempts(_) => 429,
            AppError::Internal(_) | AppError::Transport(_) => 500,
            AppError::Unavailable(_) => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// What went wrong on the way, in the page's language (never a raw `TypeError`): the
    /// browser could not reach the server, or a request or answer could not be read.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        use crate::i18n::{t, Key};
        let lang = page_lang();
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Invalid {
                field: None,
                message: t(lang, Key::RequestUnreadable).to_owned(),
            },
            ServerFnErrorErr::Request(_) => {
                AppError::Transport(t(lang, Key::ServerUnreachable).to_owned())
            }
            _ => AppError::Transport(t(lang, Key::AnswerUnreadable).to_owned()),
        }
    }
}

/// The language the page is shown in (`<html lang>`, set from the member's choice); the
/// default language where there is no page (the server).
fn page_lang() -> crate::domain::Lang {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| crate::domain::Lang::parse(&lang))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        crate::domain::Lang::default()
    }
}
