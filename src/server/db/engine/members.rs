//! Members as admins manage them (`store::members`): the list, adding with an invitation,
//! editing, deactivating, new links, avatars; each change with its audit line.

use super::audit::{lock_team, record, Object};
use super::{Db, SqlStore};
use crate::domain::team::audit::{diff, Action, ObjectKind};
use crate::domain::team::{leaves_no_admin, MemberDraft, TeamProblem};
use crate::domain::{BranchId, Lang, MemberId, RegionId, Role, WorkspaceId};
use crate::server::db::{AuditBy, DbError, DbResult, MayManage, NewMember};
use crate::wire::{MemberFilter, MemberRow, MembersPage};
use sqlx::{Row, Transaction};

/// How many conversations member `m` has in progress, summed from the counters (never counted).
macro_rules! in_progress_of_m {
    () => {
        "cast(coalesce((select sum(cc.n) from conversation_counts cc
            where cc.workspace_id = m.workspace_id and cc.status = 'in_progress'
              and cc.owner_id = m.id), 0) as bigint)"
    };
}
pub(super) use in_progress_of_m;

const ROW: &str = concat!(
    "select m.id, m.name, m.email, m.role, m.region_id, r.name as region_name,
        m.branch_id, b.name as branch_name, m.lang, m.active,
        m.password_hash = '!unset' as invited, m.avatar_url, m.capacity, ",
    in_progress_of_m!(),
    " as in_progress
    from members m
    left join regions r on r.workspace_id = m.workspace_id and r.id = m.region_id
    left join branches b on b.workspace_id = m.workspace_id and b.id = m.branch_id"
);

fn row_of(r: &<Db as sqlx::Database>::Row) -> DbResult<MemberRow> {
    let role: String = r.try_get("role")?;
    let lang: String = r.try_get("lang")?;
    let region: Option<RegionId> = r.try_get("region_id")?;
    let branch: Option<BranchId> = r.try_get("branch_id")?;
    let region_name: Option<String> = r.try_get("region_name")?;
    let branch_name: Option<String> = r.try_get("branch_name")?;
    Ok(MemberRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        role: super::parse("members.role", &role, Role::parse)?,
        region: region.zip(region_name),
        branch: branch.zip(branch_name),
        lang: super::parse("members.lang", &lang, Lang::parse)?,
        active: r.try_get("active")?,
        invited: r.try_get("invited")?,
        avatar_url: r.try_get("avatar_url")?,
        in_progress: r.try_get("in_progress")?,
        capacity: r.try_get("capacity")?,
    })
}

/// `text` for a `like … escape '\'` that finds it anywhere.
fn contains_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

async fn row_in<'e, E>(ex: E, ws: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRow>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let sql = format!("{ROW} where m.workspace_id = $1 and m.id = $2");
    sqlx::query(&sql)
        .bind(ws)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(row_of)
        .transpose()
}

/// The branch's region, or the region alone, checked to be the workspace's; the names for
/// the audit.
async fn placement(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    draft: &MemberDraft,
) -> DbResult<Result<(Option<RegionId>, Option<BranchId>), TeamProblem>> {
    if let Some(branch) = draft.branch {
        let region: Option<RegionId> = sqlx::query_scalar(
            "select region_id from branches where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(branch)
        .fetch_optional(&mut **tx)
        .await?;
        return Ok(match region {
            Some(r) => Ok((Some(r), Some(branch))),
            None => Err(TeamProblem::BranchUnknown),
        });
    }
    if let Some(region) = draft.region {
        let found: Option<RegionId> =
            sqlx::query_scalar("select id from regions where workspace_id = $1 and id = $2")
                .bind(ws)
                .bind(region)
                .fetch_optional(&mut **tx)
                .await?;
        if found.is_none() {
            return Ok(Err(TeamProblem::RegionUnknown));
        }
    }
    Ok(Ok((draft.region, None)))
}

async fn email_taken(
    tx: &mut Transaction<'_, Db>,
    email: &str,
    except: Option<MemberId>,
) -> DbResult<bool> {
    let other: Option<MemberId> = sqlx::query_scalar("select id from members where email = $1")
        .bind(email)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(other.is_some_and(|o| Some(o) != except))
}

async fn active_admins(tx: &mut Transaction<'_, Db>, ws: WorkspaceId) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from members where workspace_id = $1 and role = 'admin' and active",
    )
    .bind(ws)
    .fetch_one(&mut **tx)
    .await?)
}

