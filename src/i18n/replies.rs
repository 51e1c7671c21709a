//! The words of saved replies (issue 16): the composer's picker, the page where members keep
//! theirs and the team's, and the refusals of their edits.
//!
//! The keys join the one [`Key`](super::Key) table: `admin_keys!` hands its table to
//! [`replies_keys!`], which appends these and hands the whole to `day_keys!`.

use super::{t, Key};
use crate::domain::saved_reply::Problem;
use crate::domain::Lang;

/// Appends the saved replies' keys to a `Key => ("zh-TW", "English"),` table and passes it on.
macro_rules! replies_keys {
    ($($table:tt)*) => {
        day_keys! {
            $($table)*
            ReplyTitleEmpty => ("請輸入標題。", "Enter a title."),
            ReplyTitleTooLong => ("標題最多 80 個字。", "A title has at most 80 characters."),
            ReplyShortcutEmpty => ("請輸入快捷鍵，例如 /hours。", "Enter a shortcut, such as /hours."),
            ReplyShortcutTooLong => ("快捷鍵最多 32 個字。", "A shortcut has at most 32 characters."),
            ReplyShortcutChars => ("快捷鍵只能包含文字、數字、- 與 _，不能有空格。", "A shortcut holds letters, digits, - and _ only, no spaces."),
            ReplyShortcutTaken => ("這個快捷鍵已有其他預存回覆使用。", "Another saved reply has this shortcut."),
            ReplyTextEmpty => ("請輸入回覆內容。", "Enter the reply's text."),
            ReplyTextTooLong => ("回覆內容最多 4000 個字。", "A reply has at most 4000 characters."),
            ReplyUnknownPlaceholder => ("只能使用 {customer.name}、{member.name} 與 {workspace.name} 這些替代文字。", "Only {customer.name}, {member.name} and {workspace.name} can be filled in."),
            ReplyTooMany => ("預存回覆數量已達上限。", "There are as many saved replies as there may be."),
            SavedReplyNotFound => ("找不到這則預存回覆，可能已被刪除。", "That saved reply is not there any more."),
            SavedReplies => ("預存回覆", "Saved replies"),
            SavedReplyTeam => ("團隊", "Team"),
            SavedReplyPersonal => ("個人", "Mine"),
            SavedReplyNone => ("沒有符合的預存回覆。", "No saved reply matches."),
            RepliesHint => ("在回覆框輸入 / 即可插入。{customer.name}、{member.name} 與 {workspace.name} 會換成顧客、您與工作區的名稱。", "Type / in the composer to put one in. {customer.name}, {member.name} and {workspace.name} become the customer's name, yours and the workspace's."),
            RepliesMine => ("我的預存回覆", "My saved replies"),
            RepliesMineHint => ("只有您看得到、用得到。", "Only you see and use these."),
            RepliesTeam => ("團隊預存回覆", "Team saved replies"),
            RepliesTeamHint => ("每位成員都能使用；由管理員、主管與客服經理維護。", "Every member uses these; admins, supervisors and CS managers keep them."),
            RepliesNone => ("還沒有預存回覆。", "No saved replies yet."),
            RepliesUses => ("已使用 {n} 次", "used {n}×"),
            RepliesNew => ("新增", "New"),
            RepliesNewMine => ("新增我的預存回覆", "New saved reply of mine"),
            RepliesNewTeam => ("新增團隊預存回覆", "New team saved reply"),
            RepliesEdit => ("編輯預存回覆", "Edit saved reply"),
            RepliesDelete => ("刪除預存回覆", "Delete saved reply"),
            RepliesDeleteQuestion => ("要刪除「{name}」嗎？", "Delete “{name}”?"),
            RepliesTitleField => ("標題", "Title"),
            RepliesShortcutField => ("快捷鍵", "Shortcut"),
            RepliesShortcutHint => ("在回覆框輸入 / 加上快捷鍵即可找到，例如 /hours。", "Type / and the shortcut in the composer to find it, such as /hours."),
            RepliesTextField => ("回覆內容", "Text"),
            RepliesPlaceholders => ("插入替代文字：", "Put in:"),
            RepliesFileField => ("附件（選填）", "Attachment (optional)"),
            RepliesFileHint => ("在回覆內容之後傳送；10 MB 以內。圖片會以圖片送出，其他檔案視平台而定。", "Sent after the text; up to 10 MB. Pictures go as pictures, other files as each platform allows."),
            RepliesFileChoose => ("選擇檔案", "Choose a file"),
            RepliesFileReplace => ("更換檔案", "Replace the file"),
            RepliesFileRemove => ("移除附件", "Remove the attachment"),
            RepliesFileNone => ("沒有附件", "No attachment"),
            RepliesFileSaving => ("正在上傳附件…", "Uploading the attachment…"),
            RepliesFileFailed => ("預存回覆已儲存，但附件沒有上傳成功：", "The saved reply is saved, but its attachment was not uploaded: "),
            ComposerFile => ("附件", "Attachment"),
            ComposerFileDrop => ("不傳送附件", "Don't send the attachment"),
            ComposerFileNoteOnly => ("附件只會隨回覆傳送，不會加到備註。", "An attachment goes with a reply only, never with a note."),
            SavedReplyKeys => ("↑↓ 選擇 · Enter 插入 · Esc 關閉", "↑↓ choose · Enter inserts · Esc closes"),
        }
    };
}

/// A refused saved reply, in the member's words.
pub fn problem(lang: Lang, p: Problem) -> &'static str {
    use Problem as P;
    t(
        lang,
        match p {
            P::TitleEmpty => Key::ReplyTitleEmpty,
            P::TitleTooLong => Key::ReplyTitleTooLong,
            P::ShortcutEmpty => Key::ReplyShortcutEmpty,
            P::ShortcutTooLong => Key::ReplyShortcutTooLong,
            P::ShortcutChars => Key::ReplyShortcutChars,
            P::ShortcutTaken => Key::ReplyShortcutTaken,
            P::TextEmpty => Key::ReplyTextEmpty,
            P::TextTooLong => Key::ReplyTextTooLong,
            P::UnknownPlaceholder => Key::ReplyUnknownPlaceholder,
            P::TooMany => Key::ReplyTooMany,
        },
    )
}
