//! Saved replies: the team's (`owner_id` null) and each member's own. `owner` 0 stands for the
//! team's in the conditions (`coalesce(owner_id, 0)`): member ids start at 1.

use super::audit::{record, Object};
use super::channel::unique_violation;
use super::{Db, SqlStore};
use crate::domain::saved_reply::{
    Choice, Draft, Problem, SavedFile, Scope, MAX_PERSONAL, MAX_TEAM,
};
use crate::domain::team::audit::{diff, Action, ObjectKind};
use crate::domain::{MemberId, WorkspaceId};
use crate::server::db::{AuditBy, DbError, DbResult, KeptFile, Removed};
use sqlx::Transaction;

fn owner_key(owner: Option<MemberId>) -> i64 {
    owner.map_or(0, |m| m.0)
}

/// A team reply's fields as the audit log shows them.
fn fields(d: Option<&Draft>) -> [(&'static str, Option<String>); 3] {
    [
        ("title", d.map(|d| d.title.clone())),
        ("shortcut", d.map(|d| format!("/{}", d.shortcut))),
        ("text", d.map(|d| d.text.clone())),
    ]
}

/// The audit line of a change of one of the team's replies (none for a member's own).
async fn audited(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    by: &AuditBy,
    id: i64,
    action: Action,
    before: Option<&Draft>,
    after: Option<&Draft>,
) -> DbResult<()> {
    let named = after.or(before).map_or("", |d| d.title.as_str());
    let changes: Vec<_> = fields(before)
        .into_iter()
        .zip(fields(after))
        .map(|((field, from), (_, to))| (field, from, to))
        .collect();
    let object = Object::new(ObjectKind::SavedReply, Some(id), named);
    record(tx, ws, by, object, action, &diff(&changes)).await
}

/// One of `owner`'s replies' file as it is now (its path and name), inside the transaction;
/// `None` when the reply is not one of `owner`'s.
async fn current_file(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    key: i64,
    id: i64,
) -> DbResult<Option<(String, Option<String>, Option<String>)>> {
    Ok(sqlx::query_as(
        "select title, file_path, file_name from saved_replies
         where workspace_id = $1 and id = $2 and coalesce(owner_id, 0) = $3",
    )
    .bind(ws)
    .bind(id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?)
}

/// One of `owner`'s replies as it is now, inside the transaction.
async fn current(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    key: i64,
    id: i64,
) -> DbResult<Option<Draft>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "select title, shortcut, body from saved_replies
         where workspace_id = $1 and id = $2 and coalesce(owner_id, 0) = $3",
    )
    .bind(ws)
    .bind(id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(title, shortcut, text)| Draft {
        title,
        shortcut,
        text,
    }))
}

