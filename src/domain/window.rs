//! The messaging window (CHANNELS.md §1.6, §2.5, §3.5, §4.6): how long after a customer's last
//! message a platform lets the business answer, and how. Decided before a reply is queued, and
//! shown in the pane ("可回覆 23 小時 12 分" / "Reply window closes in 23 h 12 min").

use super::{ChannelKind, Millis};
use serde::{Deserialize, Serialize};

pub const HOUR: Millis = 60 * 60 * 1000;
/// The standard window of Messenger, Instagram and WhatsApp.
pub const STANDARD: Millis = 24 * HOUR;
/// Messenger's and Instagram's `HUMAN_AGENT` tag: a person may answer for 7 days.
pub const HUMAN_AGENT: Millis = 7 * 24 * HOUR;

/// How a reply may go out now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    /// Any time (LINE to a friend, our own widget).
    Always,
    /// Inside the standard window, until `until`.
    Open { until: Millis },
    /// Past the standard window but inside the human-agent tag's (Messenger and Instagram,
    /// when the channel has the tag approved): the send carries the tag.
    HumanAgent { until: Millis },
    /// Closed since `since`: the platform refuses free-form replies (WhatsApp wants a template).
    Closed { since: Millis },
    /// The customer has never written on this channel: the platform lets no one start.
    NeverOpened,
}

impl Window {
    /// Whether a free-form reply may be sent now.
    pub fn allows_reply(self) -> bool {
        !matches!(self, Window::Closed { .. } | Window::NeverOpened)
    }

    /// When the current way of replying ends, if it does.
    pub fn closes_at(self) -> Option<Millis> {
        match self {
            Window::Open { until } | Window::HumanAgent { until } => Some(until),
            _ => None,
        }
    }
}

/// Whether a reply may reach the customer: the window allows it and the customer has not
/// blocked the account. Checked before a reply is queued, after [`super::actions::may_reply`].
pub fn may_reach(window: Window, unsubscribed: bool) -> Result<(), super::actions::ReplyRefused> {
    use super::actions::ReplyRefused;
    if unsubscribed {
        return Err(ReplyRefused::Unsubscribed);
    }
    match window {
        Window::Closed { .. } => Err(ReplyRefused::WindowClosed),
        Window::NeverOpened => Err(ReplyRefused::NeverWrote),
        _ => Ok(()),
    }
}

/// The window of a conversation on a `kind` channel whose customer last wrote at
/// `last_inbound` (none: never), at `now`; `human_agent_tag` says whether the channel may use
/// Meta's `HUMAN_AGENT` tag.
pub fn reply_window(
    kind: ChannelKind,
    last_inbound: Option<Millis>,
    now: Millis,
    human_agent_tag: bool,
) -> Window {
    match kind {
        ChannelKind::Line | ChannelKind::WebChat => Window::Always,
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::WhatsApp => {
            let Some(last) = last_inbound else {
                return Window::NeverOpened;
            };
            let standard = last.saturating_add(STANDARD);
            let tagged = last.saturating_add(HUMAN_AGENT);
            let tag = human_agent_tag && kind != ChannelKind::WhatsApp;
            if now < standard {
                Window::Open { until: standard }
            } else if tag && now < tagged {
                Window::HumanAgent { until: tagged }
            } else if tag {
                Window::Closed { since: tagged }
            } else {
                Window::Closed { since: standard }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChannelKind::*;

    const T: Millis = 1_750_000_000_000;

    #[test]
    fn a_reply_reaches_only_inside_the_window_and_a_subscribed_customer() {
        use crate::domain::actions::ReplyRefused;
        let open = reply_window(WhatsApp, Some(T - 23 * HOUR), T, false);
        assert_eq!(may_reach(open, false), Ok(()));
        assert_eq!(may_reach(open, true), Err(ReplyRefused::Unsubscribed));
        let closed = reply_window(WhatsApp, Some(T - 25 * HOUR), T, false);
        assert_eq!(may_reach(closed, false), Err(ReplyRefused::WindowClosed));
        let never = reply_window(Messenger, None, T, false);
        assert_eq!(may_reach(never, false), Err(ReplyRefused::NeverWrote));
        assert_eq!(may_reach(Window::Always, false), Ok(()));
        assert_eq!(
            may_reach(Window::Always, true),
            Err(ReplyRefused::Unsubscribed)
        );
    }

    #[test]
    fn line_and_the_widget_are_always_open() {
        for kind in [Line, WebChat] {
            assert_eq!(reply_window(kind, None, T, false), Window::Always);
            assert_eq!(
                reply_window(kind, Some(T - 90 * 24 * HOUR), T, false),
                Window::Always
            );
        }
    }

    #[test]
    fn meta_channels_open_for_24_hours_after_the_customers_last_message() {
        for kind in [Messenger, Instagram, WhatsApp] {
            let last = T - 23 * HOUR;
            assert_eq!(
                reply_window(kind, Some(last), T, false),
                Window::Open {
                    until: last + STANDARD
                }
            );
            // The edge: exactly 24 hours later the window is closed.
            let last = T - STANDARD;
            assert_eq!(
                reply_window(kind, Some(last), T, false),
                Window::Closed { since: T }
            );
            assert!(!reply_window(kind, Some(last), T, false).allows_reply());
            assert_eq!(reply_window(kind, None, T, true), Window::NeverOpened);
        }
    }

    #[test]
    fn the_human_agent_tag_extends_messenger_and_instagram_to_7_days_but_not_whatsapp() {
        let last = T - 3 * 24 * HOUR;
        for kind in [Messenger, Instagram] {
            let w = reply_window(kind, Some(last), T, true);
            assert_eq!(
                w,
                Window::HumanAgent {
                    until: last + HUMAN_AGENT
                }
            );
            assert!(w.allows_reply());
            assert_eq!(
                reply_window(kind, Some(T - HUMAN_AGENT), T, true),
                Window::Closed { since: T }
            );
        }
        assert_eq!(
            reply_window(WhatsApp, Some(last), T, true),
            Window::Closed {
                since: last + STANDARD
            }
        );
    }

    #[test]
    fn a_clock_far_behind_or_absurd_times_do_not_overflow() {
        assert!(reply_window(Messenger, Some(Millis::MAX - 1), T, true).allows_reply());
        assert!(!reply_window(WhatsApp, Some(Millis::MIN), T, false).allows_reply());
    }
}
