//! The bot's rules, flows and settings (`store::bot`), the compiled copy each process keeps,
//! and the bot's answer stored with the customer's message (`send`).

use super::audit::{record, Object};
use super::{parse, Db, SqlStore};
use crate::domain::bot::config::{
    check_flow, check_rule, check_settings, room_for_flow, room_for_rule, Bot, FlowDraft, Greeting,
    Part, Problem, Reply, RuleDraft, SavedFlow, SavedRule, Settings, Step,
};
use crate::domain::bot::{ButtonAction, Channels, Hours, MatchMode};
use crate::domain::team::audit::{diff, Action, Change, ObjectKind};
use crate::domain::{ChannelId, ConversationId, MediaKind, Millis, WorkspaceId};
use crate::server::db::{
    AuditBy, BotMessage, BotParts, DbError, DbResult, MediaSource, NewAttachment,
};
use sqlx::{Row, Transaction};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// Each workspace's compiled bot and the version it was compiled at.
#[derive(Default)]
pub struct BotCache(Mutex<HashMap<WorkspaceId, (i64, Arc<Bot>)>>);

/// Stores the bot's answer on `conversation` inside the customer message's transaction: each
/// message the bot's (a picture as an attachment to fetch), queued for the platform like a
/// member's reply (the widget's stream carries its own), and the last one as the
/// conversation's latest.
pub(super) async fn send(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    conversation: ConversationId,
    messages: &[BotMessage],
    now: Millis,
) -> DbResult<()> {
    let mut preview = None;
    for m in messages {
        let id: crate::domain::MessageId = sqlx::query_scalar(
            "insert into messages (workspace_id, conversation_id, kind, by_bot, body, buttons, delivery, created_at)
             values ($1, $2, 'outbound', true, $3, $4, 'queued', $5) returning id",
        )
        .bind(ws)
        .bind(conversation)
        .bind(&m.text)
        .bind(&m.buttons)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        if let Some(url) = &m.image {
            let picture = NewAttachment {
                kind: MediaKind::Image,
                source: MediaSource::Url(url.clone()),
                mime_type: None,
                file_name: None,
                caption: None,
                detail: None,
            };
            super::media::insert(tx, ws, id, std::slice::from_ref(&picture), now).await?;
            preview = Some(crate::domain::media::preview_code(MediaKind::Image));
        } else {
            super::search::written(tx, ws, conversation, &m.text).await?;
            preview = Some(crate::domain::preview(&m.text).to_owned());
        }
        sqlx::query(
            "insert into outbound_queue (message_id, workspace_id, channel_id, next_at, retry_key, updated_at)
             select $1, c.workspace_id, c.channel_id, $3, $4, $3 from conversations c
             join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
             where c.workspace_id = $2 and c.id = $5 and ch.kind <> 'web_chat'",
        )
        .bind(id)
        .bind(ws)
        .bind(now)
        .bind(&m.retry_key)
        .bind(conversation)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(preview) = preview {
        sqlx::query(
            "update conversations set last_message_at = $3, last_message_preview = $4,
                 last_message_kind = 'outbound', waiting_since = null
             where workspace_id = $1 and id = $2",
        )
        .bind(ws)
        .bind(conversation)
        .bind(now)
        .bind(preview)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn from_json<T: serde::de::DeserializeOwned>(column: &str, s: &str) -> DbResult<T> {
    serde_json::from_str(s).map_err(|e| DbError::Corrupt(format!("{column}: {e}")))
}

fn channels_text(c: &Channels) -> String {
    match c {
        Channels::All => "all".to_owned(),
        Channels::Only(set) => json(&set.iter().collect::<Vec<_>>()),
    }
}

fn channels_of(column: &str, s: &str) -> DbResult<Channels> {
    if s == "all" {
        return Ok(Channels::All);
    }
    let ids: Vec<ChannelId> = from_json(column, s)?;
    Ok(Channels::Only(ids.into_iter().collect::<BTreeSet<_>>()))
}

fn greeting_text(g: &Greeting) -> String {
    match g {
        Greeting::None => "none".to_owned(),
        Greeting::On(c) => channels_text(c),
    }
}

fn greeting_of(s: &str) -> DbResult<Greeting> {
    if s == "none" {
        return Ok(Greeting::None);
    }
    channels_of("bot_flows.greeting", s).map(Greeting::On)
}

fn mode_text(m: MatchMode) -> &'static str {
    match m {
        MatchMode::Exact => "exact",
        MatchMode::Contains => "contains",
        MatchMode::StartsWith => "starts_with",
    }
}

fn mode_of(s: &str) -> Option<MatchMode> {
    Some(match s {
        "exact" => MatchMode::Exact,
        "contains" => MatchMode::Contains,
        "starts_with" => MatchMode::StartsWith,
        _ => return None,
    })
}

const RULE_COLUMNS: &str =
    "id, name, position, enabled, mode, keywords, channels, hours, flow_id, reply";

fn rule_of(r: &<Db as sqlx::Database>::Row) -> DbResult<SavedRule> {
    let mode: String = r.try_get("mode")?;
    let keywords: String = r.try_get("keywords")?;
    let channels: String = r.try_get("channels")?;
    let hours: Option<String> = r.try_get("hours")?;
    let reply: String = r.try_get("reply")?;
    let position: i64 = r.try_get("position")?;
    Ok(SavedRule {
        id: r.try_get("id")?,
        position: i32::try_from(position).unwrap_or(i32::MAX),
        rule: RuleDraft {
            name: r.try_get("name")?,
            enabled: r.try_get("enabled")?,
            mode: parse("bot_rules.mode", &mode, mode_of)?,
            keywords: from_json("bot_rules.keywords", &keywords)?,
            channels: channels_of("bot_rules.channels", &channels)?,
            hours: hours
                .map(|h| from_json::<Hours>("bot_rules.hours", &h))
                .transpose()?,
            flow: r.try_get("flow_id")?,
            reply: from_json::<Reply>("bot_rules.reply", &reply)?,
        },
    })
}

fn flow_of(r: &<Db as sqlx::Database>::Row) -> DbResult<SavedFlow> {
    let greeting: String = r.try_get("greeting")?;
    let steps: String = r.try_get("steps")?;
    Ok(SavedFlow {
        id: r.try_get("id")?,
        flow: FlowDraft {
            name: r.try_get("name")?,
            greeting: greeting_of(&greeting)?,
            steps: from_json::<Vec<Step>>("bot_flows.steps", &steps)?,
        },
    })
}

async fn rules_in<'e, E>(ex: E, ws: WorkspaceId) -> DbResult<Vec<SavedRule>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let sql = format!(
        "select {RULE_COLUMNS} from bot_rules where workspace_id = $1 order by position, id"
    );
    let rows = sqlx::query(&sql).bind(ws).fetch_all(ex).await?;
    rows.iter().map(rule_of).collect()
}

