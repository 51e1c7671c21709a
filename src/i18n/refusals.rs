//! The refusals of `domain` in words: each rule there answers with a code and its data, and
//! this is the one place their texts live, in both languages.

use crate::domain::actions::ReplyRefused;
use crate::domain::batch::{Refused, Skip};
use crate::domain::collaboration::CollabRefused;
use crate::domain::permission::Denied;
use crate::domain::profile::ProfileError;
use crate::domain::status::InvalidTransition;
use crate::domain::Lang;

impl Denied {
    /// The reason in English.
    pub fn reason_en(&self) -> &'static str {
        match self {
            Denied::NotVisible => "You do not have access to this conversation.",
            Denied::RoleMayNot => "Your role is not allowed to do this.",
            Denied::NotOwner => "Only the owner of this conversation can do this.",
            Denied::OwnerNotInBranch => "The owner of this conversation is not in your branch.",
        }
    }

    /// The reason in Traditional Chinese (zh-TW).
    pub fn reason_zh(&self) -> &'static str {
        match self {
            Denied::NotVisible => "您沒有權限查看此對話",
            Denied::RoleMayNot => "您的角色權限無法執行此操作",
            Denied::NotOwner => "只有此對話的主負責人可以執行此操作",
            Denied::OwnerNotInBranch => "此對話的主負責人不屬於您的分店",
        }
    }

    /// The reason in the member's UI language.
    pub fn reason(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhTw => self.reason_zh(),
            Lang::En => self.reason_en(),
        }
    }
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason_en())
    }
}

impl std::error::Error for Denied {}

impl InvalidTransition {
    /// The reason in English.
    pub fn reason_en(&self) -> &'static str {
        match self {
            InvalidTransition::NotWithBot => "This conversation is not being handled by the bot.",
            InvalidTransition::AlreadyYours => "You are already following up this conversation.",
            InvalidTransition::NeedsReopen => "This conversation is closed; reopen it first.",
            InvalidTransition::NotInProgress => {
                "No one is following up this conversation yet; follow it up first."
            }
            InvalidTransition::AlreadyClosed => "This conversation is already closed.",
            InvalidTransition::NotClosed => "Only closed conversations can be reopened.",
            InvalidTransition::AlreadyTheirs => "This member already owns the conversation.",
        }
    }

    /// The reason in Traditional Chinese (zh-TW).
    pub fn reason_zh(&self) -> &'static str {
        match self {
            InvalidTransition::NotWithBot => "此對話目前不是由機器人處理",
            InvalidTransition::AlreadyYours => "您已在跟進此對話",
            InvalidTransition::NeedsReopen => "此對話已結束，請先重啟事件",
            InvalidTransition::NotInProgress => "此對話尚無人跟進，請先跟進",
            InvalidTransition::AlreadyClosed => "此對話已結束",
            InvalidTransition::NotClosed => "只有已結束的對話才能重啟",
            InvalidTransition::AlreadyTheirs => "此對話已由該成員負責",
        }
    }

    /// The reason in the member's UI language.
    pub fn reason(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhTw => self.reason_zh(),
            Lang::En => self.reason_en(),
        }
    }
}

impl std::fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason_en())
    }
}

impl std::error::Error for InvalidTransition {}

impl ProfileError {
    /// The reason in English.
    pub fn reason_en(&self) -> &'static str {
        match self {
            ProfileError::NameMissing => "Enter the customer's name.",
            ProfileError::NameTooLong => "The name is too long (100 characters at most).",
            ProfileError::PhoneCharacters => {
                "A phone number may only have digits, spaces, dashes, parentheses and a leading +."
            }
            ProfileError::PhoneLength => "A phone number has 7 to 15 digits.",
            ProfileError::EmailTooLong => "The email address is too long (254 characters at most).",
            ProfileError::EmailSyntax => {
                "That is not an email address; it should look like name@example.com."
            }
            ProfileError::NoteTooLong => "The note is too long (2000 characters at most).",
            ProfileError::TagEmpty => "A tag needs a name.",
            ProfileError::TagTooLong => "A tag name is 30 characters at most.",
            ProfileError::TagDuplicate => "The customer already has this tag.",
            ProfileError::TooManyTags => "A customer has 20 tags at most.",
        }
    }

    /// The reason in Traditional Chinese (zh-TW).
    pub fn reason_zh(&self) -> &'static str {
        match self {
            ProfileError::NameMissing => "請輸入顧客姓名。",
            ProfileError::NameTooLong => "姓名太長了（最多 100 字）。",
            ProfileError::PhoneCharacters => {
                "電話號碼只能包含數字、空格、連字號、括號，以及開頭的 +。"
            }
            ProfileError::PhoneLength => "電話號碼應為 7 到 15 位數字。",
            ProfileError::EmailTooLong => "電子郵件地址太長了（最多 254 字元）。",
            ProfileError::EmailSyntax => "電子郵件格式不正確，例如 name@example.com。",
            ProfileError::NoteTooLong => "備註太長了（最多 2000 字）。",
            ProfileError::TagEmpty => "請輸入標籤名稱。",
            ProfileError::TagTooLong => "標籤名稱最多 30 字。",
            ProfileError::TagDuplicate => "顧客已有這個標籤。",
            ProfileError::TooManyTags => "每位顧客最多 20 個標籤。",
        }
    }

    /// The reason in the member's UI language.
    pub fn reason(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhTw => self.reason_zh(),
            Lang::En => self.reason_en(),
        }
    }
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason_en())
    }
}

