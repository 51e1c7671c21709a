//! SQL only PostgreSQL speaks: the one place the shared engine code (`engine/`) calls into for
//! what the engines do differently (statistics now; full-text search and queues claimed with
//! `for update skip locked` next).

use super::Db;
use crate::server::db::DbResult;
use sqlx::Pool;

/// Refreshes the planner's statistics after a bulk load (and the extended statistics of
/// `0003_list_indexes.sql`).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    sqlx::query("analyze").execute(pool).await?;
    Ok(())
}
