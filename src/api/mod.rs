//! Server functions: the browser's RPC surface and nothing else. Signatures compile into both
//! builds; each body runs only on the server as session → actor → one service call → answer
//! (`ctx::for_member`), acting only inside the member's workspace.

pub mod account;
pub mod batch;
pub mod bot;
pub mod channel;
pub mod conversation;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod customer;
pub mod inbox;
pub mod live;
pub mod members;
#[cfg(feature = "ssr")]
pub mod picture;
#[cfg(feature = "ssr")]
pub mod refusal;
pub mod saved_replies;
pub mod search;
pub mod session;
pub mod structure;
pub mod team;
#[cfg(feature = "ssr")]
pub mod upload;
pub mod widget;
pub mod workspace;
