//! The words of running a team (issue 15): the members, regions and branches, tags,
//! workspace settings and audit log pages, and the refusals of their edits.
//!
//! The keys join the one [`Key`](super::Key) table: `bot_keys!` hands its table to
//! [`admin_keys!`], which appends these and hands the whole to `replies_keys!`.

use super::{pick, t, Key};
use crate::domain::team::audit::{Action, ObjectKind};
use crate::domain::team::TeamProblem;
use crate::domain::Lang;

/// Appends the admin keys to a `Key => ("zh-TW", "English"),` table and passes it on.
macro_rules! admin_keys {
    ($($table:tt)*) => {
        replies_keys! {
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
            TeamCapacity => ("上限請填 1 到 500 之間的整數，或留白表示不限。", "Enter a limit from 1 to 500, or leave it empty for none."),
            TeamPicture => ("請上傳 5 MB 以內的 PNG、JPEG、GIF 或 WebP 圖片。", "Upload a PNG, JPEG, GIF or WebP picture of 5 MB at most."),
            RegionNotFound => ("找不到這個區域，可能已被刪除。", "That region is not there any more."),
            BranchNotFound => ("找不到這間分店，可能已被刪除。", "That branch is not there any more."),
            TagNotFound => ("找不到這個標籤，可能已被刪除。", "That tag is not there any more."),
            PictureNotFound => ("找不到這張圖片。", "No such picture."),
            MembersTitle => ("成員", "Members"),
            MembersHint => ("邀請同事、調整角色與分店，或停用離開的人。系統不寄送電子郵件：邀請連結請自行交給對方。", "Invite colleagues, change their roles and branches, or deactivate those who leave. Nothing is e-mailed: hand the invitation link over yourself."),
            InviteMember => ("邀請成員", "Invite member"),
            EditMember => ("編輯成員", "Edit member"),
            SendInvite => ("建立邀請", "Create invitation"),
            MemberSearch => ("搜尋成員", "Search members"),
            MemberSearchHint => ("姓名或電子郵件", "Name or email"),
            MemberName => ("姓名", "Name"),
            MemberRole => ("角色", "Role"),
            MemberRegion => ("地區", "Region"),
            MemberBranch => ("分店", "Branch"),
            MemberStatus => ("狀態", "Status"),
            MemberInProgress => ("處理中", "In progress"),
            MemberActions => ("操作", "Actions"),
            MemberYou => ("（您）", "(you)"),
            InProgressCount => ("{n} 則處理中的對話", "In progress: {n}"),
            AnyRole => ("全部角色", "Any role"),
            AnyStatus => ("全部狀態", "Any status"),
            StatusActive => ("啟用中", "Active"),
            StatusDeactivated => ("已停用", "Deactivated"),
            StatusInvited => ("已邀請，尚未註冊", "Invited, not signed up"),
            NoMembers => ("沒有符合條件的成員。", "No members match."),
            OwnRoleFixed => ("您不能變更自己的角色。", "You cannot change your own role."),
            PickBranch => ("選擇分店", "Choose a branch"),
            NoBranch => ("不指定分店", "No branch"),
            BranchRequired => ("銷售經理與銷售人員必須指定分店。", "Sales managers and sales reps need a branch."),
            BranchOptional => ("其他角色可不指定分店。", "Other roles may have no branch."),
            Deactivate => ("停用", "Deactivate"),
            Reactivate => ("重新啟用", "Reactivate"),
            DeactivateMember => ("停用成員", "Deactivate member"),
            ReactivateMember => ("重新啟用成員", "Reactivate member"),
            DeactivateExplain => ("停用後對方會立即登出，且無法再登入；紀錄都會保留，之後可以重新啟用。", "They are signed out at once and cannot sign in again; their history stays, and you can reactivate them later."),
            ReactivateExplain => ("對方可以再次用原本的密碼登入。", "They can sign in again with their password."),
            NothingInProgress => ("對方沒有處理中的對話。", "They have no conversations in progress."),
            HasInProgress => ("{name} 還有 {n} 則處理中的對話，停用前可以先全部移轉：", "{name} still has conversations in progress ({n}); you can transfer them all before deactivating:"),
            TransferAllTo => ("全部移轉給", "Transfer all to"),
            TransferAll => ("全部移轉", "Transfer all"),
            TransferProgress => ("移轉中… {n}", "Transferring… {n}"),
            NewPasswordLink => ("新密碼連結", "New password link"),
            InvitationLink => ("邀請連結", "Invitation link"),
            PasswordResetLink => ("重設密碼連結", "Password reset link"),
            TheLink => ("連結", "link"),
            LinkShownOnce => ("這個連結只會顯示這一次，請複製後親自交給對方（系統不寄送電子郵件）。先前的連結已失效。", "This link is shown only once: copy it and hand it over yourself (nothing is e-mailed). Any earlier link no longer works."),
            LinkExpires => ("連結於 {n} 到期。", "The link expires on {n}."),
            StructureTitle => ("地區與分店", "Regions and branches"),
            StructureHint => ("銷售經理與銷售人員依分店看到對話。仍有成員、分店或對話的地區與分店不能刪除。", "Sales managers and reps see conversations by branch. Regions and branches that members, branches or conversations belong to cannot be deleted."),
            StructureViewOnly => ("只有管理員可以變更地區與分店。", "Only admins change regions and branches."),
            NewRegion => ("新增地區", "New region"),
            RenameRegion => ("重新命名地區", "Rename region"),
            NewBranch => ("新增分店", "New branch"),
            EditBranch => ("編輯分店", "Edit branch"),
            Rename => ("重新命名", "Rename"),
            RenameOrMove => ("改名或移動", "Rename or move"),
            Delete => ("刪除", "Delete"),
            DeleteRegion => ("刪除地區", "Delete region"),
            DeleteBranch => ("刪除分店", "Delete branch"),
            DeleteNamed => ("確定要刪除「{name}」嗎？", "Delete “{name}”?"),
            StructureName => ("名稱", "Name"),
            RegionCounts => ("{n} 間分店 · {m} 位成員", "Branches: {n} · Members: {m}"),
            MembersCount => ("{n} 位成員", "Members: {n}"),
            BranchInUse => ("有對話或頻道", "has conversations or channels"),
            BranchesOf => ("{name} 的分店", "Branches of {name}"),
            NoRegions => ("還沒有地區。先新增一個地區，再在其中新增分店。", "No regions yet. Add a region, then branches in it."),
            NoBranches => ("這個地區還沒有分店。", "No branches in this region yet."),
            KeptBranches => ("還有 {n} 間分店，無法刪除", "Cannot delete: branches belong to it ({n})"),
            KeptMembers => ("還有 {n} 位成員，無法刪除", "Cannot delete: members belong to it ({n})"),
            KeptInUse => ("有對話或頻道屬於它，無法刪除", "Cannot delete: conversations or channels belong to it"),
            TagsTitle => ("標籤", "Tags"),
            TagsHint => ("客戶資料上的標籤。合併或刪除會改變所有帶著它的客戶。", "The tags on customer profiles. Merging or deleting changes every customer carrying them."),
            EditTag => ("編輯標籤", "Edit tag"),
            TagName => ("標籤名稱", "Tag name"),
            TagColor => ("顏色", "Colour"),
            TagPreview => ("預覽：", "Preview:"),
            CustomersCount => ("{n} 位客戶", "{n} customers"),
            MergeTag => ("合併", "Merge"),
            MergeInto => ("合併到", "Merge into"),
            Merge => ("合併", "Merge"),
            PickTag => ("選擇標籤", "Choose a tag"),
            MergeQuestion => ("「{name}」的 {n} 位客戶將改為「{into}」，並刪除「{name}」。", "{n} customers move from “{name}” to “{into}”, and “{name}” is deleted."),
            DeleteTag => ("刪除標籤", "Delete tag"),
            DeleteTagQuestion => ("要從 {n} 位客戶移除『{name}』嗎？", "Remove “{name}” from {n} customers?"),
            ColorSlate => ("灰", "Grey"),
            ColorRed => ("紅", "Red"),
            ColorOrange => ("橘", "Orange"),
            ColorAmber => ("琥珀", "Amber"),
            ColorGreen => ("綠", "Green"),
            ColorTeal => ("藍綠", "Teal"),
            ColorSky => ("天藍", "Sky blue"),
            ColorIndigo => ("靛藍", "Indigo"),
            ColorPurple => ("紫", "Purple"),
            ColorPink => ("粉紅", "Pink"),
            WorkspaceTitle => ("工作區設定", "Workspace settings"),
            WorkspaceHint => ("工作區的名稱、時區、新成員的預設語言與標誌。", "The workspace's name, time zone, the language new members start in, and its logo."),
            WorkspaceName => ("工作區名稱", "Workspace name"),
            TimeZone => ("時區", "Time zone"),
            TimeZoneHint => ("列表與紀錄的時間都以這個時區顯示。", "Lists and logs print times in this time zone."),
            DefaultLanguage => ("新成員的預設語言", "Default language for new members"),
            DefaultLanguageHint => ("每位成員之後都可以自行切換語言。", "Each member can switch language later."),
            WorkspaceSaved => ("已儲存工作區設定。", "Workspace settings saved."),
            Logo => ("標誌", "Logo"),
            RemoveLogo => ("移除標誌", "Remove logo"),
            YourPicture => ("您的大頭貼", "Your picture"),
            UploadPicture => ("上傳圖片", "Upload picture"),
            Uploading => ("上傳中…", "Uploading…"),
            UseInitials => ("改用姓名縮寫", "Use initials instead"),
            PictureRules => ("PNG、JPEG、GIF 或 WebP，5 MB 以內。", "PNG, JPEG, GIF or WebP, up to 5 MB."),
            PictureSaved => ("已更新圖片。", "Picture updated."),
            PictureRemoved => ("已移除圖片。", "Picture removed."),
            PictureFailed => ("無法上傳，請稍後再試。", "The upload failed; try again later."),
            AuditTitle => ("稽核紀錄", "Audit log"),
            AuditHint => ("誰在什麼時候變更了成員、組織、標籤、頻道、機器人與工作區設定，最新的在前。", "Who changed members, the structure, tags, channels, the bot and workspace settings, and when; newest first."),
            AuditKind => ("對象類型", "Kind of object"),
            AuditAnyKind => ("全部類型", "Any kind"),
            AuditActor => ("成員", "Member"),
            AuditAnyone => ("任何人", "Anyone"),
            AuditSystem => ("系統", "System"),
            NoAudit => ("沒有符合條件的紀錄。", "No entries match."),
            AdminMembers => ("成員", "Members"),
            AdminStructure => ("地區與分店", "Regions & branches"),
            AdminTags => ("標籤", "Tags"),
            AdminWorkspace => ("工作區設定", "Workspace"),
            AdminAudit => ("稽核紀錄", "Audit log"),
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
            P::Capacity => Key::TeamCapacity,
        },
    )
}