impl std::error::Error for ProfileError {}

impl ReplyRefused {
    pub fn reason(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ReplyRefused::NotFollowedUp => (
                "請先跟進此對話，再回覆顧客。",
                "Follow this conversation up before replying.",
            ),
            ReplyRefused::Closed => (
                "此對話已結束，請先重啟事件。",
                "This conversation is closed; reopen it to reply.",
            ),
            ReplyRefused::NotYours => (
                "只有負責人或協作者可以回覆這個對話。",
                "Only the owner or a collaborator can reply here.",
            ),
            ReplyRefused::WindowClosed => (
                "顧客最後一則訊息已超過 24 小時，平台不再允許回覆；顧客再次來訊後即可回覆。",
                "The platform's 24-hour reply window has closed; you can reply again once the customer writes.",
            ),
            ReplyRefused::NeverWrote => (
                "這位顧客還沒有在此管道傳訊息，平台不允許由商家先開始對話。",
                "This customer has not written on this channel yet; the platform does not let businesses start.",
            ),
            ReplyRefused::Unsubscribed => (
                "顧客已封鎖此帳號，訊息無法送達；顧客重新加入好友後即可回覆。",
                "The customer blocked this account, so replies cannot reach them until they add it again.",
            ),
        };
        match lang {
            Lang::ZhTw => zh,
            Lang::En => en,
        }
    }
}

impl CollabRefused {
    pub fn reason(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::ZhTw;
        match self {
            CollabRefused::Denied(d) => d.reason(lang),
            CollabRefused::NotInProgress if zh => "只有處理中的對話可以新增或移除協作成員",
            CollabRefused::NotInProgress => {
                "Collaborators can only change while a conversation is in progress."
            }
            CollabRefused::IsOwner if zh => "這位成員是此對話的主負責人",
            CollabRefused::IsOwner => "This member owns the conversation.",
            CollabRefused::AlreadyCollaborator if zh => "這位成員已經是協作成員",
            CollabRefused::AlreadyCollaborator => "This member already collaborates on it.",
            CollabRefused::NotCollaborator if zh => "這位成員不是協作成員",
            CollabRefused::NotCollaborator => "This member is not a collaborator.",
        }
    }
}

impl Refused {
    pub fn reason(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Refused::Empty, Lang::ZhTw) => "請先選取對話",
            (Refused::Empty, Lang::En) => "Select at least one conversation first.",
            (Refused::TransferTooMany, Lang::ZhTw) => "一次最多移轉 20 則對話，請減少選取後再試",
            (Refused::TransferTooMany, Lang::En) => {
                "At most 20 conversations can be transferred at once. Select fewer and try again."
            }
            (Refused::TooMany, Lang::ZhTw) => "一次最多處理 500 則對話，請減少選取後再試",
            (Refused::TooMany, Lang::En) => {
                "At most 500 conversations can be changed at once. Select fewer and try again."
            }
            (Refused::NoTransferee, Lang::ZhTw) => "請選擇要移轉給哪位成員",
            (Refused::NoTransferee, Lang::En) => "Choose the member to transfer to.",
            (Refused::RoleMayNot, Lang::ZhTw) => "您的角色無法執行此批量操作",
            (Refused::RoleMayNot, Lang::En) => "Your role cannot take this batch action.",
        }
    }
}

impl Skip {
    /// The reason in the member's language.
    pub fn reason(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Skip::NotFound, Lang::ZhTw) => "找不到此對話，或您沒有權限查看",
            (Skip::NotFound, Lang::En) => "This conversation does not exist or you cannot see it.",
            (Skip::Changed, Lang::ZhTw) => "您選取後已有其他人變更此對話",
            (Skip::Changed, Lang::En) => {
                "Someone else changed this conversation after you selected it."
            }
            (Skip::OverLimit, Lang::ZhTw) => "一次最多移轉 20 則對話",
            (Skip::OverLimit, Lang::En) => "At most 20 conversations can be transferred at once.",
            (Skip::Duplicate, Lang::ZhTw) => "此對話重複選取",
            (Skip::Duplicate, Lang::En) => "This conversation was selected twice.",
            (Skip::Denied(d), l) => d.reason(l),
            (Skip::Invalid(i), l) => i.reason(l),
        }
    }
}

