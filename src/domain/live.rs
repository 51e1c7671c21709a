//! Who hears a live event (issue 11): the same visibility rules as the lists
//! ([`super::permission::scope_allows`]), applied to a conversation as it is now and as it was
//! before the change, so a conversation leaving someone's view reaches them once more (and the
//! page drops it), and one they never could see reaches them not at all, not even its id.

use super::model::{Actor, BranchId, ConvState, MemberId};
use super::permission::{scope, scope_allows, ConvFacts};

/// A conversation's state as visibility needs it (without the collaboration, which depends on
/// who asks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub state: ConvState,
    pub branch_id: Option<BranchId>,
    /// The branch of the owner (or last owner).
    pub owner_branch_id: Option<BranchId>,
}

/// What the server knows about one event when it decides who hears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// The conversation as it is now (none once it is deleted or for events about no
    /// conversation).
    pub now: Option<Seen>,
    /// The conversation before the change, when the change could have moved it.
    pub before: Option<Seen>,
    /// Its collaborators now.
    pub collaborators: Vec<MemberId>,
    /// The member the event names: who joined or left as a collaborator, whom a notification
    /// is for.
    pub member: Option<MemberId>,
    /// Only `member` hears it (a notification).
    pub personal: bool,
}

/// What one member hears of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// Nothing at all.
    No,
    /// The event: the member may see the conversation now.
    Yes,
    /// That the conversation left their sight (they could see it before the change, not now).
    Left,
}

/// What `actor` hears of an event with `audience`.
pub fn hears(actor: &Actor, audience: &Audience) -> Heard {
    let me = actor.member_id;
    if audience.personal {
        return if audience.member == Some(me) {
            Heard::Yes
        } else {
            Heard::No
        };
    }
    let scope = scope(actor);
    let collaborates = audience.collaborators.contains(&me);
    let sees = |seen: &Seen, is_collaborator: bool| {
        scope_allows(
            &scope,
            &ConvFacts {
                state: seen.state,
                branch_id: seen.branch_id,
                owner_branch_id: seen.owner_branch_id,
                is_collaborator,
            },
        )
    };
    if audience.now.as_ref().is_some_and(|s| sees(s, collaborates)) {
        return Heard::Yes;
    }
    // Before the change the member named (one who just left as a collaborator) was one.
    let collaborated = collaborates || audience.member == Some(me);
    if audience
        .before
        .as_ref()
        .is_some_and(|s| sees(s, collaborated))
    {
        Heard::Left
    } else {
        Heard::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Handler, Role};

    const NORTH: Option<BranchId> = Some(BranchId(1));
    const SOUTH: Option<BranchId> = Some(BranchId(2));

    fn actor(id: i64, role: Role, branch: Option<BranchId>) -> Actor {
        Actor {
            member_id: MemberId(id),
            role,
            branch_id: branch,
        }
    }

    fn pending(branch: Option<BranchId>) -> Seen {
        Seen {
            state: ConvState::Pending(Handler::Human),
            branch_id: branch,
            owner_branch_id: None,
        }
    }

    fn owned(owner: i64, owner_branch: Option<BranchId>) -> Seen {
        Seen {
            state: ConvState::InProgress {
                owner: MemberId(owner),
            },
            branch_id: NORTH,
            owner_branch_id: owner_branch,
        }
    }

    #[test]
    fn each_role_hears_what_its_lists_show() {
        let rep_north = actor(10, Role::SalesRep, NORTH);
        let rep_south = actor(11, Role::SalesRep, SOUTH);
        let manager_south = actor(12, Role::SalesManager, SOUTH);
        let agent = actor(13, Role::Agent, None);
        let new_north = Audience {
            now: Some(pending(NORTH)),
            ..Audience::default()
        };
        assert_eq!(hears(&rep_north, &new_north), Heard::Yes);
        assert_eq!(hears(&rep_south, &new_north), Heard::No);
        assert_eq!(hears(&manager_south, &new_north), Heard::Yes);
        assert_eq!(hears(&agent, &new_north), Heard::Yes);

        // Taken by a north colleague: the south rep still hears nothing; the north rep who
        // saw it pending hears that it left.
        let taken = Audience {
            now: Some(owned(20, NORTH)),
            before: Some(pending(NORTH)),
            ..Audience::default()
        };
        assert_eq!(hears(&rep_north, &taken), Heard::Left);
        assert_eq!(hears(&rep_south, &taken), Heard::No);
        assert_eq!(hears(&manager_south, &taken), Heard::Left);
        assert_eq!(hears(&actor(20, Role::SalesRep, NORTH), &taken), Heard::Yes);
        assert_eq!(hears(&agent, &taken), Heard::Yes);
    }

    #[test]
    fn deleted_reaches_who_saw_it_and_collaborators_hear_their_own_leaving() {
        let gone = Audience {
            now: None,
            before: Some(owned(20, NORTH)),
            ..Audience::default()
        };
        assert_eq!(hears(&actor(20, Role::SalesRep, NORTH), &gone), Heard::Left);
        assert_eq!(hears(&actor(21, Role::SalesRep, NORTH), &gone), Heard::No);

        let left = Audience {
            now: Some(owned(20, NORTH)),
            before: Some(owned(20, NORTH)),
            member: Some(MemberId(30)),
            ..Audience::default()
        };
        assert_eq!(hears(&actor(30, Role::SalesRep, SOUTH), &left), Heard::Left);
        let joined = Audience {
            collaborators: vec![MemberId(30)],
            ..left.clone()
        };
        assert_eq!(
            hears(&actor(30, Role::SalesRep, SOUTH), &joined),
            Heard::Yes
        );
        assert_eq!(hears(&actor(31, Role::SalesRep, SOUTH), &joined), Heard::No);
    }

    #[test]
    fn a_notification_is_for_its_member_only() {
        let note = Audience {
            member: Some(MemberId(5)),
            personal: true,
            ..Audience::default()
        };
        assert_eq!(hears(&actor(5, Role::SalesRep, None), &note), Heard::Yes);
        assert_eq!(hears(&actor(6, Role::Admin, None), &note), Heard::No);
    }
}
