//! The words of the agent's day (issue 16) beyond saved replies: the customer's history beside
//! the thread, the keyboard's shortcuts and their help panel, the shortcuts of the flow
//! (follow up and send, close and next, the handover note).
//!
//! The keys join the one [`Key`](super::Key) table: `replies_keys!` hands its table to
//! [`day_keys!`], which appends these and hands the whole to `all_keys!`.

/// Appends the agent's day's keys to a `Key => ("zh-TW", "English"),` table and passes it on.
macro_rules! day_keys {
    ($($table:tt)*) => {
        all_keys! {
            $($table)*
            HistoryTitle => ("其他對話", "Other conversations"),
            HistoryNone => ("這位顧客沒有其他對話。", "This customer has no other conversations."),
            HistoryOpen => ("開啟 {n} 上的對話（{name}）", "Open the conversation on {n} ({name})"),
            HistoryUnassigned => ("無負責人", "No owner"),
            LinkOpensNewTab => ("（在新分頁開啟）", "(opens in a new tab)"),
            Shortcuts => ("鍵盤快速鍵", "Keyboard shortcuts"),
            ShortcutsHint => ("在收件匣任何地方都能使用；Alt 組合鍵在輸入時也能用。", "They work anywhere in the inbox; the Alt ones also while you type."),
            ShortcutsOpen => ("鍵盤快速鍵（?）", "Keyboard shortcuts (?)"),
            ShortcutNext => ("下一則對話", "Next conversation"),
            ShortcutPrevious => ("上一則對話", "Previous conversation"),
            ShortcutReply => ("移到回覆框", "Go to the composer"),
            ShortcutFollowUp => ("跟進（或接手）", "Follow up (or take over)"),
            ShortcutClose => ("結束對話", "Close the conversation"),
            ShortcutCloseNext => ("結束並開啟下一則", "Close and open the next one"),
            ShortcutTransfer => ("移轉", "Transfer"),
            ShortcutToggleNote => ("切換回覆／內部備註", "Switch between reply and internal note"),
            ShortcutSearch => ("搜尋", "Search"),
            ShortcutSelect => ("選取所在的對話（批次操作）", "Select the focused conversation (batch)"),
            ShortcutHelp => ("顯示這份清單", "Show this list"),
            ShortcutSend => ("送出", "Send"),
            ShortcutNewLine => ("換行", "New line"),
            HandoverNote => ("移轉備註（選填）", "Handover note (optional)"),
            HandoverHint => ("寫給接手的成員：會釘選在對話上方，並通知對方。", "For who takes it over: pinned above the conversation and in their notification."),
            HandoverPinned => ("移轉備註", "Handover note"),
            HandoverFrom => ("{name} 的移轉備註", "Handover note from {name}"),
            CloseAndNext => ("結束並下一則", "Close and next"),
            FollowUpAndSend => ("跟進並送出", "Follow up and send"),
            ReplyPlaceholderEnter => ("輸入回覆，按 Enter 送出", "Write a reply; Enter sends"),
            SendOnEnter => ("按 Enter 送出", "Enter sends"),
            MemberCapacity => ("處理上限（選填）", "Capacity (optional)"),
            MemberCapacityHint => ("同時處理中的對話上限；跟進或移轉給他而超過時會先提醒。留白表示不限。", "How many conversations they may have in progress; following up or transferring to them past it warns first. Empty: no limit."),
            NoLimit => ("不限", "No limit"),
            PresenceOnline => ("上線", "Online"),
            PresenceAway => ("暫離", "Away"),
            PresenceOffline => ("離線", "Offline"),
            MyStatus => ("我的狀態", "My status"),
            AtCapacity => ("已達上限", "At capacity"),
            MemberFilter => ("依負責成員篩選", "Filter by owner"),
            AllMembers => ("所有成員", "All members"),
            SnoozedView => ("已延後", "Snoozed"),
            Snooze => ("延後", "Snooze"),
            SnoozeMenu => ("延後到…", "Snooze until…"),
            SnoozeOneHour => ("1 小時後", "In 1 hour"),
            SnoozeThreeHours => ("3 小時後", "In 3 hours"),
            SnoozeTomorrow => ("明天 09:00", "Tomorrow 09:00"),
            SnoozeNextWeek => ("下週一 09:00", "Next Monday 09:00"),
            SnoozeUntilReply => ("直到顧客回覆", "Until the customer writes"),
            SnoozedUntil => ("已延後到 {name}", "Snoozed until {name}"),
            SnoozedUntilReply => ("已延後，直到顧客回覆", "Snoozed until the customer writes"),
            Unsnooze => ("取消延後", "Unsnooze"),
            AutoCloseTitle => ("自動結束", "Auto-close"),
            AutoCloseHint => ("處理中的對話若已回覆顧客、之後雙方都沒有新訊息達設定的時數，就自動結束（顧客仍在等待回覆的對話不會結束）。顧客再次來訊時會回到待處理。", "A conversation in progress whose customer was answered and in which nobody has written for this many hours is closed by itself (never one whose customer waits for an answer). A customer who writes again brings it back to pending."),
            AutoCloseHours => ("幾小時後結束（1–720，留白為關閉）", "Close after hours (1–720; empty: off)"),
            AutoCloseMessage => ("結束前傳送的訊息（選填）", "Message sent before closing (optional)"),
            AutoCloseOff => ("未開啟", "Off"),
            AutoCloseSaved => ("自動結束設定已儲存。", "Auto-close saved."),
            AutoCloseAfter => ("{n} 小時後自動結束", "Closes after {n} hours"),
            SnoozeHours => ("請填 1 到 720 小時，或留白關閉。", "Enter 1 to 720 hours, or leave it empty for off."),
            SnoozeMessageTooLong => ("訊息最多 1,000 字。", "The message is 1,000 characters at most."),
            SnoozeInThePast => ("請選擇至少一分鐘之後的時間。", "Choose a time at least a minute ahead."),
            SnoozeTooFar => ("最多延後 30 天。", "Snooze for 30 days at most."),
            SendOnEnterHint => ("開啟：Enter 送出、Shift+Enter 換行。關閉：Ctrl+Enter 送出、Enter 換行。", "On: Enter sends, Shift+Enter is a new line. Off: Ctrl+Enter sends, Enter is a new line."),
        }
    };
}

