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

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
