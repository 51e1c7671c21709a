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
    let mut out: Vec<Action> = candidates
        .into_iter()
        .filter(|(action, trigger)| {
            authorize(actor, *action, facts).is_ok() && transition(facts.state, *trigger).is_ok()
        })
        .map(|(action, _)| action)
        .collect();
    // Transfer needs an owner to hand over from (the status machine refuses it otherwise).
    if matches!(facts.state, ConvState::InProgress { .. })
        && authorize(actor, Action::Transfer, facts).is_ok()
    {
        out.push(Action::Transfer);
    }
    if super::collaboration::may_manage(actor, facts) {
        out.push(Action::Collaborate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BranchId, Handler, MemberId, Role};

    fn facts(state: ConvState) -> ConvFacts {
        ConvFacts {
            state,
            branch_id: Some(BranchId(10)),
            owner_branch_id: Some(BranchId(10)),
            is_collaborator: false,
        }
    }

    #[test]
    fn offered_actions_per_state_and_role() {
        let agent = Actor {
            member_id: MemberId(1),
            role: Role::Agent,
            branch_id: Some(BranchId(10)),
        };
        let rep = Actor {
            member_id: MemberId(1),
            role: Role::SalesRep,
            branch_id: Some(BranchId(10)),
        };
        let cs = Actor {
            member_id: MemberId(1),
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
                ConvState::InProgress { owner: MemberId(1) },
                vec![Action::Close, Action::Transfer, Action::Collaborate],
            ),
            (
                agent,
                ConvState::InProgress { owner: MemberId(2) },
                vec![Action::TakeOver, Action::Transfer],
            ),
            (
                agent,
                ConvState::Closed {
                    last_owner: Some(MemberId(2)),
                },
                vec![Action::Reopen],
            ),
            (rep, ConvState::InProgress { owner: MemberId(2) }, vec![]),
            (
                rep,
                ConvState::InProgress { owner: MemberId(1) },
                vec![Action::Close, Action::Transfer, Action::Collaborate],
            ),
            (
                cs,
                ConvState::InProgress { owner: MemberId(2) },
                vec![Action::TakeOver, Action::Close, Action::Collaborate],
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

/// Why a member may not reply to the customer right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReplyRefused {
    /// Pending: someone has to follow it up first.
    NotFollowedUp,
    /// Closed: reopen it first.
    Closed,
    /// In progress for someone else, and the member neither collaborates nor manages.
    NotYours,
    /// The platform's messaging window is closed (Messenger, Instagram and WhatsApp: 24 hours
    /// after the customer's last message); it opens again when the customer writes.
    WindowClosed,
    /// The customer has never written on this channel, and the platform lets no one start.
    NeverWrote,
    /// The customer blocked the account (LINE unfollow) and cannot receive replies.
    Unsubscribed,
}

/// Whether `actor` may reply to the customer: in progress, and theirs, shared with them, or a
/// role that manages conversations (admin, supervisor, cs_manager). Notes need only visibility.
pub fn may_reply(actor: &Actor, facts: &ConvFacts) -> Result<(), ReplyRefused> {
    use super::Role;
    match facts.state {
        ConvState::Pending(_) => Err(ReplyRefused::NotFollowedUp),
        ConvState::Closed { .. } => Err(ReplyRefused::Closed),
        ConvState::InProgress { owner } => {
            let manages = matches!(actor.role, Role::Admin | Role::Supervisor | Role::CsManager);
            if owner == actor.member_id || facts.is_collaborator || manages {
                Ok(())
            } else {
                Err(ReplyRefused::NotYours)
            }
        }
    }
}

#[cfg(test)]
mod reply_tests {
    use super::*;
    use crate::domain::{Handler, MemberId, Role};

    #[test]
    fn who_may_reply() {
        let f = |state, is_collaborator| ConvFacts {
            state,
            branch_id: None,
            owner_branch_id: None,
            is_collaborator,
        };
        let agent = Actor {
            member_id: MemberId(1),
            role: Role::Agent,
            branch_id: None,
        };
        let sup = Actor {
            member_id: MemberId(1),
            role: Role::Supervisor,
            branch_id: None,
        };
        let cases = [
            (
                agent,
                f(ConvState::Pending(Handler::Human), false),
                Err(ReplyRefused::NotFollowedUp),
            ),
            (
                agent,
                f(
                    ConvState::Closed {
                        last_owner: Some(MemberId(1)),
                    },
                    false,
                ),
                Err(ReplyRefused::Closed),
            ),
            (
                agent,
                f(ConvState::InProgress { owner: MemberId(1) }, false),
                Ok(()),
            ),
            (
                agent,
                f(ConvState::InProgress { owner: MemberId(2) }, false),
                Err(ReplyRefused::NotYours),
            ),
            (
                agent,
                f(ConvState::InProgress { owner: MemberId(2) }, true),
                Ok(()),
            ),
            (
                sup,
                f(ConvState::InProgress { owner: MemberId(2) }, false),
                Ok(()),
            ),
        ];
        for (actor, facts, want) in cases {
            assert_eq!(
                may_reply(&actor, &facts),
                want,
                "{:?} {:?}",
                actor.role,
                facts.state
            );
        }
        for r in [
            ReplyRefused::NotFollowedUp,
            ReplyRefused::Closed,
            ReplyRefused::NotYours,
        ] {
            assert_ne!(
                r.reason(crate::domain::Lang::ZhTw),
                r.reason(crate::domain::Lang::En)
            );
        }
    }
}