#[async_trait::async_trait]
impl crate::server::db::SavedReplyStore for SqlStore {
    async fn saved_replies(&self, ws: WorkspaceId, member: MemberId) -> DbResult<Vec<Choice>> {
        type Row = (
            i64,
            Option<i64>,
            String,
            String,
            String,
            i64,
            Option<String>,
            Option<i64>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "select id, owner_id, title, shortcut, body, uses, file_name, file_size
             from saved_replies
             where workspace_id = $1 and (owner_id is null or owner_id = $2)
             order by uses desc, shortcut, id",
        )
        .bind(ws)
        .bind(member)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, owner, title, shortcut, text, uses, name, size)| Choice {
                    id,
                    scope: if owner.is_some() {
                        Scope::Personal
                    } else {
                        Scope::Team
                    },
                    title,
                    shortcut,
                    text,
                    uses,
                    file: name.zip(size).map(|(name, size)| SavedFile { name, size }),
                },
            )
            .collect())
    }

    async fn save_saved_reply(
        &self,
        ws: WorkspaceId,
        owner: Option<MemberId>,
        id: Option<i64>,
        d: &Draft,
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>> {
        let now = by.at;
        let key = owner_key(owner);
        let mut tx = self.write.begin().await?;
        let before = match id {
            Some(id) => match current(&mut tx, ws, key, id).await? {
                Some(d) => Some(d),
                None => return Ok(Ok(None)),
            },
            None => None,
        };
        // A personal shortcut may not hide one of the team's; the team's are unique among
        // themselves (the indexes say so too, for two saves at once).
        let taken: Option<i64> = sqlx::query_scalar(
            "select id from saved_replies
             where workspace_id = $1 and shortcut = $2 and id <> $3
               and (owner_id is null or coalesce(owner_id, 0) = $4)
             limit 1",
        )
        .bind(ws)
        .bind(&d.shortcut)
        .bind(id.unwrap_or(0))
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Ok(Err(Problem::ShortcutTaken));
        }
        let saved = match id {
            None => {
                let most = if owner.is_some() {
                    MAX_PERSONAL
                } else {
                    MAX_TEAM
                };
                let have: i64 = sqlx::query_scalar(
                    "select count(*) from saved_replies
                     where workspace_id = $1 and coalesce(owner_id, 0) = $2",
                )
                .bind(ws)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                if have >= most as i64 {
                    return Ok(Err(Problem::TooMany));
                }
                let made = sqlx::query_scalar(
                    "insert into saved_replies
                         (workspace_id, owner_id, title, shortcut, body, created_at, updated_at)
                     values ($1, $2, $3, $4, $5, $6, $6) returning id",
                )
                .bind(ws)
                .bind(owner)
                .bind(&d.title)
                .bind(&d.shortcut)
                .bind(&d.text)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(unique_violation);
                match made {
                    Ok(id) => {
                        if owner.is_none() {
                            audited(&mut tx, ws, by, id, Action::Created, None, Some(d)).await?;
                        }
                        Some(id)
                    }
                    Err(DbError::Duplicate) => return Ok(Err(Problem::ShortcutTaken)),
                    Err(e) => return Err(e),
                }
            }
            Some(id) => {
                let done = sqlx::query(
                    "update saved_replies set title = $4, shortcut = $5, body = $6, updated_at = $7
                     where workspace_id = $1 and id = $2 and coalesce(owner_id, 0) = $3",
                )
                .bind(ws)
                .bind(id)
                .bind(key)
                .bind(&d.title)
                .bind(&d.shortcut)
                .bind(&d.text)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(unique_violation);
                match done {
                    Ok(_) => {
                        if owner.is_none() {
                            let (b, a) = (before.as_ref(), Some(d));
                            audited(&mut tx, ws, by, id, Action::Changed, b, a).await?;
                        }
                        Some(id)
                    }
                    Err(DbError::Duplicate) => return Ok(Err(Problem::ShortcutTaken)),
                    Err(e) => return Err(e),
                }
            }
        };
        tx.commit().await?;
        Ok(Ok(saved))
    }

    async fn delete_saved_reply(
        &self,
        ws: WorkspaceId,
        owner: Option<MemberId>,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Option<Removed>> {
        let key = owner_key(owner);
        let mut tx = self.write.begin().await?;
        let Some(before) = current(&mut tx, ws, key, id).await? else {
            return Ok(None);
        };
        let file: Option<String> = sqlx::query_scalar(
            "delete from saved_replies
             where workspace_id = $1 and id = $2 and coalesce(owner_id, 0) = $3
             returning file_path",
        )
        .bind(ws)
        .bind(id)
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        if owner.is_none() {
            audited(&mut tx, ws, by, id, Action::Deleted, Some(&before), None).await?;
        }
        tx.commit().await?;
        Ok(Some(Removed { file }))
    }

    async fn set_saved_reply_file(
        &self,
        ws: WorkspaceId,
        owner: Option<MemberId>,
        id: i64,
        file: Option<&KeptFile>,
        by: &AuditBy,
    ) -> DbResult<Option<Removed>> {
        let key = owner_key(owner);
        let mut tx = self.write.begin().await?;
        let Some((title, old_path, old_name)) = current_file(&mut tx, ws, key, id).await? else {
            return Ok(None);
        };
        sqlx::query(
            "update saved_replies set file_path = $4, file_name = $5, file_size = $6,
                 updated_at = $7
             where workspace_id = $1 and id = $2 and coalesce(owner_id, 0) = $3",
        )
        .bind(ws)
        .bind(id)
        .bind(key)
        .bind(file.map(|f| f.path.as_str()))
        .bind(file.map(|f| f.name.as_str()))
        .bind(file.map(|f| f.size))
        .bind(by.at)
        .execute(&mut *tx)
        .await?;
        if owner.is_none() {
            let change = [("file", old_name, file.map(|f| f.name.clone()))];
            let object = Object::new(ObjectKind::SavedReply, Some(id), &title);
            record(&mut tx, ws, by, object, Action::Changed, &diff(&change)).await?;
        }
        tx.commit().await?;
        Ok(Some(Removed { file: old_path }))
    }

    async fn saved_reply_file(
        &self,
        ws: WorkspaceId,
        member: MemberId,
        id: i64,
    ) -> DbResult<Option<KeptFile>> {
        let row: Option<(Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
            "select file_path, file_name, file_size from saved_replies
             where workspace_id = $1 and id = $2 and (owner_id is null or owner_id = $3)",
        )
        .bind(ws)
        .bind(id)
        .bind(member)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.and_then(|(path, name, size)| {
            Some(KeptFile {
                path: path?,
                name: name?,
                size: size?,
            })
        }))
    }

    async fn use_saved_reply(&self, ws: WorkspaceId, member: MemberId, id: i64) -> DbResult<bool> {
        let done = sqlx::query(
            "update saved_replies set uses = uses + 1
             where workspace_id = $1 and id = $2 and (owner_id is null or owner_id = $3)",
        )
        .bind(ws)
        .bind(id)
        .bind(member)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
