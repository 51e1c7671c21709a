//! One conversation: who may see it, opening it, status changes, transfer, collaborators.
//!
//! A status change carries the version of the conversation the member saw. If it moved since
//! (someone else followed it up, closed it, transferred it), nothing is written and the member
//! is told what it is now and who has it, so two members acting at the same moment never both
//! win and the event log gets exactly one row per change.

use super::{Missing, ServiceError};
use crate::domain::actions::{available, may_reply};
use crate::domain::collaboration::{may_change, CollabChange};
use crate::domain::input::at_most;
use crate::domain::limits::{MAX_HANDOVER_CHARS, THREAD_PAGE};
use crate::domain::notification::Payload;
use crate::domain::permission::{authorize, scope, scope_allows, Action};
use crate::domain::status::{transition, Transition, Trigger};
use crate::domain::{ConvState, ConversationId, MemberId, MessageId, Millis, NotificationKind};
use crate::server::db::{
    CollabUpdate, ConvRecord, Expected, NewNotification, SessionMember, StateChange, Store,
};
use crate::wire::{ConversationDetail, ThreadPage};

/// What a member asks to do to one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Follow up (跟進): a pending one becomes mine; someone else's becomes mine (take over).
    FollowUp,
    Close,
    Reopen,
    Transfer {
        to: MemberId,
    },
}

/// The conversation, if `who` may see it. Missing, in another workspace or out of the member's
/// sight all answer `NotFound` alike, so ids reveal nothing.
pub async fn visible(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
) -> Result<ConvRecord, ServiceError> {
    let rec = store
        .conversation(who.workspace_id, id, Some(who.member_id))
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    if !scope_allows(&scope(&who.actor()), &rec.facts) {
        return Err(ServiceError::NotFound(Missing::Conversation));
    }
    Ok(rec)
}

/// Applies `act` by `actor` to conversation `id`, which the member saw at `seen_version`.
pub async fn act(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    seen_version: i64,
    act: Act,
    now: Millis,
) -> Result<Transition, ServiceError> {
    let rec = visible(store, who, id).await?;
    let (change, t) = decide(store, who, &rec, seen_version, act, now).await?;
    if store.apply_change(&change).await? {
        return Ok(t);
    }
    Err(lost(store, who, id).await)
}

/// Transfers conversation `id` (seen at `seen_version`) to member `to`, with an optional
/// handover note: pinned for the new owner above the thread and kept in it as the member's
/// internal note, in the same transaction; the new owner's notification names the customer
/// and carries the note.
pub async fn transfer(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    seen_version: i64,
    to: MemberId,
    note: &str,
    now: Millis,
) -> Result<Transition, ServiceError> {
    at_most("note", note, MAX_HANDOVER_CHARS)?;
    let note = Some(note.trim())
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let rec = visible(store, who, id).await?;
    let (mut change, t) = decide(store, who, &rec, seen_version, Act::Transfer { to }, now).await?;
    if let Some(notify) = &mut change.notify {
        let customer = match store.customer_of(who.workspace_id, id).await? {
            Some(c) => store.customer_profile(who.workspace_id, c).await?,
            None => None,
        };
        let name = customer.map(|c| c.name).unwrap_or_default();
        notify.payload = notify.payload.clone().handover(name, note.clone());
    }
    change.handover = note;
    if store.apply_change(&change).await? {
        return Ok(t);
    }
    Err(lost(store, who, id).await)
}

/// Lost the race between our read and our write: what won.
pub(super) async fn lost(store: &Store, who: &SessionMember, id: ConversationId) -> ServiceError {
    match store
        .conversation(who.workspace_id, id, Some(who.member_id))
        .await
    {
        Ok(Some(now_rec)) => ServiceError::changed(now_rec),
        Ok(None) => ServiceError::NotFound(Missing::Conversation),
        Err(e) => e.into(),
    }
}

