//! The words of the bot (issue 14): its settings page and simulator, why a conversation is
//! where routing put it, and the refusals of a bot edit.
//!
//! The keys join the one [`Key`](super::Key) table: `search_keys!` hands its table to
//! [`bot_keys!`], which appends these and hands the whole to `admin_keys!`.

use super::{t, Key};
use crate::domain::bot::buttons::Presentation;
use crate::domain::bot::config::{Problem, Why};
use crate::domain::{Lang, MediaKind};

/// Appends the bot keys to a `Key => ("zh-TW", "English"),` table and passes it on.
macro_rules! bot_keys {
    ($($table:tt)*) => {
        admin_keys! {
            $($table)*
            BotRuleNotFound => ("找不到這條規則，可能已被刪除。", "That rule is not there any more."),
            BotFlowNotFound => ("找不到這個流程，可能已被刪除。", "That flow is not there any more."),
            BotProblemNameMissing => ("請輸入名稱。", "Give it a name."),
            BotProblemNameTooLong => ("名稱最多 60 字。", "Names are 60 characters at most."),
            BotProblemNoKeywords => ("請至少輸入一個關鍵字。", "Add at least one keyword."),
            BotProblemTooManyKeywords => ("一條規則最多 30 個關鍵字。", "A rule has 30 keywords at most."),
            BotProblemKeywordEmpty => ("關鍵字不可空白。", "A keyword cannot be blank."),
            BotProblemKeywordTooLong => ("關鍵字最多 60 字。", "Keywords are 60 characters at most."),
            BotProblemNothingToSend => ("請輸入回覆內容，或選擇要啟動的流程。", "Write a reply, or choose a flow to start."),
            BotProblemTooManyParts => ("一次回覆最多 5 則訊息。", "A reply has 5 messages at most."),
            BotProblemTextEmpty => ("訊息內容不可空白。", "A message cannot be blank."),
            BotProblemTextTooLong => ("一則訊息最多 1000 字。", "A message is 1,000 characters at most."),
            BotProblemBadImage => ("圖片網址須以 https:// 開頭，且最多 1000 字。", "A picture's address must start with https:// (1,000 characters at most)."),
            BotProblemTooManyButtons => ("最多 10 個按鈕。", "10 buttons at most."),
            BotProblemLabelEmpty => ("按鈕文字不可空白。", "A button needs a label."),
            BotProblemLabelTooLong => ("按鈕文字最多 40 字。", "Button labels are 40 characters at most."),
            BotProblemBadTarget => ("按鈕或規則指向的步驟、規則或流程不存在。", "A button or the rule leads to a step, rule or flow that does not exist."),
            BotProblemNoChannels => ("請至少選擇一個頻道。", "Choose at least one channel."),
            BotProblemBadHours => ("請選擇星期，且開始與結束時間不可相同。", "Choose the days, and a start different from the end."),
            BotProblemNoSteps => ("流程至少要有一個步驟。", "A flow needs at least one step."),
            BotProblemTooManySteps => ("流程最多 30 個步驟。", "A flow has 30 steps at most."),
            BotProblemDuplicateStep => ("步驟編號重複。", "Two steps have the same number."),
            BotProblemTooManyRules => ("最多 500 條規則。", "A workspace has 500 rules at most."),
            BotProblemTooManyFlows => ("最多 100 個流程。", "A workspace has 100 flows at most."),
            BotProblemTooManyPersonWords => ("轉真人關鍵字最多 20 個。", "20 person words at most."),
            BotProblemPersonWordBad => ("轉真人關鍵字不可空白，最多 60 字。", "Person words cannot be blank (60 characters at most)."),
            BotProblemRepliesPerHour => ("每小時自動回覆上限須介於 1 到 100。", "The hourly limit must be between 1 and 100."),
            BotProblemInUse => ("仍有按鈕或規則使用它，請先移除。", "A button or rule still leads to it; remove that first."),
            BotWhyNoMatch => ("沒有符合的關鍵字", "No keyword matched"),
            BotWhyAskedForPerson => ("顧客要求真人客服", "Customer asked for a person"),
            BotWhyTappedPerson => ("顧客點選「轉真人客服」", "Customer tapped “talk to a person”"),
            BotWhyReplyLimit => ("自動回覆已達每小時上限", "Hourly auto-reply limit reached"),
            BotWhyMayNotWrite => ("無法傳訊給這位顧客（已取消訂閱）", "The customer cannot be written to (unsubscribed)"),
            BotWhyKeywordRule => ("關鍵字規則已回覆", "A keyword rule replied"),
            BotWhyLabel => ("原因：", "Why here: "),
            BotButtons => ("機器人提供的按鈕", "The bot's buttons"),
            BotShownQuickReplies => ("以快速回覆按鈕顯示", "Shown as quick-reply buttons"),
            BotShownWhatsAppButtons => ("以 WhatsApp 按鈕顯示", "Shown as WhatsApp buttons"),
            BotShownWhatsAppList => ("以 WhatsApp 清單顯示", "Shown as a WhatsApp list"),
            BotShownWidget => ("以網站聊天按鈕顯示", "Shown as the widget's buttons"),
            BotShownNumbered => ("此平台無法顯示按鈕，以編號文字送出", "This platform cannot show them: sent as numbered text"),
            BotPageTitle => ("自動回覆", "Auto-replies"),
            BotPageHint => (
                "顧客的訊息符合關鍵字規則時，由機器人先回覆，對話留在「待處理 · 機器人」；顧客要求真人、沒有符合的規則或傳送圖片檔案時，轉給真人客服。",
                "When a customer's message matches a keyword rule the bot answers first and the conversation stays Pending · Bot; when they ask for a person, nothing matches, or they send a picture or file, it goes to a person.",
            ),
            BotPageSaved => ("已儲存。", "Saved."),
            BotPageDelete => ("刪除", "Delete"),
            BotPageDeleteWarning => ("刪除後無法復原。", "This cannot be undone."),
            BotPageMoveUp => ("上移「{name}」", "Move “{name}” up"),
            BotPageMoveDown => ("下移「{name}」", "Move “{name}” down"),
            BotPageEditNamed => ("編輯「{name}」", "Edit “{name}”"),
            BotPageDeleteNamed => ("刪除「{name}」", "Delete “{name}”"),
            BotPageAllChannels => ("全部渠道", "All channels"),
            BotPageAllChannelsLater => ("全部渠道（包括日後連接的渠道）", "All channels, including ones connected later"),
            BotPageChosenChannels => ("指定渠道", "Chosen channels"),
            BotPageLeadsTo => ("連到", "Leads to"),
            BotPageLeadsPerson => ("轉真人客服", "Talk to a person"),
            BotPageLeadsRule => ("規則「{name}」的回覆", "The reply of rule “{name}”"),
            BotPageLeadsStep => ("步驟 {n}", "Step {n}"),
            BotPageButtons => ("按鈕", "Buttons"),
            BotPageButtonsHint => ("最多 10 個，顯示在最後一則訊息下方。", "10 at most, shown under the last message."),
            BotPageButtonLabel => ("按鈕 {n} 文字", "Button {n} label"),
            BotPageButtonLeads => ("按鈕 {n} 連到", "Button {n} leads to"),
            BotPageButtonAdd => ("新增按鈕", "Add a button"),
            BotPageButtonRemove => ("移除按鈕 {n}", "Remove button {n}"),
            BotPageDay0 => ("週一", "Mon"),
            BotPageDay1 => ("週二", "Tue"),
            BotPageDay2 => ("週三", "Wed"),
            BotPageDay3 => ("週四", "Thu"),
            BotPageDay4 => ("週五", "Fri"),
            BotPageDay5 => ("週六", "Sat"),
            BotPageDay6 => ("週日", "Sun"),
            BotPagePendingBot => ("待處理 · 機器人", "Pending · Bot"),
            BotPagePendingHuman => ("待處理 · 真人客服", "Pending · Human"),
            BotRules => ("關鍵字規則", "Keyword rules"),
            BotRulesHint => ("由上而下比對，第一條符合的規則回覆。", "Rules are tried from the top; the first that matches answers."),
            BotRuleAdd => ("新增規則", "Add a rule"),
            BotRuleEdit => ("編輯規則", "Edit the rule"),
            BotRuleNone => ("尚未建立任何規則", "No rules yet"),
            BotRuleDelete => ("刪除規則", "Delete the rule"),
            BotRuleName => ("規則名稱", "Rule name"),
            BotRuleKeywords => ("關鍵字", "Keywords"),
            BotRuleKeywordsHint => (
                "每行一個，或以逗號分隔。不分大小寫與全形半形（ＡＢＣ＝abc），中文依原字比對。",
                "One per line, or separated by commas. Case and full or half width do not matter; Chinese is matched as written.",
            ),
            BotRuleKeywordsSeen => ("將比對：", "Will match:"),
            BotRuleMode => ("比對方式", "Match"),
            BotRuleModeExact => ("完全相同", "Exactly"),
            BotRuleModeContains => ("包含", "Contains"),
            BotRuleModeStartsWith => ("開頭是", "Starts with"),
            BotRuleChannels => ("適用渠道", "Channels"),
            BotRuleHours => ("生效時段", "Active hours"),
            BotRuleHoursAlways => ("全天候", "Any time"),
            BotRuleHoursOnly => ("僅在指定時段", "Only at these times"),
            BotRuleHoursDays => ("星期", "Days"),
            BotRuleHoursFrom => ("開始時間", "From"),
            BotRuleHoursTo => ("結束時間", "To"),
            BotRuleHoursHint => ("依工作區時間；結束早於開始表示跨過午夜。", "In the workspace's clock; an end before the start runs past midnight."),
            BotRuleDoes => ("動作", "What it does"),
            BotRuleDoesReply => ("回覆訊息", "Send a reply"),
            BotRuleDoesFlow => ("啟動流程", "Start a flow"),
            BotRuleFlow => ("要啟動的流程", "Flow to start"),
            BotRuleStartsFlow => ("啟動流程「{name}」", "Starts the flow “{name}”"),
            BotRuleMessages => ("回覆內容（最多 5 則訊息）", "Reply (5 messages at most)"),
            BotRuleMessage => ("第 {n} 則訊息", "Message {n}"),
            BotRuleMessageKind => ("第 {n} 則訊息的類型", "Message {n} type"),
            BotRuleMessageText => ("文字", "Text"),
            BotRuleMessageImage => ("圖片網址", "Image URL"),
            BotRuleMessageAdd => ("新增訊息", "Add a message"),
            BotRuleMessageRemove => ("移除第 {n} 則訊息", "Remove message {n}"),
            BotRuleEnabled => ("啟用這條規則", "This rule is on"),
            BotRuleSwitch => ("啟用規則「{name}」", "Rule “{name}” on"),
            BotRuleTest => ("儲存前測試", "Test before saving"),
            BotRuleTestHint => ("以編輯中的規則試算，就像已經儲存；不會傳送任何訊息。", "Tries the rule as edited, as if it were saved; nothing is sent."),
            BotRuleTestRun => ("測試", "Test"),
            BotFlows => ("機器人流程", "Bot flows"),
            BotFlowsHint => (
                "選單式對話：每個步驟是一則訊息加上按鈕，按鈕可連到另一個步驟、某條規則的回覆或真人客服。流程由關鍵字規則啟動，或作為渠道新對話的歡迎訊息。",
                "Menus of steps: each step is a message with buttons leading to another step, a rule's reply or a person. A keyword rule starts a flow, or it greets new conversations on chosen channels.",
            ),
            BotFlowAdd => ("新增流程", "Add a flow"),
            BotFlowEdit => ("編輯流程", "Edit the flow"),
            BotFlowNone => ("尚未建立任何流程", "No flows yet"),
            BotFlowDelete => ("刪除流程", "Delete the flow"),
            BotFlowName => ("流程名稱", "Flow name"),
            BotFlowGreeting => ("歡迎新對話", "Greets new conversations"),
            BotFlowGreetingNone => ("不作為歡迎訊息", "Not a greeting"),
            BotFlowGreetingAll => ("全部渠道的新對話（包括日後連接的渠道）", "On all channels, including ones connected later"),
            BotFlowGreetingChosen => ("指定渠道的新對話", "On chosen channels"),
            BotFlowGreets => ("歡迎：", "Greets:"),
            BotFlowStartedBy => ("由規則啟動：", "Started by:"),
            BotFlowStepCount => ("{n} 個步驟", "{n} steps"),
            BotFlowSteps => ("步驟（第一步是起點）", "Steps (the first is where it starts)"),
            BotFlowStepText => ("步驟 {n} 的訊息", "Step {n} message"),
            BotFlowStepAdd => ("新增步驟", "Add a step"),
            BotFlowStepRemove => ("移除步驟 {n}", "Remove step {n}"),
            BotSim => ("模擬器", "Simulator"),
            BotSimHint => ("輸入一則顧客訊息，看看機器人會怎麼處理；不會傳送任何訊息。", "Type a customer's message to see what the bot would do; nothing is sent."),
            BotSimText => ("顧客訊息", "Customer's message"),
            BotSimChannel => ("渠道", "Channel"),
            BotSimPlace => ("對話目前", "The conversation is"),
            BotSimPlaceNew => ("新對話", "New"),
            BotSimPlaceWithBot => ("機器人處理中", "With the bot"),
            BotSimPlaceWaiting => ("等待真人客服", "Waiting for a person"),
            BotSimRun => ("試算", "Run"),
            BotSimResult => ("試算結果", "Result"),
            BotSimWhy => ("原因", "Why"),
            BotSimBecomes => ("對話將變成", "The conversation becomes"),
            BotSimPersonNeeded => ("機器人會回覆，但對話仍等待真人客服。", "The bot answers, and the conversation still waits for a person."),
            BotSimSends => ("機器人會傳送", "The bot would send"),
            BotSimSilent => ("機器人不會回覆。", "The bot says nothing."),
            BotSimPicture => ("圖片：", "Picture:"),
            BotSimNothingSent => ("僅為試算，沒有傳送任何訊息。", "A trial only: nothing was sent."),
            BotSimNoChannels => ("請先連接渠道，才能試算。", "Connect a channel first to try the bot."),
            BotSettings => ("機器人設定", "Bot settings"),
            BotSettingsPersonWords => ("要求真人的用語", "Words that ask for a person"),
            BotSettingsPersonWordsHint => (
                "以逗號分隔。顧客訊息含有任一用語時，立即轉給真人客服。",
                "Separated by commas. A message with any of them goes straight to a person.",
            ),
            BotSettingsRepliesPerHour => ("每個對話每小時自動回覆上限", "Auto-replies per conversation per hour, at most"),
            BotSettingsRepliesPerHourHint => ("達到上限後，對話轉給真人客服。", "Past the limit, the conversation goes to a person."),
        }
    };
}

