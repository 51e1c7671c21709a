//! The team as a member works with it: who can receive a transfer or join as a collaborator,
//! and the member's own notifications.

use super::ServiceError;
use crate::domain::limits::NOTIFICATION_PAGE;
use crate::domain::{Millis, NotificationId};
use crate::server::db::{SessionMember, Store};
use crate::wire::{Notifications, TeamMember};

/// The workspace's active members, by name.
pub async fn members(
    store: &Store,
    who: &SessionMember,
    now: Millis,
) -> Result<Vec<TeamMember>, ServiceError> {
    Ok(store.team(who.workspace_id, now).await?)
}

/// The member's latest notifications, newest first, with the unread count.
pub async fn notifications(
    store: &Store,
    who: &SessionMember,
) -> Result<Notifications, ServiceError> {
    Ok(store
        .notifications(who.workspace_id, who.member_id, NOTIFICATION_PAGE)
        .await?)
}

/// Marks the member's own notifications up to id `up_to` read.
pub async fn read_notifications(
    store: &Store,
    who: &SessionMember,
    up_to: NotificationId,
    now: Millis,
) -> Result<(), ServiceError> {
    Ok(store
        .read_notifications(who.workspace_id, who.member_id, up_to, now)
        .await?)
}
