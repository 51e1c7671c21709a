//! Domain rules as pure functions: no IO, no clock, no randomness. Compiled into both the
//! server and the browser build; the server decides with them, the UI uses them only to hide
//! what the server would refuse.

pub mod actions;
pub mod availability;
pub mod batch;
pub mod bot;
pub mod channel;
pub mod collaboration;
pub mod event;
pub mod initials;
pub mod input;
pub mod limits;
pub mod links;
pub mod live;
pub mod media;
pub mod model;
pub mod notification;
pub mod permission;
pub mod profile;
pub mod saved_reply;
pub mod search;
pub mod shortcuts;
pub mod snooze;
pub mod sorting;
pub mod status;
pub mod team;
pub mod view;
pub mod waiting;
pub mod widget;
pub mod window;

pub use model::*;
