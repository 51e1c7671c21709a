//! The PostgreSQL engine, for teams that outgrow one machine: `DATABASE_URL=postgres://...`.
//! Reads and writes share one pool; concurrent writers are kept apart by the conditional
//! updates in the shared SQL, exactly as on SQLite.

use super::{DbResult, Engine};
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

pub type Db = sqlx::Postgres;

/// The shared SQL, compiled against `sqlx::Postgres` (see `super` for why it is included twice).
#[allow(clippy::duplicate_mod)]
#[path = "engine/mod.rs"]
mod engine;

/// What only PostgreSQL speaks; the shared SQL calls it as `super::dialect`.
#[path = "dialect/postgres.rs"]
mod dialect;
pub use engine::SqlStore;

/// Connects to `url`, creating the database if it does not exist, and applies the migrations
/// in `migrations/postgres`.
pub async fn open(url: &str) -> DbResult<SqlStore> {
    if !sqlx::Postgres::database_exists(url).await? {
        sqlx::Postgres::create_database(url).await?;
    }
    // Generic plans: every statement is prepared once per connection (sqlx caches them) and
    // planned once, not at each call. The list queries join five tables under `union all`, and
    // planning them afresh cost PostgreSQL more than running them (README, "Benchmark");
    // their plans are index range scans whatever the bound values.
    let options = PgConnectOptions::from_str(url)?
        .options([("plan_cache_mode", "force_generic_plan")])
        .statement_cache_capacity(1000);
    // No ping round trip before each statement: a broken connection fails its statement and
    // is replaced; idle connections are recycled before a server or proxy would drop them.
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .test_before_acquire(false)
        .idle_timeout(Duration::from_secs(300))
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(SqlStore::new(pool.clone(), pool, Engine::Postgres))
}
