//! What the server and the browser exchange: plain serde data compiled into both builds.
//! Server functions (`api`) answer with it, storage and the service produce it, the UI shows
//! it. No IO and no server-only types here.

pub mod admin;
pub mod bot;
pub mod channel;
pub mod conversation;
pub mod customer;
pub mod error;
pub mod inbox;
pub mod live;
pub mod search;
pub mod session;
pub mod team;
pub mod widget;

pub use crate::domain::view::View;
pub use admin::*;
pub use bot::*;
pub use channel::*;
pub use conversation::*;
pub use customer::*;
pub use error::AppError;
pub use inbox::*;
pub use live::*;
pub use search::*;
pub use session::*;
pub use team::*;
pub use widget::*;
