//! Batch management (PRODUCT.md, "Batch management"): which batch actions a list offers a role,
//! and the plan of one batch: for each selected conversation, the status triggers to apply in
//! one transaction, or why it is skipped.
//!
//! The same [`plan`] makes the preview in the browser (from the rows as the member selected
//! them) and decides on the server (from the conversations as they are now). Batch actions are
//! compositions of the status machine's transitions, never new ones: closing a pending
//! conversation is "follow up, then close", transferring one is "follow up, then transfer", so
//! every step is a valid transition, authorized, and written to the event log.

use serde::{Deserialize, Serialize};

use super::model::{Actor, ConvState, ConversationId, MemberId, Role};
use super::permission::{authorize, role_may, Action, ConvFacts, Denied};
use super::status::{transition, InvalidTransition, Trigger};

/// At most this many conversations per transfer (PRODUCT.md).
pub const MAX_PER_TRANSFER: usize = 20;

/// What a batch does to each selected conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BatchAction {
    /// Follow up (跟進): pending ones become mine; someone else's are taken over (接手).
    FollowUp,
    /// Close (結束事件).
    Close,
    /// Reopen (重啟事件).
    Reopen,
    /// Transfer (移轉) to one member.
    Transfer,
    /// Delete the conversations and all their messages.
    Delete,
    /// Blacklist (加入黑名單) their customers.
    Blacklist,
}

impl BatchAction {
    /// Every batch action, in the order the bar shows them.
    pub const ALL: [BatchAction; 6] = [
        BatchAction::FollowUp,
        BatchAction::Close,
        BatchAction::Reopen,
        BatchAction::Transfer,
        BatchAction::Delete,
        BatchAction::Blacklist,
    ];
}

impl BatchAction {
    /// The stored name of the action (idempotency records, logs).
    pub fn code(self) -> &'static str {
        match self {
            BatchAction::FollowUp => "follow_up",
            BatchAction::Close => "close",
            BatchAction::Reopen => "reopen",
            BatchAction::Transfer => "transfer",
            BatchAction::Delete => "delete",
            BatchAction::Blacklist => "blacklist",
        }
    }

    /// The permission a member's role needs at all to take this action in batch.
    pub fn permission(self) -> Action {
        match self {
            BatchAction::FollowUp => Action::FollowUp,
            BatchAction::Close => Action::Close,
            BatchAction::Reopen => Action::Reopen,
            BatchAction::Transfer => Action::Transfer,
            BatchAction::Delete => Action::Delete,
            BatchAction::Blacklist => Action::Blacklist,
        }
    }
}

/// At most this many conversations per batch of any action.
pub const MAX_PER_BATCH: usize = 500;

/// Why a whole batch request is refused before any conversation is looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refused {
    /// Nothing selected.
    Empty,
    /// More than [`MAX_PER_TRANSFER`] conversations in one transfer.
    TransferTooMany,
    /// More than [`MAX_PER_BATCH`] conversations in one batch.
    TooMany,
    /// A transfer needs a member to transfer to.
    NoTransferee,
    /// The member's role may never take this action.
    RoleMayNot,
}

/// Checks a batch request as a whole: something selected, within the limits, a transferee for a
/// transfer, and an action the role may take at all. The UI checks the same before sending.
pub fn check(
    role: Role,
    action: BatchAction,
    to: Option<MemberId>,
    count: usize,
) -> Result<(), Refused> {
    if count == 0 {
        return Err(Refused::Empty);
    }
    if action == BatchAction::Transfer && count > MAX_PER_TRANSFER {
        return Err(Refused::TransferTooMany);
    }
    if count > MAX_PER_BATCH {
        return Err(Refused::TooMany);
    }
    if action == BatchAction::Transfer && to.is_none() {
        return Err(Refused::NoTransferee);
    }
    let may = role_may(role, action.permission())
        || (action == BatchAction::FollowUp && role_may(role, Action::TakeOver));
    if !may {
        return Err(Refused::RoleMayNot);
    }
    Ok(())
}

/// One conversation in a batch's report: done, or skipped and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportItem {
    pub id: ConversationId,
    pub skipped: Option<Skip>,
}

