//! How a conversation list is ordered (PRODUCT.md, "Sorting"), and the keyset position that
//! pages through it.
//!
//! A sort is a sequence of **tiers**: groups of conversations each ordered by one key. The
//! default, `Priority`, is the seed's order: overdue conversations first (longest wait first),
//! then those with unread messages (newest first), then the rest (newest first). `Newest`
//! and `Oldest` are one tier (last message time, either way). `Waiting` puts the overdue
//! conversations first (unanswered for 30 minutes or more, longest wait first), then the rest
//! newest first. `Unread` puts the conversations with unread customer messages first, newest
//! first, then the rest newest first. Storage runs one indexed query per tier; [`compare`] is
//! the reference meaning those queries must reproduce, and the storage suite checks they do.
//!
//! "Overdue" is judged against a `cutoff` fixed when the first page is read and carried in the
//! cursor, so a conversation does not jump between tiers while a member scrolls.

use super::waiting::HALF_HOUR;
use super::{ConversationId, Millis};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")] // as in the URL: `?sort=newest`
pub enum Sort {
    /// Overdue first (longest wait first), then unread (newest first), then the rest (newest
    /// first): the default.
    #[default]
    Priority,
    /// Last message, newest first.
    Newest,
    /// Last message, oldest first.
    Oldest,
    /// Overdue waiting conversations first, longest wait first; then the rest newest first.
    Waiting,
    /// Conversations with unread customer messages first, newest first; then the rest.
    Unread,
}

/// A group of conversations within a sort, with its own order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Everything, by last message time; `ascending` for oldest first.
    All { ascending: bool },
    /// Unanswered since `cutoff` or earlier, longest wait first.
    Overdue,
    /// Everything not overdue, newest first.
    NotOverdue,
    /// With unread customer messages, newest first.
    Unread,
    /// Nothing unread, newest first.
    Read,
    /// Not overdue, with unread customer messages, newest first.
    FreshUnread,
    /// Not overdue, nothing unread, newest first.
    FreshRead,
}

/// What ordering needs to know about one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortFacts {
    pub id: ConversationId,
    pub last_message_at: Millis,
    pub waiting_since: Option<Millis>,
    pub unread: i64,
}

/// Where the next page starts: the tier and sort key of the last row shown, and the overdue
/// cutoff fixed on the first page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub tier: u8,
    pub key: Millis,
    pub id: ConversationId,
    pub cutoff: Millis,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Priority,
        Sort::Newest,
        Sort::Oldest,
        Sort::Waiting,
        Sort::Unread,
    ];

    /// The URL value, e.g. `?sort=waiting`.
    pub fn slug(self) -> &'static str {
        match self {
            Sort::Priority => "priority",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Waiting => "waiting",
            Sort::Unread => "unread",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The tiers, in the order they are listed.
    pub fn tiers(self) -> &'static [Tier] {
        match self {
            Sort::Priority => &[Tier::Overdue, Tier::FreshUnread, Tier::FreshRead],
            Sort::Newest => &[Tier::All { ascending: false }],
            Sort::Oldest => &[Tier::All { ascending: true }],
            Sort::Waiting => &[Tier::Overdue, Tier::NotOverdue],
            Sort::Unread => &[Tier::Unread, Tier::Read],
        }
    }

    /// Which tier a conversation falls in (an index into [`Sort::tiers`]).
    pub fn tier_of(self, f: &SortFacts, cutoff: Millis) -> usize {
        self.tiers()
            .iter()
            .position(|t| t.contains(f, cutoff))
            .expect("the tiers of a sort cover every conversation")
    }
}

/// The overdue cutoff for a list first read at `now`: waiting since then or earlier is overdue.
pub fn overdue_cutoff(now: Millis) -> Millis {
    now - HALF_HOUR
}

impl Tier {
    pub fn contains(self, f: &SortFacts, cutoff: Millis) -> bool {
        let overdue = f.waiting_since.is_some_and(|w| w <= cutoff);
        match self {
            Tier::All { .. } => true,
            Tier::Overdue => overdue,
            Tier::NotOverdue => !overdue,
            Tier::Unread => f.unread > 0,
            Tier::Read => f.unread <= 0,
            Tier::FreshUnread => !overdue && f.unread > 0,
            Tier::FreshRead => !overdue && f.unread <= 0,
        }
    }

    /// The key this tier orders by (ties broken by id in the same direction).
    pub fn key(self, f: &SortFacts) -> Millis {
        match self {
            Tier::Overdue => f.waiting_since.unwrap_or(Millis::MAX),
            _ => f.last_message_at,
        }
    }

    /// Smallest key first?
    pub fn ascending(self) -> bool {
        match self {
            Tier::All { ascending } => ascending,
            Tier::Overdue => true,
            Tier::NotOverdue | Tier::Unread | Tier::Read | Tier::FreshUnread | Tier::FreshRead => {
                false
            }
        }
    }
}

/// The reference order of two conversations under `sort` with the overdue `cutoff`.
pub fn compare(sort: Sort, cutoff: Millis, a: &SortFacts, b: &SortFacts) -> Ordering {
    let (ta, tb) = (sort.tier_of(a, cutoff), sort.tier_of(b, cutoff));
    if ta != tb {
        return ta.cmp(&tb);
    }
    let tier = sort.tiers()[ta];
    let within = (tier.key(a), a.id).cmp(&(tier.key(b), b.id));
    if tier.ascending() {
        within
    } else {
        within.reverse()
    }
}