/// Why a pending conversation is where it is: "規則 3「營業時間」已回覆" / "Rule 3 “營業時間”
/// replied".
pub fn why(lang: Lang, w: &Why) -> String {
    match (w, lang) {
        (Why::Rule { position, name }, Lang::ZhTw) => format!("規則 {position}「{name}」已回覆"),
        (Why::Rule { position, name }, Lang::En) => format!("Rule {position} “{name}” replied"),
        (Why::Flow { name, step }, Lang::ZhTw) => format!("流程「{name}」第 {step} 步已回覆"),
        (Why::Flow { name, step }, Lang::En) => format!("Flow “{name}” step {step} replied"),
        (Why::Greeting { name }, Lang::ZhTw) => format!("歡迎流程「{name}」已回覆"),
        (Why::Greeting { name }, Lang::En) => format!("Greeting flow “{name}” replied"),
        (Why::SentMedia(kind), _) => sent(lang, *kind).to_owned(),
        (Why::NoMatch, _) => t(lang, Key::BotWhyNoMatch).to_owned(),
        (Why::AskedForPerson, _) => t(lang, Key::BotWhyAskedForPerson).to_owned(),
        (Why::TappedPerson, _) => t(lang, Key::BotWhyTappedPerson).to_owned(),
        (Why::ReplyLimit, _) => t(lang, Key::BotWhyReplyLimit).to_owned(),
        (Why::MayNotWrite, _) => t(lang, Key::BotWhyMayNotWrite).to_owned(),
        (Why::KeywordRule, _) => t(lang, Key::BotWhyKeywordRule).to_owned(),
    }
}

