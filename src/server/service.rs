//! Orchestration: load the facts, decide with `crate::domain`, write in one transaction.
//!
//! A status change carries the version of the conversation the member saw. If it moved since
//! (someone else followed it up, closed it, transferred it), nothing is written and the member
//! is told what it is now and who has it, so two members acting at the same moment never both
//! win and the event log gets exactly one row per change.

use crate::domain::collaboration::{may_change, CollabChange, CollabRefused};
use crate::domain::permission::{authorize, scope, scope_allows, Action, Denied};
use crate::domain::status::{transition, InvalidTransition, Transition, Trigger};
use crate::domain::{ConvState, ConversationId, MemberId, Millis};
use crate::server::db::{
    CollabUpdate, ConvRecord, DbError, Incoming, NewNotification, Received, SessionMember,
    StateChange, Store,
};

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

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// Not there, in another workspace, or not visible to the member: all look the same.
    #[error("conversation not found")]
    NotFound,
    #[error("not permitted: {0:?}")]
    Denied(Denied),
    #[error("invalid transition: {0:?}")]
    Invalid(InvalidTransition),
    /// Someone changed it since the member saw it.
    #[error("changed by someone else")]
    Changed {
        now: ConvState,
        owner_name: Option<String>,
        version: i64,
    },
    /// The transfer target (or collaborator) is not an active member of the workspace.
    #[error("no such member")]
    NoSuchMember,
    #[error("collaborator change refused: {0:?}")]
    Collab(CollabRefused),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The conversation, if `who` may see it. Missing, in another workspace or out of the member's
/// sight all answer `NotFound` alike, so ids reveal nothing.
pub async fn visible(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
) -> Result<ConvRecord, ChangeError> {
    let rec = store
        .conversation(who.workspace_id, id, who.member_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if !scope_allows(&scope(&who.actor()), &rec.facts) {
        return Err(ChangeError::NotFound);
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
) -> Result<Transition, ChangeError> {
    let workspace = who.workspace_id;
    let actor = &who.actor();
    let rec = visible(store, who, id).await?;
    if rec.version != seen_version {
        return Err(ChangeError::Changed {
            now: rec.facts.state,
            owner_name: rec.owner_name,
            version: rec.version,
        });
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
                return Err(ChangeError::NoSuchMember);
            }
            (Action::Transfer, Trigger::Transfer { by: me, to })
        }
    };
    authorize(actor, action, &rec.facts).map_err(ChangeError::Denied)?;
    let t = transition(rec.facts.state, trigger).map_err(ChangeError::Invalid)?;
    let notify = match act {
        Act::Transfer { to } if to != me => Some(NewNotification {
            member_id: to,
            kind: "transfer",
            payload: serde_json::json!({ "by": me, "by_name": who.name, "count": 1, "conversations": [id] }).to_string(),
        }),
        _ => None,
    };
    let change = StateChange {
        workspace_id: workspace,
        conversation_id: id,
        expected_version: seen_version,
        actor: Some(me),
        change: t.change.code(),
        from: rec.facts.state,
        to: t.to,
        now,
        notify,
    };
    if store.apply_change(&change).await? {
        return Ok(t);
    }
    // Lost the race between our read and our write: report what won.
    let now_rec = store
        .conversation(workspace, id, me)
        .await?
        .ok_or(ChangeError::NotFound)?;
    Err(ChangeError::Changed {
        now: now_rec.facts.state,
        owner_name: now_rec.owner_name,
        version: now_rec.version,
    })
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
) -> Result<(), ChangeError> {
    let ws = who.workspace_id;
    let me = who.member_id;
    let decide = |rec: &ConvRecord, current: &[crate::api::types::MemberBadge]| {
        let collaborates = current.iter().any(|m| m.id == member);
        may_change(&who.actor(), &rec.facts, change, member, collaborates)
            .map_err(ChangeError::Collab)
    };
    let rec = visible(store, who, id).await?;
    if !store.member(ws, member).await?.is_some_and(|m| m.active) {
        return Err(ChangeError::NoSuchMember);
    }
    decide(&rec, &store.collaborators(ws, id).await?)?;
    let notify = (change == CollabChange::Add && member != me).then(|| NewNotification {
        member_id: member,
        kind: "collaborator",
        payload:
            serde_json::json!({ "by": me, "by_name": who.name, "count": 1, "conversations": [id] })
                .to_string(),
    });
    let update = CollabUpdate {
        workspace_id: ws,
        conversation_id: id,
        actor: me,
        member,
        change,
        now,
        notify,
    };
    if store.change_collaborator(&update).await? {
        return Ok(());
    }
    // Someone changed the conversation between our read and our write: say what holds now.
    let rec = visible(store, who, id).await?;
    decide(&rec, &store.collaborators(ws, id).await?)?;
    Err(ChangeError::Changed {
        now: rec.facts.state,
        owner_name: rec.owner_name,
        version: rec.version,
    })
}

