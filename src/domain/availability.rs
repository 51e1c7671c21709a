//! A member's availability and load (issue 16): the status they set (online, away, offline;
//! offline too once no page of theirs has been in touch for a few minutes), how many conversations they have in progress
//! against their optional capacity, and what a single or batch transfer or a follow-up would
//! do to it. Pure: the server decides with it, the transfer dialog and the Team views show it.

use crate::domain::Millis;
use serde::{Deserialize, Serialize};

crate::domain::model::string_enum! {
    /// The status a member sets (remembered for them).
    Presence {
        Online = "online",
        Away = "away",
        Offline = "offline",
    }
}

/// The most conversations in progress a capacity may allow.
pub const MAX_CAPACITY: i64 = 500;

/// A member's session is marked as in use at most this often: by any request of theirs, and
/// by the live stream every open page keeps (it checks its session every 30 s).
pub const SEEN_EVERY: Millis = 2 * 60 * 1000;

/// A member counts as there while a session of theirs was in use this recently: a page left
/// open keeps them there; a closed laptop or browser, or signing out, makes them offline to
/// colleagues within this long.
pub const PRESENT_WITHIN: Millis = 5 * 60 * 1000;

/// What colleagues see: the status the member set while they are there (a live session in use
/// within [`PRESENT_WITHIN`]), else offline.
pub fn shown(set: Presence, there: bool) -> Presence {
    if there {
        set
    } else {
        Presence::Offline
    }
}

/// A capacity as a member or an admin types it: none (no limit) or 1..=[`MAX_CAPACITY`].
pub fn capacity(raw: Option<i64>) -> Result<Option<i64>, CapacityOutOfRange> {
    match raw {
        None => Ok(None),
        Some(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(Some(n)),
        Some(_) => Err(CapacityOutOfRange),
    }
}

/// A capacity outside 1..=[`MAX_CAPACITY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityOutOfRange;

/// A member's load: how many conversations they have in progress, and their capacity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    pub in_progress: i64,
    pub capacity: Option<i64>,
}

impl Load {
    /// How many conversations past their capacity `adding` more would put them (0: within
    /// it, or no capacity).
    pub fn over_by(self, adding: i64) -> i64 {
        match self.capacity {
            Some(cap) => (self.in_progress + adding - cap).max(0),
            None => 0,
        }
    }

    /// Whether they are at or past their capacity now.
    pub fn full(self) -> bool {
        self.capacity.is_some_and(|cap| self.in_progress >= cap)
    }
}

/// Who would go over their capacity, and by how many, if each got the conversations planned
/// for them (`plan`: each member, their load, how many they would get).
pub fn overloaded<M: Copy>(plan: &[(M, Load, i64)]) -> Vec<(M, i64)> {
    plan.iter()
        .filter(|&&(_, _, adding)| adding > 0)
        .filter_map(|&(m, load, adding)| {
            let over = load.over_by(adding);
            (over > 0).then_some((m, over))
        })
        .collect()
}

/// A member whom a change would take past their capacity: the confirm step of a transfer, a
/// batch's preview and the pane's follow-up say so before it is done (it is a warning, not a
/// refusal: a supervisor may still hand a full member one more).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverCapacity {
    pub name: String,
    pub load: Load,
    /// How many conversations the change gives them.
    pub adding: i64,
}

impl OverCapacity {
    /// The warning, when giving `adding` conversations to a member with `load` goes past it.
    pub fn check(name: &str, load: Load, adding: i64) -> Option<OverCapacity> {
        overloaded(&[((), load, adding)])
            .first()
            .map(|_| OverCapacity {
                name: name.to_owned(),
                load,
                adding,
            })
    }

    /// How many they would have in progress afterwards.
    pub fn after(&self) -> i64 {
        self.load.in_progress + self.adding
    }
}

#[cfg(test)]
mod tests;
