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
            SendOnEnterHint => ("開啟：Enter 送出、Shift+Enter 換行。關閉：Ctrl+Enter 送出、Enter 換行。", "On: Enter sends, Shift+Enter is a new line. Off: Ctrl+Enter sends, Enter is a new line."),
        }
    };
}