/// A message from a channel's sender, as a platform delivers it.
#[derive(Clone, Debug)]
pub struct Inbound<'a> {
    pub workspace: crate::domain::WorkspaceId,
    pub channel: crate::domain::ChannelId,
    /// The platform's id of the sender (PSID, LINE userId, wa_id, widget visitor id).
    pub sender: &'a str,
    /// The sender's display name, for a customer seen for the first time.
    pub sender_name: &'a str,
    pub body: &'a str,
    /// The platform's message id, for redeliveries.
    pub external_id: Option<&'a str>,
    pub route: crate::domain::Handler,
    pub now: Millis,
}

/// The one entry point for what customers send: resolves the sender to their customer and
/// conversation (CHANNELS.md §0.1), drops it when the customer is blacklisted (nothing is
/// created, reopened or notified), and otherwise stores it through [`receive`].
pub async fn ingest(store: &Store, m: &Inbound<'_>) -> Result<Received, ChangeError> {
    use crate::server::db::InboundTarget;
    // A blacklisting between the resolution and the write deletes the conversation: resolve
    // again, and the sender is then found blocked.
    for _ in 0..3 {
        let target = store
            .resolve_inbound(
                m.workspace,
                m.channel,
                m.sender,
                m.sender_name,
                m.route,
                m.now,
            )
            .await
            .map_err(|e| match e {
                DbError::NotFound => ChangeError::NotFound,
                e => ChangeError::Db(e),
            })?;
        let InboundTarget::Conversation(id) = target else {
            return Ok(Received::Dropped);
        };
        match receive(
            store,
            m.workspace,
            id,
            m.body,
            m.external_id,
            m.route,
            m.now,
        )
        .await
        {
            Err(ChangeError::NotFound) => continue,
            done => return done,
        }
    }
    Err(ChangeError::NotFound)
}

/// A customer message arriving on conversation `id`, where routing decided `route` (the bot
/// when a keyword rule handles it, else a person), once [`ingest`] resolved its sender:
/// a closed conversation returns to pending, a bot one moves to a person when routed so, and an
/// in-progress one stays with its owner while its unread count and waiting clock rise.
/// A redelivery of the same platform message id is stored once.
pub async fn receive(
    store: &Store,
    workspace: crate::domain::WorkspaceId,
    id: ConversationId,
    body: &str,
    external_id: Option<&str>,
    route: crate::domain::Handler,
    now: Millis,
) -> Result<Received, ChangeError> {
    use crate::domain::status::Change;
    // Members acting at the same moment may move the version; read again and retry.
    for _ in 0..8 {
        let rec = store
            .conversation(workspace, id, 0)
            .await?
            .ok_or(ChangeError::NotFound)?;
        let t = transition(rec.facts.state, Trigger::CustomerMessage { route })
            .map_err(ChangeError::Invalid)?;
        let (change, reason) = match t.change {
            Change::NewMessage | Change::StayedWithBot => (None, None),
            c => {
                let reason = if t.to.handler() == Some(crate::domain::Handler::Bot) {
                    "keyword_rule"
                } else {
                    "no_keyword_matched"
                };
                (Some(c.code()), Some(reason.to_owned()))
            }
        };
        let incoming = Incoming {
            workspace_id: workspace,
            conversation_id: id,
            expected_version: rec.version,
            body: body.to_owned(),
            external_id: external_id.map(str::to_owned),
            from: rec.facts.state,
            to: t.to,
            change,
            pending_reason: reason,
            now,
        };
        match store.receive(&incoming).await? {
            Received::Moved => continue,
            done => return Ok(done),
        }
    }
    let rec = store
        .conversation(workspace, id, 0)
        .await?
        .ok_or(ChangeError::NotFound)?;
    Err(ChangeError::Changed {
        now: rec.facts.state,
        owner_name: rec.owner_name,
        version: rec.version,
    })
}