async fn flows_in<'e, E>(ex: E, ws: WorkspaceId) -> DbResult<Vec<SavedFlow>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let rows = sqlx::query(
        "select id, name, greeting, steps from bot_flows where workspace_id = $1 order by id",
    )
    .bind(ws)
    .fetch_all(ex)
    .await?;
    rows.iter().map(flow_of).collect()
}

/// The bot's settings, the version of the bot and the workspace's clock.
async fn settings_in<'e, E>(ex: E, ws: WorkspaceId) -> DbResult<(Settings, i64, i64)>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let row = sqlx::query(
        "select bot_person_words, bot_replies_per_hour, bot_version, utc_offset_minutes
         from workspaces where id = $1",
    )
    .bind(ws)
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound)?;
    let words: String = row.try_get("bot_person_words")?;
    let per_hour: i64 = row.try_get("bot_replies_per_hour")?;
    Ok((
        Settings {
            person_words: from_json("workspaces.bot_person_words", &words)?,
            replies_per_hour: u32::try_from(per_hour).unwrap_or(0),
        },
        row.try_get("bot_version")?,
        row.try_get("utc_offset_minutes")?,
    ))
}

/// Whether any rule's reply or flow step has a button leading to rule `id`.
fn leads_to_rule(rules: &[SavedRule], flows: &[SavedFlow], id: i64) -> bool {
    let to = |b: &crate::domain::bot::Button| b.action == ButtonAction::Rule(id);
    rules.iter().any(|r| r.rule.reply.buttons.iter().any(to))
        || flows
            .iter()
            .any(|f| f.flow.steps.iter().any(|s| s.buttons.iter().any(to)))
}

/// Everything the bot is compiled from, read in one transaction so the parts are of one
/// version.
async fn read_parts(pool: &sqlx::Pool<Db>, ws: WorkspaceId) -> DbResult<BotParts> {
    let mut tx = pool.begin().await?;
    let (settings, version, utc_offset_minutes) = settings_in(&mut *tx, ws).await?;
    let rules = rules_in(&mut *tx, ws).await?;
    let flows = flows_in(&mut *tx, ws).await?;
    tx.commit().await?;
    Ok(BotParts {
        rules,
        flows,
        settings,
        utc_offset_minutes,
        version,
    })
}

