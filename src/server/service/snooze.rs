//! Snooze (issue 16): the owner of a conversation in progress puts it to sleep until a time
//! (`domain::snooze::check`: a minute to 30 days ahead) or until the customer writes; it leaves
//! the owner's Mine · In progress for Mine · Snoozed and comes back, with a notification, when
//! its time comes (`wake_due`, run by the worker with the clock it is given) or the customer
//! writes (inside the message's transaction). Its owner may wake it early; any change of status
//! ends it.

use super::conversation::visible;
use super::ServiceError;
use crate::domain::snooze::{check, may_snooze, Until};
use crate::domain::{ConversationId, Millis};
use crate::server::db::{SessionMember, Store};

/// Snoozed conversations one pass wakes at most; the rest in the next pass.
pub const PER_PASS: i64 = 200;

/// Snoozes conversation `id` (as the member saw it at `version`) until `until`.
pub async fn snooze(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    version: i64,
    until: Until,
    now: Millis,
) -> Result<(), ServiceError> {
    let rec = visible(store, who, id).await?;
    if !may_snooze(who.member_id, rec.facts.state) {
        return Err(ServiceError::NotAllowed);
    }
    let until = check(until, now).map_err(ServiceError::Snooze)?;
    let at = match until {
        Until::At(t) => Some(t),
        Until::CustomerWrites => None,
    };
    if store
        .snooze(who.workspace_id, id, who.member_id, version, at, now)
        .await?
    {
        Ok(())
    } else {
        let now = visible(store, who, id).await?;
        Err(ServiceError::changed(now))
    }
}

/// Its owner wakes conversation `id` before its time; nothing when it was not snoozed.
pub async fn unsnooze(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    now: Millis,
) -> Result<(), ServiceError> {
    let rec = visible(store, who, id).await?;
    if !may_snooze(who.member_id, rec.facts.state) {
        return Err(ServiceError::NotAllowed);
    }
    store
        .unsnooze(who.workspace_id, id, who.member_id, now)
        .await?;
    Ok(())
}

/// Wakes every snoozed conversation whose time is at or before `now` (at most [`PER_PASS`]):
/// how many.
pub async fn wake_due(store: &Store, now: Millis) -> Result<usize, ServiceError> {
    let mut woke = 0;
    for due in store.due_snoozes(now, PER_PASS).await? {
        if store.wake_due(due.workspace_id, due.id, now).await? {
            woke += 1;
        }
    }
    Ok(woke)
}