/// What a batch did (or, as a preview, would do) to each selected conversation, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    pub action: BatchAction,
    pub items: Vec<ReportItem>,
    /// A preview's warning: the member the batch gives its conversations to (the transferee,
    /// or the member following up) would go past their capacity.
    #[serde(default)]
    pub over_capacity: Option<super::availability::OverCapacity>,
}

impl BatchReport {
    /// The report of `plan` where `applied` says, for each planned step in order, whether it
    /// was written (a step that was not had its conversation changed under it).
    pub fn new(action: BatchAction, plan: &[Planned], applied: &[bool]) -> BatchReport {
        let mut applied = applied.iter();
        let items = plan
            .iter()
            .map(|p| ReportItem {
                id: p.id,
                skipped: match &p.outcome {
                    Ok(_) if applied.next() == Some(&true) => None,
                    Ok(_) => Some(Skip::Changed),
                    Err(skip) => Some(*skip),
                },
            })
            .collect();
        BatchReport {
            action,
            items,
            over_capacity: None,
        }
    }

    /// The preview of `plan`: what would change if nothing moves before it is applied.
    pub fn preview(action: BatchAction, plan: &[Planned]) -> BatchReport {
        let all = vec![true; plan.len()];
        BatchReport::new(action, plan, &all)
    }

    pub fn succeeded(&self) -> usize {
        self.items.iter().filter(|i| i.skipped.is_none()).count()
    }

    pub fn failed(&self) -> usize {
        self.items.len() - self.succeeded()
    }
}

/// The kinds of list a batch bar sits on: the rows of PRODUCT.md's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BatchList {
    /// Pending, human or bot.
    Pending,
    /// Mine, in progress.
    MineInProgress,
    /// Team, in progress.
    TeamInProgress,
    /// Any closed list (mine, the team's, all).
    Closed,
}

/// The actions the bar offers on `list` to `role`: PRODUCT.md's table, less the actions the
/// role may never take.
pub fn offered(list: BatchList, role: Role) -> Vec<BatchAction> {
    use BatchAction::*;
    let table: &[BatchAction] = match list {
        BatchList::Pending => &[FollowUp, Close, Transfer, Delete, Blacklist],
        BatchList::MineInProgress => &[Close, Transfer, Delete, Blacklist],
        BatchList::TeamInProgress => &[FollowUp, Close, Transfer, Delete, Blacklist],
        BatchList::Closed => &[Reopen, Delete, Blacklist],
    };
    table
        .iter()
        .copied()
        .filter(|a| {
            let action = match (list, a) {
                (BatchList::TeamInProgress, FollowUp) => Action::TakeOver,
                _ => a.permission(),
            };
            role_may(role, action)
        })
        .collect()
}

/// A conversation as the member selected it: which one, at which version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Picked {
    pub id: ConversationId,
    pub version: i64,
}

/// A conversation as it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub id: ConversationId,
    pub version: i64,
    pub facts: ConvFacts,
}

/// What a batch does to one conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// These triggers, in order, in one transaction.
    Change(Vec<Trigger>),
    /// Delete it with its messages.
    Delete,
    /// Blacklist its customer (and delete the customer's history).
    Blacklist,
}

/// Why a batch leaves one conversation alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Skip {
    /// It does not exist, belongs to another workspace, or the member may not see it.
    NotFound,
    /// Someone changed it since the member selected it.
    Changed,
    /// Beyond the most one transfer may move.
    OverLimit,
    /// The member's role may not do this to it.
    Denied(Denied),
    /// Its status does not allow it (already closed, …).
    Invalid(InvalidTransition),
    /// Selected twice: it is planned once.
    Duplicate,
}

/// The plan for one selected conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub id: ConversationId,
    pub outcome: Result<Step, Skip>,
}