use super::Key;
use crate::domain::availability::{Load, OverCapacity, Presence};
use crate::domain::Lang;

/// The key of a member's status.
pub fn presence_key(p: Presence) -> Key {
    match p {
        Presence::Online => Key::PresenceOnline,
        Presence::Away => Key::PresenceAway,
        Presence::Offline => Key::PresenceOffline,
    }
}

/// A member's load: "處理中 4／5", "4 of 5 in progress" (or without a capacity, "4 in progress").
pub fn load_text(lang: Lang, load: Load) -> String {
    let n = load.in_progress;
    match (load.capacity, lang) {
        (Some(cap), Lang::ZhTw) => format!("處理中 {n}／{cap}"),
        (Some(cap), Lang::En) => format!("{n} of {cap} in progress"),
        (None, Lang::ZhTw) => format!("處理中 {n}"),
        (None, Lang::En) => format!("{n} in progress"),
    }
}

/// The warning of a change that takes a member past their capacity; `you` when it is the member
/// reading it (their own follow-up).
pub fn over_capacity(lang: Lang, o: &OverCapacity, you: bool) -> String {
    let (after, cap) = (o.after(), o.load.capacity.unwrap_or_default());
    if you {
        match lang {
            Lang::ZhTw => format!("您將有 {after} 則處理中的對話，超過您的上限 {cap} 則。"),
            Lang::En => {
                format!(
                    "You would have {after} conversations in progress, past your limit of {cap}."
                )
            }
        }
    } else {
        let name = &o.name;
        match lang {
            Lang::ZhTw => format!("{name} 將有 {after} 則處理中的對話，超過上限 {cap} 則。"),
            Lang::En => format!(
                "{name} would have {after} conversations in progress, past their limit of {cap}."
            ),
        }
    }
}

/// The words of a refused snooze or auto-close rule.
pub fn snooze_problem(lang: Lang, p: crate::domain::snooze::Problem) -> &'static str {
    use crate::domain::snooze::Problem as P;
    super::t(
        lang,
        match p {
            P::Hours => Key::SnoozeHours,
            P::MessageTooLong => Key::SnoozeMessageTooLong,
            P::InThePast => Key::SnoozeInThePast,
            P::TooFar => Key::SnoozeTooFar,
        },
    )
}

/// The form field a refused snooze or auto-close rule names.
pub fn snooze_field(p: crate::domain::snooze::Problem) -> &'static str {
    use crate::domain::snooze::Problem as P;
    match p {
        P::Hours => "hours",
        P::MessageTooLong => "message",
        P::InThePast | P::TooFar => "until",
    }
}
