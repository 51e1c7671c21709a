//! The SQLite engine: the embedded default. One file, WAL journal, foreign keys on, and a busy
//! timeout. Writes go through a pool of exactly one connection, so writers queue in the pool
//! instead of failing with "database is locked"; readers use their own pool and, under WAL,
//! never wait for the writer.

use super::{DbResult, Engine};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::{str::FromStr, time::Duration};

pub type Db = sqlx::Sqlite;

/// The shared SQL, compiled against `sqlx::Sqlite` (see `super` for why it is included twice).
#[allow(clippy::duplicate_mod)]
#[path = "engine/mod.rs"]
mod engine;

/// What only SQLite speaks; the shared SQL calls it as `super::dialect`.
#[path = "dialect/sqlite.rs"]
mod dialect;
pub use engine::SqlStore;

/// Opens `url` (`sqlite:path`, `sqlite://path` or a bare path), creating the file and its
/// folder if needed, and applies the migrations in `migrations/sqlite`.
pub async fn open(url: &str) -> DbResult<SqlStore> {
    let options = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    let path = options.get_filename().to_path_buf();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory");
    // No ping before handing out a connection: a local file does not drop connections, and
    // the ping cost a thread hand-off per statement. (sqlx 0.8 still pings once on release.)
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(60))
        .connect_with(options.clone())
        .await?;
    sqlx::migrate!("migrations/sqlite").run(&write).await?;
    let read = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    Ok(SqlStore::new(read, write, Engine::Sqlite))
}
