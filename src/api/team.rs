//! The team as a member works with it: who can receive a transfer or join as a collaborator,
//! and the member's own notifications.

use crate::domain::NotificationId;
use crate::wire::{AppError, Notifications, TeamMember};
use leptos::prelude::*;

/// The workspace's active members, by name (transfer targets, collaborator picker).
#[server(prefix = "/api", endpoint = "team_members")]
pub async fn team_members() -> Result<Vec<TeamMember>, AppError> {
    use crate::server::{auth::now_millis, service::team};
    super::ctx::for_member(|m, store| async move { team::members(&store, &m, now_millis()).await })
        .await
}

/// The member's latest notifications, newest first, with the unread count.
#[server(prefix = "/api", endpoint = "notifications")]
pub async fn my_notifications() -> Result<Notifications, AppError> {
    use crate::server::service::team;
    super::ctx::for_member(|m, store| async move { team::notifications(&store, &m).await }).await
}

/// Marks the member's notifications up to id `up_to` read (only ever the member's own).
#[server(prefix = "/api", endpoint = "read_notifications")]
pub async fn read_notifications(up_to: NotificationId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::team};
    super::ctx::for_member(|m, store| async move {
        team::read_notifications(&store, &m, up_to, now_millis()).await
    })
    .await
}
