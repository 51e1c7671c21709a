//! Regions, branches and tags as admins edit them (`store::structure`). Names are unique by
//! `domain::team::name_key` within the workspace: regions and branches checked with the
//! team's lock held, tags also by their unique key (the profile creates tags too).

use super::audit::{lock_team, record, Object};
use super::{Db, SqlStore};
use crate::domain::team::audit::{diff, Action, Change, ObjectKind};
use crate::domain::team::{name_key, TeamProblem, MAX_BRANCHES, MAX_REGIONS, MAX_TAGS};
use crate::domain::{BranchId, RegionId, TagId, WorkspaceId};
use crate::server::db::{AuditBy, DbResult};
use crate::wire::{BranchRow, RegionRow, Structure, TagRow};
use sqlx::Transaction;

fn some(t: &str) -> Option<String> {
    Some(t.to_owned())
}

/// The (id, name) pairs of a table of the workspace.
async fn names(
    tx: &mut Transaction<'_, Db>,
    table: &str,
    ws: WorkspaceId,
) -> DbResult<Vec<(i64, String)>> {
    let sql = format!("select id, name from {table} where workspace_id = $1");
    Ok(sqlx::query_as(&sql).bind(ws).fetch_all(&mut **tx).await?)
}

/// Whether another row than `id` has a name with the same key.
fn taken(rows: &[(i64, String)], name: &str, id: Option<i64>) -> bool {
    let key = name_key(name);
    rows.iter()
        .any(|(other, n)| Some(*other) != id && name_key(n) == key)
}

