//! Batch management: check the request, read the selected conversations in one query, plan with
//! `domain::batch::plan` (the same function the confirm step's preview runs), and apply the plan
//! in one transaction under the member's idempotency key, each conversation all or nothing.

use std::collections::HashMap;

use super::{Missing, ServiceError};
use crate::domain::input::{at_most, InputError};
use crate::domain::limits::MAX_KEY_CHARS;

use crate::domain::availability::OverCapacity;
use crate::domain::batch::{check, plan, BatchAction, BatchReport, Picked, Planned, Seen, Step};
use crate::domain::status::transition;
use crate::domain::{ConversationId, CustomerId, MemberId, Millis};
use crate::server::db::{
    BatchApplied, BatchEarlier, BatchItem, BatchWrite, DbError, NewNotification, SessionMember,
    StateChange, Store,
};

/// The selected conversations that exist in the workspace, as they are now, with their customers.
type Targets = HashMap<ConversationId, (Seen, CustomerId)>;

/// One batch request as the member sent it.
#[derive(Clone, Debug)]
pub struct BatchRequest {
    pub action: BatchAction,
    /// The transferee of a transfer.
    pub to: Option<MemberId>,
    /// The conversations as the member selected them (id and the version they saw).
    pub selected: Vec<Picked>,
}

/// What a batch would do now, without doing it: the confirm step's preview.
pub async fn preview(
    store: &Store,
    who: &SessionMember,
    req: &BatchRequest,
) -> Result<BatchReport, ServiceError> {
    let (planned, _) = decide(store, who, req).await?;
    let mut report = BatchReport::preview(req.action, &planned);
    // Whom the batch gives its conversations to, and whether that takes them past capacity.
    let receiver = match req.action {
        BatchAction::Transfer => req.to,
        BatchAction::FollowUp => Some(who.member_id),
        _ => None,
    };
    let adding = planned.iter().filter(|p| p.outcome.is_ok()).count() as i64;
    if let Some(to) = receiver.filter(|_| adding > 0) {
        if let Some((name, load)) = store.member_load(who.workspace_id, to).await? {
            report.over_capacity = OverCapacity::check(&name, load, adding);
        }
    }
    Ok(report)
}

/// Runs a batch once per idempotency `key`: a retry with the same key applies nothing and gets
/// the first attempt's report.
pub async fn run(
    store: &Store,
    who: &SessionMember,
    key: &str,
    req: &BatchRequest,
    now: Millis,
) -> Result<BatchReport, ServiceError> {
    let key = key.trim();
    if key.is_empty() {
        return Err(InputError::Missing("key").into());
    }
    at_most("key", key, MAX_KEY_CHARS)?;
    let action = req.action.code();
    if let Some(earlier) = store.batch_earlier(who.member_id, key, action).await? {
        return earlier_report(earlier);
    }
    let (planned, targets) = decide(store, who, req).await?;
    let items = items(who, &planned, &targets, now);
    let finish = |applied: &[bool]| {
        let report = BatchReport::new(req.action, &planned, applied);
        let json = serde_json::to_string(&report).unwrap_or_default();
        (json, summary(who, req, &report))
    };
    let write = BatchWrite {
        workspace_id: who.workspace_id,
        member_id: who.member_id,
        key,
        action,
        now,
        items,
        finish: &finish,
    };
    match store.apply_batch(&write).await? {
        BatchApplied::Applied(applied) => Ok(BatchReport::new(req.action, &planned, &applied)),
        BatchApplied::Earlier(earlier) => earlier_report(earlier),
    }
}

fn earlier_report(earlier: BatchEarlier) -> Result<BatchReport, ServiceError> {
    match earlier {
        BatchEarlier::Done(json) => serde_json::from_str(&json)
            .map_err(|e| ServiceError::Db(DbError::Corrupt(format!("batch report: {e}")))),
        BatchEarlier::OtherAction => Err(ServiceError::KeyReused),
    }
}

/// Checks the request and plans it on the conversations as they are now. Conversations of
/// another workspace are never read; ones the member may not see are planned as not found.
async fn decide(
    store: &Store,
    who: &SessionMember,
    req: &BatchRequest,
) -> Result<(Vec<Planned>, Targets), ServiceError> {
    check(who.role, req.action, req.to, req.selected.len()).map_err(ServiceError::Batch)?;
    if let Some(to) = req.to.filter(|_| req.action == BatchAction::Transfer) {
        if !store
            .member(who.workspace_id, to)
            .await?
            .is_some_and(|m| m.active)
        {
            return Err(ServiceError::NotFound(Missing::Member));
        }
    }
    let ids: Vec<ConversationId> = req.selected.iter().map(|p| p.id).collect();
    let targets = store
        .batch_targets(who.workspace_id, &ids, who.member_id)
        .await?;
    let now: Targets = targets
        .into_iter()
        .map(|t| {
            let seen = Seen {
                id: t.record.id,
                version: t.record.version,
                facts: t.record.facts,
            };
            (seen.id, (seen, t.customer_id))
        })
        .collect();
    let planned = plan(&who.actor(), req.action, req.to, &req.selected, |id| {
        now.get(&id).map(|(seen, _)| *seen)
    });
    Ok((planned, now))
}

/// The writes of the planned steps, in the plan's order (the skipped ones have none).
fn items(
    who: &SessionMember,
    planned: &[Planned],
    targets: &Targets,
    now: Millis,
) -> Vec<BatchItem> {
    planned
        .iter()
        .filter_map(|p| {
            let step = p.outcome.as_ref().ok()?;
            // A planned conversation was read: its version, state and customer are known.
            let (seen, customer) = targets.get(&p.id)?;
            let version = seen.version;
            Some(match step {
                Step::Delete => BatchItem::Delete { id: p.id, version },
                Step::Blacklist => BatchItem::Blacklist {
                    id: p.id,
                    version,
                    customer: *customer,
                },
                Step::Change(triggers) => {
                    let mut state = seen.facts.state;
                    let mut changes = Vec::with_capacity(triggers.len());
                    for (i, t) in triggers.iter().enumerate() {
                        let Ok(next) = transition(state, *t) else {
                            break; // plan only returns valid steps
                        };
                        changes.push(StateChange {
                            workspace_id: who.workspace_id,
                            conversation_id: p.id,
                            expected_version: version + i as i64,
                            actor: Some(who.member_id),
                            change: next.change.event(),
                            from: state,
                            to: next.to,
                            now,
                            notify: None,
                            handover: None,
                        });
                        state = next.to;
                    }
                    BatchItem::Change(changes)
                }
            })
        })
        .collect()
}

/// The transferee's one notification for a transfer: who, how many, which conversations.
fn summary(
    who: &SessionMember,
    req: &BatchRequest,
    report: &BatchReport,
) -> Option<NewNotification> {
    let to = req
        .to
        .filter(|to| req.action == BatchAction::Transfer && *to != who.member_id)?;
    let moved: Vec<ConversationId> = report
        .items
        .iter()
        .filter(|i| i.skipped.is_none())
        .map(|i| i.id)
        .collect();
    if moved.is_empty() {
        return None;
    }
    Some(NewNotification {
        member_id: to,
        kind: crate::domain::NotificationKind::Transfer,
        payload: crate::domain::notification::Payload::new(who.member_id, &who.name, moved),
    })
}
