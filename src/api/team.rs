//! The team as a member works with it: who can receive a transfer or join as a collaborator,
//! and the member's own notifications.

use super::error::AppError;
use super::types::{Notifications, TeamMember};
use leptos::prelude::*;

/// Notifications shown in the panel.
pub const NOTIFICATION_PAGE: i64 = 30;

/// The workspace's active members, by name (transfer targets, collaborator picker).
#[server(prefix = "/api", endpoint = "team_members")]
pub async fn team_members() -> Result<Vec<TeamMember>, AppError> {
    use super::ctx;
    let m = ctx::member().await?;
    ctx::state()?
        .store
        .team(m.workspace_id)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}

/// The member's latest notifications, newest first, with the unread count.
#[server(prefix = "/api", endpoint = "notifications")]
pub async fn my_notifications() -> Result<Notifications, AppError> {
    use super::ctx;
    let m = ctx::member().await?;
    ctx::state()?
        .store
        .notifications(m.workspace_id, m.member_id, NOTIFICATION_PAGE)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}

/// Marks the member's notifications up to id `up_to` read (only ever the member's own).
#[server(prefix = "/api", endpoint = "read_notifications")]
pub async fn read_notifications(up_to: i64) -> Result<(), AppError> {
    use super::ctx;
    let m = ctx::member().await?;
    let now = crate::server::auth::now_millis();
    ctx::state()?
        .store
        .read_notifications(m.workspace_id, m.member_id, up_to, now)
        .await
        .map_err(|e| ctx::internal(m.lang, e))
}