/// Marks every customer carrying tag `tag` for their conversations' search entries to be
/// rewritten (`search_stale`; `SearchStore::reindex_stale` does it soon after), in one
/// statement however many they are.
async fn mark_stale(tx: &mut Transaction<'_, Db>, ws: WorkspaceId, tag: TagId) -> DbResult<()> {
    sqlx::query(
        "insert into search_stale (workspace_id, customer_id)
         select workspace_id, customer_id from customer_tags
         where workspace_id = $1 and tag_id = $2
         on conflict (workspace_id, customer_id) do nothing",
    )
    .bind(ws)
    .bind(tag)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn tag_of(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    id: TagId,
) -> DbResult<Option<(String, String, i64)>> {
    Ok(
        sqlx::query_as("select name, color, usage from tags where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

impl SqlStore {
    /// Deletes a region or branch (`kind`) unless `used` (over the workspace `$1` and the id
    /// `$2`) finds something of it, after the statements `first` (same binds); its audit line.
    async fn delete_unused(
        &self,
        ws: WorkspaceId,
        kind: ObjectKind,
        id: i64,
        used: &str,
        first: &[&str],
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        let table = match kind {
            ObjectKind::Region => "regions",
            _ => "branches",
        };
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let sql = format!("select name from {table} where workspace_id = $1 and id = $2");
        let name: Option<String> = sqlx::query_scalar(&sql)
            .bind(ws)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else {
            return Ok(Ok(None));
        };
        let in_use: bool = sqlx::query_scalar(used)
            .bind(ws)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if in_use {
            return Ok(Err(TeamProblem::NotEmpty));
        }
        for statement in first {
            sqlx::query(statement)
                .bind(ws)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let sql = format!("delete from {table} where workspace_id = $1 and id = $2");
        sqlx::query(&sql)
            .bind(ws)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            ws,
            by,
            Object::new(kind, Some(id), &name),
            Action::Deleted,
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Some(())))
    }
}

#[async_trait::async_trait]
impl crate::server::db::StructureStore for SqlStore {
    async fn structure(&self, ws: WorkspaceId) -> DbResult<Structure> {
        let regions: Vec<(RegionId, String, i64, i64)> = sqlx::query_as(
            "select r.id, r.name,
                 (select count(*) from branches b where b.workspace_id = r.workspace_id and b.region_id = r.id),
                 (select count(*) from members m where m.workspace_id = r.workspace_id and m.region_id = r.id)
             from regions r where r.workspace_id = $1 order by r.name, r.id",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        let branches: Vec<(BranchId, RegionId, String, i64, bool)> = sqlx::query_as(
            "select b.id, b.region_id, b.name,
                 (select count(*) from members m where m.workspace_id = b.workspace_id and m.branch_id = b.id),
                 exists (select 1 from conversations c where c.workspace_id = b.workspace_id and c.branch_id = b.id)
                   or exists (select 1 from channels ch where ch.workspace_id = b.workspace_id and ch.branch_id = b.id)
             from branches b where b.workspace_id = $1 order by b.name, b.id",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        Ok(Structure {
            regions: regions
                .into_iter()
                .map(|(id, name, branches, members)| RegionRow {
                    id,
                    name,
                    branches,
                    members,
                })
                .collect(),
            branches: branches
                .into_iter()
                .map(|(id, region_id, name, members, in_use)| BranchRow {
                    id,
                    region_id,
                    name,
                    members,
                    in_use,
                })
                .collect(),
        })
    }

    async fn save_region(
        &self,
        ws: WorkspaceId,
        id: Option<RegionId>,
        name: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<RegionId>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let all = names(&mut tx, "regions", ws).await?;
        if taken(&all, name, id.map(RegionId::get)) {
            return Ok(Err(TeamProblem::NameTaken));
        }
        let saved = match id {
            None => {
                if all.len() >= MAX_REGIONS {
                    return Ok(Err(TeamProblem::TooMany));
                }
                let id: RegionId = sqlx::query_scalar(
                    "insert into regions (workspace_id, name) values ($1, $2) returning id",
                )
                .bind(ws)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
                let change = diff(&[("name", None, some(name))]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Region, Some(id.get()), name),
                    Action::Created,
                    &change,
                )
                .await?;
                id
            }
            Some(id) => {
                let Some((_, before)) = all.iter().find(|(r, _)| *r == id.get()) else {
                    return Ok(Ok(None));
                };
                sqlx::query("update regions set name = $3 where workspace_id = $1 and id = $2")
                    .bind(ws)
                    .bind(id)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                let change = diff(&[("name", some(before), some(name))]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Region, Some(id.get()), name),
                    Action::Changed,
                    &change,
                )
                .await?;
                id
            }
        };
        tx.commit().await?;
        Ok(Ok(Some(saved)))
    }

    async fn delete_region(
        &self,
        ws: WorkspaceId,
        id: RegionId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        let used =
            "select exists (select 1 from branches where workspace_id = $1 and region_id = $2)
                 or exists (select 1 from members where workspace_id = $1 and region_id = $2)";
        self.delete_unused(ws, ObjectKind::Region, id.get(), used, &[], by)
            .await
    }

    async fn save_branch(
        &self,
        ws: WorkspaceId,
        id: Option<BranchId>,
        region: RegionId,
        name: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<BranchId>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let regions = names(&mut tx, "regions", ws).await?;
        let Some((_, region_name)) = regions.iter().find(|(r, _)| *r == region.get()) else {
            return Ok(Err(TeamProblem::RegionUnknown));
        };
        let all = names(&mut tx, "branches", ws).await?;
        if taken(&all, name, id.map(BranchId::get)) {
            return Ok(Err(TeamProblem::NameTaken));
        }
        let saved = match id {
            None => {
                if all.len() >= MAX_BRANCHES {
                    return Ok(Err(TeamProblem::TooMany));
                }
                let id: BranchId = sqlx::query_scalar(
                    "insert into branches (workspace_id, region_id, name) values ($1, $2, $3)
                     returning id",
                )
                .bind(ws)
                .bind(region)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
                let change = diff(&[
                    ("name", None, some(name)),
                    ("region", None, some(region_name)),
                ]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Branch, Some(id.get()), name),
                    Action::Created,
                    &change,
                )
                .await?;
                id
            }
            Some(id) => {
                let before: Option<(String, String)> = sqlx::query_as(
                    "select b.name, r.name from branches b
                     join regions r on r.workspace_id = b.workspace_id and r.id = b.region_id
                     where b.workspace_id = $1 and b.id = $2",
                )
                .bind(ws)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((before_name, before_region)) = before else {
                    return Ok(Ok(None));
                };
                sqlx::query(
                    "update branches set name = $3, region_id = $4 where workspace_id = $1 and id = $2",
                )
                .bind(ws)
                .bind(id)
                .bind(name)
                .bind(region)
                .execute(&mut *tx)
                .await?;
                // Its members are in its region.
                sqlx::query(
                    "update members set region_id = $3 where workspace_id = $1 and branch_id = $2",
                )
                .bind(ws)
                .bind(id)
                .bind(region)
                .execute(&mut *tx)
                .await?;
                let change = diff(&[
                    ("name", some(&before_name), some(name)),
                    ("region", some(&before_region), some(region_name)),
                ]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Branch, Some(id.get()), name),
                    Action::Changed,
                    &change,
                )
                .await?;
                id
            }
        };
        tx.commit().await?;
        Ok(Ok(Some(saved)))
    }

    async fn delete_branch(
        &self,
        ws: WorkspaceId,
        id: BranchId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        let used =
            "select exists (select 1 from members where workspace_id = $1 and branch_id = $2)
                 or exists (select 1 from conversations where workspace_id = $1 and branch_id = $2)
                 or exists (select 1 from channels where workspace_id = $1 and branch_id = $2)";
        // Customers whose home branch it was keep no home branch.
        let first =
            ["update customers set branch_id = null where workspace_id = $1 and branch_id = $2"];
        self.delete_unused(ws, ObjectKind::Branch, id.get(), used, &first, by)
            .await
    }

    async fn tag_rows(&self, ws: WorkspaceId) -> DbResult<Vec<TagRow>> {
        let rows: Vec<(TagId, String, String, i64)> = sqlx::query_as(
            "select id, name, color, usage from tags where workspace_id = $1 order by name, id",
        )
        .bind(ws)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, color, usage)| TagRow {
                id,
                name,
                color,
                usage,
            })
            .collect())
    }

    async fn save_tag(
        &self,
        ws: WorkspaceId,
        id: Option<TagId>,
        name: &str,
        color: &str,
        by: &AuditBy,
    ) -> DbResult<Result<Option<TagId>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let all = names(&mut tx, "tags", ws).await?;
        if taken(&all, name, id.map(TagId::get)) {
            return Ok(Err(TeamProblem::NameTaken));
        }
        let key = name_key(name);
        let saved = match id {
            None => {
                if all.len() >= MAX_TAGS {
                    return Ok(Err(TeamProblem::TooMany));
                }
                let id: TagId = sqlx::query_scalar(
                    "insert into tags (workspace_id, name, name_key, color, created_at)
                     values ($1, $2, $3, $4, $5) returning id",
                )
                .bind(ws)
                .bind(name)
                .bind(&key)
                .bind(color)
                .bind(by.at)
                .fetch_one(&mut *tx)
                .await?;
                let change = diff(&[("name", None, some(name)), ("color", None, some(color))]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Tag, Some(id.get()), name),
                    Action::Created,
                    &change,
                )
                .await?;
                id
            }
            Some(id) => {
                let Some((before_name, before_color, _)) = tag_of(&mut tx, ws, id).await? else {
                    return Ok(Ok(None));
                };
                sqlx::query(
                    "update tags set name = $3, name_key = $4, color = $5
                     where workspace_id = $1 and id = $2",
                )
                .bind(ws)
                .bind(id)
                .bind(name)
                .bind(&key)
                .bind(color)
                .execute(&mut *tx)
                .await?;
                if before_name != name {
                    mark_stale(&mut tx, ws, id).await?;
                }
                let change = diff(&[
                    ("name", some(&before_name), some(name)),
                    ("color", some(&before_color), some(color)),
                ]);
                record(
                    &mut tx,
                    ws,
                    by,
                    Object::new(ObjectKind::Tag, Some(id.get()), name),
                    Action::Changed,
                    &change,
                )
                .await?;
                id
            }
        };
        tx.commit().await?;
        Ok(Ok(Some(saved)))
    }

    async fn merge_tags(
        &self,
        ws: WorkspaceId,
        from: TagId,
        into: TagId,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        if from == into {
            return Ok(Err(TeamProblem::SameTag));
        }
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let (Some((from_name, ..)), Some((into_name, ..))) = (
            tag_of(&mut tx, ws, from).await?,
            tag_of(&mut tx, ws, into).await?,
        ) else {
            return Ok(Ok(None));
        };
        mark_stale(&mut tx, ws, from).await?;
        sqlx::query(
            "insert into customer_tags (workspace_id, customer_id, tag_id)
             select workspace_id, customer_id, $3 from customer_tags
             where workspace_id = $1 and tag_id = $2
             on conflict (customer_id, tag_id) do nothing",
        )
        .bind(ws)
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
        // Its customer_tags go with it (a cascade).
        sqlx::query("delete from tags where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(from)
            .execute(&mut *tx)
            .await?;
        let change = vec![Change {
            field: "into".into(),
            from: some(&from_name),
            to: some(&into_name),
        }];
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Tag, Some(from.get()), &from_name),
            Action::Merged,
            &change,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Some(())))
    }

    async fn delete_tag(&self, ws: WorkspaceId, id: TagId, by: &AuditBy) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let Some((name, _, usage)) = tag_of(&mut tx, ws, id).await? else {
            return Ok(false);
        };
        mark_stale(&mut tx, ws, id).await?;
        sqlx::query("delete from tags where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let change = diff(&[("customers", some(&usage.to_string()), None)]);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Tag, Some(id.get()), &name),
            Action::Deleted,
            &change,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn fill_tag_keys(&self) -> DbResult<u64> {
        let rows: Vec<(i64, WorkspaceId, String)> =
            sqlx::query_as("select id, workspace_id, name from tags where name_key is null")
                .fetch_all(&self.read)
                .await?;
        for (id, ws, name) in &rows {
            let key = name_key(name);
            let done = sqlx::query(
                "update tags set name_key = $1 where id = $2 and not exists
                     (select 1 from tags o where o.workspace_id = $3 and o.name_key = $1)",
            )
            .bind(&key)
            .bind(id)
            .bind(ws)
            .execute(&self.write)
            .await?;
            if done.rows_affected() == 0 {
                sqlx::query("update tags set name_key = $1 where id = $2 and name_key is null")
                    .bind(format!("{key}#{id}"))
                    .bind(id)
                    .execute(&self.write)
                    .await?;
            }
        }
        Ok(rows.len() as u64)
    }
}