/// "顧客傳送了圖片" / "Customer sent an image", per kind.
fn sent(lang: Lang, kind: MediaKind) -> &'static str {
    let (zh, en) = match kind {
        MediaKind::Image => ("顧客傳送了圖片", "Customer sent an image"),
        MediaKind::Video => ("顧客傳送了影片", "Customer sent a video"),
        MediaKind::Audio => ("顧客傳送了語音", "Customer sent audio"),
        MediaKind::File => ("顧客傳送了檔案", "Customer sent a file"),
        MediaKind::Sticker => ("顧客傳送了貼圖", "Customer sent a sticker"),
        MediaKind::Location => ("顧客傳送了位置", "Customer sent a location"),
        MediaKind::Contacts => ("顧客傳送了聯絡人", "Customer sent contacts"),
        MediaKind::Other => ("顧客傳送了附件", "Customer sent an attachment"),
    };
    match lang {
        Lang::ZhTw => zh,
        Lang::En => en,
    }
}

/// The words of a refused bot edit.
pub fn problem(lang: Lang, p: Problem) -> &'static str {
    use Problem as P;
    t(
        lang,
        match p {
            P::NameMissing => Key::BotProblemNameMissing,
            P::NameTooLong => Key::BotProblemNameTooLong,
            P::NoKeywords => Key::BotProblemNoKeywords,
            P::TooManyKeywords => Key::BotProblemTooManyKeywords,
            P::KeywordEmpty => Key::BotProblemKeywordEmpty,
            P::KeywordTooLong => Key::BotProblemKeywordTooLong,
            P::NothingToSend => Key::BotProblemNothingToSend,
            P::TooManyParts => Key::BotProblemTooManyParts,
            P::TextEmpty => Key::BotProblemTextEmpty,
            P::TextTooLong => Key::BotProblemTextTooLong,
            P::BadImage => Key::BotProblemBadImage,
            P::TooManyButtons => Key::BotProblemTooManyButtons,
            P::LabelEmpty => Key::BotProblemLabelEmpty,
            P::LabelTooLong => Key::BotProblemLabelTooLong,
            P::BadTarget => Key::BotProblemBadTarget,
            P::NoChannels => Key::BotProblemNoChannels,
            P::BadHours => Key::BotProblemBadHours,
            P::NoSteps => Key::BotProblemNoSteps,
            P::TooManySteps => Key::BotProblemTooManySteps,
            P::DuplicateStep => Key::BotProblemDuplicateStep,
            P::TooManyRules => Key::BotProblemTooManyRules,
            P::TooManyFlows => Key::BotProblemTooManyFlows,
            P::TooManyPersonWords => Key::BotProblemTooManyPersonWords,
            P::PersonWordBad => Key::BotProblemPersonWordBad,
            P::RepliesPerHour => Key::BotProblemRepliesPerHour,
            P::InUse => Key::BotProblemInUse,
        },
    )
}

