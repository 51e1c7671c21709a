//! The workspace's settings and logo, stored pictures and reading the audit log
//! (`store::workspace`).

use super::audit::{drop_picture, lock_team, picture_url, record, Object};
use super::{parse, Db, SqlStore};
use crate::domain::team::audit::{diff, Action, Change, ObjectKind};
use crate::domain::team::{offset_label, WorkspaceDraft};
use crate::domain::{Lang, MemberId, WorkspaceId};
use crate::server::db::{AuditBy, DbError, DbResult};
use crate::wire::{AuditFilter, AuditPage, AuditRow, WorkspaceSettings};
use sqlx::{Row, Transaction};

async fn settings_in<'e, E>(ex: E, ws: WorkspaceId) -> DbResult<WorkspaceSettings>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let row = sqlx::query(
        "select name, utc_offset_minutes, default_lang, logo_url from workspaces where id = $1",
    )
    .bind(ws)
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound)?;
    let lang: String = row.try_get("default_lang")?;
    Ok(WorkspaceSettings {
        name: row.try_get("name")?,
        utc_offset_minutes: row.try_get("utc_offset_minutes")?,
        default_lang: parse("workspaces.default_lang", &lang, Lang::parse)?,
        logo_url: row.try_get("logo_url")?,
    })
}

fn some(t: &str) -> Option<String> {
    Some(t.to_owned())
}

async fn logo(tx: &mut Transaction<'_, Db>, ws: WorkspaceId) -> DbResult<Option<String>> {
    sqlx::query_scalar::<_, Option<String>>("select logo_url from workspaces where id = $1")
        .bind(ws)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(DbError::NotFound)
}

#[async_trait::async_trait]
impl crate::server::db::WorkspaceStore for SqlStore {
    async fn workspace_settings(&self, ws: WorkspaceId) -> DbResult<WorkspaceSettings> {
        settings_in(&self.read, ws).await
    }

    async fn save_workspace(
        &self,
        ws: WorkspaceId,
        d: &WorkspaceDraft,
        by: &AuditBy,
    ) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let before = settings_in(&mut *tx, ws).await?;
        sqlx::query(
            "update workspaces set name = $2, utc_offset_minutes = $3, default_lang = $4
             where id = $1",
        )
        .bind(ws)
        .bind(&d.name)
        .bind(d.utc_offset_minutes)
        .bind(d.default_lang.as_str())
        .execute(&mut *tx)
        .await?;
        let change = diff(&[
            ("name", some(&before.name), some(&d.name)),
            (
                "time_zone",
                Some(offset_label(before.utc_offset_minutes)),
                Some(offset_label(d.utc_offset_minutes)),
            ),
            (
                "default_lang",
                some(before.default_lang.as_str()),
                some(d.default_lang.as_str()),
            ),
        ]);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Workspace, Some(ws.get()), &d.name),
            Action::Changed,
            &change,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_logo(&self, ws: WorkspaceId, picture: Option<i64>, by: &AuditBy) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let before = logo(&mut tx, ws).await?;
        let after = picture.map(picture_url);
        sqlx::query("update workspaces set logo_url = $2 where id = $1")
            .bind(ws)
            .bind(&after)
            .execute(&mut *tx)
            .await?;
        drop_picture(&mut tx, ws, before.as_deref()).await?;
        let name: String = sqlx::query_scalar("select name from workspaces where id = $1")
            .bind(ws)
            .fetch_one(&mut *tx)
            .await?;
        let change = diff(&[("logo", before, after)]);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Workspace, Some(ws.get()), &name),
            Action::Changed,
            &change,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn put_picture(
        &self,
        ws: WorkspaceId,
        mime_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> DbResult<i64> {
        Ok(sqlx::query_scalar(
            "insert into pictures (workspace_id, mime_type, bytes, created_at)
             values ($1, $2, $3, $4) returning id",
        )
        .bind(ws)
        .bind(mime_type)
        .bind(bytes)
        .bind(now)
        .fetch_one(&self.write)
        .await?)
    }

    async fn picture(&self, ws: WorkspaceId, id: i64) -> DbResult<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "select mime_type, bytes from pictures where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(id)
        .fetch_optional(&self.read)
        .await?)
    }

    async fn audit(&self, ws: WorkspaceId, f: &AuditFilter, limit: i64) -> DbResult<AuditPage> {
        let rows = sqlx::query(
            "select id, at, actor_id, actor_name, object_kind, object_name, action, changes
             from audit_log
             where workspace_id = $1
               and (cast($2 as text) is null or object_kind = $2)
               and (cast($3 as bigint) is null or actor_id = $3)
               and (cast($4 as bigint) is null or id < $4)
             order by id desc limit $5",
        )
        .bind(ws)
        .bind(f.kind.map(ObjectKind::as_str))
        .bind(f.actor)
        .bind(f.before)
        .bind(limit + 1)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = r.try_get("object_kind")?;
            let action: String = r.try_get("action")?;
            let changes: String = r.try_get("changes")?;
            out.push(AuditRow {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_id: r.try_get::<Option<MemberId>, _>("actor_id")?,
                actor_name: r.try_get("actor_name")?,
                object_kind: parse("audit_log.object_kind", &kind, ObjectKind::parse)?,
                object_name: r.try_get("object_name")?,
                action: parse("audit_log.action", &action, Action::parse)?,
                changes: serde_json::from_str::<Vec<Change>>(&changes)
                    .map_err(|e| DbError::Corrupt(format!("audit_log.changes: {e}")))?,
            });
        }
        let next = if out.len() as i64 > limit {
            out.truncate(limit as usize);
            out.last().map(|r| r.id)
        } else {
            None
        };
        Ok(AuditPage { rows: out, next })
    }
}