/// The cursor that continues after the conversation `f`.
pub fn cursor_after(sort: Sort, cutoff: Millis, f: &SortFacts) -> Cursor {
    let tier = sort.tier_of(f, cutoff);
    Cursor {
        tier: tier as u8,
        key: sort.tiers()[tier].key(f),
        id: f.id,
        cutoff,
    }
}

impl Cursor {
    /// The cursor as an opaque URL-safe token.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}.{}", self.tier, self.key, self.id, self.cutoff)
    }

    /// Reads a token made by [`Cursor::encode`]; `None` if it is not one (or names a tier
    /// `sort` does not have).
    pub fn decode(token: &str, sort: Sort) -> Option<Cursor> {
        let mut parts = token.split('.');
        let tier: u8 = parts.next()?.parse().ok()?;
        let key = parts.next()?.parse().ok()?;
        let id = parts.next()?.parse().ok()?;
        let cutoff = parts.next()?.parse().ok()?;
        if parts.next().is_some() || tier as usize >= sort.tiers().len() {
            return None;
        }
        Some(Cursor {
            tier,
            key,
            id,
            cutoff,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Millis = 1_700_000_000_000;
    const MIN: Millis = 60_000;

    fn conv(id: i64, last_min_ago: i64, waiting_min: Option<i64>, unread: i64) -> SortFacts {
        SortFacts {
            id: ConversationId(id),
            last_message_at: NOW - last_min_ago * MIN,
            waiting_since: waiting_min.map(|w| NOW - w * MIN),
            unread,
        }
    }

    fn order(sort: Sort, convs: &[SortFacts]) -> Vec<i64> {
        let mut v = convs.to_vec();
        let cutoff = overdue_cutoff(NOW);
        v.sort_by(|a, b| compare(sort, cutoff, a, b));
        v.iter().map(|c| c.id.get()).collect()
    }

    #[test]
    fn each_sort_orders_a_mixed_list() {
        let convs = [
            conv(1, 5, Some(5), 1),     // recent, waiting 5 min (not overdue), unread
            conv(2, 40, Some(40), 2),   // overdue 40 min, unread
            conv(3, 1, None, 0),        // newest, answered, read
            conv(4, 150, Some(150), 0), // overdue 2.5 h, read
            conv(5, 90, None, 3),       // old, answered, unread
            conv(6, 30, Some(30), 0),   // exactly 30 min: overdue
            conv(7, 1, None, 0),        // same time as 3: id breaks the tie
        ];
        let cases = [
            // Overdue by longest wait, then unread newest first, then the rest newest first.
            (Sort::Priority, vec![4, 2, 6, 1, 5, 7, 3]),
            (Sort::Newest, vec![7, 3, 1, 6, 2, 5, 4]),
            (Sort::Oldest, vec![4, 5, 2, 6, 1, 3, 7]),
            (Sort::Waiting, vec![4, 2, 6, 7, 3, 1, 5]),
            (Sort::Unread, vec![1, 2, 5, 7, 3, 6, 4]),
        ];
        for (sort, want) in cases {
            assert_eq!(order(sort, &convs), want, "{sort:?}");
        }
    }

    #[test]
    fn every_conversation_has_exactly_one_tier() {
        let cutoff = overdue_cutoff(NOW);
        for sort in Sort::ALL {
            for c in [
                conv(1, 5, Some(45), 0),
                conv(2, 5, None, 2),
                conv(3, 0, Some(0), 1),
            ] {
                let n = sort
                    .tiers()
                    .iter()
                    .filter(|t| t.contains(&c, cutoff))
                    .count();
                assert_eq!(n, 1, "{sort:?} {c:?}");
            }
        }
    }

    #[test]
    fn slugs_and_cursors_round_trip() {
        for sort in Sort::ALL {
            assert_eq!(Sort::from_slug(sort.slug()), Some(sort));
            let c = cursor_after(sort, overdue_cutoff(NOW), &conv(9, 45, Some(45), 1));
            assert_eq!(Cursor::decode(&c.encode(), sort), Some(c));
        }
        assert_eq!(Sort::from_slug("random"), None);
        for bad in ["", "0.1.2", "0.1.2.3.4", "x.1.2.3", "0.1.2.-"] {
            assert_eq!(Cursor::decode(bad, Sort::Newest), None, "{bad:?}");
        }
        // Newest has one tier: a cursor in a second tier is not one of its cursors.
        assert_eq!(Cursor::decode("1.1.2.3", Sort::Newest), None);
        assert!(Cursor::decode("1.1.2.3", Sort::Waiting).is_some());
    }

    #[test]
    fn the_cursor_names_the_tier_and_key_of_its_row() {
        let cutoff = overdue_cutoff(NOW);
        let overdue = conv(4, 10, Some(150), 0);
        let c = cursor_after(Sort::Waiting, cutoff, &overdue);
        assert_eq!((c.tier, c.key, c.id.get()), (0, NOW - 150 * MIN, 4));
        let fresh = conv(5, 10, Some(5), 0);
        let c = cursor_after(Sort::Waiting, cutoff, &fresh);
        assert_eq!((c.tier, c.key), (1, NOW - 10 * MIN));
    }
}
