//! Who may do what to a conversation (PRODUCT.md, "Permissions" and "Batch management").
//!
//! [`authorize`] decides for one actor, action and conversation; [`scope`] says which
//! conversations an actor may see, in a form the SQL layer turns into a WHERE clause;
//! [`role_may`] answers the role-level question for menus. The status machine
//! ([`super::status`]) decides whether the action fits the conversation's *state*: this module
//! never refuses because of the status alone, only because of who the actor is, the
//! conversation's branch and who owns it.
//!
//! "Owner" always means the owner column as stored: the current owner of an in-progress
//! conversation or the last owner of a closed one ([`ConvState::owner`]).

use serde::{Deserialize, Serialize};

use super::model::{Actor, BranchId, ConvState, MemberId, Role};

/// Something a member does to a conversation (or, for `Manage`, to the workspace).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See it in lists, search and the conversation pane.
    View,
    /// Follow up (跟進) a pending conversation: it becomes the actor's.
    FollowUp,
    /// Follow up someone else's in-progress conversation (接手).
    TakeOver,
    /// Close (結束事件).
    Close,
    /// Reopen (重啟事件) a closed conversation.
    Reopen,
    /// Transfer (移轉) to another member.
    Transfer,
    /// Delete the conversation and its messages.
    Delete,
    /// Blacklist (加入黑名單) the customer.
    Blacklist,
    /// Manage members and bots.
    Manage,
    /// Add or remove collaborators (協作), turning 1:1 into collaborative and back.
    Collaborate,
    /// Connect, enable and disable the workspace's platform channels (the channel settings).
    ManageChannels,
    /// Edit the bot: keyword rules, flows, its settings; use the simulator.
    ManageBots,
    /// Create, rename, move and delete regions and branches.
    ManageStructure,
    /// Create, rename, recolour, merge and delete tags.
    ManageTags,
    /// The workspace's name, logo, clock and default language.
    ManageWorkspace,
    /// Read the audit log.
    ReadAudit,
    /// Write, change and delete the team's saved replies (everyone keeps their own).
    ManageSavedReplies,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: &'static [Action] = &[
        Action::View,
        Action::FollowUp,
        Action::TakeOver,
        Action::Close,
        Action::Reopen,
        Action::Transfer,
        Action::Delete,
        Action::Blacklist,
        Action::Manage,
        Action::Collaborate,
        Action::ManageChannels,
        Action::ManageBots,
        Action::ManageStructure,
        Action::ManageTags,
        Action::ManageWorkspace,
        Action::ReadAudit,
        Action::ManageSavedReplies,
    ];
}

/// Facts about one conversation that the decision needs; the server loads them, this decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvFacts {
    pub state: ConvState,
    /// The conversation's branch, from its channel/customer.
    pub branch_id: Option<BranchId>,
    /// The branch of the owner (or last owner); ignored when the state has no owner.
    pub owner_branch_id: Option<BranchId>,
    /// The actor is a collaborator (協作) on this conversation.
    pub is_collaborator: bool,
}

/// Why an action was refused. Serializable, so the UI can show the server's own reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Denied {
    /// The actor may not see the conversation at all.
    NotVisible,
    /// The actor's role never allows this action.
    RoleMayNot,
    /// Only the owner may do this (for this actor's role).
    NotOwner,
    /// The actor's role allows this only when the owner belongs to the actor's branch.
    OwnerNotInBranch,
}

impl Denied {
    /// Every variant, for tests and translation checks.
    pub const ALL: &'static [Denied] = &[
        Denied::NotVisible,
        Denied::RoleMayNot,
        Denied::NotOwner,
        Denied::OwnerNotInBranch,
    ];
}

/// What the actor may see, in a form the SQL layer turns into a WHERE clause.
/// [`scope_allows`] is its reference meaning; `authorize(View)` is defined by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Every conversation of the workspace.
    All,
    /// sales_manager: every pending conversation, those whose owner (or last owner) is in
    /// `branch_id`, and those `member_id` owns or collaborates on.
    Branch {
        branch_id: Option<BranchId>,
        member_id: MemberId,
    },
    /// sales_rep: pending conversations of `branch_id`, and those `member_id` owns (or last
    /// owned) or collaborates on.
    Own {
        branch_id: Option<BranchId>,
        member_id: MemberId,
    },
}

/// The conversations `actor` may see.
pub fn scope(actor: &Actor) -> Scope {
    let (branch_id, member_id) = (actor.branch_id, actor.member_id);
    match actor.role {
        Role::Admin | Role::Supervisor | Role::CsManager | Role::Agent => Scope::All,
        Role::SalesManager => Scope::Branch {
            branch_id,
            member_id,
        },
        Role::SalesRep => Scope::Own {
            branch_id,
            member_id,
        },
    }
}

