//! The audit log's writing side, shared by every change it records, and the lock that makes
//! an edit of the team's structure check what the one before it left.

use super::Db;
use crate::domain::team::audit::{Action, Change, ObjectKind};
use crate::domain::WorkspaceId;
use crate::server::db::{AuditBy, DbError, DbResult};
use sqlx::Transaction;

/// Locks the workspace's row for an edit of its team (members' roles, regions, branches,
/// tags, settings): such edits take turns.
pub(super) async fn lock_team(tx: &mut Transaction<'_, Db>, ws: WorkspaceId) -> DbResult<()> {
    bump(tx, ws, "team_version").await
}

/// Moves the workspace's counter `column` (`team_version`, `bot_version`), locking its row
/// until the transaction ends.
pub(super) async fn bump(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    column: &'static str,
) -> DbResult<()> {
    let sql = format!("update workspaces set {column} = {column} + 1 where id = $1");
    let done = sqlx::query(&sql).bind(ws).execute(&mut **tx).await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// What an audit line is about: its kind, id and name as they were then.
#[derive(Clone, Copy, Debug)]
pub(super) struct Object<'a> {
    kind: ObjectKind,
    id: Option<i64>,
    name: &'a str,
}

impl<'a> Object<'a> {
    pub(super) fn new(kind: ObjectKind, id: Option<i64>, name: &'a str) -> Self {
        Object { kind, id, name }
    }
}

/// Writes one line of the audit log inside the change's transaction; a change that changed
/// nothing writes none.
pub(super) async fn record(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    by: &AuditBy,
    object: Object<'_>,
    action: Action,
    changes: &[Change],
) -> DbResult<()> {
    if action == Action::Changed && changes.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into audit_log (workspace_id, at, actor_id, actor_name, object_kind, object_id,
             object_name, action, changes)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(ws)
    .bind(by.at)
    .bind(by.member)
    .bind(&by.name)
    .bind(object.kind.as_str())
    .bind(object.id)
    .bind(object.name)
    .bind(action.as_str())
    .bind(serde_json::to_string(changes).unwrap_or_else(|_| "[]".into()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Where a stored picture is served.
pub(super) fn picture_url(id: i64) -> String {
    format!("/pictures/{id}")
}

/// Deletes the stored picture an address names, when it is one of ours.
pub(super) async fn drop_picture(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    url: Option<&str>,
) -> DbResult<()> {
    let Some(id) = url
        .and_then(|u| u.strip_prefix("/pictures/"))
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return Ok(());
    };
    sqlx::query("delete from pictures where workspace_id = $1 and id = $2")
        .bind(ws)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
