//! Server functions: the UI's RPC surface. Signatures compile into both builds; bodies run
//! only on the server, where each one checks the session and acts only inside the member's
//! workspace.

pub mod account;
pub mod batch;
pub mod conversation;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod customer;
pub mod error;
pub mod inbox;
pub mod session;
pub mod team;
pub mod types;

pub use error::AppError;
