//! Customers: the profile shown beside a conversation, the workspace's tags, and saving an
//! edit (fields and tag set in one transaction). Names come back sorted in Rust, so both
//! engines list them in the same order whatever their collation.

use super::{parse, Db};
use crate::domain::profile::ProfileEdit;
use crate::domain::{ChannelKind, ConversationId, CustomerId, Millis, WorkspaceId};
use crate::server::db::BlockedRecord;
use crate::server::db::{DbError, DbResult};
use crate::wire::{CustomerIdentity, CustomerProfile};
use sqlx::{Pool, Row};

/// The customer a conversation is with.
pub async fn customer_of(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    conversation: ConversationId,
) -> DbResult<Option<CustomerId>> {
    let id = sqlx::query_scalar(
        "select customer_id from conversations where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(conversation)
    .fetch_optional(pool)
    .await?;
    Ok(id)
}

/// The customer's fields, tags and channel identities.
pub async fn profile(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: CustomerId,
) -> DbResult<Option<CustomerProfile>> {
    let row = sqlx::query(
        "select id, name, phone, email, note, avatar_url, updated_at from customers
         where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let mut tags: Vec<String> = sqlx::query_scalar(
        "select t.name from customer_tags ct
         join tags t on t.workspace_id = ct.workspace_id and t.id = ct.tag_id
         where ct.workspace_id = $1 and ct.customer_id = $2",
    )
    .bind(ws)
    .bind(id)
    .fetch_all(pool)
    .await?;
    tags.sort_unstable();
    let rows = sqlx::query(
        "select ci.channel_id, ch.kind, ch.name as channel_name, ci.external_id, ci.display_name
         from customer_identities ci
         join channels ch on ch.workspace_id = ci.workspace_id and ch.id = ci.channel_id
         where ci.workspace_id = $1 and ci.customer_id = $2
         order by ci.id",
    )
    .bind(ws)
    .bind(id)
    .fetch_all(pool)
    .await?;
    let identities = rows
        .iter()
        .map(|i| {
            let kind: String = i.try_get("kind")?;
            Ok(CustomerIdentity {
                channel_id: i.try_get("channel_id")?,
                channel_kind: parse("channels.kind", &kind, ChannelKind::parse)?,
                channel_name: i.try_get("channel_name")?,
                external_id: i.try_get("external_id")?,
                display_name: i.try_get("display_name")?,
            })
        })
        .collect::<DbResult<Vec<_>>>()?;
    Ok(Some(CustomerProfile {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        note: r.try_get("note")?,
        avatar_url: r.try_get("avatar_url")?,
        tags,
        identities,
        updated_at: r.try_get("updated_at")?,
    }))
}

/// Every tag name of the workspace.
pub async fn workspace_tags(pool: &Pool<Db>, ws: WorkspaceId) -> DbResult<Vec<String>> {
    let mut names: Vec<String> =
        sqlx::query_scalar("select name from tags where workspace_id = $1")
            .bind(ws)
            .fetch_all(pool)
            .await?;
    names.sort_unstable();
    Ok(names)
}

/// Writes `edit` to customer `id` in one transaction: the fields and `updated_at`, any tag
/// name the workspace does not have yet, and the customer's tag set replaced by exactly
/// `edit.tags`. `NotFound` (and nothing written) when the customer is not in the workspace.
pub async fn save(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    id: CustomerId,
    edit: &ProfileEdit,
    now: Millis,
) -> DbResult<()> {
    let mut tx = pool.begin().await?;
    // First, so concurrent saves of one customer queue on its row (PostgreSQL).
    let updated = sqlx::query(
        "update customers set name = $3, phone = $4, email = $5, note = $6, updated_at = $7
         where workspace_id = $1 and id = $2",
    )
    .bind(ws)
    .bind(id)
    .bind(&edit.name)
    .bind(&edit.phone)
    .bind(&edit.email)
    .bind(&edit.note)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    let mut tag_ids = Vec::with_capacity(edit.tags.len());
    for name in &edit.tags {
        // A name the workspace has in another case or width is that tag.
        let key = crate::domain::team::name_key(name);
        sqlx::query(
            "insert into tags (workspace_id, name, name_key, created_at) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(ws)
        .bind(name)
        .bind(&key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let tag: i64 = sqlx::query_scalar(
            "select id from tags where workspace_id = $1 and (name_key = $3 or name = $2)
             order by id limit 1",
        )
        .bind(ws)
        .bind(name)
        .bind(&key)
        .fetch_one(&mut *tx)
        .await?;
        tag_ids.push(tag);
    }
    sqlx::query("delete from customer_tags where workspace_id = $1 and customer_id = $2")
        .bind(ws)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for tag in tag_ids {
        sqlx::query(
            "insert into customer_tags (workspace_id, customer_id, tag_id) values ($1, $2, $3)
             on conflict (customer_id, tag_id) do nothing",
        )
        .bind(ws)
        .bind(id)
        .bind(tag)
        .execute(&mut *tx)
        .await?;
    }
    super::search::customer_changed(&mut tx, ws, id).await?;
    tx.commit().await?;
    Ok(())
}

#[async_trait::async_trait]
impl crate::server::db::CustomerStore for super::SqlStore {
    async fn customer_of(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
    ) -> DbResult<Option<CustomerId>> {
        super::customer::customer_of(&self.read, workspace, id).await
    }

    async fn customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
    ) -> DbResult<Option<CustomerProfile>> {
        super::customer::profile(&self.read, workspace, id).await
    }

    async fn workspace_tags(&self, workspace: WorkspaceId) -> DbResult<Vec<String>> {
        super::customer::workspace_tags(&self.read, workspace).await
    }

    async fn save_customer_profile(
        &self,
        workspace: WorkspaceId,
        id: CustomerId,
        edit: &ProfileEdit,
        now: Millis,
    ) -> DbResult<()> {
        super::customer::save(&self.write, workspace, id, edit, now).await
    }

    async fn blocked_customers(&self, workspace: WorkspaceId) -> DbResult<Vec<BlockedRecord>> {
        super::blacklist::blocked(&self.read, workspace).await
    }

    async fn unblock_customer(
        &self,
        workspace: WorkspaceId,
        customer: CustomerId,
        now: Millis,
    ) -> DbResult<bool> {
        super::blacklist::unblock(&self.write, workspace, customer, now).await
    }
}