impl crate::domain::channel::ConnectProblem {
    /// The reason in the member's language; a field is named as the form of a `kind` channel
    /// labels it.
    pub fn reason(self, lang: Lang, kind: crate::domain::ChannelKind) -> String {
        use crate::domain::channel::ConnectProblem as P;
        match (self, lang) {
            (P::WebChatNotHere, Lang::ZhTw) => "網站即時對話請在它自己的設定中連接。".into(),
            (P::WebChatNotHere, Lang::En) => {
                "The web chat widget is connected from its own settings.".into()
            }
            (P::AlreadyConnected, Lang::ZhTw) => {
                "這個平台帳號已經連接過了（在這個或另一個工作區）。".into()
            }
            (P::AlreadyConnected, Lang::En) => {
                "This platform account is already connected (here or in another workspace).".into()
            }
            (P::Field { field, max }, Lang::ZhTw) => {
                let label = super::field_label(lang, kind, field);
                format!("請填寫{label}，最多 {max} 個字元。")
            }
            (P::Field { field, max }, Lang::En) => {
                let label = super::field_label(lang, kind, field);
                format!("Enter the {label}, {max} characters at most.")
            }
        }
    }
}

impl crate::domain::widget::OriginError {
    /// The reason in the member's language (the widget's allowed sites).
    pub fn reason(self, lang: Lang) -> &'static str {
        use crate::domain::widget::OriginError as O;
        let (zh, en) = match self {
            O::Malformed => (
                "網站來源的格式不正確：每行一個，只寫通訊協定與網域，例如 https://shop.example（不含路徑）。",
                "That is not a website origin: one per line, the scheme and host only, like https://shop.example (no path).",
            ),
            O::NotHttps => (
                "網站來源必須以 https:// 開頭（只有本機可用 http://，例如 http://localhost:3000）。",
                "Website origins must start with https:// (http only for localhost, like http://localhost:3000).",
            ),
            O::TooMany => ("最多 20 個網站來源。", "At most 20 website origins."),
            O::None => (
                "請至少填寫一個網站來源，例如 https://shop.example。",
                "Enter at least one website origin, like https://shop.example.",
            ),
        };
        match lang {
            Lang::ZhTw => zh,
            Lang::En => en,
        }
    }
}

impl crate::domain::widget::LookError {
    /// The form field the refusal is about.
    pub fn field(self) -> &'static str {
        use crate::domain::widget::LookError as L;
        match self {
            L::Colour => "colour",
            L::GreetingTooLong => "greeting",
            L::DisplayName => "display_name",
            L::AvatarUrl => "avatar_url",
        }
    }

    /// The reason in the member's language (the widget's looks).
    pub fn reason(self, lang: Lang) -> &'static str {
        use crate::domain::widget::LookError as L;
        let (zh, en) = match self {
            L::Colour => (
                "顏色必須是 #RRGGBB 格式，例如 #4f46e5。",
                "The colour must be #RRGGBB, like #4f46e5.",
            ),
            L::GreetingTooLong => (
                "歡迎訊息最多 300 個字。",
                "The greeting can be 300 characters at most.",
            ),
            L::DisplayName => (
                "請填寫顯示名稱，1 到 60 個字。",
                "The display name must be 1 to 60 characters.",
            ),
            L::AvatarUrl => (
                "頭像必須是 https:// 開頭的網址。",
                "The avatar must be an https:// address.",
            ),
        };
        match lang {
            Lang::ZhTw => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod widget_tests {
    use crate::domain::widget::{
        LookError, OriginError, MAX_DISPLAY_NAME_CHARS, MAX_GREETING_CHARS, MAX_ORIGINS,
    };
    use crate::domain::Lang;

    #[test]
    fn widget_refusals_name_the_rules_numbers() {
        for lang in [Lang::ZhTw, Lang::En] {
            assert!(OriginError::TooMany
                .reason(lang)
                .contains(&MAX_ORIGINS.to_string()));
            assert!(LookError::GreetingTooLong
                .reason(lang)
                .contains(&MAX_GREETING_CHARS.to_string()));
            assert!(LookError::DisplayName
                .reason(lang)
                .contains(&MAX_DISPLAY_NAME_CHARS.to_string()));
        }
    }
}
