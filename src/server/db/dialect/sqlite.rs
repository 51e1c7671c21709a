//! SQL only SQLite speaks: the one place the shared engine code (`engine/`) calls into for
//! what the engines do differently (statistics now; full-text search with FTS5 next).

use super::Db;
use crate::server::db::DbResult;
use sqlx::Pool;

/// Refreshes the planner's statistics after a bulk load, and lets SQLite apply what it
/// learned (`pragma optimize`).
pub async fn analyze(pool: &Pool<Db>) -> DbResult<()> {
    sqlx::query("analyze").execute(pool).await?;
    sqlx::query("pragma optimize").execute(pool).await?;
    Ok(())
}
