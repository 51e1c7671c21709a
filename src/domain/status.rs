//! The conversation status machine: exactly the transition table of PRODUCT.md
//! ("Conversation status"), as one pure function.
//!
//! This module decides only whether a trigger makes sense in the current state. *Who* may pull
//! the trigger is [`super::permission`]'s job; a batch planner composes both (for example
//! Follow up then Transfer for a pending row, since Transfer needs an owner).

use serde::{Deserialize, Serialize};

use super::event::EventChange;
use super::model::{ConvState, Handler, MemberId};

/// Something that happens to a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// A customer message arrived. `route` is what routing decided for it: Bot if a keyword/bot
    /// rule handles it, else Human.
    CustomerMessage { route: Handler },
    /// The bot hands over: customer asked for a person, no keyword matched, or sent media.
    BotHandoff,
    /// A member clicks Follow up (跟進). On someone else's in-progress conversation this is a
    /// take over (接手).
    FollowUp { by: MemberId },
    /// A member clicks Close (結束事件).
    Close { by: MemberId },
    /// A member clicks Reopen (重啟事件).
    Reopen { by: MemberId },
    /// A member transfers (移轉) the conversation to another member.
    Transfer { by: MemberId, to: MemberId },
    /// The workspace closes a conversation whose customer has been silent for the hours its
    /// channel's auto-close allows (`domain::snooze::is_quiet`).
    AutoClose,
}

/// What a transition means, for the event log and the system line in the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// The first customer message opened the conversation.
    Opened,
    /// The customer wrote again after the conversation was closed.
    Returned,
    /// Pending/bot became pending/human.
    HandedToHuman,
    /// The bot answered and keeps the conversation.
    StayedWithBot,
    /// A message that does not change the status (it raises the unread count).
    NewMessage,
    /// A member followed up a pending conversation.
    FollowedUp,
    /// A member took over someone else's in-progress conversation.
    TookOver,
    /// The conversation was closed.
    Closed,
    /// A closed conversation was reopened.
    Reopened,
    /// The conversation moved from `from` to the new owner.
    Transferred { from: MemberId },
    /// Closed by the workspace's auto-close.
    AutoClosed,
}

impl Change {
    /// What the event log records of the change (`conversation_events.change`).
    pub fn event(self) -> EventChange {
        match self {
            Change::Opened => EventChange::Opened,
            Change::Returned => EventChange::Returned,
            Change::HandedToHuman => EventChange::HandedToHuman,
            Change::StayedWithBot => EventChange::StayedWithBot,
            Change::NewMessage => EventChange::NewMessage,
            Change::FollowedUp => EventChange::FollowedUp,
            Change::TookOver => EventChange::TookOver,
            Change::Closed => EventChange::Closed,
            Change::Reopened => EventChange::Reopened,
            Change::Transferred { .. } => EventChange::Transferred,
            Change::AutoClosed => EventChange::AutoClosed,
        }
    }
}

/// The result of a valid trigger: the new state and what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub to: ConvState,
    pub change: Change,
}

/// Why a trigger does not apply to the current state. One variant per reason shown to members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvalidTransition {
    /// Bot handoff on a conversation the bot is not handling.
    NotWithBot,
    /// Follow up by the member who already owns the conversation.
    AlreadyYours,
    /// Follow up or transfer on a closed conversation: it must be reopened first.
    NeedsReopen,
    /// Close or transfer on a pending conversation: someone must follow it up first.
    NotInProgress,
    /// Close on a closed conversation.
    AlreadyClosed,
    /// Reopen on a conversation that is not closed.
    NotClosed,
    /// Transfer to the member who already owns the conversation.
    AlreadyTheirs,
}

impl InvalidTransition {
    /// Every variant, for tests and translation checks.
    pub const ALL: &'static [InvalidTransition] = &[
        InvalidTransition::NotWithBot,
        InvalidTransition::AlreadyYours,
        InvalidTransition::NeedsReopen,
        InvalidTransition::NotInProgress,
        InvalidTransition::AlreadyClosed,
        InvalidTransition::NotClosed,
        InvalidTransition::AlreadyTheirs,
    ];
}

