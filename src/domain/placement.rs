//! Where a conversation is listed for a member: the view of the navigation that holds it, so
//! after a change the page can show the conversation in the list it moved to.

use super::view::View;
use super::{Handler, MemberId, Status};

/// What placing a conversation needs to know about it.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub status: Status,
    pub handler: Option<Handler>,
    pub owner: Option<MemberId>,
    pub collaborators: &'a [MemberId],
}

/// The view that lists the conversation for member `me`, who is looking at it from view `from`.
/// Pending conversations are under Pending (human or bot); in-progress ones under Mine when
/// the member owns or collaborates on them, else under Team; closed ones stay in the Closed
/// view when opened from it, else go to Mine or Team · Closed the same way.
pub fn listed_in(me: MemberId, c: Placed<'_>, from: View) -> View {
    let mine = c.owner == Some(me) || c.collaborators.contains(&me);
    match (c.status, mine) {
        (Status::Pending, _) if c.handler == Some(Handler::Bot) => View::PendingBot,
        (Status::Pending, _) => View::PendingHuman,
        (Status::InProgress, true) => View::MineOpen,
        (Status::InProgress, false) => View::TeamOpen,
        (Status::Closed, _) if from == View::Closed => View::Closed,
        (Status::Closed, true) => View::MineClosed,
        (Status::Closed, false) => View::TeamClosed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(status: Status, owner: Option<MemberId>, collaborators: &[MemberId]) -> Placed<'_> {
        Placed {
            status,
            handler: (status == Status::Pending).then_some(Handler::Human),
            owner,
            collaborators,
        }
    }

    #[test]
    fn a_conversation_is_listed_where_it_now_belongs() {
        let me = 7;
        let just_me = [me];
        let cases = [
            (
                placed(Status::Pending, None, &[]),
                View::MineOpen,
                View::PendingHuman,
            ),
            (
                placed(Status::InProgress, Some(me), &[]),
                View::PendingHuman,
                View::MineOpen,
            ),
            (
                placed(Status::InProgress, Some(3), &[]),
                View::MineOpen,
                View::TeamOpen,
            ),
            (
                placed(Status::InProgress, Some(3), &just_me),
                View::TeamOpen,
                View::MineOpen,
            ),
            (
                placed(Status::Closed, Some(me), &[]),
                View::MineOpen,
                View::MineClosed,
            ),
            (
                placed(Status::Closed, Some(3), &[]),
                View::TeamOpen,
                View::TeamClosed,
            ),
            (
                placed(Status::Closed, Some(3), &[]),
                View::Closed,
                View::Closed,
            ),
        ];
        for (c, from, want) in cases {
            assert_eq!(listed_in(me, c, from), want, "{c:?} from {from:?}");
        }
        let bot = Placed {
            handler: Some(Handler::Bot),
            ..placed(Status::Pending, None, &[])
        };
        assert_eq!(listed_in(me, bot, View::PendingHuman), View::PendingBot);
    }
}
