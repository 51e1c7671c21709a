//! The SQL of the store, written once for both engines. This module is compiled twice, by
//! `sqlite.rs` and `postgres.rs`, each providing `super::Db` and `super::dialect` (the one
//! place for SQL only that engine speaks); nothing else here may use a feature only one
//! engine has. Each area file implements its trait of `db::store` for [`SqlStore`]; `rows`
//! holds the row helpers the areas share. The storage suite runs on both engines.

mod audit;
mod auth;
mod auto_close;
mod batch;
mod blacklist;
mod bot;
mod bulk;
mod channel;
mod conversation;
mod counts;
mod customer;
mod history;
mod import;
mod inbound;
mod inbox;
mod live;
mod media;
mod members;
mod outbound;
mod reaction;
mod rows;
mod saved_replies;
mod search;
mod snooze;
mod structure;
mod team;
mod widget;
mod workspace;

use crate::server::db::{DbResult, Engine, Storage};
use async_trait::async_trait;
use sqlx::Pool;

pub(crate) use super::Db;

pub struct SqlStore {
    /// Reads: many connections.
    read: Pool<Db>,
    /// Writes: one connection on SQLite (writers queue here), the same pool on PostgreSQL.
    write: Pool<Db>,
    engine: Engine,
    /// Each workspace's compiled bot, while current.
    bots: bot::BotCache,
}

impl SqlStore {
    pub fn new(read: Pool<Db>, write: Pool<Db>, engine: Engine) -> Self {
        SqlStore {
            read,
            write,
            engine,
            bots: bot::BotCache::default(),
        }
    }

    /// The writer pool, for tests and tools that need raw access (e.g. benchmark baselines).
    pub fn write_pool(&self) -> &Pool<Db> {
        &self.write
    }

    pub fn read_pool(&self) -> &Pool<Db> {
        &self.read
    }
}

#[async_trait]
impl Storage for SqlStore {
    fn engine(&self) -> Engine {
        self.engine
    }
    async fn ping(&self) -> DbResult<()> {
        sqlx::query("select 1").execute(&self.read).await?;
        Ok(())
    }
}

/// Parses a stored enum value, reporting the column when it holds something unknown.
fn parse<T>(column: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> DbResult<T> {
    parse(value).ok_or_else(|| crate::server::db::DbError::Corrupt(format!("{column} = {value:?}")))
}
