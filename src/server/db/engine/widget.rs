//! The website chat widget: settings, visitors and what a visitor reads.

use super::audit::{record as audit_line, Object};
use super::channel::{record, unique_violation, COLUMNS};
use super::{parse, Db, SqlStore};
use crate::domain::team::audit::{diff, Action, ObjectKind};
use crate::domain::widget::{SiteOrigin, WidgetLook};
use crate::domain::{ChannelId, ConversationId, Delivery, MessageId, Millis, WorkspaceId};
use crate::server::db::store::widget::{
    NewVisitor, Visitor, WidgetFrom, WidgetMessageRow, WidgetPage, WidgetRecord, WidgetSettings,
    WidgetStore,
};
use crate::server::db::{AuditBy, DbError, DbResult, NewChannel, StoredFile};
use async_trait::async_trait;
use sqlx::Row;

fn settings(row: &<Db as sqlx::Database>::Row) -> DbResult<WidgetSettings> {
    let origins: String = row.try_get("origins")?;
    let origins: Vec<SiteOrigin> =
        serde_json::from_str(&origins).map_err(|e| DbError::Corrupt(e.to_string()))?;
    Ok(WidgetSettings {
        origins,
        look: WidgetLook {
            colour: row.try_get("colour")?,
            greeting: row.try_get("greeting")?,
            display_name: row.try_get("display_name")?,
            avatar_url: row.try_get("avatar_url")?,
            ask_contact: row.try_get("ask_contact")?,
        },
    })
}

fn origins_json(s: &WidgetSettings) -> DbResult<String> {
    serde_json::to_string(&s.origins).map_err(|e| DbError::Corrupt(e.to_string()))
}

impl SqlStore {
    async fn settings_of(&self, channel: ChannelId) -> DbResult<Option<WidgetSettings>> {
        let row = sqlx::query(
            "select origins, colour, greeting, display_name, avatar_url, ask_contact
             from widget_settings where channel_id = $1",
        )
        .bind(channel)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(settings).transpose()
    }

    async fn with_settings(
        &self,
        row: Option<<Db as sqlx::Database>::Row>,
    ) -> DbResult<Option<WidgetRecord>> {
        let Some(channel) = row.as_ref().map(record).transpose()? else {
            return Ok(None);
        };
        Ok(self
            .settings_of(channel.id)
            .await?
            .map(|settings| WidgetRecord { channel, settings }))
    }
}