/// (none) + first customer message: the conversation starts pending with the routed handler.
pub fn open(route: Handler) -> Transition {
    Transition {
        to: ConvState::Pending(route),
        change: Change::Opened,
    }
}

/// Applies `trigger` to a conversation in state `from`: the only transitions PRODUCT.md allows.
pub fn transition(from: ConvState, trigger: Trigger) -> Result<Transition, InvalidTransition> {
    use ConvState::{Closed, InProgress, Pending};
    use InvalidTransition as E;

    let ok = |to, change| Ok(Transition { to, change });
    match trigger {
        Trigger::CustomerMessage { route } => match from {
            Closed { .. } => ok(Pending(route), Change::Returned),
            Pending(Handler::Bot) => match route {
                Handler::Bot => ok(from, Change::StayedWithBot),
                Handler::Human => ok(Pending(Handler::Human), Change::HandedToHuman),
            },
            // A person is already needed (the bot does not take it back), or a person owns it:
            // the message only raises the unread count.
            Pending(Handler::Human) | InProgress { .. } => ok(from, Change::NewMessage),
        },
        Trigger::BotHandoff => match from {
            Pending(Handler::Bot) => ok(Pending(Handler::Human), Change::HandedToHuman),
            Pending(Handler::Human) | InProgress { .. } | Closed { .. } => Err(E::NotWithBot),
        },
        Trigger::FollowUp { by } => match from {
            Pending(_) => ok(InProgress { owner: by }, Change::FollowedUp),
            InProgress { owner } if owner == by => Err(E::AlreadyYours),
            InProgress { .. } => ok(InProgress { owner: by }, Change::TookOver),
            Closed { .. } => Err(E::NeedsReopen),
        },
        Trigger::Close { by: _ } => match from {
            InProgress { owner } => {
                let last_owner = Some(owner);
                ok(Closed { last_owner }, Change::Closed)
            }
            Pending(_) => Err(E::NotInProgress),
            Closed { .. } => Err(E::AlreadyClosed),
        },
        Trigger::AutoClose => match from {
            InProgress { owner } => ok(
                Closed {
                    last_owner: Some(owner),
                },
                Change::AutoClosed,
            ),
            Pending(_) => Err(E::NotInProgress),
            Closed { .. } => Err(E::AlreadyClosed),
        },
        Trigger::Reopen { by } => match from {
            Closed { .. } => ok(InProgress { owner: by }, Change::Reopened),
            Pending(_) | InProgress { .. } => Err(E::NotClosed),
        },
        Trigger::Transfer { by: _, to } => match from {
            InProgress { owner } if owner == to => Err(E::AlreadyTheirs),
            InProgress { owner } => ok(
                InProgress { owner: to },
                Change::Transferred { from: owner },
            ),
            Pending(_) => Err(E::NotInProgress),
            Closed { .. } => Err(E::NeedsReopen),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use InvalidTransition as E;

    const ME: MemberId = MemberId(1);
    const OTHER: MemberId = MemberId(2);
    const THIRD: MemberId = MemberId(3);

    const PENDING_HUMAN: ConvState = ConvState::Pending(Handler::Human);
    const PENDING_BOT: ConvState = ConvState::Pending(Handler::Bot);
    const MINE: ConvState = ConvState::InProgress { owner: ME };
    const THEIRS: ConvState = ConvState::InProgress { owner: OTHER };
    const CLOSED: ConvState = ConvState::Closed {
        last_owner: Some(OTHER),
    };
    const STATES: [ConvState; 5] = [PENDING_HUMAN, PENDING_BOT, MINE, THEIRS, CLOSED];

    /// The triggers of the table; `TransferToOwner` is built from the row's state.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum T {
        MsgBot,
        MsgHuman,
        Handoff,
        FollowUp,
        Close,
        Reopen,
        TransferToThird,
        TransferToOwner,
        AutoClose,
    }
    const TRIGGERS: [T; 9] = [
        T::MsgBot,
        T::MsgHuman,
        T::Handoff,
        T::FollowUp,
        T::Close,
        T::Reopen,
        T::TransferToThird,
        T::TransferToOwner,
        T::AutoClose,
    ];

    impl T {
        fn build(self, state: ConvState) -> Trigger {
            match self {
                T::MsgBot => Trigger::CustomerMessage {
                    route: Handler::Bot,
                },
                T::MsgHuman => Trigger::CustomerMessage {
                    route: Handler::Human,
                },
                T::Handoff => Trigger::BotHandoff,
                T::FollowUp => Trigger::FollowUp { by: ME },
                T::Close => Trigger::Close { by: ME },
                T::Reopen => Trigger::Reopen { by: ME },
                T::TransferToThird => Trigger::Transfer { by: ME, to: THIRD },
                // A pending conversation has no owner: "the owner" is then member 2, which
                // makes the row a second transfer-to-someone case.
                T::TransferToOwner => Trigger::Transfer {
                    by: ME,
                    to: state.owner().unwrap_or(OTHER),
                },
                T::AutoClose => Trigger::AutoClose,
            }
        }
    }

    fn go(to: ConvState, change: Change) -> Result<(ConvState, Change), E> {
        Ok((to, change))
    }

    /// A row of the table: state, trigger, expected new state and change (or refusal).
    type Row = (ConvState, T, Result<(ConvState, Change), E>);

    #[rustfmt::skip]
    fn table() -> Vec<Row> {
        use Change as C;
        let ip = |owner| ConvState::InProgress { owner };
        let closed_by = |owner| ConvState::Closed { last_owner: Some(owner) };
        vec![
            (PENDING_HUMAN, T::MsgBot,          go(PENDING_HUMAN, C::NewMessage)),
            (PENDING_HUMAN, T::MsgHuman,        go(PENDING_HUMAN, C::NewMessage)),
            (PENDING_HUMAN, T::Handoff,         Err(E::NotWithBot)),
            (PENDING_HUMAN, T::FollowUp,        go(MINE, C::FollowedUp)),
            (PENDING_HUMAN, T::Close,           Err(E::NotInProgress)),
            (PENDING_HUMAN, T::Reopen,          Err(E::NotClosed)),
            (PENDING_HUMAN, T::TransferToThird, Err(E::NotInProgress)),
            (PENDING_HUMAN, T::TransferToOwner, Err(E::NotInProgress)),
            (PENDING_HUMAN, T::AutoClose,       Err(E::NotInProgress)),

            (PENDING_BOT, T::MsgBot,          go(PENDING_BOT, C::StayedWithBot)),
            (PENDING_BOT, T::MsgHuman,        go(PENDING_HUMAN, C::HandedToHuman)),
            (PENDING_BOT, T::Handoff,         go(PENDING_HUMAN, C::HandedToHuman)),
            (PENDING_BOT, T::FollowUp,        go(MINE, C::FollowedUp)),
            (PENDING_BOT, T::Close,           Err(E::NotInProgress)),
            (PENDING_BOT, T::Reopen,          Err(E::NotClosed)),
            (PENDING_BOT, T::TransferToThird, Err(E::NotInProgress)),
            (PENDING_BOT, T::TransferToOwner, Err(E::NotInProgress)),
            (PENDING_BOT, T::AutoClose,       Err(E::NotInProgress)),

            (MINE, T::MsgBot,          go(MINE, C::NewMessage)),
            (MINE, T::MsgHuman,        go(MINE, C::NewMessage)),
            (MINE, T::Handoff,         Err(E::NotWithBot)),
            (MINE, T::FollowUp,        Err(E::AlreadyYours)),
            (MINE, T::Close,           go(closed_by(ME), C::Closed)),
            (MINE, T::Reopen,          Err(E::NotClosed)),
            (MINE, T::TransferToThird, go(ip(THIRD), C::Transferred { from: ME })),
            (MINE, T::TransferToOwner, Err(E::AlreadyTheirs)),
            (MINE, T::AutoClose,       go(closed_by(ME), C::AutoClosed)),

            (THEIRS, T::MsgBot,          go(THEIRS, C::NewMessage)),
            (THEIRS, T::MsgHuman,        go(THEIRS, C::NewMessage)),
            (THEIRS, T::Handoff,         Err(E::NotWithBot)),
            (THEIRS, T::FollowUp,        go(MINE, C::TookOver)),
            (THEIRS, T::Close,           go(closed_by(OTHER), C::Closed)),
            (THEIRS, T::Reopen,          Err(E::NotClosed)),
            (THEIRS, T::TransferToThird, go(ip(THIRD), C::Transferred { from: OTHER })),
            (THEIRS, T::TransferToOwner, Err(E::AlreadyTheirs)),
            (THEIRS, T::AutoClose,       go(closed_by(OTHER), C::AutoClosed)),

            (CLOSED, T::MsgBot,          go(PENDING_BOT, C::Returned)),
            (CLOSED, T::MsgHuman,        go(PENDING_HUMAN, C::Returned)),
            (CLOSED, T::Handoff,         Err(E::NotWithBot)),
            (CLOSED, T::FollowUp,        Err(E::NeedsReopen)),
            (CLOSED, T::Close,           Err(E::AlreadyClosed)),
            (CLOSED, T::Reopen,          go(MINE, C::Reopened)),
            (CLOSED, T::TransferToThird, Err(E::NeedsReopen)),
            (CLOSED, T::TransferToOwner, Err(E::NeedsReopen)),
            (CLOSED, T::AutoClose,       Err(E::AlreadyClosed)),
        ]
    }

    #[test]
    fn table_covers_every_state_and_trigger_exactly_once() {
        let rows = table();
        assert_eq!(rows.len(), STATES.len() * TRIGGERS.len());
        for state in STATES {
            for t in TRIGGERS {
                let n = rows
                    .iter()
                    .filter(|(s, rt, _)| *s == state && *rt == t)
                    .count();
                assert_eq!(n, 1, "{state:?} + {t:?} must appear exactly once");
            }
        }
    }

    #[test]
    fn every_state_and_trigger_gives_the_expected_result() {
        for (state, t, expected) in table() {
            let trigger = t.build(state);
            let got = transition(state, trigger).map(|tr| (tr.to, tr.change));
            assert_eq!(got, expected, "{state:?} + {trigger:?}");
        }
    }

    #[test]
    fn every_invalid_transition_is_reachable_from_the_table() {
        let rows = table();
        for e in InvalidTransition::ALL {
            assert!(
                rows.iter().any(|(_, _, r)| r == &Err(*e)),
                "{e:?} never produced"
            );
        }
    }

    #[test]
    fn open_starts_pending_with_the_routed_handler() {
        for route in Handler::ALL {
            assert_eq!(
                open(*route),
                Transition {
                    to: ConvState::Pending(*route),
                    change: Change::Opened
                }
            );
        }
    }

    #[test]
    fn closing_keeps_the_owner_and_reopen_or_return_clears_the_old_one() {
        let closed = transition(THEIRS, Trigger::Close { by: ME }).map(|t| t.to);
        assert_eq!(
            closed,
            Ok(ConvState::Closed {
                last_owner: Some(OTHER)
            })
        );
        let none = ConvState::Closed { last_owner: None };
        let reopened = transition(none, Trigger::Reopen { by: THIRD }).map(|t| t.to);
        assert_eq!(reopened, Ok(ConvState::InProgress { owner: THIRD }));
    }

    #[test]
    fn every_invalid_transition_has_reasons_in_both_languages() {
        // Adding a variant breaks this match: list it in `ALL` (and in the table) as well.
        let arms = |e: InvalidTransition| match e {
            E::NotWithBot
            | E::AlreadyYours
            | E::NeedsReopen
            | E::NotInProgress
            | E::AlreadyClosed
            | E::NotClosed
            | E::AlreadyTheirs => 7,
        };
        assert_eq!(InvalidTransition::ALL.len(), arms(E::NotWithBot));
        for e in InvalidTransition::ALL {
            assert!(!e.reason_en().trim().is_empty(), "{e:?} en");
            assert!(!e.reason_zh().trim().is_empty(), "{e:?} zh");
            assert_eq!(e.reason(Lang::En), e.reason_en());
            assert_eq!(e.reason(Lang::ZhTw), e.reason_zh());
            assert_eq!(e.to_string(), e.reason_en());
        }
        let mut zh: Vec<_> = InvalidTransition::ALL
            .iter()
            .map(|e| e.reason_zh())
            .collect();
        zh.sort_unstable();
        zh.dedup();
        assert_eq!(
            zh.len(),
            InvalidTransition::ALL.len(),
            "two reasons read the same"
        );
    }
}