/// Plans `action` (with `to`, the transferee of a transfer) over the conversations the member
/// `selected` (id and version, in order), given what they are `now` (`None`: not found or not
/// visible to the member; the server passes what it reads, the browser's preview passes the
/// rows it shows).
pub fn plan(
    actor: &Actor,
    action: BatchAction,
    to: Option<MemberId>,
    selected: &[Picked],
    now: impl Fn(ConversationId) -> Option<Seen>,
) -> Vec<Planned> {
    let mut seen = std::collections::HashSet::new();
    let mut transfers = 0;
    selected
        .iter()
        .map(|picked| {
            let outcome = (|| {
                if !seen.insert(picked.id) {
                    return Err(Skip::Duplicate);
                }
                let current = now(picked.id).ok_or(Skip::NotFound)?;
                if authorize(actor, Action::View, &current.facts).is_err() {
                    return Err(Skip::NotFound);
                }
                if current.version != picked.version {
                    // Someone changed it since it was selected. If what it is now rules the
                    // action out (already closed, say), that is the clearer reason.
                    return match step(actor, action, to, &current.facts) {
                        Err(invalid @ Skip::Invalid(_)) => Err(invalid),
                        _ => Err(Skip::Changed),
                    };
                }
                if action == BatchAction::Transfer {
                    transfers += 1;
                    if transfers > MAX_PER_TRANSFER {
                        return Err(Skip::OverLimit);
                    }
                }
                step(actor, action, to, &current.facts)
            })();
            Planned {
                id: picked.id,
                outcome,
            }
        })
        .collect()
}