#[async_trait]
impl WidgetStore for SqlStore {
    async fn create_widget(
        &self,
        c: &NewChannel,
        s: &WidgetSettings,
        by: &AuditBy,
    ) -> DbResult<ChannelId> {
        let credentials =
            serde_json::to_string(&c.credentials).map_err(|e| DbError::Corrupt(e.to_string()))?;
        let mut tx = self.write.begin().await?;
        let id: ChannelId = sqlx::query_scalar(
            "insert into channels (workspace_id, kind, name, external_id, webhook_key, credentials,
                                   active, created_at)
             values ($1, 'web_chat', $2, $3, $3, $4, true, $5) returning id",
        )
        .bind(c.workspace_id)
        .bind(&c.name)
        .bind(&c.webhook_key)
        .bind(credentials)
        .bind(c.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(unique_violation)?;
        sqlx::query(
            "insert into widget_settings (channel_id, workspace_id, origins, colour, greeting,
                                          display_name, avatar_url, ask_contact, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(c.workspace_id)
        .bind(origins_json(s)?)
        .bind(&s.look.colour)
        .bind(&s.look.greeting)
        .bind(&s.look.display_name)
        .bind(&s.look.avatar_url)
        .bind(s.look.ask_contact)
        .bind(c.now)
        .execute(&mut *tx)
        .await?;
        let changes = diff(&look_fields(None, Some(s)));
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

    async fn widget_by_key(&self, key: &str) -> DbResult<Option<WidgetRecord>> {
        let row = sqlx::query(&format!(
            "select {COLUMNS} from channels
             where webhook_key = $1 and kind = 'web_chat' and active"
        ))
        .bind(key)
        .fetch_optional(&self.read)
        .await?;
        self.with_settings(row).await
    }

    async fn widget(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
    ) -> DbResult<Option<WidgetRecord>> {
        let row = sqlx::query(&format!(
            "select {COLUMNS} from channels
             where workspace_id = $1 and id = $2 and kind = 'web_chat'"
        ))
        .bind(workspace)
        .bind(channel)
        .fetch_optional(&self.read)
        .await?;
        self.with_settings(row).await
    }

    async fn update_widget(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        s: &WidgetSettings,
        by: &AuditBy,
    ) -> DbResult<bool> {
        let now = by.at;
        let before = self.widget(workspace, channel).await?;
        let mut tx = self.write.begin().await?;
        let name: Option<String> = sqlx::query_scalar(
            "select name from channels where workspace_id = $1 and id = $2 and kind = 'web_chat'",
        )
        .bind(workspace)
        .bind(channel)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = name else {
            return Ok(false);
        };
        let done = sqlx::query(
            "insert into widget_settings (workspace_id, channel_id, origins, colour, greeting,
                                          display_name, avatar_url, ask_contact, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             on conflict (channel_id) do update set origins = excluded.origins,
                 colour = excluded.colour, greeting = excluded.greeting,
                 display_name = excluded.display_name, avatar_url = excluded.avatar_url,
                 ask_contact = excluded.ask_contact, updated_at = excluded.updated_at",
        )
        .bind(workspace)
        .bind(channel)
        .bind(origins_json(s)?)
        .bind(&s.look.colour)
        .bind(&s.look.greeting)
        .bind(&s.look.display_name)
        .bind(&s.look.avatar_url)
        .bind(s.look.ask_contact)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let changes = diff(&look_fields(before.as_ref().map(|w| &w.settings), Some(s)));
        audit_line(
            &mut tx,
            workspace,
            by,
            Object::new(ObjectKind::Channel, Some(channel.get()), &name),
            Action::Changed,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn create_visitor(&self, v: &NewVisitor<'_>) -> DbResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "insert into widget_visitors (workspace_id, channel_id, token_hash, sender, verified,
                                          name, email, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        )
        .bind(v.workspace_id)
        .bind(v.channel_id)
        .bind(v.token_hash)
        .bind(v.sender)
        .bind(v.verified)
        .bind(v.name)
        .bind(v.email)
        .bind(v.now)
        .fetch_one(&self.write)
        .await
        .map_err(unique_violation)?;
        Ok(id)
    }

    async fn visitor_by_token(&self, token_hash: &str) -> DbResult<Option<Visitor>> {
        let row = sqlx::query(
            "select v.id, v.workspace_id, v.channel_id, v.sender, v.verified, v.name, v.email
             from widget_visitors v
             join channels c on c.workspace_id = v.workspace_id and c.id = v.channel_id
             where v.token_hash = $1 and c.active",
        )
        .bind(token_hash)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(Visitor {
                id: r.try_get("id")?,
                workspace_id: r.try_get("workspace_id")?,
                channel_id: r.try_get("channel_id")?,
                sender: r.try_get("sender")?,
                verified: r.try_get("verified")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
            })
        })
        .transpose()
    }

    async fn set_visitor_contact(
        &self,
        v: &Visitor,
        name: Option<&str>,
        email: Option<&str>,
        now: Millis,
    ) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "update widget_visitors set name = coalesce($2, name), email = coalesce($3, email)
             where id = $1",
        )
        .bind(v.id)
        .bind(name)
        .bind(email)
        .execute(&mut *tx)
        .await?;
        // Their customer (once they wrote) takes the name they gave, and an email where it
        // has none.
        let customer: Option<crate::domain::CustomerId> = sqlx::query_scalar(
            "update customers set name = coalesce($4, name), email = coalesce(email, $5),
                    updated_at = $6
             where workspace_id = $1 and id = (
                 select customer_id from customer_identities
                 where workspace_id = $1 and channel_id = $2 and external_id = $3)
             returning id",
        )
        .bind(v.workspace_id)
        .bind(v.channel_id)
        .bind(&v.sender)
        .bind(name)
        .bind(email)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(customer) = customer {
            super::search::customer_changed(&mut tx, v.workspace_id, customer).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn visitor_conversation(&self, v: &Visitor) -> DbResult<(Option<ConversationId>, bool)> {
        let row: Option<(Option<ConversationId>, bool)> = sqlx::query_as(
            "select c.id, cu.blocked from customer_identities ci
             join customers cu on cu.workspace_id = ci.workspace_id and cu.id = ci.customer_id
             left join conversations c on c.workspace_id = ci.workspace_id
                  and c.channel_id = ci.channel_id and c.customer_id = ci.customer_id
             where ci.workspace_id = $1 and ci.channel_id = $2 and ci.external_id = $3
             order by c.id desc limit 1",
        )
        .bind(v.workspace_id)
        .bind(v.channel_id)
        .bind(&v.sender)
        .fetch_optional(&self.read)
        .await?;
        Ok(match row {
            Some((_, true)) => (None, true),
            Some((c, false)) => (c, false),
            None => (None, false),
        })
    }

    async fn widget_messages(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        page: WidgetPage,
        limit: i64,
    ) -> DbResult<Vec<WidgetMessageRow>> {
        let (cond, order, bound) = match page {
            WidgetPage::Latest => ("m.id > $3", "desc", MessageId(0)),
            WidgetPage::Before(id) => ("m.id < $3", "desc", id),
            WidgetPage::After(id) => ("m.id > $3", "asc", id),
        };
        let rows = sqlx::query(&format!(
            "select m.id, m.kind, m.by_bot, m.body, m.delivery, m.external_id, m.created_at,
                    m.buttons, mb.name as author
             from messages m
             left join members mb on mb.workspace_id = m.workspace_id and mb.id = m.author_id
             where m.workspace_id = $1 and m.conversation_id = $2
               and m.kind in ('inbound', 'outbound') and m.withdrawn_at is null and {cond}
             order by m.id {order} limit $4"
        ))
        .bind(workspace)
        .bind(conversation)
        .bind(bound)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            let by_bot: bool = r.try_get("by_bot")?;
            let delivery: Option<String> = r.try_get("delivery")?;
            let buttons: Option<String> = r.try_get("buttons")?;
            out.push(WidgetMessageRow {
                id: r.try_get("id")?,
                from: match (kind.as_str(), by_bot) {
                    ("inbound", _) => WidgetFrom::Visitor,
                    (_, true) => WidgetFrom::Bot,
                    _ => WidgetFrom::Agent,
                },
                body: r.try_get("body")?,
                at: r.try_get("created_at")?,
                author: r.try_get("author")?,
                delivery: delivery
                    .map(|d| parse("messages.delivery", &d, Delivery::parse))
                    .transpose()?,
                external_id: r.try_get("external_id")?,
                attachments: Vec::new(),
                buttons: match buttons {
                    Some(b) => serde_json::from_str(&b)
                        .map_err(|e| DbError::Corrupt(format!("messages.buttons: {e}")))?,
                    None => Vec::new(),
                },
            });
        }
        if order == "desc" {
            out.reverse();
        }
        let ids: Vec<MessageId> = out.iter().map(|m| m.id).collect();
        let mut files = super::media::of_messages(&self.read, workspace, &ids).await?;
        for m in &mut out {
            m.attachments = files.remove(&m.id).unwrap_or_default();
        }
        Ok(out)
    }