/// The form field a refusal is about.
pub fn field(p: Problem) -> &'static str {
    use Problem as P;
    match p {
        P::NameMissing | P::NameTooLong => "name",
        P::NoKeywords | P::TooManyKeywords | P::KeywordEmpty | P::KeywordTooLong => "keywords",
        P::NothingToSend | P::TooManyParts | P::TextEmpty | P::TextTooLong => "reply",
        P::BadImage => "image",
        P::TooManyButtons | P::LabelEmpty | P::LabelTooLong | P::BadTarget => "buttons",
        P::NoChannels => "channels",
        P::BadHours => "hours",
        P::NoSteps | P::TooManySteps | P::DuplicateStep => "steps",
        P::TooManyRules | P::TooManyFlows | P::InUse => "",
        P::TooManyPersonWords | P::PersonWordBad => "person_words",
        P::RepliesPerHour => "replies_per_hour",
    }
}

/// How a step's buttons would show on a channel, for the simulator.
pub fn shown(lang: Lang, p: Presentation) -> &'static str {
    t(
        lang,
        match p {
            Presentation::None => return "",
            Presentation::QuickReplies => Key::BotShownQuickReplies,
            Presentation::WhatsAppButtons => Key::BotShownWhatsAppButtons,
            Presentation::WhatsAppList => Key::BotShownWhatsAppList,
            Presentation::Widget => Key::BotShownWidget,
            Presentation::Numbered => Key::BotShownNumbered,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_both_languages() {
        let rule = Why::Rule {
            position: 3,
            name: "營業時間".into(),
        };
        assert_eq!(why(Lang::ZhTw, &rule), "規則 3「營業時間」已回覆");
        assert_eq!(why(Lang::En, &rule), "Rule 3 “營業時間” replied");
        assert_eq!(
            why(Lang::En, &Why::SentMedia(MediaKind::Image)),
            "Customer sent an image"
        );
        assert_eq!(why(Lang::ZhTw, &Why::NoMatch), "沒有符合的關鍵字");
    }
}
