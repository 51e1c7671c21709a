//! Platform channels and the webhook bodies waiting to be processed.

use super::audit::{record as audit_line, Object};
use super::{parse, Db, SqlStore};
use crate::domain::team::audit::{diff, Action, ObjectKind};
use crate::domain::{ChannelId, ChannelKind, Delivery, MessageId, Millis, WorkspaceId};
use crate::server::db::store::channel::ChannelStore;
use crate::server::db::{
    AuditBy, BodyOutcome, ChannelRecord, Credentials, DbError, DbResult, InboundBody, NewChannel,
    Receipt,
};
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

/// After this many claims a body that keeps failing is given up (kept, marked failed).
const MAX_ATTEMPTS: i64 = 5;

pub(super) const COLUMNS: &str =
    "id, workspace_id, kind, name, external_id, webhook_key, credentials, \
     active, last_event_at, last_error, last_error_at, created_at, auto_close_hours, auto_close_message";

pub(super) fn record(row: &<Db as sqlx::Database>::Row) -> DbResult<ChannelRecord> {
    let kind: String = row.try_get("kind")?;
    let credentials: String = row.try_get("credentials")?;
    Ok(ChannelRecord {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        kind: parse("channels.kind", &kind, ChannelKind::parse)?,
        name: row.try_get("name")?,
        account_id: row.try_get("external_id")?,
        webhook_key: row.try_get("webhook_key")?,
        // Channels made before credentials were kept have `{}`, or older free-form JSON.
        credentials: serde_json::from_str::<Credentials>(&credentials).unwrap_or_default(),
        enabled: row.try_get("active")?,
        last_event_at: row.try_get("last_event_at")?,
        last_error: row.try_get("last_error")?,
        last_error_at: row.try_get("last_error_at")?,
        created_at: row.try_get("created_at")?,
        auto_close: row
            .try_get::<Option<i64>, _>("auto_close_hours")?
            .map(|hours| -> DbResult<_> {
                Ok(crate::domain::snooze::AutoClose {
                    hours,
                    message: row.try_get("auto_close_message")?,
                })
            })
            .transpose()?,
    })
}

pub(super) fn unique_violation(e: sqlx::Error) -> DbError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => DbError::Duplicate,
        _ => DbError::Sqlx(e),
    }
}