    async fn visitor_received(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        up_to: MessageId,
        read: bool,
    ) -> DbResult<u64> {
        let (to, from) = if read {
            ("read", "('queued', 'sent', 'delivered')")
        } else {
            ("delivered", "('queued', 'sent')")
        };
        let done = sqlx::query(&format!(
            "update messages set delivery = '{to}'
             where workspace_id = $1 and conversation_id = $2 and kind = 'outbound'
               and id <= $3 and delivery in {from}"
        ))
        .bind(workspace)
        .bind(conversation)
        .bind(up_to)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    async fn widget_file(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        attachment: i64,
    ) -> DbResult<Option<StoredFile>> {
        let row = sqlx::query(
            "select m.conversation_id, a.stored_path, a.mime_type, a.file_name, a.inline, a.kind
             from attachments a
             join messages m on m.workspace_id = a.workspace_id and m.id = a.message_id
             where a.workspace_id = $1 and a.id = $2 and m.conversation_id = $3
               and m.kind in ('inbound', 'outbound') and a.state = 'stored'",
        )
        .bind(workspace)
        .bind(attachment)
        .bind(conversation)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(super::media::stored).transpose()
    }
}

/// A widget's settings as the audit log compares them: (field, before, after).
fn look_fields(
    before: Option<&WidgetSettings>,
    after: Option<&WidgetSettings>,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let fields = |s: Option<&WidgetSettings>| -> [Option<String>; 6] {
        match s {
            None => Default::default(),
            Some(s) => [
                Some(serde_json::to_string(&s.origins).unwrap_or_default()),
                Some(s.look.colour.clone()),
                Some(s.look.greeting.clone()),
                Some(s.look.display_name.clone()),
                s.look.avatar_url.clone(),
                Some(s.look.ask_contact.to_string()),
            ],
        }
    };
    let names = [
        "sites",
        "colour",
        "greeting",
        "display_name",
        "avatar",
        "ask_contact",
    ];
    names
        .into_iter()
        .zip(fields(before))
        .zip(fields(after))
        .map(|((n, b), a)| (n, b, a))
        .collect()
}
