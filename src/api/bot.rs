//! The bot's settings (admins, supervisors and cs_managers): keyword rules, flows, the bot's
//! settings, and the simulator. A refused edit comes back in the member's language naming its
//! field, and nothing is saved.

use crate::domain::bot::config::{FlowDraft, RuleDraft, Settings};
use crate::wire::{AppError, BotPage, SimulateForm, Simulated};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The rules in their order, the flows, the settings and the workspace's channels.
#[server(prefix = "/api", endpoint = "bot_overview")]
pub async fn bot_overview() -> Result<BotPage, AppError> {
    use crate::server::service::bot;
    super::ctx::for_member(|m, store| async move { bot::page_for(&store, &m).await }).await
}

/// Saves a rule (a new one, last in the order, when `id` is none); answers its id.
#[server(prefix = "/api", endpoint = "save_bot_rule", input = Json)]
pub async fn save_bot_rule(id: Option<i64>, rule: RuleDraft) -> Result<i64, AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let saved = bot::save_rule_for(&store, &m, id, &rule, now_millis()).await?;
        Ok(saved.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}

#[server(prefix = "/api", endpoint = "delete_bot_rule")]
pub async fn delete_bot_rule(id: i64) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let done = bot::delete_rule_for(&store, &m, id, now_millis()).await?;
        Ok(done.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}

/// Moves a rule one place up (or down) the order.
#[server(prefix = "/api", endpoint = "move_bot_rule")]
pub async fn move_bot_rule(id: i64, up: bool) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        bot::move_rule_for(&store, &m, id, up, now_millis()).await
    })
    .await
}

/// Saves a flow (a new one when `id` is none); answers its id.
#[server(prefix = "/api", endpoint = "save_bot_flow", input = Json)]
pub async fn save_bot_flow(id: Option<i64>, flow: FlowDraft) -> Result<i64, AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let saved = bot::save_flow_for(&store, &m, id, &flow, now_millis()).await?;
        Ok(saved.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}

#[server(prefix = "/api", endpoint = "delete_bot_flow")]
pub async fn delete_bot_flow(id: i64) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let done = bot::delete_flow_for(&store, &m, id, now_millis()).await?;
        Ok(done.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}

/// The words that ask for a person and the hourly limit of automatic replies.
#[server(prefix = "/api", endpoint = "save_bot_settings", input = Json)]
pub async fn save_bot_settings(settings: Settings) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let done = bot::save_settings_for(&store, &m, &settings, now_millis()).await?;
        Ok(done.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}

/// What the bot would do with a sample message (and a rule being edited, as if saved),
/// without storing or sending anything.
#[server(prefix = "/api", endpoint = "simulate_bot", input = Json)]
pub async fn simulate_bot(form: SimulateForm) -> Result<Simulated, AppError> {
    use crate::server::{auth::now_millis, service::bot};
    super::ctx::for_member(|m, store| async move {
        let lang = m.lang;
        let done = bot::simulate_for(&store, &m, &form, now_millis()).await?;
        Ok(done.map_err(|p| super::refusal::bot(lang, p)))
    })
    .await?
    .map_err(super::ctx::logged)
}