#[async_trait]
impl ChannelStore for SqlStore {
    async fn create_channel(&self, c: &NewChannel, by: &AuditBy) -> DbResult<ChannelId> {
        let credentials =
            serde_json::to_string(&c.credentials).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let mut tx = self.write.begin().await?;
        let id: ChannelId = sqlx::query_scalar(
            "insert into channels (workspace_id, kind, name, external_id, webhook_key, credentials,
                                   active, created_at)
             values ($1, $2, $3, $4, $5, $6, true, $7) returning id",
        )
        .bind(c.workspace_id)
        .bind(c.kind.as_str())
        .bind(&c.name)
        .bind(&c.account_id)
        .bind(&c.webhook_key)
        .bind(credentials)
        .bind(c.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(unique_violation)?;
        let changes = diff(&[
            ("kind", None, Some(c.kind.as_str().to_owned())),
            ("account", None, Some(c.account_id.clone())),
        ]);
        audit_line(
            &mut tx,
            c.workspace_id,
            by,
            Object::new(ObjectKind::Channel, Some(id.get()), &c.name),
            Action::Created,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn channel_records(
        &self,
        workspace: Option<WorkspaceId>,
    ) -> DbResult<Vec<ChannelRecord>> {
        let rows = match workspace {
            Some(ws) => {
                sqlx::query(&format!(
                    "select {COLUMNS} from channels where workspace_id = $1 order by id"
                ))
                .bind(ws)
                .fetch_all(&self.read)
                .await?
            }
            None => {
                sqlx::query(&format!("select {COLUMNS} from channels order by id"))
                    .fetch_all(&self.read)
                    .await?
            }
        };
        rows.iter().map(record).collect()
    }

    async fn channel_by_webhook(
        &self,
        kind: ChannelKind,
        key: &str,
    ) -> DbResult<Option<ChannelRecord>> {
        let row = sqlx::query(&format!(
            "select {COLUMNS} from channels where webhook_key = $1 and kind = $2"
        ))
        .bind(key)
        .bind(kind.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(record).transpose()
    }

    async fn channel(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
    ) -> DbResult<Option<ChannelRecord>> {
        let row = sqlx::query(&format!(
            "select {COLUMNS} from channels where workspace_id = $1 and id = $2"
        ))
        .bind(workspace)
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(record).transpose()
    }

    async fn set_channel_webhook(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
        webhook_key: &str,
        credentials: &Credentials,
    ) -> DbResult<bool> {
        let credentials =
            serde_json::to_string(credentials).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let done = sqlx::query(
            "update channels set webhook_key = $1, credentials = $2
             where workspace_id = $3 and id = $4",
        )
        .bind(webhook_key)
        .bind(credentials)
        .bind(workspace)
        .bind(id)
        .execute(&self.write)
        .await
        .map_err(unique_violation)?;
        Ok(done.rows_affected() == 1)
    }

    async fn record_sent(
        &self,
        workspace: WorkspaceId,
        message: MessageId,
        external_id: &str,
    ) -> DbResult<bool> {
        let done = sqlx::query(
            "update messages set external_id = $3,
                 delivery = case when delivery = 'queued' then 'sent' else delivery end
             where workspace_id = $1 and id = $2 and kind = 'outbound'",
        )
        .bind(workspace)
        .bind(message)
        .bind(external_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn apply_receipt(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        r: &Receipt,
    ) -> DbResult<u64> {
        if r.ids.as_ref().is_some_and(Vec::is_empty) {
            return Ok(0);
        }
        // Only forward: a late "delivered" never undoes "read"; nothing moves a failed message.
        let before: &[&str] = match r.state {
            Delivery::Queued => &[],
            Delivery::Sent => &["queued"],
            Delivery::Delivered => &["queued", "sent"],
            Delivery::Read | Delivery::Failed => &["queued", "sent", "delivered"],
        };
        if before.is_empty() {
            return Ok(0);
        }
        let mut qb = QueryBuilder::<Db>::new("update messages set delivery = ");
        qb.push_bind(r.state.as_str())
            .push(", delivery_error = coalesce(")
            .push_bind(r.error.clone())
            .push(", delivery_error) where workspace_id = ")
            .push_bind(workspace)
            .push(
                " and kind = 'outbound' and conversation_id in (
                    select c.id from conversations c join customer_identities ci
                      on ci.workspace_id = c.workspace_id and ci.customer_id = c.customer_id
                     and ci.channel_id = c.channel_id
                    where ci.channel_id = ",
            )
            .push_bind(channel)
            .push(" and ci.external_id = ")
            .push_bind(sender.to_owned())
            .push(") and delivery in (");
        let mut list = qb.separated(", ");
        for b in before {
            list.push_bind(*b);
        }
        qb.push(")");
        match &r.ids {
            Some(ids) => {
                qb.push(" and external_id in (");
                let mut list = qb.separated(", ");
                for id in ids.iter().take(1000) {
                    list.push_bind(id.clone());
                }
                qb.push(")");
            }
            // A watermark covers what reached the platform, not what is still queued.
            None => {
                qb.push(" and external_id is not null and created_at <= ")
                    .push_bind(r.watermark);
            }
        }
        Ok(qb.build().execute(&self.write).await?.rows_affected())
    }

    async fn knows_sender(&self, channel: ChannelId, external_id: &str) -> DbResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "select id from customer_identities where channel_id = $1 and external_id = $2",
        )
        .bind(channel)
        .bind(external_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.is_some())
    }

    async fn set_channel_enabled(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
        enabled: bool,
        by: &AuditBy,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let name: Option<String> = sqlx::query_scalar(
            "update channels set active = $1 where workspace_id = $2 and id = $3 returning name",
        )
        .bind(enabled)
        .bind(workspace)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = name else {
            return Ok(false);
        };
        let action = if enabled {
            Action::Reactivated
        } else {
            Action::Deactivated
        };
        audit_line(
            &mut tx,
            workspace,
            by,
            Object::new(ObjectKind::Channel, Some(id.get()), &name),
            action,
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn store_inbound_body(
        &self,
        channel: &ChannelRecord,
        body: &[u8],
        now: Millis,
    ) -> DbResult<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into inbound_bodies (workspace_id, channel_id, body, received_at, state)
             values ($1, $2, $3, $4, $5) returning id",
        )
        .bind(channel.workspace_id)
        .bind(channel.id)
        .bind(body)
        .bind(now)
        .bind(if channel.enabled {
            "pending"
        } else {
            "disabled"
        })
        .fetch_one(&mut *tx)
        .await?;
        // At most once a second per channel: concurrent webhooks of one channel would otherwise
        // queue on this row's lock for each other's commit (measured by `benches/ingest.rs`).
        sqlx::query(
            "update channels set last_event_at = $1 where workspace_id = $2 and id = $3
               and (last_event_at is null or last_event_at < $1 - 1000)",
        )
        .bind(now)
        .bind(channel.workspace_id)
        .bind(channel.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn claim_inbound_bodies(
        &self,
        limit: i64,
        now: Millis,
        lease: Millis,
    ) -> DbResult<Vec<InboundBody>> {
        let rows =
            super::super::dialect::claim_inbound_bodies(&self.write, limit, now, lease).await?;
        rows.iter()
            .map(|row| {
                Ok(InboundBody {
                    id: row.try_get("id")?,
                    workspace_id: row.try_get("workspace_id")?,
                    channel_id: row.try_get("channel_id")?,
                    body: row.try_get("body")?,
                    attempts: row.try_get("attempts")?,
                })
            })
            .collect()
    }

    async fn finish_inbound_body(
        &self,
        body: &InboundBody,
        outcome: &BodyOutcome,
        now: Millis,
    ) -> DbResult<()> {
        let (state, error) = match outcome {
            BodyOutcome::Done => ("done", None),
            BodyOutcome::Retry { error } if body.attempts < MAX_ATTEMPTS => {
                ("pending", Some(error))
            }
            BodyOutcome::Retry { error } | BodyOutcome::Failed { error } => ("failed", Some(error)),
        };
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "update inbound_bodies set state = $1, error = $2,
                 processed_at = case when $1 = 'pending' then null else $3 end
             where id = $4",
        )
        .bind(state)
        .bind(error)
        .bind(now)
        .bind(body.id)
        .execute(&mut *tx)
        .await?;
        if let Some(error) = error {
            sqlx::query(
                "update channels set last_error = $1, last_error_at = $2
                 where workspace_id = $3 and id = $4",
            )
            .bind(error)
            .bind(now)
            .bind(body.workspace_id)
            .bind(body.channel_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