/// Whether a conversation with `facts` is inside `scope`. The SQL layer mirrors this exactly;
/// a missing branch (`None`) never matches anything, not even another `None`.
pub fn scope_allows(scope: &Scope, facts: &ConvFacts) -> bool {
    let pending = matches!(facts.state, ConvState::Pending(_));
    let owned_by = |member_id| facts.state.owner() == Some(member_id);
    match *scope {
        Scope::All => true,
        Scope::Branch {
            branch_id,
            member_id,
        } => {
            pending
                || same_branch(owner_branch(facts), branch_id)
                || owned_by(member_id)
                || facts.is_collaborator
        }
        Scope::Own {
            branch_id,
            member_id,
        } => {
            (pending && same_branch(facts.branch_id, branch_id))
                || owned_by(member_id)
                || facts.is_collaborator
        }
    }
}

/// Whether `actor` may do `action` to the conversation described by `facts`.
///
/// Visibility comes first: anything on a conversation the actor cannot see is
/// [`Denied::NotVisible`]. The state only matters through its owner; whether the action fits
/// the state (for example Close on a pending conversation) is the status machine's decision.
pub fn authorize(actor: &Actor, action: Action, facts: &ConvFacts) -> Result<(), Denied> {
    use Role::{Admin, Agent, CsManager, SalesManager, SalesRep, Supervisor};

    if !scope_allows(&scope(actor), facts) {
        return Err(Denied::NotVisible);
    }
    let owner = facts.state.owner() == Some(actor.member_id);
    let pending_in_my_branch = matches!(facts.state, ConvState::Pending(_))
        && same_branch(facts.branch_id, actor.branch_id);
    let owner_in_branch = || {
        if owner || same_branch(owner_branch(facts), actor.branch_id) {
            Ok(())
        } else if owner_branch(facts).is_none() {
            Err(Denied::NotOwner)
        } else {
            Err(Denied::OwnerNotInBranch)
        }
    };
    match action {
        Action::View | Action::FollowUp | Action::Reopen => Ok(()),
        Action::TakeOver => match actor.role {
            Admin | Supervisor | CsManager | Agent => Ok(()),
            // Only someone else's *current* ownership is taken over; on other states the
            // status machine decides (Follow up on pending, refusal on closed).
            SalesManager => match facts.state {
                ConvState::InProgress { .. } => owner_in_branch(),
                ConvState::Pending(_) | ConvState::Closed { .. } => Ok(()),
            },
            SalesRep => Err(Denied::RoleMayNot),
        },
        // Whoever may close a conversation may also decide who works on it with its owner.
        Action::Close | Action::Collaborate => match actor.role {
            Admin | Supervisor | CsManager => Ok(()),
            SalesManager => owner_in_branch(),
            Agent | SalesRep if owner => Ok(()),
            Agent | SalesRep => Err(Denied::NotOwner),
        },
        // Handing a conversation on needs the right to take it: a sales manager transfers only
        // what they could take over (in progress: an owner of their branch).
        Action::Transfer => match actor.role {
            Admin | Supervisor | Agent => Ok(()),
            SalesManager => match facts.state {
                ConvState::InProgress { .. } => owner_in_branch(),
                ConvState::Pending(_) | ConvState::Closed { .. } => Ok(()),
            },
            CsManager => Err(Denied::RoleMayNot),
            SalesRep if owner || pending_in_my_branch => Ok(()),
            SalesRep => Err(Denied::NotOwner),
        },
        Action::ManageBots | Action::ManageTags | Action::ManageSavedReplies => match actor.role {
            Admin | Supervisor | CsManager => Ok(()),
            Agent | SalesManager | SalesRep => Err(Denied::RoleMayNot),
        },
        Action::ManageStructure | Action::ManageWorkspace => match actor.role {
            Admin => Ok(()),
            _ => Err(Denied::RoleMayNot),
        },
        Action::Delete
        | Action::Blacklist
        | Action::Manage
        | Action::ManageChannels
        | Action::ReadAudit => match actor.role {
            Admin | Supervisor => Ok(()),
            CsManager | Agent | SalesManager | SalesRep => Err(Denied::RoleMayNot),
        },
    }
}

