//! Adding and removing collaborators (協作, PRODUCT.md "1:1 vs collaborative").
//!
//! A conversation in progress has one owner; other members added to it are collaborators, and
//! it shows in their Mine too. Whoever may close the conversation may change its collaborators
//! ([`Action::Collaborate`]); a collaborator may always take themselves off it. Collaborators
//! belong to work in progress: pending and closed conversations have none to change.

use super::event::EventChange;
use super::permission::{authorize, Action, ConvFacts, Denied};
use super::{Actor, ConvState, MemberId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")] // `add` / `remove` on the wire
pub enum CollabChange {
    Add,
    Remove,
}

impl CollabChange {
    /// What the event log records of the change (`conversation_events.change`).
    pub fn event(self) -> EventChange {
        match self {
            CollabChange::Add => EventChange::CollaboratorAdded,
            CollabChange::Remove => EventChange::CollaboratorRemoved,
        }
    }
}

/// Why a collaborator change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CollabRefused {
    Denied(Denied),
    /// Only a conversation in progress has collaborators.
    NotInProgress,
    /// The owner is not a collaborator of their own conversation.
    IsOwner,
    AlreadyCollaborator,
    NotCollaborator,
}

/// Whether `actor` may `change` member `target` (currently a collaborator or not) on the
/// conversation described by `facts`.
pub fn may_change(
    actor: &Actor,
    facts: &ConvFacts,
    change: CollabChange,
    target: MemberId,
    target_collaborates: bool,
) -> Result<(), CollabRefused> {
    authorize(actor, Action::View, facts).map_err(CollabRefused::Denied)?;
    let ConvState::InProgress { owner } = facts.state else {
        return Err(CollabRefused::NotInProgress);
    };
    let leaving = change == CollabChange::Remove && target == actor.member_id;
    if !leaving {
        authorize(actor, Action::Collaborate, facts).map_err(CollabRefused::Denied)?;
    }
    if target == owner {
        return Err(CollabRefused::IsOwner);
    }
    match (change, target_collaborates) {
        (CollabChange::Add, true) => Err(CollabRefused::AlreadyCollaborator),
        (CollabChange::Remove, false) => Err(CollabRefused::NotCollaborator),
        _ => Ok(()),
    }
}

/// Whether the pane should offer adding collaborators at all.
pub fn may_manage(actor: &Actor, facts: &ConvFacts) -> bool {
    matches!(facts.state, ConvState::InProgress { .. })
        && authorize(actor, Action::Collaborate, facts).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::domain::{BranchId, Handler, Role};
    use CollabChange::{Add, Remove};

    const ME: MemberId = MemberId(1);
    const OWNER: MemberId = MemberId(2);
    const OTHER: MemberId = MemberId(3);

    fn facts(state: ConvState, collaborating: bool) -> ConvFacts {
        ConvFacts {
            state,
            branch_id: Some(BranchId(10)),
            owner_branch_id: Some(BranchId(10)),
            is_collaborator: collaborating,
        }
    }

    fn actor(role: Role) -> Actor {
        Actor {
            member_id: ME,
            role,
            branch_id: Some(BranchId(10)),
        }
    }

    #[test]
    fn who_may_change_collaborators() {
        use CollabRefused as R;
        let theirs = ConvState::InProgress { owner: OWNER };
        let mine = ConvState::InProgress { owner: ME };
        let pending = ConvState::Pending(Handler::Human);
        let closed = ConvState::Closed {
            last_owner: Some(OWNER),
        };
        let not_owner = R::Denied(Denied::NotOwner);
        #[rustfmt::skip]
        let cases = [
            // role, state, I collaborate, change, target, target collaborates, expected
            (Role::Agent, mine, false, Add, OTHER, false, Ok(())),
            (Role::Agent, mine, false, Remove, OTHER, true, Ok(())),
            (Role::Agent, mine, false, Add, OTHER, true, Err(R::AlreadyCollaborator)),
            (Role::Agent, mine, false, Remove, OTHER, false, Err(R::NotCollaborator)),
            (Role::Agent, mine, false, Add, ME, false, Err(R::IsOwner)),
            (Role::Agent, theirs, false, Add, OTHER, false, Err(not_owner)),
            (Role::Agent, theirs, true, Add, OTHER, false, Err(not_owner)),
            // A collaborator may leave, but not remove others.
            (Role::Agent, theirs, true, Remove, ME, true, Ok(())),
            (Role::Agent, theirs, true, Remove, OTHER, true, Err(not_owner)),
            (Role::SalesRep, theirs, true, Remove, ME, true, Ok(())),
            (Role::Supervisor, theirs, false, Add, OTHER, false, Ok(())),
            (Role::CsManager, theirs, false, Remove, OTHER, true, Ok(())),
            (Role::SalesManager, theirs, false, Add, OTHER, false, Ok(())),
            (Role::Admin, theirs, false, Add, OWNER, false, Err(R::IsOwner)),
            (Role::Admin, pending, false, Add, OTHER, false, Err(R::NotInProgress)),
            (Role::Admin, closed, false, Add, OTHER, false, Err(R::NotInProgress)),
            // A sales_rep cannot see someone else's conversation it is not on.
            (Role::SalesRep, theirs, false, Add, OTHER, false, Err(R::Denied(Denied::NotVisible))),
        ];
        for (role, state, me_collab, change, target, target_collab, want) in cases {
            let got = may_change(
                &actor(role),
                &facts(state, me_collab),
                change,
                target,
                target_collab,
            );
            assert_eq!(got, want, "{role} {state:?} {change:?} {target}");
        }
    }

    #[test]
    fn offered_only_on_work_in_progress_to_those_who_may() {
        let mine = facts(ConvState::InProgress { owner: ME }, false);
        let theirs = facts(ConvState::InProgress { owner: OWNER }, false);
        assert!(may_manage(&actor(Role::Agent), &mine));
        assert!(!may_manage(&actor(Role::Agent), &theirs));
        assert!(may_manage(&actor(Role::Supervisor), &theirs));
        let closed = facts(
            ConvState::Closed {
                last_owner: Some(ME),
            },
            false,
        );
        assert!(!may_manage(&actor(Role::Admin), &closed));
    }

    #[test]
    fn every_refusal_reads_in_both_languages() {
        for r in [
            CollabRefused::Denied(Denied::NotOwner),
            CollabRefused::NotInProgress,
            CollabRefused::IsOwner,
            CollabRefused::AlreadyCollaborator,
            CollabRefused::NotCollaborator,
        ] {
            assert_ne!(r.reason(Lang::ZhTw), r.reason(Lang::En), "{r:?}");
            assert!(!r.reason(Lang::En).is_empty());
        }
    }
}