async fn insert_link(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    member: MemberId,
    hash: &str,
    purpose: &str,
    now: i64,
    expires: i64,
) -> DbResult<()> {
    sqlx::query("delete from password_links where workspace_id = $1 and member_id = $2")
        .bind(ws)
        .bind(member)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into password_links (token_hash, workspace_id, member_id, created_at, expires_at, purpose)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(ws)
    .bind(member)
    .bind(now)
    .bind(expires)
    .bind(purpose)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn some(t: &str) -> Option<String> {
    Some(t.to_owned())
}

/// A member's fields as the audit names them.
fn audited(row: &MemberRow) -> [(&'static str, Option<String>); 7] {
    [
        ("name", some(&row.name)),
        ("email", some(&row.email)),
        ("role", some(row.role.as_str())),
        ("region", row.region.as_ref().map(|r| r.1.clone())),
        ("branch", row.branch.as_ref().map(|b| b.1.clone())),
        ("lang", some(row.lang.as_str())),
        ("capacity", row.capacity.map(|c| c.to_string())),
    ]
}

fn changes(
    before: Option<&MemberRow>,
    after: &MemberRow,
) -> Vec<crate::domain::team::audit::Change> {
    let after = audited(after);
    let fields: Vec<_> = match before {
        Some(b) => audited(b)
            .into_iter()
            .zip(after)
            .map(|((f, from), (_, to))| (f, from, to))
            .collect(),
        None => after.into_iter().map(|(f, to)| (f, None, to)).collect(),
    };
    diff(&fields)
}

#[async_trait::async_trait]
impl crate::server::db::MemberAdminStore for SqlStore {
    async fn member_rows(
        &self,
        ws: WorkspaceId,
        f: &MemberFilter,
        limit: i64,
    ) -> DbResult<MembersPage> {
        let sql = format!(
            "{ROW} where m.workspace_id = $1
               and (cast($2 as text) is null or lower(m.name) like $2 escape '\\'
                    or m.email like $2 escape '\\')
               and (cast($3 as text) is null or m.role = $3)
               and (cast($4 as bigint) is null or m.region_id = $4)
               and (cast($5 as bigint) is null or m.branch_id = $5)
               and (cast($6 as boolean) is null or m.active = $6)
               and (cast($7 as text) is null or m.name > $7 or (m.name = $7 and m.id > $8))
             order by m.name, m.id limit $9"
        );
        let text = (!f.text.trim().is_empty()).then(|| contains_pattern(&f.text));
        let (after_name, after_id) = match &f.after {
            Some((n, id)) => (Some(n.clone()), id.get()),
            None => (None, 0),
        };
        let rows = sqlx::query(&sql)
            .bind(ws)
            .bind(text)
            .bind(f.role.map(Role::as_str))
            .bind(f.region)
            .bind(f.branch)
            .bind(f.active)
            .bind(after_name)
            .bind(after_id)
            .bind(limit + 1)
            .fetch_all(&self.read)
            .await?;
        let mut members = rows.iter().map(row_of).collect::<DbResult<Vec<_>>>()?;
        let next = if members.len() as i64 > limit {
            members.truncate(limit as usize);
            members.last().map(|m| (m.name.clone(), m.id))
        } else {
            None
        };
        let lang: String = sqlx::query_scalar("select default_lang from workspaces where id = $1")
            .bind(ws)
            .fetch_one(&self.read)
            .await?;
        Ok(MembersPage {
            members,
            next,
            default_lang: super::parse("workspaces.default_lang", &lang, Lang::parse)?,
        })
    }

    async fn member_row(&self, ws: WorkspaceId, id: MemberId) -> DbResult<Option<MemberRow>> {
        row_in(&self.read, ws, id).await
    }

    async fn add_member(
        &self,
        ws: WorkspaceId,
        new: &NewMember<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<MemberId, TeamProblem>> {
        let d = new.draft;
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        if email_taken(&mut tx, &d.email, None).await? {
            return Ok(Err(TeamProblem::EmailTaken));
        }
        let (region, branch) = match placement(&mut tx, ws, d).await? {
            Ok(p) => p,
            Err(p) => return Ok(Err(p)),
        };
        // Not a PHC string: no password matches it until the link sets one. The email is
        // unique over every workspace: one taken meanwhile elsewhere is refused the same way.
        let id: Result<MemberId, DbError> = sqlx::query_scalar(
            "insert into members (workspace_id, email, name, password_hash, role, region_id,
                 branch_id, lang, active, created_at, capacity)
             values ($1, $2, $3, '!unset', $4, $5, $6, $7, true, $8, $9) returning id",
        )
        .bind(ws)
        .bind(&d.email)
        .bind(&d.name)
        .bind(d.role.as_str())
        .bind(region)
        .bind(branch)
        .bind(d.lang.as_str())
        .bind(by.at)
        .bind(d.capacity)
        .fetch_one(&mut *tx)
        .await
        .map_err(super::channel::unique_violation);
        let id = match id {
            Ok(id) => id,
            Err(DbError::Duplicate) => return Ok(Err(TeamProblem::EmailTaken)),
            Err(e) => return Err(e),
        };
        insert_link(
            &mut tx,
            ws,
            id,
            new.link_hash,
            "invite",
            by.at,
            new.link_expires,
        )
        .await?;
        let row = row_in(&mut *tx, ws, id).await?.ok_or(DbError::NotFound)?;
        let changes = changes(None, &row);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Member, Some(id.get()), &row.name),
            Action::Invited,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    async fn edit_member(
        &self,
        ws: WorkspaceId,
        id: MemberId,
        d: &MemberDraft,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let Some(before) = row_in(&mut *tx, ws, id).await? else {
            return Ok(Ok(None));
        };
        if let Err(p) = may(before.role, d.role) {
            return Ok(Err(p));
        }
        let admin_now = before.active && before.role == Role::Admin;
        if leaves_no_admin(
            admin_now,
            d.role == Role::Admin,
            active_admins(&mut tx, ws).await?,
        ) {
            return Ok(Err(TeamProblem::LastAdmin));
        }
        if email_taken(&mut tx, &d.email, Some(id)).await? {
            return Ok(Err(TeamProblem::EmailTaken));
        }
        let (region, branch) = match placement(&mut tx, ws, d).await? {
            Ok(p) => p,
            Err(p) => return Ok(Err(p)),
        };
        let done = sqlx::query(
            "update members set name = $3, email = $4, role = $5, region_id = $6, branch_id = $7,
                 lang = $8, capacity = $9
             where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(id)
        .bind(&d.name)
        .bind(&d.email)
        .bind(d.role.as_str())
        .bind(region)
        .bind(branch)
        .bind(d.lang.as_str())
        .bind(d.capacity)
        .execute(&mut *tx)
        .await
        .map_err(super::channel::unique_violation);
        match done {
            Ok(_) => {}
            Err(DbError::Duplicate) => return Ok(Err(TeamProblem::EmailTaken)),
            Err(e) => return Err(e),
        }
        let after = row_in(&mut *tx, ws, id).await?.ok_or(DbError::NotFound)?;
        let changes = changes(Some(&before), &after);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Member, Some(id.get()), &after.name),
            Action::Changed,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Some(())))
    }

    async fn set_active(
        &self,
        ws: WorkspaceId,
        id: MemberId,
        active: bool,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<()>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let Some(before) = row_in(&mut *tx, ws, id).await? else {
            return Ok(Ok(None));
        };
        if let Err(p) = may(before.role, before.role) {
            return Ok(Err(p));
        }
        if before.active == active {
            return Ok(Ok(Some(())));
        }
        let admin_now = before.active && before.role == Role::Admin;
        if leaves_no_admin(admin_now, active, active_admins(&mut tx, ws).await?) {
            return Ok(Err(TeamProblem::LastAdmin));
        }
        sqlx::query("update members set active = $3 where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .bind(active)
            .execute(&mut *tx)
            .await?;
        if !active {
            // Their sessions end at once: every request looks its session up.
            sqlx::query("delete from sessions where workspace_id = $1 and member_id = $2")
                .bind(ws)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if active {
            Action::Reactivated
        } else {
            Action::Deactivated
        };
        let change = diff(&[(
            "active",
            some(&before.active.to_string()),
            some(&active.to_string()),
        )]);
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Member, Some(id.get()), &before.name),
            action,
            &change,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Some(())))
    }

    async fn new_link(
        &self,
        ws: WorkspaceId,
        id: MemberId,
        link_hash: &str,
        expires: i64,
        may: MayManage<'_>,
        by: &AuditBy,
    ) -> DbResult<Result<Option<Action>, TeamProblem>> {
        let mut tx = self.write.begin().await?;
        lock_team(&mut tx, ws).await?;
        let Some(row) = row_in(&mut *tx, ws, id).await? else {
            return Ok(Ok(None));
        };
        if let Err(p) = may(row.role, row.role) {
            return Ok(Err(p));
        }
        let (purpose, action) = if row.invited {
            ("invite", Action::Invited)
        } else {
            ("reset", Action::PasswordReset)
        };
        insert_link(&mut tx, ws, id, link_hash, purpose, by.at, expires).await?;
        record(
            &mut tx,
            ws,
            by,
            Object::new(ObjectKind::Member, Some(id.get()), &row.name),
            action,
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(Some(action)))
    }

    async fn set_avatar(
        &self,
        ws: WorkspaceId,
        id: MemberId,
        picture: Option<i64>,
    ) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        let before: Option<Option<String>> = sqlx::query_scalar(
            "select avatar_url from members where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(before) = before else {
            return Err(DbError::NotFound);
        };
        sqlx::query("update members set avatar_url = $3 where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .bind(picture.map(super::audit::picture_url))
            .execute(&mut *tx)
            .await?;
        super::audit::drop_picture(&mut tx, ws, before.as_deref()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn owned_in_progress(
        &self,
        ws: WorkspaceId,
        member: MemberId,
        limit: i64,
    ) -> DbResult<Vec<crate::wire::OwnedConversation>> {
        let rows: Vec<(crate::domain::ConversationId, i64, String, String, i64)> = sqlx::query_as(
            "select c.id, c.version, cu.name, c.last_message_preview, c.last_message_at
                 from conversations c
                 join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
                 where c.workspace_id = $1 and c.owner_id = $2 and c.status = 'in_progress'
                 order by c.last_message_at desc, c.id desc limit $3",
        )
        .bind(ws)
        .bind(member)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, version, customer, preview, last_message_at)| {
                crate::wire::OwnedConversation {
                    id,
                    version,
                    customer,
                    preview,
                    last_message_at,
                }
            })
            .collect())
    }
}