/// Role-level capability that does not depend on a conversation (for hiding menu items, the
/// list of roles that may transfer, …): true when the role may do `action` to at least some
/// conversation it can see. [`authorize`] never allows what this refuses.
pub fn role_may(role: Role, action: Action) -> bool {
    use Role::{Admin, Agent, CsManager, SalesManager, SalesRep, Supervisor};
    match action {
        // Close: every role may close the conversations it owns.
        Action::View | Action::FollowUp | Action::Close | Action::Reopen | Action::Collaborate => {
            true
        }
        Action::TakeOver => match role {
            Admin | Supervisor | CsManager | Agent | SalesManager => true,
            SalesRep => false,
        },
        Action::Transfer => match role {
            Admin | Supervisor | Agent | SalesManager | SalesRep => true,
            CsManager => false,
        },
        Action::ManageBots | Action::ManageTags | Action::ManageSavedReplies => match role {
            Admin | Supervisor | CsManager => true,
            Agent | SalesManager | SalesRep => false,
        },
        Action::ManageStructure | Action::ManageWorkspace => role == Admin,
        Action::Delete
        | Action::Blacklist
        | Action::Manage
        | Action::ManageChannels
        | Action::ReadAudit => match role {
            Admin | Supervisor => true,
            CsManager | Agent | SalesManager | SalesRep => false,
        },
    }
}

/// Both branches known and equal.
fn same_branch(a: Option<BranchId>, b: Option<BranchId>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a == b)
}

