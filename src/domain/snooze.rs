//! Snoozing and auto-closing (issue 16), pure. A conversation in progress may sleep until a
//! time or until the customer writes again, then comes back to its owner's In progress; the
//! workspace may close conversations a channel's customers have left silent for some hours.
//! The snooze menu's times are computed in the workspace's clock.

use crate::domain::Millis;
use serde::{Deserialize, Serialize};

const MINUTE: Millis = 60_000;
const HOUR: Millis = 60 * MINUTE;
const DAY: Millis = 24 * HOUR;

/// A snooze ends at most this far ahead.
pub const MAX_SNOOZE: Millis = 30 * DAY;
/// Auto-close waits at least 1 hour and at most 30 days of silence.
pub const AUTO_CLOSE_HOURS: std::ops::RangeInclusive<i64> = 1..=720;
/// A closing message has at most this many characters.
pub const MAX_CLOSING_CHARS: usize = 1000;

/// Until when a conversation sleeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Until {
    At(Millis),
    /// Until the customer writes again.
    CustomerWrites,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// A time that is not at least a minute ahead.
    InThePast,
    /// More than [`MAX_SNOOZE`] ahead.
    TooFar,
    /// Auto-close hours outside [`AUTO_CLOSE_HOURS`].
    Hours,
    /// A closing message longer than [`MAX_CLOSING_CHARS`].
    MessageTooLong,
}

/// Only the owner of a conversation in progress snoozes it (or wakes it early).
pub fn may_snooze(me: crate::domain::MemberId, state: crate::domain::ConvState) -> bool {
    matches!(state, crate::domain::ConvState::InProgress { owner } if owner == me)
}

/// A snooze as asked at `now`.
pub fn check(until: Until, now: Millis) -> Result<Until, Problem> {
    match until {
        Until::At(t) if t < now + MINUTE => Err(Problem::InThePast),
        Until::At(t) if t > now + MAX_SNOOZE => Err(Problem::TooFar),
        u => Ok(u),
    }
}

/// Whether a snooze is over at `now` (a customer's message wakes either kind).
pub fn wakes(until: Until, now: Millis, customer_wrote: bool) -> bool {
    customer_wrote || matches!(until, Until::At(t) if t <= now)
}

/// The snooze menu's choices at `now`, in a clock `offset_minutes` from UTC: in 1 hour, in
/// 3 hours, tomorrow at 09:00, and next Monday at 09:00.
pub fn presets(now: Millis, offset_minutes: i64) -> [Millis; 4] {
    let offset = offset_minutes * MINUTE;
    let local = now + offset;
    let midnight = local.div_euclid(DAY) * DAY;
    let tomorrow_nine = midnight + DAY + 9 * HOUR - offset;
    // 1970-01-01 was a Thursday: days since then, shifted so Monday is 0.
    let weekday = (local.div_euclid(DAY) + 3).rem_euclid(7);
    let next_monday_nine = midnight + (7 - weekday) * DAY + 9 * HOUR - offset;
    [now + HOUR, now + 3 * HOUR, tomorrow_nine, next_monday_nine]
}

/// A channel's auto-close as an admin sets it: off (none), or after `hours` of the customer's
/// silence, with an optional closing message sent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoClose {
    pub hours: i64,
    pub message: Option<String>,
}

pub fn check_auto_close(
    hours: Option<i64>,
    message: Option<&str>,
) -> Result<Option<AutoClose>, Problem> {
    let Some(hours) = hours else {
        return Ok(None);
    };
    if !AUTO_CLOSE_HOURS.contains(&hours) {
        return Err(Problem::Hours);
    }
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    if message
        .is_some_and(|m| m.len() > MAX_CLOSING_CHARS * 4 || m.chars().count() > MAX_CLOSING_CHARS)
    {
        return Err(Problem::MessageTooLong);
    }
    Ok(Some(AutoClose {
        hours,
        message: message.map(str::to_owned),
    }))
}

/// When a conversation whose customer last wrote at `last_customer_at` closes by itself.
pub fn closes_at(rule: &AutoClose, last_customer_at: Millis) -> Millis {
    last_customer_at + rule.hours * HOUR
}

/// The latest last message a conversation may have and be closed at `now`: silence since then
/// is the rule's hours.
pub fn quiet_since(rule: &AutoClose, now: Millis) -> Millis {
    now - rule.hours * HOUR
}

/// Whether auto-close closes a conversation at `now`: it is in progress, its customer is not
/// waiting for an answer (a customer who waits is never closed on), and nothing has been
/// written in it, by either side, for the rule's hours since `last_message_at` (so the
/// customer has been silent at least that long after the last answer).
pub fn is_quiet(
    rule: &AutoClose,
    in_progress: bool,
    waiting: bool,
    last_message_at: Millis,
    now: Millis,
) -> bool {
    in_progress && !waiting && closes_at(rule, last_message_at) <= now
}

#[cfg(test)]
mod tests;