/// The step for one conversation with `facts`: the triggers, each authorized and valid from the
/// state the one before it left.
fn step(
    actor: &Actor,
    action: BatchAction,
    to: Option<MemberId>,
    facts: &ConvFacts,
) -> Result<Step, Skip> {
    let me = actor.member_id;
    let triggers = match action {
        BatchAction::Delete | BatchAction::Blacklist => {
            authorize(actor, action.permission(), facts).map_err(Skip::Denied)?;
            return Ok(if action == BatchAction::Delete {
                Step::Delete
            } else {
                Step::Blacklist
            });
        }
        BatchAction::FollowUp => vec![Trigger::FollowUp { by: me }],
        BatchAction::Reopen => vec![Trigger::Reopen { by: me }],
        BatchAction::Close => match facts.state {
            ConvState::Pending(_) => vec![Trigger::FollowUp { by: me }, Trigger::Close { by: me }],
            _ => vec![Trigger::Close { by: me }],
        },
        BatchAction::Transfer => {
            let Some(to) = to else {
                return Err(Skip::Invalid(InvalidTransition::NotInProgress));
            };
            match facts.state {
                ConvState::Pending(_) if to == me => vec![Trigger::FollowUp { by: me }],
                ConvState::Pending(_) => {
                    vec![
                        Trigger::FollowUp { by: me },
                        Trigger::Transfer { by: me, to },
                    ]
                }
                _ => vec![Trigger::Transfer { by: me, to }],
            }
        }
    };
    let selected = *facts;
    let mut facts = *facts;
    for trigger in &triggers {
        let needs = match (trigger, facts.state) {
            (Trigger::FollowUp { .. }, ConvState::InProgress { owner }) if owner != me => {
                Action::TakeOver
            }
            (Trigger::FollowUp { .. }, _) => Action::FollowUp,
            (Trigger::Close { .. }, _) => Action::Close,
            (Trigger::Reopen { .. }, _) => Action::Reopen,
            (Trigger::Transfer { .. }, _) => Action::Transfer,
            _ => Action::View,
        };
        // Transferring a pending conversation is judged on it as selected (a sales rep may
        // transfer their branch's pending ones), not on the follow-up that prepares it.
        let judged = if needs == Action::Transfer {
            &selected
        } else {
            &facts
        };
        // What it is rules first ("already closed" says more than "not yours to close").
        let next = transition(facts.state, *trigger).map_err(Skip::Invalid)?;
        authorize(actor, needs, judged).map_err(Skip::Denied)?;
        facts.state = next.to;
    }
    Ok(Step::Change(triggers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{BranchId, Handler};
    use crate::domain::Lang;
    use BatchAction::*;

    const ME: MemberId = MemberId(1);
    const OTHER: MemberId = MemberId(2);
    const THIRD: MemberId = MemberId(3);

    fn actor(role: Role) -> Actor {
        Actor {
            member_id: ME,
            role,
            branch_id: Some(BranchId(10)),
        }
    }

    fn picked(s: &Seen) -> Picked {
        Picked {
            id: s.id,
            version: s.version,
        }
    }

    fn seen(id: ConversationId, state: ConvState) -> Seen {
        Seen {
            id,
            version: 1,
            facts: ConvFacts {
                state,
                branch_id: Some(BranchId(10)),
                owner_branch_id: Some(BranchId(10)),
                is_collaborator: false,
            },
        }
    }

    const PENDING: ConvState = ConvState::Pending(Handler::Human);
    const BOT: ConvState = ConvState::Pending(Handler::Bot);
    const MINE: ConvState = ConvState::InProgress { owner: ME };
    const THEIRS: ConvState = ConvState::InProgress { owner: OTHER };
    const THIRDS: ConvState = ConvState::InProgress { owner: THIRD };
    const CLOSED: ConvState = ConvState::Closed {
        last_owner: Some(OTHER),
    };

    #[test]
    fn each_list_offers_the_table_less_what_the_role_may_never_do() {
        use BatchList::*;
        let cases: &[(BatchList, Role, &[BatchAction])] = &[
            (
                Pending,
                Role::Admin,
                &[FollowUp, Close, Transfer, Delete, Blacklist],
            ),
            (
                Pending,
                Role::Supervisor,
                &[FollowUp, Close, Transfer, Delete, Blacklist],
            ),
            (Pending, Role::CsManager, &[FollowUp, Close]),
            (Pending, Role::Agent, &[FollowUp, Close, Transfer]),
            (Pending, Role::SalesManager, &[FollowUp, Close, Transfer]),
            (Pending, Role::SalesRep, &[FollowUp, Close, Transfer]),
            (
                MineInProgress,
                Role::Admin,
                &[Close, Transfer, Delete, Blacklist],
            ),
            (MineInProgress, Role::CsManager, &[Close]),
            (MineInProgress, Role::SalesRep, &[Close, Transfer]),
            (
                TeamInProgress,
                Role::Supervisor,
                &[FollowUp, Close, Transfer, Delete, Blacklist],
            ),
            (TeamInProgress, Role::Agent, &[FollowUp, Close, Transfer]),
            // A sales rep never takes over.
            (TeamInProgress, Role::SalesRep, &[Close, Transfer]),
            (Closed, Role::Admin, &[Reopen, Delete, Blacklist]),
            (Closed, Role::Agent, &[Reopen]),
            (Closed, Role::CsManager, &[Reopen]),
        ];
        for (list, role, want) in cases {
            assert_eq!(offered(*list, *role), want.to_vec(), "{list:?} {role:?}");
        }
    }

    /// (state, action, role, expected outcome)
    fn outcome_table() -> Vec<(ConvState, BatchAction, Role, Result<Step, Skip>)> {
        use InvalidTransition as E;
        let change = |t: &[Trigger]| Ok(Step::Change(t.to_vec()));
        let follow = Trigger::FollowUp { by: ME };
        let close = Trigger::Close { by: ME };
        let reopen = Trigger::Reopen { by: ME };
        let transfer = Trigger::Transfer { by: ME, to: THIRD };
        vec![
            (PENDING, FollowUp, Role::Agent, change(&[follow])),
            (BOT, FollowUp, Role::Agent, change(&[follow])),
            (THEIRS, FollowUp, Role::Agent, change(&[follow])),
            // A sales rep does not even see another member's conversation.
            (THEIRS, FollowUp, Role::SalesRep, Err(Skip::NotFound)),
            (
                MINE,
                FollowUp,
                Role::SalesRep,
                Err(Skip::Invalid(E::AlreadyYours)),
            ),
            (
                MINE,
                FollowUp,
                Role::Agent,
                Err(Skip::Invalid(E::AlreadyYours)),
            ),
            (
                CLOSED,
                FollowUp,
                Role::Agent,
                Err(Skip::Invalid(E::NeedsReopen)),
            ),
            (PENDING, Close, Role::Agent, change(&[follow, close])),
            (MINE, Close, Role::Agent, change(&[close])),
            (
                THEIRS,
                Close,
                Role::Agent,
                Err(Skip::Denied(Denied::NotOwner)),
            ),
            (THEIRS, Close, Role::Supervisor, change(&[close])),
            (
                CLOSED,
                Close,
                Role::Supervisor,
                Err(Skip::Invalid(E::AlreadyClosed)),
            ),
            (CLOSED, Reopen, Role::Agent, change(&[reopen])),
            (MINE, Reopen, Role::Agent, Err(Skip::Invalid(E::NotClosed))),
            (PENDING, Transfer, Role::Agent, change(&[follow, transfer])),
            (MINE, Transfer, Role::Agent, change(&[transfer])),
            (THEIRS, Transfer, Role::Agent, change(&[transfer])),
            (
                THIRDS,
                Transfer,
                Role::Agent,
                Err(Skip::Invalid(E::AlreadyTheirs)),
            ),
            (
                CLOSED,
                Transfer,
                Role::Agent,
                Err(Skip::Invalid(E::NeedsReopen)),
            ),
            (
                MINE,
                Transfer,
                Role::CsManager,
                Err(Skip::Denied(Denied::RoleMayNot)),
            ),
            (
                PENDING,
                Transfer,
                Role::CsManager,
                Err(Skip::Denied(Denied::RoleMayNot)),
            ),
            (THEIRS, Transfer, Role::SalesRep, Err(Skip::NotFound)),
            (MINE, Transfer, Role::SalesRep, change(&[transfer])),
            (
                PENDING,
                Transfer,
                Role::SalesRep,
                change(&[follow, transfer]),
            ),
            (CLOSED, Delete, Role::Admin, Ok(Step::Delete)),
            (PENDING, Delete, Role::Supervisor, Ok(Step::Delete)),
            (
                MINE,
                Delete,
                Role::Agent,
                Err(Skip::Denied(Denied::RoleMayNot)),
            ),
            (THEIRS, Blacklist, Role::Supervisor, Ok(Step::Blacklist)),
            (
                CLOSED,
                Blacklist,
                Role::CsManager,
                Err(Skip::Denied(Denied::RoleMayNot)),
            ),
        ]
    }

    #[test]
    fn every_state_action_and_role_gives_the_expected_outcome() {
        for (state, action, role, want) in outcome_table() {
            let now = seen(ConversationId(7), state);
            let got = plan(&actor(role), action, Some(THIRD), &[picked(&now)], |_| {
                Some(now)
            });
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].outcome, want, "{state:?} {action:?} {role:?}");
        }
    }

    #[test]
    fn planned_steps_are_valid_transitions_the_role_may_take() {
        // Whatever the plan applies, the status machine accepts step by step.
        for (state, action, role, want) in outcome_table() {
            if let Ok(Step::Change(triggers)) = want {
                let mut s = state;
                for t in triggers {
                    s = transition(s, t).expect("a planned step is valid").to;
                }
                assert!(
                    matches!(s, ConvState::InProgress { .. } | ConvState::Closed { .. }),
                    "{action:?} {role:?}"
                );
            }
        }
    }

    #[test]
    fn changed_missing_duplicate_and_oversized_selections_are_reported() {
        let agent = actor(Role::Agent);
        let selection: Vec<Picked> = (1..=23)
            .map(|id| picked(&seen(ConversationId(id), PENDING)))
            .collect();
        let mut with_twice = selection.clone();
        with_twice.insert(3, selection[0]);
        let plan = plan(&agent, Transfer, Some(THIRD), &with_twice, |id| match id {
            // Gone (or another workspace's).
            ConversationId(5) => None,
            // Changed since it was selected.
            ConversationId(6) => Some(Seen {
                version: 2,
                ..seen(ConversationId(6), PENDING)
            }),
            _ => Some(seen(id, PENDING)),
        });
        let outcomes: Vec<_> = plan
            .iter()
            .map(|p| (p.id.get(), p.outcome.clone().err()))
            .collect();
        assert_eq!(outcomes[0], (1, None));
        assert_eq!(outcomes[3], (1, Some(Skip::Duplicate)));
        assert_eq!(outcomes[5], (5, Some(Skip::NotFound)));
        assert_eq!(outcomes[6], (6, Some(Skip::Changed)));
        // Closed by someone since it was selected: "already closed" says more than "changed".
        let was = seen(ConversationId(8), MINE);
        let now_closed = Seen {
            version: 2,
            ..seen(ConversationId(8), CLOSED)
        };
        let p = super::plan(
            &actor(Role::Supervisor),
            Close,
            None,
            &[picked(&was)],
            |_| Some(now_closed),
        );
        assert_eq!(
            p[0].outcome,
            Err(Skip::Invalid(InvalidTransition::AlreadyClosed))
        );
        // 20 transfers go through; the rest are over the limit.
        let applied = plan.iter().filter(|p| p.outcome.is_ok()).count();
        assert_eq!(applied, MAX_PER_TRANSFER);
        assert_eq!(
            plan.iter()
                .filter(|p| p.outcome == Err(Skip::OverLimit))
                .count(),
            24 - 2 - 1 - 20
        );
        // A sales rep does not see another branch's pending conversation: not found.
        let rep = actor(Role::SalesRep);
        let elsewhere = Seen {
            facts: ConvFacts {
                branch_id: Some(BranchId(99)),
                ..seen(ConversationId(1), PENDING).facts
            },
            ..seen(ConversationId(1), PENDING)
        };
        let p = super::plan(&rep, Close, None, &[picked(&elsewhere)], |_| {
            Some(elsewhere)
        });
        assert_eq!(p[0].outcome, Err(Skip::NotFound));
    }

    #[test]
    fn a_request_is_checked_as_a_whole_first() {
        use Refused::*;
        type Case = (
            Role,
            BatchAction,
            Option<MemberId>,
            usize,
            Result<(), Refused>,
        );
        let cases: &[Case] = &[
            (Role::Agent, Close, None, 0, Err(Empty)),
            (Role::Agent, Transfer, Some(THIRD), 20, Ok(())),
            (Role::Agent, Transfer, Some(THIRD), 21, Err(TransferTooMany)),
            (Role::Agent, Transfer, None, 3, Err(NoTransferee)),
            (Role::Supervisor, Close, None, 21, Ok(())),
            (Role::Supervisor, Close, None, MAX_PER_BATCH, Ok(())),
            (
                Role::Supervisor,
                Close,
                None,
                MAX_PER_BATCH + 1,
                Err(TooMany),
            ),
            (Role::CsManager, Transfer, Some(THIRD), 1, Err(RoleMayNot)),
            (Role::Agent, Delete, None, 1, Err(RoleMayNot)),
            (Role::Agent, Blacklist, None, 1, Err(RoleMayNot)),
            (Role::Supervisor, Blacklist, None, 1, Ok(())),
            (Role::SalesRep, FollowUp, None, 1, Ok(())),
            (Role::SalesRep, Reopen, None, 1, Ok(())),
        ];
        for (role, action, to, count, want) in cases {
            assert_eq!(
                check(*role, *action, *to, *count),
                *want,
                "{role:?} {action:?} {count}"
            );
        }
        for r in [Empty, TransferTooMany, TooMany, NoTransferee, RoleMayNot] {
            assert_ne!(r.reason(Lang::ZhTw), r.reason(Lang::En));
        }
    }

    #[test]
    fn a_report_counts_what_applied_and_why_the_rest_did_not() {
        let a = seen(ConversationId(1), MINE);
        let b = seen(ConversationId(2), CLOSED);
        let c = seen(ConversationId(3), MINE);
        let selected = [picked(&a), picked(&b), picked(&c)];
        let all = [a, b, c];
        let p = plan(&actor(Role::Agent), Close, None, &selected, |id| {
            all.iter().find(|s| s.id == id).copied()
        });
        let preview = BatchReport::preview(Close, &p);
        assert_eq!((preview.succeeded(), preview.failed()), (2, 1));
        assert_eq!(
            preview.items[1].skipped,
            Some(Skip::Invalid(InvalidTransition::AlreadyClosed))
        );
        // The second planned step lost a race when it was written: reported as changed.
        let done = BatchReport::new(Close, &p, &[true, false]);
        assert_eq!((done.succeeded(), done.failed()), (1, 2));
        assert_eq!(done.items[2].skipped, Some(Skip::Changed));
        assert_eq!(done.items[0].skipped, None);
    }

    #[test]
    fn every_skip_has_a_reason_in_both_languages() {
        let mut skips = vec![
            Skip::NotFound,
            Skip::Changed,
            Skip::OverLimit,
            Skip::Duplicate,
        ];
        skips.extend(Denied::ALL.iter().map(|d| Skip::Denied(*d)));
        skips.extend(InvalidTransition::ALL.iter().map(|i| Skip::Invalid(*i)));
        for s in skips {
            let (zh, en) = (s.reason(Lang::ZhTw), s.reason(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{s:?}");
        }
    }
}
