//! The words of running a team (issue 15): the members, regions and branches, tags,
//! workspace settings and audit log pages, and the refusals of their edits.
//!
//! The keys join the one [`Key`](super::Key) table: `bot_keys!` hands its table to
//! [`admin_keys!`], which appends these and hands the whole to `all_keys!`.

use super::{t, Key};
use crate::domain::team::TeamProblem;
use crate::domain::Lang;

/// Appends the admin keys to a `Key => ("zh-TW", "English"),` table and passes it on.
macro_rules! admin_keys {
    ($($table:tt)*) => {
        all_keys! {
            $($table)*
            TeamNameEmpty => ("請輸入名稱。", "Enter a name."),
            TeamNameTooLong => ("名稱太長了。", "That name is too long."),
            TeamEmailInvalid => ("請輸入有效的電子郵件地址。", "Enter a valid email address."),
            TeamEmailTaken => ("這個電子郵件已有帳號使用。", "An account already uses this email."),
            TeamBranchNeeded => ("銷售經理與銷售人員須指定分店。", "Sales managers and sales reps belong to a branch."),
            TeamBranchUnknown => ("找不到這間分店。", "No such branch."),
            TeamRegionUnknown => ("找不到這個區域。", "No such region."),
            TeamNotYourself => ("不能停用自己或變更自己的角色。", "You cannot deactivate yourself or change your own role."),
            TeamNameTaken => ("已有相同名稱（不分大小寫與全半形）。", "That name is taken (letter case and width aside)."),
            TeamNotEmpty => ("仍有成員、分店、頻道或對話屬於它，無法刪除。", "Members, branches, channels or conversations still belong to it; it cannot be deleted."),
            TeamSameTag => ("請選擇另一個標籤來合併。", "Choose another tag to merge into."),
            TeamTagColor => ("請從色盤選擇顏色。", "Choose a colour from the palette."),
            TeamOffset => ("請選擇 UTC−12:00 到 UTC+14:00 之間的時區。", "Choose a time zone between UTC−12:00 and UTC+14:00."),
            TeamTooMany => ("數量已達上限。", "There are as many as a workspace may have."),
            TeamPicture => ("請上傳 5 MB 以內的 PNG、JPEG、GIF 或 WebP 圖片。", "Upload a PNG, JPEG, GIF or WebP picture of 5 MB at most."),
            RegionNotFound => ("找不到這個區域，可能已被刪除。", "That region is not there any more."),
            BranchNotFound => ("找不到這間分店，可能已被刪除。", "That branch is not there any more."),
            TagNotFound => ("找不到這個標籤，可能已被刪除。", "That tag is not there any more."),
            PictureNotFound => ("找不到這張圖片。", "No such picture."),
        }
    };
}

/// The words of a refused team edit.
pub fn problem(lang: Lang, p: TeamProblem) -> &'static str {
    use TeamProblem as P;
    t(
        lang,
        match p {
            P::NameEmpty => Key::TeamNameEmpty,
            P::NameTooLong => Key::TeamNameTooLong,
            P::EmailInvalid => Key::TeamEmailInvalid,
            P::EmailTaken => Key::TeamEmailTaken,
            P::BranchNeeded => Key::TeamBranchNeeded,
            P::BranchUnknown => Key::TeamBranchUnknown,
            P::RegionUnknown => Key::TeamRegionUnknown,
            P::AdminsOnly => Key::AdminsOnly,
            P::LastAdmin => Key::LastAdmin,
            P::NotYourself => Key::TeamNotYourself,
            P::NameTaken => Key::TeamNameTaken,
            P::NotEmpty => Key::TeamNotEmpty,
            P::SameTag => Key::TeamSameTag,
            P::TagColor => Key::TeamTagColor,
            P::Offset => Key::TeamOffset,
            P::TooMany => Key::TeamTooMany,
            P::Picture => Key::TeamPicture,
        },
    )
}