/// An edit of the workspace's bot under way: its row locked and its version moved, with the
/// rules and flows as they are inside the transaction, for the edit's check.
struct Edit<'c> {
    tx: Transaction<'c, Db>,
    ws: WorkspaceId,
    rules: Vec<SavedRule>,
    flows: Vec<SavedFlow>,
}

impl SqlStore {
    async fn edit_bot(&self, ws: WorkspaceId) -> DbResult<Edit<'static>> {
        let mut tx = self.write.begin().await?;
        // Marks the bot changed, and its edits take turns (each checks what the one before
        // left).
        super::audit::bump(&mut tx, ws, "bot_version").await?;
        let rules = rules_in(&mut *tx, ws).await?;
        let flows = flows_in(&mut *tx, ws).await?;
        Ok(Edit {
            tx,
            ws,
            rules,
            flows,
        })
    }
}

/// An edit's audit line: the object's kind, id and name, what was done, what changed.
type Audited<'a> = (ObjectKind, Option<i64>, &'a str, Action, Vec<Change>);

impl Edit<'_> {
    /// Commits when the edit found its object (`done`), with its audit line (`audit`: the
    /// object, what was done, what changed; none when nothing did); else it is rolled back,
    /// version and all.
    async fn finish<T>(
        mut self,
        done: Option<T>,
        by: &AuditBy,
        audit: Option<Audited<'_>>,
    ) -> DbResult<Option<T>> {
        if done.is_some() {
            if let Some((kind, id, name, action, changes)) = audit {
                let object = Object::new(kind, id, name);
                record(&mut self.tx, self.ws, by, object, action, &changes).await?;
            }
            self.tx.commit().await?;
        }
        Ok(done)
    }
}

/// A rule's fields as the audit log shows them.
fn rule_fields(r: &RuleDraft) -> Vec<(&'static str, Option<String>)> {
    let reply: Vec<&str> = r
        .reply
        .parts
        .iter()
        .map(|p| match p {
            Part::Text(t) | Part::Image(t) => t.as_str(),
        })
        .collect();
    vec![
        ("name", Some(r.name.trim().to_owned())),
        ("enabled", Some(r.enabled.to_string())),
        ("mode", Some(mode_text(r.mode).to_owned())),
        ("keywords", Some(r.keywords.join("、"))),
        ("channels", Some(channels_text(&r.channels))),
        ("hours", r.hours.as_ref().map(json)),
        ("flow", r.flow.map(|f| f.to_string())),
        ("reply", Some(reply.join(" / "))),
        (
            "buttons",
            Some(
                r.reply
                    .buttons
                    .iter()
                    .map(|b| b.label.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        ),
    ]
}

fn flow_fields(f: &FlowDraft) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("name", Some(f.name.trim().to_owned())),
        ("greeting", Some(greeting_text(&f.greeting))),
        ("steps", Some(json(&f.steps))),
    ]
}