/// The name of a kind of object in the audit log.
pub fn audit_kind(lang: Lang, kind: ObjectKind) -> &'static str {
    use ObjectKind as K;
    let (zh, en) = match kind {
        K::Member => ("成員", "Member"),
        K::Region => ("地區", "Region"),
        K::Branch => ("分店", "Branch"),
        K::Tag => ("標籤", "Tag"),
        K::Channel => ("頻道", "Channel"),
        K::BotRule => ("機器人規則", "Bot rule"),
        K::BotFlow => ("機器人流程", "Bot flow"),
        K::BotSettings => ("機器人設定", "Bot settings"),
        K::Workspace => ("工作區", "Workspace"),
        K::SavedReply => ("團隊預存回覆", "Team saved reply"),
    };
    pick(lang, zh, en)
}

/// What was done, as the audit log says it.
pub fn audit_action(lang: Lang, action: Action) -> &'static str {
    use Action as A;
    let (zh, en) = match action {
        A::Created => ("建立了", "created"),
        A::Changed => ("變更了", "changed"),
        A::Deleted => ("刪除了", "deleted"),
        A::Invited => ("邀請了", "invited"),
        A::Deactivated => ("停用了", "deactivated"),
        A::Reactivated => ("重新啟用了", "reactivated"),
        A::PasswordReset => ("發出重設密碼連結給", "issued a password link for"),
        A::Merged => ("合併了", "merged"),
    };
    pick(lang, zh, en)
}

