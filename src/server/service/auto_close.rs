//! Auto-close (issue 16): a channel's rule as an admin sets it (off by default), and the sweep
//! the worker runs with the clock it is given: each in-progress conversation of a channel with
//! a rule, whose customer was answered and in which nobody has written for the rule's hours, is
//! closed by the workspace, after the rule's closing message where the platform still lets a
//! message reach the customer. "Auto-closed" stays in its thread; a customer who writes again
//! reopens it to pending as always.

use super::ServiceError;
use crate::domain::snooze::{check_auto_close, is_quiet, quiet_since};
use crate::domain::status::{transition, Trigger};
use crate::domain::window::{may_reach, reply_window};
use crate::domain::{ChannelId, ConvState, Millis};
use crate::server::db::{BotMessage, ChannelRecord, SessionMember, StateChange, Store};
use crate::wire::ChannelView;

/// Conversations one pass closes per channel at most; a backlog goes in the next passes.
pub const PER_PASS: i64 = 200;

/// Sets (hours none: off) a channel's auto-close and its optional closing message (admins and
/// supervisors, like the rest of a channel's settings).
pub async fn set(
    store: &Store,
    who: &SessionMember,
    channel: ChannelId,
    hours: Option<i64>,
    message: Option<&str>,
    public_url: &str,
    now: Millis,
) -> Result<ChannelView, ServiceError> {
    super::channel::may_manage(who)?;
    let rule = check_auto_close(hours, message).map_err(ServiceError::Snooze)?;
    let by = super::members::audit_by(who, now);
    if !store
        .set_auto_close(who.workspace_id, channel, rule.as_ref(), &by)
        .await?
    {
        return Err(ServiceError::NotFound(super::Missing::Channel));
    }
    let record = store
        .channel(who.workspace_id, channel)
        .await?
        .ok_or(ServiceError::NotFound(super::Missing::Channel))?;
    Ok(super::channel::view_of(&record, public_url))
}

/// One pass over every channel with a rule, at `now`: how many conversations it closed.
pub async fn sweep(store: &Store, now: Millis) -> Result<usize, ServiceError> {
    let mut closed = 0;
    for channel in store.channel_records(None).await? {
        if channel.enabled {
            closed += sweep_channel(store, &channel, now).await?;
        }
    }
    Ok(closed)
}

async fn sweep_channel(
    store: &Store,
    channel: &ChannelRecord,
    now: Millis,
) -> Result<usize, ServiceError> {
    let Some(rule) = &channel.auto_close else {
        return Ok(0);
    };
    let quiet = store
        .quiet_conversations(
            channel.workspace_id,
            channel.id,
            quiet_since(rule, now),
            PER_PASS,
        )
        .await?;
    let mut closed = 0;
    for q in quiet {
        if !is_quiet(rule, true, false, q.last_message_at, now) {
            continue;
        }
        let from = ConvState::InProgress { owner: q.owner };
        let Ok(step) = transition(from, Trigger::AutoClose) else {
            continue;
        };
        // The closing message goes only where the platform still lets it reach the customer.
        let reaches = || {
            let window = reply_window(channel.kind, q.last_inbound_at, now, false);
            may_reach(window, q.unsubscribed).is_ok()
        };
        let closing = rule
            .message
            .as_ref()
            .filter(|_| reaches())
            .map(|text| BotMessage {
                text: text.clone(),
                image: None,
                buttons: None,
                retry_key: format!("auto-close-{}-{}", q.id, q.version),
            });
        let change = StateChange {
            workspace_id: channel.workspace_id,
            conversation_id: q.id,
            expected_version: q.version,
            actor: None,
            change: step.change.event(),
            from,
            to: step.to,
            now,
            notify: None,
            handover: None,
        };
        // Changed meanwhile (a member's reply, the customer's message): left alone.
        if store.auto_close(&change, closing.as_ref()).await? {
            closed += 1;
        }
    }
    Ok(closed)
}
