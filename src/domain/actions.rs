//! Which status actions a member can take on a conversation right now: exactly those the
//! server would accept (the same `authorize` and `transition`), so the UI hides the rest.

use super::permission::{authorize, Action, ConvFacts};
use super::status::{transition, Trigger};
use super::{Actor, ConvState};

/// The actions offered on one conversation, in the order the pane shows them.
pub fn available(actor: &Actor, facts: &ConvFacts) -> Vec<Action> {
    let me = actor.member_id;
    let follow = match facts.state {
        ConvState::InProgress { owner } if owner != me => Action::TakeOver,
        _ => Action::FollowUp,
    };
    let candidates = [
        (follow, Trigger::FollowUp { by: me }),
        (Action::Close, Trigger::Close { by: me }),
        (Action::Reopen, Trigger::Reopen { by: me }),
    ];
    candidates
        .into_iter()
        .filter(|(action, trigger)| {
            authorize(actor, *action, facts).is_ok() && transition(facts.state, *trigger).is_ok()
        })
        .map(|(action, _)| action)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Handler, Role};

    fn facts(state: ConvState) -> ConvFacts {
        ConvFacts {
            state,
            branch_id: Some(10),
            owner_branch_id: Some(10),
            is_collaborator: false,
        }
    }

    #[test]
    fn offered_actions_per_state_and_role() {
        let agent = Actor {
            member_id: 1,
            role: Role::Agent,
            branch_id: Some(10),
        };
        let rep = Actor {
            member_id: 1,
            role: Role::SalesRep,
            branch_id: Some(10),
        };
        let cs = Actor {
            member_id: 1,
            role: Role::CsManager,
            branch_id: None,
        };
        let cases = [
            (
                agent,
                ConvState::Pending(Handler::Human),
                vec![Action::FollowUp],
            ),
            (
                agent,
                ConvState::Pending(Handler::Bot),
                vec![Action::FollowUp],
            ),
            (
                agent,
                ConvState::InProgress { owner: 1 },
                vec![Action::Close],
            ),
            (
                agent,
                ConvState::InProgress { owner: 2 },
                vec![Action::TakeOver],
            ),
            (
                agent,
                ConvState::Closed {
                    last_owner: Some(2),
                },
                vec![Action::Reopen],
            ),
            (rep, ConvState::InProgress { owner: 2 }, vec![]),
            (rep, ConvState::InProgress { owner: 1 }, vec![Action::Close]),
            (
                cs,
                ConvState::InProgress { owner: 2 },
                vec![Action::TakeOver, Action::Close],
            ),
        ];
        for (actor, state, want) in cases {
            assert_eq!(
                available(&actor, &facts(state)),
                want,
                "{:?} {state:?}",
                actor.role
            );
        }
    }
}
