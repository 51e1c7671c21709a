//! Writing a whole [`Dataset`]: its header (workspace, regions, branches, members, channels,
//! tags) row by row, then its customers and conversations through the multi-row inserts of
//! [`super::bulk`].

use super::bulk;
use super::rows::{at, opt};
use super::Db;
use crate::domain::{BranchId, ChannelId, MemberId, RegionId, WorkspaceId};
use crate::server::db::dataset;
use crate::server::db::dataset::Dataset;
use crate::server::db::{DbResult, WorkspaceIds};
use sqlx::{Pool, Transaction};

/// Writes `d` in one transaction and returns the new workspace's id.
pub async fn import(pool: &Pool<Db>, d: &Dataset) -> DbResult<WorkspaceId> {
    let mut tx = pool.begin().await?;
    let ids = header(&mut tx, d).await?;
    bulk::append(&mut tx, &ids, &d.customers, &d.conversations).await?;
    tx.commit().await?;
    Ok(ids.workspace_id)
}

/// Writes the header of `d` in its own transaction, for a workspace whose customers and
/// conversations follow in chunks ([`bulk::append`]). `d.customers` and `d.conversations` are
/// ignored.
pub async fn begin(pool: &Pool<Db>, d: &Dataset) -> DbResult<WorkspaceIds> {
    let mut tx = pool.begin().await?;
    let ids = header(&mut tx, d).await?;
    tx.commit().await?;
    Ok(ids)
}

/// The workspace row and everything its customers and conversations refer to, inside `tx`.
async fn header(tx: &mut Transaction<'_, Db>, d: &Dataset) -> DbResult<WorkspaceIds> {
    let ws: WorkspaceId = sqlx::query_scalar(
        "insert into workspaces (name, created_at) values ($1, $2) returning id",
    )
    .bind(&d.name)
    .bind(d.created_at)
    .fetch_one(&mut **tx)
    .await?;

    let mut regions = Vec::with_capacity(d.regions.len());
    for name in &d.regions {
        let id: RegionId = sqlx::query_scalar(
            "insert into regions (workspace_id, name) values ($1, $2) returning id",
        )
        .bind(ws)
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
        regions.push(id);
    }
    let mut branches = Vec::with_capacity(d.branches.len());
    for (region, name) in &d.branches {
        let id: BranchId = sqlx::query_scalar(
            "insert into branches (workspace_id, region_id, name) values ($1, $2, $3) returning id",
        )
        .bind(ws)
        .bind(at(&regions, *region)?)
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
        branches.push(id);
    }
    let mut members = Vec::with_capacity(d.members.len());
    for m in &d.members {
        let id: MemberId = sqlx::query_scalar(
            "insert into members (workspace_id, email, name, password_hash, role, region_id, branch_id, lang, active, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, true, $9) returning id",
        )
        .bind(ws)
        .bind(m.email.to_lowercase())
        .bind(&m.name)
        .bind(&m.password_hash)
        .bind(m.role.as_str())
        .bind(opt(&regions, m.region)?)
        .bind(opt(&branches, m.branch)?)
        .bind(m.lang.as_str())
        .bind(d.created_at)
        .fetch_one(&mut **tx)
        .await?;
        members.push(id);
    }
    let mut channels = Vec::with_capacity(d.channels.len());
    for c in &d.channels {
        let id: ChannelId = sqlx::query_scalar(
            "insert into channels (workspace_id, kind, name, external_id, branch_id, created_at)
             values ($1, $2, $3, $4, $5, $6) returning id",
        )
        .bind(ws)
        .bind(c.kind.as_str())
        .bind(&c.name)
        .bind(&c.external_id)
        .bind(opt(&branches, c.branch)?)
        .bind(d.created_at)
        .fetch_one(&mut **tx)
        .await?;
        channels.push(id);
    }
    let mut tags = Vec::with_capacity(d.tags.len());
    // Imported tags take the palette's colours in turn (grey, the default, left out).
    let palette = &crate::domain::team::TAG_COLORS[1..];
    for (i, name) in d.tags.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "insert into tags (workspace_id, name, name_key, color, created_at)
             values ($1, $2, $3, $4, $5) returning id",
        )
        .bind(ws)
        .bind(name)
        .bind(crate::domain::team::name_key(name))
        .bind(palette[i % palette.len()])
        .bind(d.created_at)
        .fetch_one(&mut **tx)
        .await?;
        tags.push(id);
    }
    Ok(WorkspaceIds {
        workspace_id: ws,
        branches,
        members,
        channels,
        tags,
    })
}

#[async_trait::async_trait]
impl crate::server::db::ImportStore for super::SqlStore {
    async fn has_workspace(&self) -> DbResult<bool> {
        let found: Option<WorkspaceId> = sqlx::query_scalar("select id from workspaces limit 1")
            .fetch_optional(&self.read)
            .await?;
        Ok(found.is_some())
    }

    async fn workspace_ids(&self) -> DbResult<Vec<WorkspaceId>> {
        Ok(sqlx::query_scalar("select id from workspaces order by id")
            .fetch_all(&self.read)
            .await?)
    }

    async fn import(&self, data: &Dataset) -> DbResult<WorkspaceId> {
        super::import::import(&self.write, data).await
    }

    async fn bulk_begin(&self, data: &Dataset) -> DbResult<WorkspaceIds> {
        super::import::begin(&self.write, data).await
    }

    async fn bulk_append(
        &self,
        workspace: &WorkspaceIds,
        customers: &[dataset::CustomerSeed],
        conversations: &[dataset::ConversationSeed],
    ) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        super::bulk::append(&mut tx, workspace, customers, conversations).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn analyze(&self) -> DbResult<()> {
        super::bulk::analyze(&self.write).await
    }
}
