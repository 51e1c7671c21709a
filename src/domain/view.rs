//! The inbox views of the navigation and their URL slugs.

use serde::{Deserialize, Serialize};

/// The inbox views of the left navigation (PRODUCT.md, "The inbox views").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum View {
    PendingHuman,
    PendingBot,
    MineOpen,
    MineClosed,
    TeamOpen,
    TeamClosed,
    Closed,
}

impl View {
    pub const ALL: [View; 7] = [
        View::PendingHuman,
        View::PendingBot,
        View::MineOpen,
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
            View::MineClosed => "mine-closed",
            View::TeamOpen => "team-open",
            View::TeamClosed => "team-closed",
            View::Closed => "closed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }
}