/// What changed between two versions' fields (`before` none: everything is new).
fn changed(
    before: Option<Vec<(&'static str, Option<String>)>>,
    after: Vec<(&'static str, Option<String>)>,
) -> Vec<Change> {
    let fields: Vec<_> = match before {
        Some(b) => b
            .into_iter()
            .zip(after)
            .map(|((f, from), (_, to))| (f, from, to))
            .collect(),
        None => after.into_iter().map(|(f, to)| (f, None, to)).collect(),
    };
    diff(&fields)
}

#[async_trait::async_trait]
impl crate::server::db::BotStore for SqlStore {
    async fn bot(&self, ws: WorkspaceId) -> DbResult<Arc<Bot>> {
        let version: i64 = sqlx::query_scalar("select bot_version from workspaces where id = $1")
            .bind(ws)
            .fetch_optional(&self.read)
            .await?
            .ok_or(DbError::NotFound)?;
        if let Some((v, bot)) = self.bots.0.lock().expect("bot cache").get(&ws) {
            if *v == version {
                return Ok(bot.clone());
            }
        }
        let parts = read_parts(&self.read, ws).await?;
        let version = parts.version;
        let bot = Arc::new(parts.compile());
        self.bots
            .0
            .lock()
            .expect("bot cache")
            .insert(ws, (version, bot.clone()));
        Ok(bot)
    }

    async fn bot_parts(&self, ws: WorkspaceId) -> DbResult<BotParts> {
        read_parts(&self.read, ws).await
    }

    async fn bot_rules(&self, ws: WorkspaceId) -> DbResult<Vec<SavedRule>> {
        rules_in(&self.read, ws).await
    }

    async fn bot_flows(&self, ws: WorkspaceId) -> DbResult<Vec<SavedFlow>> {
        flows_in(&self.read, ws).await
    }

    async fn bot_settings(&self, ws: WorkspaceId) -> DbResult<Settings> {
        Ok(settings_in(&self.read, ws).await?.0)
    }

    async fn save_rule(
        &self,
        ws: WorkspaceId,
        id: Option<i64>,
        rule: &RuleDraft,
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>> {
        let now = by.at;
        let mut edit = self.edit_bot(ws).await?;
        let (rules, flows) = (&edit.rules, &edit.flows);
        let before = id.and_then(|id| {
            rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| rule_fields(&r.rule))
        });
        let checked = check_rule(
            rule,
            |r| rules.iter().any(|x| x.id == r),
            |f| flows.iter().any(|x| x.id == f),
        )
        .and_then(|()| match id {
            None => room_for_rule(rules.len()),
            Some(_) => Ok(()),
        });
        if let Err(problem) = checked {
            return Ok(Err(problem));
        }
        let last = rules.iter().map(|r| i64::from(r.position)).max();
        let saved: Option<i64> = match id {
            Some(id) => sqlx::query_scalar(
                "update bot_rules set name = $3, enabled = $4, mode = $5, keywords = $6,
                     channels = $7, hours = $8, flow_id = $9, reply = $10, updated_at = $11
                 where workspace_id = $1 and id = $2 returning id",
            )
            .bind(ws)
            .bind(id),
            None => sqlx::query_scalar(
                "insert into bot_rules (workspace_id, position, name, enabled, mode, keywords,
                     channels, hours, flow_id, reply, updated_at, created_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning id",
            )
            .bind(ws)
            .bind(last.unwrap_or(0) + 1),
        }
        .bind(rule.name.trim())
        .bind(rule.enabled)
        .bind(mode_text(rule.mode))
        .bind(json(&rule.keywords))
        .bind(channels_text(&rule.channels))
        .bind(rule.hours.as_ref().map(json))
        .bind(rule.flow)
        .bind(json(&rule.reply))
        .bind(now)
        .fetch_optional(&mut *edit.tx)
        .await?;
        let action = if id.is_some() {
            Action::Changed
        } else {
            Action::Created
        };
        let changes = changed(before, rule_fields(rule));
        let audit = (
            ObjectKind::BotRule,
            saved,
            rule.name.trim(),
            action,
            changes,
        );
        Ok(Ok(edit.finish(saved, by, Some(audit)).await?))
    }

    async fn delete_rule(
        &self,
        ws: WorkspaceId,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Result<bool, Problem>> {
        let mut edit = self.edit_bot(ws).await?;
        if leads_to_rule(&edit.rules, &edit.flows, id) {
            return Ok(Err(Problem::InUse));
        }
        let name = edit
            .rules
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.rule.name.clone())
            .unwrap_or_default();
        let done = sqlx::query("delete from bot_rules where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .execute(&mut *edit.tx)
            .await?;
        let found = (done.rows_affected() > 0).then_some(());
        let audit = (
            ObjectKind::BotRule,
            Some(id),
            name.as_str(),
            Action::Deleted,
            Vec::new(),
        );
        Ok(Ok(edit.finish(found, by, Some(audit)).await?.is_some()))
    }

    async fn move_rule(&self, ws: WorkspaceId, id: i64, up: bool, by: &AuditBy) -> DbResult<bool> {
        let mut edit = self.edit_bot(ws).await?;
        let rules = &edit.rules;
        let Some(at) = rules.iter().position(|r| r.id == id) else {
            return Ok(false);
        };
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        let Some(other) = other.filter(|o| *o < rules.len()) else {
            return Ok(false);
        };
        let name = rules[at].rule.name.clone();
        let change = diff(&[(
            "position",
            Some((at + 1).to_string()),
            Some((other + 1).to_string()),
        )]);
        // Numbered 1, 2, … in the new order (positions may have had gaps or ties).
        let mut order: Vec<i64> = rules.iter().map(|r| r.id).collect();
        order.swap(at, other);
        for (i, rule) in order.iter().enumerate() {
            sqlx::query("update bot_rules set position = $3 where workspace_id = $1 and id = $2")
                .bind(ws)
                .bind(rule)
                .bind(i as i64 + 1)
                .execute(&mut *edit.tx)
                .await?;
        }
        let audit = (
            ObjectKind::BotRule,
            Some(id),
            name.as_str(),
            Action::Changed,
            change,
        );
        Ok(edit.finish(Some(()), by, Some(audit)).await?.is_some())
    }

    async fn save_flow(
        &self,
        ws: WorkspaceId,
        id: Option<i64>,
        flow: &FlowDraft,
        by: &AuditBy,
    ) -> DbResult<Result<Option<i64>, Problem>> {
        let now = by.at;
        let mut edit = self.edit_bot(ws).await?;
        let (rules, flows) = (&edit.rules, &edit.flows);
        let before = id.and_then(|id| {
            flows
                .iter()
                .find(|f| f.id == id)
                .map(|f| flow_fields(&f.flow))
        });
        let checked =
            check_flow(flow, |r| rules.iter().any(|x| x.id == r)).and_then(|()| match id {
                None => room_for_flow(flows.len()),
                Some(_) => Ok(()),
            });
        if let Err(problem) = checked {
            return Ok(Err(problem));
        }
        let saved: Option<i64> = match id {
            Some(id) => sqlx::query_scalar(
                "update bot_flows set name = $3, greeting = $4, steps = $5, updated_at = $6
                 where workspace_id = $1 and id = $2 returning id",
            )
            .bind(ws)
            .bind(id),
            None => sqlx::query_scalar(
                "insert into bot_flows (workspace_id, name, greeting, steps, updated_at, created_at)
                 values ($1, $2, $3, $4, $5, $5) returning id",
            )
            .bind(ws),
        }
        .bind(flow.name.trim())
        .bind(greeting_text(&flow.greeting))
        .bind(json(&flow.steps))
        .bind(now)
        .fetch_optional(&mut *edit.tx)
        .await?;
        let action = if id.is_some() {
            Action::Changed
        } else {
            Action::Created
        };
        let changes = changed(before, flow_fields(flow));
        let audit = (
            ObjectKind::BotFlow,
            saved,
            flow.name.trim(),
            action,
            changes,
        );
        Ok(Ok(edit.finish(saved, by, Some(audit)).await?))
    }

    async fn delete_flow(
        &self,
        ws: WorkspaceId,
        id: i64,
        by: &AuditBy,
    ) -> DbResult<Result<bool, Problem>> {
        let mut edit = self.edit_bot(ws).await?;
        if edit.rules.iter().any(|r| r.rule.flow == Some(id)) {
            return Ok(Err(Problem::InUse));
        }
        let name = edit
            .flows
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.flow.name.clone())
            .unwrap_or_default();
        let done = sqlx::query("delete from bot_flows where workspace_id = $1 and id = $2")
            .bind(ws)
            .bind(id)
            .execute(&mut *edit.tx)
            .await?;
        let found = (done.rows_affected() > 0).then_some(());
        let audit = (
            ObjectKind::BotFlow,
            Some(id),
            name.as_str(),
            Action::Deleted,
            Vec::new(),
        );
        Ok(Ok(edit.finish(found, by, Some(audit)).await?.is_some()))
    }

    async fn save_bot_settings(
        &self,
        ws: WorkspaceId,
        settings: &Settings,
        by: &AuditBy,
    ) -> DbResult<Result<(), Problem>> {
        if let Err(problem) = check_settings(settings) {
            return Ok(Err(problem));
        }
        let mut edit = self.edit_bot(ws).await?;
        let (before, _, _) = settings_in(&mut *edit.tx, ws).await?;
        sqlx::query(
            "update workspaces set bot_person_words = $2, bot_replies_per_hour = $3 where id = $1",
        )
        .bind(ws)
        .bind(json(&settings.person_words))
        .bind(i64::from(settings.replies_per_hour))
        .execute(&mut *edit.tx)
        .await?;
        let changes = diff(&[
            (
                "person_words",
                Some(before.person_words.join("、")),
                Some(settings.person_words.join("、")),
            ),
            (
                "replies_per_hour",
                Some(before.replies_per_hour.to_string()),
                Some(settings.replies_per_hour.to_string()),
            ),
        ]);
        let audit = (ObjectKind::BotSettings, None, "", Action::Changed, changes);
        edit.finish(Some(()), by, Some(audit)).await?;
        Ok(Ok(()))
    }
}
