//! How a flow step's buttons reach each platform: natively where the platform can show them
//! (Messenger and Instagram quick replies, LINE quick reply, WhatsApp reply buttons or a list,
//! the widget's own buttons), as numbered text where it cannot; and the payload a tap sends
//! back.

use super::FlowAt;
use crate::domain::ChannelKind;

/// Quick replies Messenger, Instagram and LINE show at most, and the longest label.
pub const QUICK_REPLIES_AT_MOST: usize = 13;
pub const QUICK_REPLY_LABEL_CHARS: usize = 20;
/// WhatsApp: reply buttons (3, titles of 20 characters) or a list (10 rows of 24).
pub const WHATSAPP_BUTTONS_AT_MOST: usize = 3;
pub const WHATSAPP_BUTTON_CHARS: usize = 20;
pub const WHATSAPP_ROWS_AT_MOST: usize = 10;
pub const WHATSAPP_ROW_CHARS: usize = 24;
/// The longest label a member may give a button (longer ones than a platform shows go out as
/// numbered text there).
pub const MAX_LABEL_CHARS: usize = 40;

/// How a step's buttons are sent on a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Presentation {
    /// No buttons: the text alone.
    None,
    /// Messenger and Instagram `quick_replies`, LINE `quickReply` items.
    QuickReplies,
    /// WhatsApp `interactive` of type `button`.
    WhatsAppButtons,
    /// WhatsApp `interactive` of type `list`.
    WhatsAppList,
    /// The website widget's own buttons.
    Widget,
    /// The labels numbered in the text; the customer types a number or a label.
    Numbered,
}

/// How `labels` go out on a channel of `kind`.
pub fn presentation(kind: ChannelKind, labels: &[&str]) -> Presentation {
    let fits = |n: usize, chars: usize| {
        labels.len() <= n
            && labels
                .iter()
                .all(|l| !l.trim().is_empty() && l.chars().count() <= chars)
    };
    if labels.is_empty() {
        return Presentation::None;
    }
    match kind {
        ChannelKind::WebChat => Presentation::Widget,
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::Line
            if fits(QUICK_REPLIES_AT_MOST, QUICK_REPLY_LABEL_CHARS) =>
        {
            Presentation::QuickReplies
        }
        ChannelKind::WhatsApp if fits(WHATSAPP_BUTTONS_AT_MOST, WHATSAPP_BUTTON_CHARS) => {
            Presentation::WhatsAppButtons
        }
        ChannelKind::WhatsApp if fits(WHATSAPP_ROWS_AT_MOST, WHATSAPP_ROW_CHARS) => {
            Presentation::WhatsAppList
        }
        _ => Presentation::Numbered,
    }
}

/// The step's text with its buttons numbered under it (`1. …`), for platforms that cannot show
/// them; a typed number or label continues the flow.
pub fn numbered(text: &str, labels: &[&str]) -> String {
    let mut out = text.trim_end().to_string();
    for (i, l) in labels.iter().enumerate() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("{}. {}", i + 1, l.trim()));
    }
    out
}

const PAYLOAD_PREFIX: &str = "omni1:";

/// What a tap on button `index` of step `at` sends back (a postback, a quick reply's payload,
/// a WhatsApp reply's id): short, and read back by [`parse_tap`].
pub fn tap_payload(at: FlowAt, index: usize) -> String {
    format!("{PAYLOAD_PREFIX}{}:{}:{index}", at.flow, at.step)
}

/// The step and button a tap's payload names, or `None` for anything else (another
/// integration's payload, a forged one).
pub fn parse_tap(payload: &str) -> Option<(FlowAt, usize)> {
    let mut parts = payload.strip_prefix(PAYLOAD_PREFIX)?.split(':');
    let flow = parts.next()?.parse().ok()?;
    let step = parts.next()?.parse().ok()?;
    let index = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some((FlowAt { flow, step }, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_shows_what_it_can() {
        use ChannelKind::*;
        use Presentation as P;
        let three = ["營業時間", "訂單查詢", "真人客服"];
        let five = ["一", "二", "三", "四", "五"];
        let eleven: Vec<&str> = (0..11).map(|_| "選項").collect();
        let fourteen: Vec<&str> = (0..14).map(|_| "選項").collect();
        let long = ["這是一個超過二十四個字元的按鈕標籤文字真的非常非常長"];
        assert!(long[0].chars().count() > 24);
        let row = ["二十一個字元的按鈕標籤文字剛好超過二十個字"];
        assert_eq!(row[0].chars().count(), 21);
        let cases: Vec<(ChannelKind, &[&str], P)> = vec![
            (Messenger, &three, P::QuickReplies),
            (Instagram, &three, P::QuickReplies),
            (Line, &three, P::QuickReplies),
            (Line, &fourteen, P::Numbered),
            (Messenger, &long, P::Numbered),
            (WhatsApp, &three, P::WhatsAppButtons),
            (WhatsApp, &five, P::WhatsAppList),
            (WhatsApp, &row, P::WhatsAppList),
            (WhatsApp, &eleven, P::Numbered),
            (WhatsApp, &long, P::Numbered),
            (WebChat, &fourteen, P::Widget),
            (Line, &[], P::None),
            (Line, &["  "], P::Numbered),
        ];
        for (kind, labels, want) in cases {
            assert_eq!(presentation(kind, labels), want, "{kind:?} {labels:?}");
        }
    }

    #[test]
    fn numbered_text_lists_the_buttons() {
        assert_eq!(
            numbered("請選擇：", &["營業時間", "真人客服"]),
            "請選擇：\n1. 營業時間\n2. 真人客服"
        );
        assert_eq!(numbered("", &["a"]), "1. a");
    }

    #[test]
    fn a_tap_payload_reads_back_and_nothing_else_does() {
        let at = FlowAt { flow: 12, step: 3 };
        assert_eq!(parse_tap(&tap_payload(at, 2)), Some((at, 2)));
        for bad in [
            "HANDOFF",
            "omni1:1:2",
            "omni1:1:2:3:4",
            "omni1:a:2:3",
            "omni2:1:2:3",
            "",
        ] {
            assert_eq!(parse_tap(bad), None, "{bad}");
        }
    }
}
