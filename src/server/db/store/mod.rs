//! The storage interface by area. Each trait is implemented by `engine::SqlStore` in the
//! engine file of the same area.

pub mod auth;
pub mod auto_close;
pub mod batch;
pub mod bot;
pub mod channel;
pub mod conversation;
pub mod customer;
pub mod import;
pub mod inbox;
pub mod live;
pub mod media;
pub mod members;
pub mod outbound;
pub mod reaction;
pub mod saved_replies;
pub mod search;
pub mod snooze;
pub mod structure;
pub mod team;
pub mod widget;
pub mod workspace;

/// Every area trait and [`super::Storage`], for callers of the store.
pub mod prelude {
    pub use super::auth::AuthStore;
    pub use super::auto_close::AutoCloseStore;
    pub use super::batch::BatchStore;
    pub use super::bot::BotStore;
    pub use super::channel::ChannelStore;
    pub use super::conversation::ConversationStore;
    pub use super::customer::CustomerStore;
    pub use super::import::ImportStore;
    pub use super::inbox::InboxStore;
    pub use super::live::LiveStore;
    pub use super::media::MediaStore;
    pub use super::members::MemberAdminStore;
    pub use super::outbound::OutboundStore;
    pub use super::reaction::ReactionStore;
    pub use super::saved_replies::SavedReplyStore;
    pub use super::search::SearchStore;
    pub use super::snooze::SnoozeStore;
    pub use super::structure::StructureStore;
    pub use super::team::TeamStore;
    pub use super::widget::WidgetStore;
    pub use super::workspace::WorkspaceStore;
    pub use crate::server::db::Storage;
}
