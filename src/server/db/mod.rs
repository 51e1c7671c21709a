//! Storage: one interface ([`Storage`]) over two engines. SQLite is the embedded default,
//! PostgreSQL is chosen by a `postgres://` `DATABASE_URL`.
//!
//! The SQL lives once, in `engine.rs`, written in the dialect both engines accept (`$n`
//! placeholders, `returning`, `on conflict`, times as BIGINT milliseconds). `sqlite.rs` and
//! `postgres.rs` each compile that file against their own sqlx driver, so both engines run the
//! same statements through native drivers, and the storage test suite runs against both.
//! Storage returns data and never decides: the service layer decides with `crate::domain`.

pub mod dataset;
pub mod postgres;
pub mod sqlite;
pub mod store;
pub mod types;

use async_trait::async_trait;
use std::sync::Arc;

pub use dataset::Dataset;
pub use store::auto_close::QuietConversation;
pub use store::bot::BotParts;
pub use store::channel::{
    BodyOutcome, ChannelRecord, Credentials, InboundBody, NewChannel, Receipt,
};
pub use store::live::{LiveEvent, LiveFacts, LiveListener, LiveTopic, LiveWake};
pub use store::media::{MediaJob, MediaResult, StoredFile};
pub use store::members::{MayManage, NewMember};
pub use store::outbound::{OutboundJob, Reach, SendResult};
pub use store::prelude::*;
pub use store::saved_replies::{KeptFile, Removed};
pub use store::search::{CustomerFields, MemberCriteria, SearchQuery, SearchRows};
pub use store::snooze::DueSnooze;
pub use store::widget::{
    NewVisitor, Visitor, WidgetFrom, WidgetMessageRow, WidgetPage, WidgetRecord, WidgetSettings,
};
pub use types::*;
pub use types::{MediaSource, NewAttachment};

use crate::domain::profile::ProfileEdit;
use crate::domain::sorting::Sort;
use crate::domain::{
    ChannelId, ConversationId, CustomerId, Handler, Lang, MemberId, MessageId, Millis,
    NotificationId, WorkspaceId,
};
use crate::wire::{
    ChannelInfo, ConversationDetail, ConversationPage, CustomerProfile, MemberBadge, Notifications,
    TeamMember, ThreadPage, ViewCounts,
};

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    /// A conditional write found the facts it was decided on changed; nothing was written.
    #[error("changed since it was read")]
    Stale,
    /// A unique key already taken (a platform account connected twice, say); nothing written.
    #[error("already exists")]
    Duplicate,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

pub type DbResult<T> = Result<T, DbError>;

/// Everything the application asks of its database, one trait per area (`store/`), which
/// the one SQL implementation (`engine/`, compiled for each engine) implements area by area.
/// Every method that touches tenant data takes the workspace id and filters by it; callers
/// pass the session's workspace, never an id from the client. Callers bring the area traits
/// into scope with `use crate::server::db::prelude::*`.
#[async_trait]
pub trait Storage:
    ImportStore
    + AuthStore
    + InboxStore
    + ConversationStore
    + BatchStore
    + BotStore
    + TeamStore
    + CustomerStore
    + ChannelStore
    + OutboundStore
    + MediaStore
    + ReactionStore
    + LiveStore
    + SearchStore
    + WidgetStore
    + MemberAdminStore
    + StructureStore
    + WorkspaceStore
    + SavedReplyStore
    + AutoCloseStore
    + SnoozeStore
    + Send
    + Sync
    + 'static
{
    fn engine(&self) -> Engine;

    /// A trivial round trip, for `/healthz`.
    async fn ping(&self) -> DbResult<()>;
}

/// The store shared by the whole server.
pub type Store = Arc<dyn Storage>;

/// Opens (creating if needed) and migrates the database named by `url`: `sqlite:` or a file
/// path for SQLite, `postgres://` for PostgreSQL.
pub async fn connect(url: &str) -> DbResult<Store> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::open(url).await?))
    } else {
        Ok(Arc::new(sqlite::open(url).await?))
    }
}
