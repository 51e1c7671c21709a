//! The inbox views of the navigation and their URL slugs.

use super::{ConvState, Handler, MemberId};
use serde::{Deserialize, Serialize};

/// The inbox views of the left navigation (PRODUCT.md, "The inbox views").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")] // as in the URL: `pending-human`
pub enum View {
    PendingHuman,
    PendingBot,
    MineOpen,
    /// The member's own conversations in progress that they snoozed.
    MineSnoozed,
    MineClosed,
    TeamOpen,
    TeamClosed,
    Closed,
}

impl View {
    pub const ALL: [View; 8] = [
        View::PendingHuman,
        View::PendingBot,
        View::MineOpen,
        View::MineSnoozed,
        View::MineClosed,
        View::TeamOpen,
        View::TeamClosed,
        View::Closed,
    ];

    /// The URL segment of the view, e.g. `/inbox/pending-human`.
    pub fn slug(self) -> &'static str {
        match self {
            View::PendingHuman => "pending-human",
            View::PendingBot => "pending-bot",
            View::MineOpen => "mine-open",
            View::MineSnoozed => "mine-snoozed",
            View::MineClosed => "mine-closed",
            View::TeamOpen => "team-open",
            View::TeamClosed => "team-closed",
            View::Closed => "closed",
        }
    }

    /// Whether the view may be narrowed to one member's conversations (the Team views).
    pub fn by_member(self) -> bool {
        matches!(self, View::TeamOpen | View::TeamClosed)
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }

    /// The view that lists a conversation in `state` (`snoozed` or not) for member `me`:
    /// `current` when it still does, else the one that does. After a change (Follow up, Close,
    /// a transfer, a snooze and its end, a colleague's take-over found on reload) the page moves
    /// there, so the URL and the list agree.
    pub fn listing(
        state: ConvState,
        snoozed: bool,
        me: MemberId,
        collaborates: bool,
        current: View,
    ) -> View {
        match state {
            ConvState::Pending(Handler::Human) => View::PendingHuman,
            ConvState::Pending(Handler::Bot) => View::PendingBot,
            ConvState::InProgress { owner } if owner == me && snoozed => View::MineSnoozed,
            ConvState::InProgress { owner } if owner == me => View::MineOpen,
            ConvState::InProgress { .. } if collaborates && current == View::MineOpen => {
                View::MineOpen
            }
            ConvState::InProgress { .. } => View::TeamOpen,
            ConvState::Closed { .. } if current == View::Closed => View::Closed,
            ConvState::Closed { last_owner } if last_owner == Some(me) => View::MineClosed,
            ConvState::Closed { .. } if collaborates && current == View::MineClosed => {
                View::MineClosed
            }
            ConvState::Closed { .. } => View::TeamClosed,
        }
    }
}

#[cfg(test)]
mod listing_tests {
    use super::*;

    const ME: MemberId = MemberId(7);
    const OTHER: MemberId = MemberId(9);

    #[test]
    fn a_changed_conversation_is_found_where_it_now_is() {
        use ConvState::{Closed, InProgress, Pending};
        let cases = [
            // Follow up from Pending · Human: mine now.
            (
                InProgress { owner: ME },
                false,
                View::PendingHuman,
                View::MineOpen,
            ),
            // Mine from the team's view: In progress.
            (
                InProgress { owner: ME },
                false,
                View::TeamOpen,
                View::MineOpen,
            ),
            // Transferred away: the team's; still mine to see when I collaborate on it.
            (
                InProgress { owner: OTHER },
                false,
                View::MineOpen,
                View::TeamOpen,
            ),
            (
                InProgress { owner: OTHER },
                true,
                View::MineOpen,
                View::MineOpen,
            ),
            (
                InProgress { owner: OTHER },
                true,
                View::TeamOpen,
                View::TeamOpen,
            ),
            // Closed: the all-closed view keeps it; otherwise mine or the team's.
            (
                Closed {
                    last_owner: Some(ME),
                },
                false,
                View::MineOpen,
                View::MineClosed,
            ),
            (
                Closed {
                    last_owner: Some(ME),
                },
                false,
                View::Closed,
                View::Closed,
            ),
            (
                Closed {
                    last_owner: Some(OTHER),
                },
                false,
                View::TeamOpen,
                View::TeamClosed,
            ),
            (
                Closed { last_owner: None },
                true,
                View::MineClosed,
                View::MineClosed,
            ),
            // Back to pending (a customer wrote to a closed one), and the bot's.
            (
                Pending(Handler::Human),
                false,
                View::MineClosed,
                View::PendingHuman,
            ),
            (
                Pending(Handler::Bot),
                false,
                View::PendingBot,
                View::PendingBot,
            ),
            // Reopened by me.
            (
                InProgress { owner: ME },
                false,
                View::Closed,
                View::MineOpen,
            ),
        ];
        for (state, collaborates, current, want) in cases {
            assert_eq!(
                View::listing(state, false, ME, collaborates, current),
                want,
                "{state:?} from {current:?}"
            );
        }
    }

    #[test]
    fn a_snoozed_conversation_is_found_in_snoozed_and_a_woken_one_in_progress() {
        let mine = ConvState::InProgress { owner: ME };
        // Snoozed from In progress (or found snoozed from anywhere): Snoozed.
        for current in [View::MineOpen, View::TeamOpen, View::PendingHuman] {
            assert_eq!(
                View::listing(mine, true, ME, false, current),
                View::MineSnoozed
            );
        }
        // Woken (its time, the customer, Unsnooze) while open in Snoozed: In progress.
        assert_eq!(
            View::listing(mine, false, ME, false, View::MineSnoozed),
            View::MineOpen
        );
        // Someone else's snoozed conversation is the team's in progress.
        let theirs = ConvState::InProgress { owner: OTHER };
        assert_eq!(
            View::listing(theirs, true, ME, false, View::TeamOpen),
            View::TeamOpen
        );
    }
}