/// The owner's branch, only when the state has an owner (or last owner).
fn owner_branch(facts: &ConvFacts) -> Option<BranchId> {
    facts.state.owner().and(facts.owner_branch_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Handler;
    use crate::domain::Lang;

    const ME: MemberId = MemberId(1);

    type Expect = Result<(), Denied>;
    const Y: Expect = Ok(());
    const NV: Expect = Err(Denied::NotVisible);
    const RM: Expect = Err(Denied::RoleMayNot);
    const NO: Expect = Err(Denied::NotOwner);
    const NB: Expect = Err(Denied::OwnerNotInBranch);

    /// Member 1 with `role`, in `branch_id`.
    fn actor_in(role: Role, branch_id: Option<BranchId>) -> Actor {
        Actor {
            member_id: ME,
            role,
            branch_id,
        }
    }

    /// Member 1 with `role`, in branch 10: the actor of every table.
    fn actor(role: Role) -> Actor {
        actor_in(role, Some(BranchId(10)))
    }

    fn facts(state: ConvState, branch: Option<BranchId>, owner: Option<BranchId>) -> ConvFacts {
        ConvFacts {
            state,
            branch_id: branch,
            owner_branch_id: owner,
            is_collaborator: false,
        }
    }

    /// A situation: its name, the facts, and per role (in `Role::ALL` order) the expected
    /// outcome of each action (in `Action::ALL` order).
    type Situation = (&'static str, ConvFacts, [[Expect; 11]; 6]);

    #[rustfmt::skip]
    fn situations() -> Vec<Situation> {
        let pending = ConvState::Pending(Handler::Human);
        let ip = |owner| ConvState::InProgress { owner };
        let closed = ConvState::Closed { last_owner: Some(MemberId(3)) };
        let (b10, b20) = (Some(BranchId(10)), Some(BranchId(20)));
        let collab = ConvFacts { is_collaborator: true, ..facts(ip(MemberId(3)), b20, b20) };
        vec![
            //       View FollowUp TakeOver Close Reopen Transfer Delete Blacklist Manage Collaborate ManageChannels
            ("(a) pending human, my branch", facts(pending, b10, None), [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],         // admin
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],         // supervisor
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],     // cs_manager
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],     // agent
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],     // sales_manager
                [Y, Y, RM, NO, Y, Y, RM, RM, RM, NO, RM],    // sales_rep
            ]),
            ("(b) in progress, owner 2 of my branch", facts(ip(MemberId(2)), b10, b10), [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],
                [Y, Y, Y, Y, Y, Y, RM, RM, RM, Y, RM],
                [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
            ]),
            ("(c) in progress, mine", facts(ip(ME), b10, b10), [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],
                [Y, Y, Y, Y, Y, Y, RM, RM, RM, Y, RM],
                [Y, Y, Y, Y, Y, Y, RM, RM, RM, Y, RM],
                [Y, Y, RM, Y, Y, Y, RM, RM, RM, Y, RM],
            ]),
            ("(d) closed, last owner 3 of branch 20", facts(closed, b20, b20), [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],
                [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
                [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
            ]),
            ("(e) in progress, owner 3 of branch 20, I collaborate", collab, [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],
                // A collaborating sales manager transfers only what they could take over.
                [Y, Y, NB, NB, Y, NB, RM, RM, RM, NB, RM],
                [Y, Y, RM, NO, Y, NO, RM, RM, RM, NO, RM],
            ]),
            ("(f) pending human, branch 20", facts(pending, b20, None), [
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
                [Y, Y, Y, Y, Y, RM, RM, RM, RM, Y, RM],
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],
                [Y, Y, Y, NO, Y, Y, RM, RM, RM, NO, RM],
                [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
            ]),
        ]
    }

    #[test]
    fn every_role_and_action_in_every_situation() {
        for (name, facts, table) in situations() {
            let rows: Vec<(Role, Action, Expect)> = Role::ALL
                .iter()
                .zip(table)
                .flat_map(|(r, row)| Action::ALL.iter().zip(row).map(move |(a, e)| (*r, *a, e)))
                .collect();
            assert_eq!(rows.len(), 66, "{name}");
            for (role, action, expected) in rows {
                let got = authorize(&actor(role), action, &facts);
                assert_eq!(got, expected, "{name}: {role} {action:?}");
                // authorize never allows what the role-level answer refuses.
                assert!(got.is_err() || role_may(role, action), "{role} {action:?}");
            }
        }
    }

    #[test]
    fn scope_agrees_with_view() {
        for (name, facts, _) in situations() {
            for role in Role::ALL {
                let a = actor(*role);
                let view = authorize(&a, Action::View, &facts).is_ok();
                assert_eq!(scope_allows(&scope(&a), &facts), view, "{name}: {role}");
            }
        }
    }

    #[test]
    fn missing_branches_never_match_and_last_owners_count() {
        use ConvState::{Closed, InProgress, Pending};
        let manager = scope(&actor_in(Role::SalesManager, None));
        let rep = scope(&actor_in(Role::SalesRep, None));
        let bot = Pending(Handler::Bot);
        // Without branches a sales_manager still sees all pending, a sales_rep none.
        assert!(scope_allows(&manager, &facts(bot, None, None)));
        assert!(!scope_allows(&rep, &facts(bot, None, None)));
        // No branch on either side is not "the same branch".
        assert!(!scope_allows(
            &manager,
            &facts(InProgress { owner: MemberId(2) }, None, None)
        ));
        // A last owner is an owner.
        let me = Some(ME);
        assert!(scope_allows(
            &rep,
            &facts(Closed { last_owner: me }, None, None)
        ));
        // An owner branch without an owner (inconsistent facts) is ignored.
        let orphan = facts(
            Closed { last_owner: None },
            Some(BranchId(10)),
            Some(BranchId(10)),
        );
        assert!(!scope_allows(&scope(&actor(Role::SalesManager)), &orphan));
    }

    #[test]
    #[rustfmt::skip]
    fn role_may_for_every_role_and_action() {
        let (t, f) = (true, false);
        //        View FollowUp TakeOver Close Reopen Transfer Delete Blacklist Manage Collaborate ManageChannels ManageBots
        let table = [
            [t, t, t, t, t, t, t, t, t, t, t, t], // admin
            [t, t, t, t, t, t, t, t, t, t, t, t], // supervisor
            [t, t, t, t, t, f, f, f, f, t, f, t], // cs_manager
            [t, t, t, t, t, t, f, f, f, t, f, f], // agent
            [t, t, t, t, t, t, f, f, f, t, f, f], // sales_manager
            [t, t, f, t, t, t, f, f, f, t, f, f], // sales_rep
        ];
        let mut n = 0;
        for (role, row) in Role::ALL.iter().zip(table) {
            for (action, expected) in Action::ALL.iter().zip(row) {
                assert_eq!(role_may(*role, *action), expected, "{role} {action:?}");
                n += 1;
            }
        }
        assert_eq!(n, 72);
    }

    #[test]
    fn every_denial_has_reasons_in_both_languages() {
        // Adding a variant breaks this match: list it in `ALL` as well.
        let arms = |d: Denied| match d {
            Denied::NotVisible
            | Denied::RoleMayNot
            | Denied::NotOwner
            | Denied::OwnerNotInBranch => 4,
        };
        assert_eq!(Denied::ALL.len(), arms(Denied::NotVisible));
        for d in Denied::ALL {
            assert!(!d.reason_en().trim().is_empty(), "{d:?} en");
            assert!(!d.reason_zh().trim().is_empty(), "{d:?} zh");
            assert_eq!(d.reason(Lang::ZhTw), d.reason_zh());
            assert_eq!(d.to_string(), d.reason_en());
        }
    }
}