/// The change `act` by `who` makes to conversation `rec` (seen at `seen_version`), decided by
/// the permission rules and the transition table: refused as data, written by the caller.
pub(super) async fn decide(
    store: &Store,
    who: &SessionMember,
    rec: &ConvRecord,
    seen_version: i64,
    act: Act,
    now: Millis,
) -> Result<(StateChange, Transition), ServiceError> {
    let id = rec.id;
    let workspace = who.workspace_id;
    let actor = &who.actor();
    if rec.version != seen_version {
        return Err(ServiceError::changed(rec.clone()));
    }
    let me = actor.member_id;
    let (action, trigger) = match act {
        Act::FollowUp => match rec.facts.state {
            ConvState::InProgress { owner } if owner != me => {
                (Action::TakeOver, Trigger::FollowUp { by: me })
            }
            _ => (Action::FollowUp, Trigger::FollowUp { by: me }),
        },
        Act::Close => (Action::Close, Trigger::Close { by: me }),
        Act::Reopen => (Action::Reopen, Trigger::Reopen { by: me }),
        Act::Transfer { to } => {
            let target = store.member(workspace, to).await?;
            if !target.is_some_and(|m| m.active) {
                return Err(ServiceError::NotFound(Missing::Member));
            }
            (Action::Transfer, Trigger::Transfer { by: me, to })
        }
    };
    authorize(actor, action, &rec.facts).map_err(ServiceError::Denied)?;
    let t = transition(rec.facts.state, trigger).map_err(ServiceError::Transition)?;
    let notify = match act {
        Act::Transfer { to } if to != me => Some(NewNotification {
            member_id: to,
            kind: NotificationKind::Transfer,
            payload: Payload::new(me, &who.name, vec![id]),
        }),
        _ => None,
    };
    let change = StateChange {
        workspace_id: workspace,
        conversation_id: id,
        expected_version: seen_version,
        actor: Some(me),
        change: t.change.event(),
        from: rec.facts.state,
        to: t.to,
        now,
        notify,
        handover: None,
    };
    Ok((change, t))
}

/// Adds (`CollabChange::Add`) or removes `member` as a collaborator of conversation `id`, as
/// decided by `domain::collaboration::may_change`; an added member gets a notification.
pub async fn collaborate(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    member: MemberId,
    change: CollabChange,
    now: Millis,
) -> Result<(), ServiceError> {
    let ws = who.workspace_id;
    let me = who.member_id;
    let decide = |rec: &ConvRecord, current: &[crate::wire::MemberBadge]| {
        let collaborates = current.iter().any(|m| m.id == member);
        may_change(&who.actor(), &rec.facts, change, member, collaborates)
            .map_err(ServiceError::Collab)
    };
    let rec = visible(store, who, id).await?;
    if !store.member(ws, member).await?.is_some_and(|m| m.active) {
        return Err(ServiceError::NotFound(Missing::Member));
    }
    decide(&rec, &store.collaborators(ws, id).await?)?;
    let notify = (change == CollabChange::Add && member != me).then(|| NewNotification {
        member_id: member,
        kind: NotificationKind::Collaborator,
        payload: Payload::new(me, &who.name, vec![id]),
    });
    let update = CollabUpdate {
        workspace_id: ws,
        conversation_id: id,
        actor: me,
        member,
        change,
        now,
        notify,
        expected: Expected {
            version: rec.version,
            collaborator: rec.facts.is_collaborator,
        },
    };
    if store.change_collaborator(&update).await? {
        return Ok(());
    }
    // Someone changed the conversation between our read and our write: say what holds now.
    let rec = visible(store, who, id).await?;
    decide(&rec, &store.collaborators(ws, id).await?)?;
    Err(ServiceError::changed(rec))
}

/// The conversation with its latest messages and what the member may do now. Reads only:
/// marking it read is [`mark_read`], a separate request the page sends (never a GET).
pub async fn open(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    now: Millis,
) -> Result<ConversationDetail, ServiceError> {
    let rec = visible(store, who, id).await?;
    let mut detail = store
        .conversation_detail(who.workspace_id, id, THREAD_PAGE)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))?;
    let actor = who.actor();
    detail.actions = available(&actor, &rec.facts);
    if detail
        .actions
        .iter()
        .any(|a| matches!(a, Action::FollowUp | Action::TakeOver))
    {
        detail.my_load = store
            .member_load(who.workspace_id, who.member_id)
            .await?
            .map(|(_, load)| load);
    }
    detail.answered_at = now;
    detail.window = crate::domain::window::reply_window(
        detail.channel_kind,
        detail.last_inbound_at,
        now,
        false,
    );
    detail.reply_refused = may_reply(&actor, &rec.facts)
        .and_then(|()| crate::domain::window::may_reach(detail.window, detail.unsubscribed))
        .err();
    Ok(detail)
}

/// The messages before `before` (the oldest the member has), with their event lines.
pub async fn older(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    before: (Millis, MessageId),
) -> Result<ThreadPage, ServiceError> {
    visible(store, who, id).await?;
    Ok(store
        .thread_page(who.workspace_id, id, before, THREAD_PAGE)
        .await?)
}

/// Marks the conversation's customer messages read for the member.
pub async fn mark_read(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    now: Millis,
) -> Result<(), ServiceError> {
    visible(store, who, id).await?;
    store
        .mark_read(who.workspace_id, id, who.member_id, now)
        .await?;
    Ok(())
}