/// A changed field's name in the audit log; one not known here is shown as stored.
pub fn audit_field(lang: Lang, field: &str) -> String {
    let (zh, en) = match field {
        "name" => ("名稱", "Name"),
        "email" => ("電子郵件", "Email"),
        "role" => ("角色", "Role"),
        "region" => ("地區", "Region"),
        "branch" => ("分店", "Branch"),
        "lang" => ("語言", "Language"),
        "capacity" => ("處理上限", "Capacity"),
        "active" => ("啟用", "Active"),
        "color" => ("顏色", "Colour"),
        "into" => ("合併到", "Merged into"),
        "customers" => ("客戶數", "Customers"),
        "time_zone" => ("時區", "Time zone"),
        "default_lang" => ("預設語言", "Default language"),
        "logo" => ("標誌", "Logo"),
        "enabled" => ("啟用", "Enabled"),
        "keywords" => ("關鍵字", "Keywords"),
        "reply" => ("回覆", "Reply"),
        "steps" => ("步驟", "Steps"),
        "greeting" => ("歡迎訊息", "Greeting"),
        "mode" => ("模式", "Mode"),
        "hours" => ("服務時間", "Hours"),
        "account" => ("帳號", "Account"),
        "kind" => ("類型", "Kind"),
        "title" => ("標題", "Title"),
        "shortcut" => ("快捷鍵", "Shortcut"),
        "text" => ("內容", "Text"),
        "file" => ("附件", "Attachment"),
        other => return other.to_owned(),
    };
    pick(lang, zh, en).to_owned()
}

