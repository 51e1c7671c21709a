//! The service layer: every use of the product, whoever asks (server functions, webhooks,
//! workers, the CLI). Each function loads the facts, decides with `crate::domain`, and writes
//! in one transaction; refusals come back as [`ServiceError`] data.

pub mod account;
pub mod auto_close;
pub mod batch;
pub mod blacklist;
pub mod bot;
pub mod channel;
pub mod conversation;
pub mod customer;
pub mod error;
pub mod inbox;
pub mod ingest;
pub mod media;
pub mod members;
pub mod outbound;
pub mod reply;
pub mod saved_replies;
pub mod search;
pub mod snooze;
pub mod structure;
pub mod team;
pub mod widget;
pub mod widget_admin;
pub mod workspace;

pub use error::{AccountRefused, Missing, ServiceError, ServiceResult};