/// A few cities that keep a common UTC offset, to recognise it by ("台北、香港、新加坡").
pub fn offset_cities(lang: Lang, minutes: i64) -> Option<&'static str> {
    let (zh, en) = match minutes {
        -600 => ("檀香山", "Honolulu"),
        -480 => ("洛杉磯、溫哥華", "Los Angeles, Vancouver"),
        -420 => ("丹佛、鳳凰城", "Denver, Phoenix"),
        -360 => ("芝加哥、墨西哥城", "Chicago, Mexico City"),
        -300 => ("紐約、多倫多", "New York, Toronto"),
        -180 => ("聖保羅、布宜諾斯艾利斯", "São Paulo, Buenos Aires"),
        0 => ("倫敦、里斯本", "London, Lisbon"),
        60 => ("巴黎、柏林", "Paris, Berlin"),
        120 => ("開羅、雅典", "Cairo, Athens"),
        180 => ("莫斯科、伊斯坦堡", "Moscow, Istanbul"),
        240 => ("杜拜", "Dubai"),
        330 => ("新德里、孟買", "New Delhi, Mumbai"),
        420 => (
            "曼谷、雅加達、胡志明市",
            "Bangkok, Jakarta, Ho Chi Minh City",
        ),
        480 => ("台北、香港、新加坡", "Taipei, Hong Kong, Singapore"),
        540 => ("東京、首爾", "Tokyo, Seoul"),
        600 => ("雪梨、墨爾本", "Sydney, Melbourne"),
        720 => ("奧克蘭", "Auckland"),
        _ => return None,
    };
    Some(pick(lang, zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_words_and_cities_in_both_languages() {
        for k in ObjectKind::ALL {
            assert_ne!(audit_kind(Lang::ZhTw, *k), audit_kind(Lang::En, *k));
        }
        for a in Action::ALL {
            assert_ne!(audit_action(Lang::ZhTw, *a), audit_action(Lang::En, *a));
        }
        assert_eq!(audit_field(Lang::En, "time_zone"), "Time zone");
        assert_eq!(audit_field(Lang::ZhTw, "time_zone"), "時區");
        // A field this file does not know is shown as stored.
        assert_eq!(audit_field(Lang::ZhTw, "webhook_key"), "webhook_key");
        assert_eq!(offset_cities(Lang::ZhTw, 480), Some("台北、香港、新加坡"));
        assert_eq!(
            offset_cities(Lang::En, 480),
            Some("Taipei, Hong Kong, Singapore")
        );
        assert_eq!(offset_cities(Lang::En, 495), None);
    }
}
