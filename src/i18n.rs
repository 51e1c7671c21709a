//! Every string the UI shows, in Traditional Chinese (zh-TW) and English.
//!
//! A component never writes a literal: it asks [`t`] for a [`Key`]. Each key's match arm holds
//! both languages, so a string in only one language does not compile.

use crate::domain::channel::ChannelField;
use crate::domain::event::EventChange;
use crate::domain::{ChannelKind, Lang, Millis, Role};

mod refusals;
#[macro_use]
pub mod day;
#[macro_use]
pub mod replies;
#[macro_use]
pub mod admin;
#[macro_use]
pub mod bot;
#[macro_use]
pub mod search;
#[cfg(feature = "ssr")]
pub mod widget;

/// Declares every UI string once, as `Key => ("zh-TW", "English")`: the `Key` enum, its texts
/// and the list of all keys come from this one table, with the search keys of `search.rs`
/// (`search_keys!`), the bot's of `bot.rs` (`bot_keys!`), the admin pages' of `admin.rs`
/// (`admin_keys!`), the saved replies' of `replies.rs` (`replies_keys!`) and the rest of the
/// agent's day's of `day.rs` (`day_keys!`) appended.
macro_rules! keys {
    ($($table:tt)+) => {
        search_keys! { bot_keys; $($table)+ }
    };
}

macro_rules! all_keys {
    ($($key:ident => ($zh:expr, $en:expr $(,)?),)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),+ }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),+];
        }

        fn texts(key: Key) -> (&'static str, &'static str) {
            match key { $(Key::$key => ($zh, $en)),+ }
        }
    };
}

keys! {
    AppName => ("森通客服收件匣", "Omni Inbox"),
    Tagline => (
            "網站、Messenger、LINE、WhatsApp、Instagram，一個收件匣全部回覆",
            "Web chat, Messenger, LINE, WhatsApp and Instagram, answered in one inbox",
        ),
    SignInTitle => ("登入收件匣", "Sign in to your inbox"),
    SignInSubtitle => ("使用您的團隊帳號登入", "Use your team account"),
    Email => ("電子郵件", "Email"),
    Password => ("密碼", "Password"),
    SignIn => ("登入", "Sign in"),
    SigningIn => ("登入中…", "Signing in…"),
    SignOut => ("登出", "Sign out"),
    Language => ("語言", "Language"),
    MissingCredentials => ("請輸入電子郵件和密碼。", "Enter your email and password."),
    BadCredentials => (
            "電子郵件或密碼不正確，請再試一次。",
            "Wrong email or password. Please try again.",
        ),
    Inactive => (
            "此帳號已停用，請聯絡管理員。",
            "This account is deactivated. Please contact your admin.",
        ),
    NotSignedIn => ("請先登入。", "Please sign in."),
    InternalError => (
            "伺服器發生錯誤，請稍後再試。",
            "Something went wrong on our side. Please try again.",
        ),
    Inbox => ("收件匣", "Inbox"),
    Pending => ("待處理", "Pending"),
    Human => ("真人客服", "Human"),
    Bot => ("機器人", "Bot"),
    Mine => ("我的跟進事件", "Mine"),
    Team => ("團隊跟進事件", "Team"),
    InProgress => ("處理中", "In progress"),
    Closed => ("已結束", "Closed"),
    ClosedAll => ("已結束", "Closed"),
    AllChannels => ("全部事件", "All channels"),
    ChannelFilter => ("頻道篩選", "Channel filter"),
    NoConversations => ("這裡沒有對話", "No conversations here"),
    NoConversationsHint => (
            "新的對話會自動出現在這裡。",
            "New conversations show up here by themselves.",
        ),
    LoadMore => ("載入更多", "Load more"),
    SortBy => ("排序", "Sort"),
    SortNewest => ("最後訊息:新 → 舊", "Last message: newest first"),
    SortOldest => ("最後訊息:舊 → 新", "Last message: oldest first"),
    SortWaiting => ("超時等候優先(等最久的在前)", "Overdue first (longest wait first)"),
    SortUnread => ("未讀優先(最新的在前)", "Unread first (newest first)"),
    BadListPosition => ("清單位置無效,請重新整理頁面", "That list position is not valid; reload the page"),
    Loading => ("載入中…", "Loading…"),
    Unread => ("未讀", "unread"),
    WaitingFor => ("顧客已等候", "Customer waiting for"),
    SelectConversation => ("選擇一個對話", "Pick a conversation"),
    SelectConversationHint => (
            "從左側列表選擇對話以查看訊息。",
            "Choose a conversation from the list to read it.",
        ),
    CustomerProfile => ("顧客資料", "Customer profile"),
    ShowProfile => ("顯示顧客資料", "Show the customer profile"),
    HideProfile => ("收合顧客資料", "Hide the customer profile"),
    Menu => ("選單", "Menu"),
    OpenMenu => ("開啟選單", "Open the menu"),
    CloseMenu => ("關閉選單", "Close the menu"),
    BackToList => ("返回對話列表", "Back to the list"),
    CustomerName => ("姓名", "Name"),
    Phone => ("電話", "Phone"),
    CustomerNote => ("備註", "Note"),
    Tags => ("標籤", "Tags"),
    NoTags => ("尚無標籤", "No tags yet"),
    NewTag => ("新增標籤", "New tag"),
    AddTag => ("加入標籤", "Add tag"),
    ChannelIdentities => ("頻道身分", "Channel identities"),
    PlatformId => ("平台 ID", "Platform ID"),
    NotProvided => ("未提供", "Not provided"),
    Edit => ("編輯", "Edit"),
    EditProfile => ("編輯顧客資料", "Edit the customer profile"),
    Save => ("儲存", "Save"),
    Cancel => ("取消", "Cancel"),
    ProfileSaved => ("顧客資料已儲存。", "Customer profile saved."),
    Yesterday => ("昨天", "Yesterday"),
    JustNow => ("剛剛", "Just now"),
    PageNotFound => ("找不到這個頁面", "Page not found"),
    BackToInbox => ("回到收件匣", "Back to the inbox"),
    DemoLogins => (
            "示範帳號密碼皆為 demo1234",
            "Demo accounts use the password demo1234",
        ),
    AccountMenu => ("帳號", "Account"),
    Conversations => ("對話列表", "Conversations"),
    EmptyMessage => ("請輸入訊息內容。", "Write something first."),
    EmptyFile => ("這個檔案是空的。", "That file is empty."),
    AttachFile => ("傳送圖片或檔案", "Send an image or a file"),
    SendingFile => ("檔案上傳中…", "Uploading the file…"),
    UploadBusy => ("目前上傳的人太多，請稍候再試。", "Too many uploads at once. Try again in a moment."),
    TooOften => ("操作太頻繁了，請稍候再試。", "That was asked too often. Try again in a moment."),
    MessageTooLong => ("訊息太長了（最多 4000 字）。", "That message is too long (4000 characters at most)."),
    Reply => ("回覆顧客", "Reply"),
    DeliverySending => ("傳送中…", "Sending…"),
    DeliverySent => ("已送出", "Sent"),
    DeliveryDelivered => ("已送達", "Delivered"),
    DeliveryRead => ("已讀", "Read"),
    DeliveryFailed => ("傳送失敗", "Not sent"),
    RetrySend => ("重新傳送", "Retry"),
    NoFailedReply => (
            "這則訊息已不是傳送失敗的回覆，請重新整理。",
            "This message is no longer a failed reply; reload to see its state.",
        ),
    RetryingSend => ("重新傳送中…", "Retrying…"),
    FromPlatform => ("從平台傳送", "Sent from the platform"),
    Withdrawn => ("顧客已收回這則訊息", "The customer unsent this message"),
    ReactionBy => ("顧客的回應", "Customer's reaction"),
    MediaImage => ("[圖片]", "[Image]"),
    MediaVideo => ("[影片]", "[Video]"),
    MediaAudio => ("[語音]", "[Audio]"),
    MediaFile => ("[檔案]", "[File]"),
    MediaSticker => ("[貼圖]", "[Sticker]"),
    MediaLocation => ("[位置]", "[Location]"),
    MediaContacts => ("[聯絡人]", "[Contact]"),
    MediaOther => ("[不支援的內容]", "[Unsupported content]"),
    MediaLoading => ("下載中…", "Downloading…"),
    MediaUnavailable => ("無法取得檔案", "File not available"),
    ReasonUnconfirmed => (
            "平台沒有確認收到這則訊息，可能沒有送達。",
            "The platform never confirmed this message; it may not have arrived.",
        ),
    ReasonNoRecipient => ("找不到顧客在此平台的帳號。", "The customer's account on this platform is unknown."),
    ReasonChannelGone => ("此管道已不存在。", "This channel no longer exists."),
    ReasonChannelOff => ("此管道已停用。", "This channel is disabled."),
    ReasonNoToken => ("此管道沒有設定存取權杖。", "This channel has no access token."),
    WindowAlways => ("可隨時回覆", "Replies can go out any time"),
    Note => ("內部備註", "Internal note"),
    Send => ("送出", "Send"),
    AddNote => ("新增備註", "Add note"),
    ReplyPlaceholder => ("輸入回覆，按 Ctrl+Enter 送出", "Write a reply; Ctrl+Enter sends"),
    NotePlaceholder => ("只有團隊看得到，顧客不會收到", "Only your team sees this; the customer never does"),
    MessageText => ("訊息內容", "Message"),
    FollowUp => ("跟進", "Follow up"),
    TakeOver => ("接手", "Take over"),
    CloseConversation => ("✓ 結束事件", "✓ Close"),
    Reopen => ("重啟事件", "Reopen"),
    ConversationNotFound => (
            "找不到這個對話，或您無權查看。",
            "This conversation does not exist or is not yours to see.",
        ),
    JustChanged => (
            "此對話剛剛有人變更，已顯示最新狀態。",
            "Someone just changed this conversation; this is its current state.",
        ),
    InternalNote => ("內部備註", "Internal note"),
    Owner => ("負責人", "Owner"),
    Actions => ("對話操作", "Conversation actions"),
    Thread => ("對話內容", "Messages"),
    AccountSettings => ("帳號設定", "Account settings"),
    ChangePassword => ("變更密碼", "Change password"),
    CurrentPassword => ("目前密碼", "Current password"),
    NewPassword => ("新密碼", "New password"),
    ConfirmPassword => ("再次輸入新密碼", "Repeat the new password"),
    PasswordRules => (
            "至少 8 個字元。變更後，其他裝置上的登入會立即結束。",
            "At least 8 characters. Changing it signs you out everywhere else at once.",
        ),
    PasswordTooShort => (
            "新密碼至少需要 8 個字元。",
            "The new password needs at least 8 characters.",
        ),
    PasswordsDiffer => (
            "兩次輸入的新密碼不一致。",
            "The two new passwords do not match.",
        ),
    WrongCurrentPassword => ("目前密碼不正確。", "The current password is wrong."),
    PasswordChanged => (
            "密碼已變更，其他裝置上的登入已結束。",
            "Password changed. Your other sessions have ended.",
        ),
    Saving => ("儲存中…", "Saving…"),
    NotAllowed => ("您的角色無法執行此操作。", "Your role may not do this."),
    MemberNotFound => ("找不到這位成員。", "No such member."),
    Transfer => ("移轉", "Transfer"),
    TransferTitle => ("移轉對話", "Transfer conversation"),
    TransferHint => ("選擇要接手的成員", "Choose who takes it over"),
    SearchMembers => ("搜尋成員名稱", "Search members by name"),
    RoleFilter => ("依角色篩選", "Filter by role"),
    AllRoles => ("所有角色", "All roles"),
    NoMembersMatch => ("沒有符合的成員", "No members match"),
    ConfirmTransfer => ("確認移轉", "Confirm transfer"),
    Back => ("返回", "Back"),
    CloseDialog => ("關閉", "Close"),
    ConversationStatus => ("對話狀態", "Conversation status"),
    CurrentOwner => ("目前負責人", "current owner"),
    Collaborators => ("協作成員", "Collaborators"),
    AddCollaborator => ("新增協作成員", "Add collaborator"),
    PickMember => ("選擇成員", "Choose a member"),
    Add => ("新增", "Add"),
    Remove => ("移除", "Remove"),
    LeaveCollaboration => ("退出協作", "Leave"),
    OneToOne => ("1對1", "1:1"),
    Collaborative => ("協作", "Collaborative"),
    Notifications => ("通知", "Notifications"),
    NoNotifications => ("目前沒有通知", "No notifications yet"),
    MarkAllRead => ("全部標為已讀", "Mark all as read"),
    EarlierMessages => ("載入較早的訊息", "Load earlier messages"),
    SelectAll => ("全選", "Select all"),
    ClearSelection => ("取消選取", "Clear selection"),
    BatchActions => ("批量操作", "Batch actions"),
    BatchClose => ("結束事件", "Close"),
    BatchDelete => ("刪除", "Delete"),
    BatchBlacklist => ("加入黑名單", "Blacklist"),
    SelectedConversations => ("已選取的對話", "Selected conversations"),
    Confirm => ("確認", "Confirm"),
    Done => ("完成", "Done"),
    Checking => ("檢查中…", "Checking…"),
    Working => ("處理中…", "Working…"),
    WillChange => ("將會變更", "Will change"),
    WillSkip => ("將略過", "Will be skipped"),
    WhyFailed => ("未完成的對話與原因", "Not done, and why"),
    DeleteWarning => (
            "對話與其所有訊息將永久刪除，無法復原。",
            "The conversations and all their messages will be deleted for good.",
        ),
    BlacklistWarning => (
            "顧客將被封鎖並取消訂閱，所有對話紀錄將被刪除，之後傳來的訊息也會被忽略。",
            "The customers will be blocked and unsubscribed, all their chat history deleted, and anything they send later dropped.",
        ),
    NothingWillChange => ("沒有任何對話會被變更。", "No conversation would change."),
    BatchKeyReused => (
            "此請求編號已用於其他操作，請重新整理頁面後再試。",
            "This request id was already used for another action. Reload the page and try again.",
        ),
    BatchKeyMissing => ("請求缺少編號，請重新整理頁面後再試。", "The request has no id. Reload the page and try again."),
    Blacklist => ("黑名單", "Blacklist"),
    BlacklistHint => (
            "被封鎖的顧客傳來的訊息會被忽略，也無法傳訊息給他們。解除封鎖後，新訊息會再次進入收件匣；已刪除的紀錄不會恢復，顧客仍維持取消訂閱。",
            "Messages from blocked customers are dropped, and nothing can be sent to them. After a block is lifted, new messages reach the inbox again; deleted history does not come back and the customer stays unsubscribed.",
        ),
    NoBlacklisted => ("黑名單是空的", "Nobody is blacklisted"),
    Customer => ("顧客", "Customer"),
    BlockedBy => ("封鎖者", "Blocked by"),
    BlockedAt => ("封鎖時間", "Blocked"),
    Unsubscribed => ("已取消訂閱", "Unsubscribed"),
    LiftBlock => ("解除封鎖", "Lift block"),
    NotBlacklisted => ("這位顧客不在黑名單中。", "This customer is not blacklisted."),
    AdminsOnly => ("只有管理員可以管理管理員帳號。", "Only an admin can manage admins."),
    LastAdmin => (
            "工作區至少需要一位啟用中的管理員。",
            "The workspace needs at least one active admin.",
        ),
    Busy => (
            "目前登入的人太多，請稍候幾秒再試。",
            "Too many sign-ins at once. Please try again in a few seconds.",
        ),
    AnswerUnreadable => (
        "伺服器的回應無法讀取，請重新整理頁面後再試。",
        "The server's answer could not be read. Reload the page and try again."
    ),
    RequestUnreadable => ("這個要求的格式不正確，請重新整理頁面後再試。", "This request could not be read. Reload the page and try again."),
    RequestTooLarge => ("內容太大，請縮短後再試。", "That is too much at once. Please shorten it and try again."),
    ServerUnreachable => (
            "無法連線到伺服器，請檢查網路後再試。",
            "The server cannot be reached. Check your connection and try again.",
        ),
    FieldMissing => ("此欄位為必填。", "This field is required."),
    SortPriority => ("逾時優先，再來未讀、最新", "Overdue, then unread, then newest"),
    LinkExpired => (
            "這個連結已使用過或已過期，請向管理員索取新的連結。",
            "This link was already used or has expired. Ask your admin for a new one.",
        ),
    SetPasswordTitle => ("設定密碼", "Set your password"),
    SetPasswordIntro => (
            "為您的帳號設定密碼，之後用電子郵件和這組密碼登入。",
            "Choose a password for your account; you will sign in with your email and this password.",
        ),
    SetPassword => ("設定密碼", "Set password"),
    PasswordSet => ("密碼已設定，請登入。", "Your password is set. Please sign in."),
    GoToSignIn => ("前往登入", "Go to sign in"),
    FieldUnknown => ("這個值無法辨識。", "This value is not recognised."),
    Channels => ("渠道設定", "Channels"),
    ChannelsHint => (
            "連接 Messenger、Instagram、WhatsApp 與 LINE 官方帳號：把每個渠道的 Webhook 網址貼到平台的開發者後台，顧客的訊息就會進入收件匣。",
            "Connect Messenger, Instagram, WhatsApp and LINE: paste each channel's webhook URL in the platform's console, and what customers send reaches the inbox.",
        ),
    NoChannels => ("尚未連接任何渠道", "No channels connected yet"),
    ConnectChannel => ("連接渠道", "Connect a channel"),
    Connect => ("連接", "Connect"),
    Platform => ("平台", "Platform"),
    Optional => ("選填", "optional"),
    VerifyTokenChoose => (
            "自行設定一組字串，稍後在 Meta 開發者後台的 Webhook 設定貼上同一組。",
            "Make up any string; you will paste the same one in the Meta console's webhook settings.",
        ),
    ChannelConnected => ("渠道已連接", "Channel connected"),
    PasteWebhookUrl => (
            "請把這個 Webhook 網址貼到平台的開發者後台。",
            "Paste this webhook URL in the platform's console.",
        ),
    PasteVerifyToken => (
            "並在 Meta 開發者後台貼上這組驗證權杖：",
            "Paste this verify token in the Meta console:",
        ),
    WebhookUrl => ("Webhook 網址", "Webhook URL"),
    Copy => ("複製", "Copy"),
    Copied => ("已複製", "Copied"),
    LastEvent => ("最後收到事件", "Last event"),
    NoEventYet => ("尚未收到", "None yet"),
    LastError => ("最後錯誤", "Last error"),
    Secrets => ("金鑰", "Secrets"),
    SecretSet => ("已設定", "Set"),
    SecretNotSet => ("未設定", "Not set"),
    Enabled => ("已啟用", "Enabled"),
    Disabled => ("已停用", "Disabled"),
    Enable => ("啟用", "Enable"),
    Disable => ("停用", "Disable"),
    DisableChannel => ("停用渠道", "Disable the channel"),
    DisableWarning => (
            "停用期間，平台送來的 Webhook 仍會回應並保存，但不會處理：這段期間的訊息不會進入收件匣，重新啟用後也不會補上。",
            "While it is disabled, webhooks are still answered and kept, but not processed: messages sent meanwhile do not reach the inbox, not even after it is enabled again.",
        ),
    ChannelNotFound => ("找不到這個渠道。", "No such channel."),
    Widgets => ("網站聊天視窗", "Website chat widget"),
    WidgetsHint => (
            "在您的網站加上聊天視窗：訪客的訊息會進入收件匣。建立後把嵌入程式碼貼到網站的每個頁面。",
            "Put a chat window on your website: what visitors write reaches the inbox. Once it is added, paste its snippet into every page of the site.",
        ),
    AddWidget => ("新增聊天視窗", "Add a widget"),
    CreateWidget => ("建立聊天視窗", "Create the widget"),
    NoWidgets => ("尚未建立聊天視窗", "No widgets yet"),
    WidgetName => ("名稱", "Name"),
    WidgetOrigins => ("允許的網站", "Allowed sites"),
    WidgetOriginsHint => (
            "每行一個網站來源，例如 https://shop.example（本機可用 http://localhost:3000），最多 20 個。",
            "One website origin per line, like https://shop.example (http only for localhost), at most 20.",
        ),
    WidgetDisplayName => ("顯示名稱", "Display name"),
    WidgetColour => ("主題顏色", "Colour"),
    WidgetGreeting => ("歡迎訊息", "Greeting"),
    WidgetAvatar => ("頭像網址", "Avatar URL"),
    WidgetAskContact => (
            "第一則訊息前先詢問訪客的姓名與電子郵件",
            "Ask for name and email before the first message",
        ),
    WidgetAdded => ("聊天視窗已建立", "Widget added"),
    IdentitySecret => ("身分驗證密鑰", "Identity secret"),
    IdentitySecretWarning => (
            "這組密鑰只會顯示這一次，請立即妥善保存。您網站的伺服器用它簽署使用者 ID：user_hash = HMAC-SHA256(密鑰, user_id)，以十六進位表示。",
            "Shown only now: keep it somewhere safe. Your site's server signs user ids with it: user_hash = HMAC-SHA256(secret, user_id) in hex.",
        ),
    WidgetSnippet => ("嵌入程式碼", "Snippet"),
    WidgetSnippetHint => (
            "把這一行貼到網站每個頁面的 </body> 之前。",
            "Paste this line before </body> on every page of your site.",
        ),
    WidgetSaved => ("設定已儲存。", "Settings saved."),
    WidgetNameRule => ("請填寫名稱，1 到 80 個字。", "Give it a name of 1 to 80 characters."),
    Reconnecting => ("重新連線中…", "Reconnecting…"),
    ReconnectingHint => (
            "連線中斷，恢復後會自動補上錯過的更新。",
            "The connection dropped; missed updates arrive as soon as it is back.",
        ),
    ListsReloaded => (
            "離開太久，錯過的更新已無法補上：列表已重新載入。",
            "You were away too long to catch up change by change: the lists were loaded again.",
        ),
    LiveDeleted => (
            "這個對話已被刪除（或顧客已被加入黑名單）。",
            "This conversation was deleted (or its customer blacklisted).",
        ),
    LiveMovedAway => (
            "這個對話已移交，你目前無法查看。",
            "This conversation was handed on and is no longer yours to see.",
        ),
    AlsoHere => ("也在查看：", "Also here:"),
    IsTyping => ("正在輸入…", "is typing…"),
    CustomerTyping => ("顧客正在輸入…", "The customer is typing…"),
    TakeOverWhileTyping => (
            "{name} 正在回覆這位顧客。仍要接手嗎？",
            "{name} is writing to this customer right now. Take over anyway?",
        ),
    Dismiss => ("關閉", "Dismiss"),
    Alerts => ("桌面通知與提示音", "Desktop alerts and sound"),
    AlertNewConversations => ("{n} 位新顧客等候回覆", "{n} new customers waiting"),
    AlertForYou => ("你有新的通知", "You have a new notification"),
    BatchRowsChanged => (
            "選取的對話剛有變動，以下預覽已依目前狀態更新。",
            "Selected conversations changed just now; the preview below is as they are now.",
        ),
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = texts(key);
    match lang {
        Lang::ZhTw => zh,
        Lang::En => en,
    }
}

/// `key`'s text with `{n}` and `{name}` filled in.
pub fn fill(lang: Lang, key: Key, n: impl std::fmt::Display, name: &str) -> String {
    t(lang, key)
        .replace("{n}", &n.to_string())
        .replace("{name}", name)
}

/// `key`'s text with its one placeholder, `{n}` or `{name}`, filled in with `value`.
pub fn fill_one(lang: Lang, key: Key, value: impl std::fmt::Display) -> String {
    let value = value.to_string();
    fill(lang, key, &value, &value)
}

pub fn role_name(lang: Lang, role: Role) -> &'static str {
    let (zh, en) = match role {
        Role::Admin => ("管理員", "Admin"),
        Role::Supervisor => ("主管", "Supervisor"),
        Role::CsManager => ("客服經理", "CS manager"),
        Role::Agent => ("客服人員", "Agent"),
        Role::SalesManager => ("銷售經理", "Sales manager"),
        Role::SalesRep => ("銷售人員", "Sales rep"),
    };
    pick(lang, zh, en)
}

pub fn channel_name(lang: Lang, kind: ChannelKind) -> &'static str {
    let (zh, en) = match kind {
        ChannelKind::WebChat => ("網站即時對話", "Web chat"),
        ChannelKind::Messenger => ("Facebook Messenger", "Facebook Messenger"),
        ChannelKind::Line => ("LINE 官方帳號", "LINE Official Account"),
        ChannelKind::WhatsApp => ("WhatsApp", "WhatsApp"),
        ChannelKind::Instagram => ("Instagram", "Instagram"),
    };
    pick(lang, zh, en)
}

/// The label of a field of the form that connects a `kind` channel, in the words of that
/// platform's console.
pub fn field_label(lang: Lang, kind: ChannelKind, field: ChannelField) -> &'static str {
    use ChannelField as F;
    use ChannelKind as C;
    let (zh, en) = match (kind, field) {
        (_, F::Name) => ("渠道名稱", "Channel name"),
        (C::Messenger, F::AccountId) => ("粉絲專頁 ID（Page ID）", "Page ID"),
        (C::Instagram, F::AccountId) => ("Instagram 帳號 ID", "Instagram account ID"),
        (C::WhatsApp, F::AccountId) => ("電話號碼 ID（Phone number ID）", "Phone number ID"),
        (C::WhatsApp, F::ExtraId) => (
            "WhatsApp 商業帳號 ID（WABA ID）",
            "WhatsApp Business Account ID",
        ),
        (C::Line, F::AccountId) => ("Bot 使用者 ID（Bot user ID）", "Bot user ID"),
        (C::Line, F::ExtraId) => ("頻道 ID（Channel ID）", "Channel ID"),
        (C::Line, F::Secret) => ("頻道密鑰（Channel secret）", "Channel secret"),
        (C::Line, F::AccessToken) => (
            "頻道存取權杖（Channel access token）",
            "Channel access token",
        ),
        (_, F::Secret) => ("應用程式密鑰（App secret）", "App secret"),
        (C::Messenger, F::AccessToken) => {
            ("粉絲專頁存取權杖（Page access token）", "Page access token")
        }
        (_, F::AccessToken) => ("存取權杖（Access token）", "Access token"),
        (_, F::VerifyToken) => ("驗證權杖（Verify token）", "Verify token"),
        (_, F::AccountId | F::ExtraId) => ("平台帳號 ID", "Platform account ID"),
    };
    pick(lang, zh, en)
}

/// A time in full, in the workspace's clock: "2026/11/23 18:05".
pub fn full_time(at: Millis, utc_offset_minutes: i64) -> String {
    let local = at + utc_offset_minutes * 60_000;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400_000));
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!("{y}/{m}/{d} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// How long the platform still lets a reply go out: "可回覆 23 小時 12 分" /
/// "Reply window closes in 23 h 12 min" (`left`: milliseconds, rounded down to minutes).
pub fn window_left(lang: Lang, left: Millis) -> String {
    let minutes = left.max(0) / 60_000;
    let (h, m) = (minutes / 60, minutes % 60);
    match (lang, h) {
        (Lang::ZhTw, 0) => format!("可回覆 {m} 分"),
        (Lang::ZhTw, _) => format!("可回覆 {h} 小時 {m} 分"),
        (Lang::En, 0) => format!("Reply window closes in {m} min"),
        (Lang::En, _) => format!("Reply window closes in {h} h {m} min"),
    }
}

/// An attachment's kind as the thread and the list name it: "[圖片]" / "[Image]".
pub fn media_label(lang: Lang, kind: crate::domain::MediaKind) -> &'static str {
    use crate::domain::MediaKind as M;
    let key = match kind {
        M::Image => Key::MediaImage,
        M::Video => Key::MediaVideo,
        M::Audio => Key::MediaAudio,
        M::File => Key::MediaFile,
        M::Sticker => Key::MediaSticker,
        M::Location => Key::MediaLocation,
        M::Contacts => Key::MediaContacts,
        M::Other => Key::MediaOther,
    };
    t(lang, key)
}

/// A list row's preview: the message's first line, or an attachment's kind in the member's
/// language.
pub fn preview_text(lang: Lang, preview: &str) -> std::borrow::Cow<'_, str> {
    match crate::domain::media::preview_kind(preview) {
        Some(kind) => media_label(lang, kind).into(),
        None => preview.into(),
    }
}

/// A file size: "312 KB", "4.2 MB".
pub fn file_size(bytes: i64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{} KB", kb.ceil() as i64)
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

/// Why a reply was not sent: our own reasons (`inbox:…`) in the member's language, the
/// platform's as it words them.
pub fn delivery_reason(lang: Lang, reason: &str) -> String {
    let key = match reason {
        "inbox:unconfirmed" => Key::ReasonUnconfirmed,
        "inbox:no-recipient" => Key::ReasonNoRecipient,
        "inbox:channel-gone" => Key::ReasonChannelGone,
        "inbox:channel-disabled" => Key::ReasonChannelOff,
        "inbox:no-token" => Key::ReasonNoToken,
        other => return other.to_owned(),
    };
    t(lang, key).to_owned()
}

/// "Ben just took this conversation".
pub fn taken_by(lang: Lang, owner: &str) -> String {
    match lang {
        Lang::ZhTw => format!("此對話剛剛已由 {owner} 負責。"),
        Lang::En => format!("{owner} just took this conversation."),
    }
}

/// The name of the button that takes `tag` off a customer.
pub fn remove_tag(lang: Lang, tag: &str) -> String {
    match lang {
        Lang::ZhTw => format!("移除標籤「{tag}」"),
        Lang::En => format!("Remove the tag {tag}"),
    }
}

/// The system line of an event-log row in a thread.
pub fn event_line(
    lang: Lang,
    change: EventChange,
    actor: Option<&str>,
    to_owner: Option<&str>,
) -> String {
    use EventChange as E;
    let who = actor.unwrap_or(match lang {
        Lang::ZhTw => "系統",
        Lang::En => "The system",
    });
    let to = to_owner.unwrap_or("?");
    match (lang, change) {
        (Lang::ZhTw, E::Opened) => "顧客開啟了對話".into(),
        (Lang::En, E::Opened) => "The customer started the conversation".into(),
        (Lang::ZhTw, E::Returned) => "顧客再次來訊，對話回到待處理".into(),
        (Lang::En, E::Returned) => "The customer wrote again: back to pending".into(),
        (Lang::ZhTw, E::HandedToHuman) => "轉由真人客服處理".into(),
        (Lang::En, E::HandedToHuman) => "Handed over to a person".into(),
        (Lang::ZhTw, E::FollowedUp) => format!("{who} 跟進了對話"),
        (Lang::En, E::FollowedUp) => format!("{who} followed up"),
        (Lang::ZhTw, E::TookOver) => format!("{who} 接手了對話"),
        (Lang::En, E::TookOver) => format!("{who} took over"),
        (Lang::ZhTw, E::Closed) => format!("{who} 結束了對話"),
        (Lang::En, E::Closed) => format!("{who} closed the conversation"),
        (Lang::ZhTw, E::AutoClosed) => "顧客久未回覆，對話已自動結束".into(),
        (Lang::En, E::AutoClosed) => {
            "Closed automatically: the customer had not written back".into()
        }
        (Lang::ZhTw, E::Snoozed) => format!("{who} 延後了對話"),
        (Lang::En, E::Snoozed) => format!("{who} snoozed the conversation"),
        (Lang::ZhTw, E::Woke) => "對話結束延後，回到處理中".into(),
        (Lang::En, E::Woke) => "Back from snooze".into(),
        (Lang::ZhTw, E::Reopened) => format!("{who} 重啟了對話"),
        (Lang::En, E::Reopened) => format!("{who} reopened the conversation"),
        (Lang::ZhTw, E::Transferred) => format!("{who} 將對話移轉給 {to}"),
        (Lang::En, E::Transferred) => format!("{who} transferred the conversation to {to}"),
        (Lang::ZhTw, E::CollaboratorAdded) => format!("{who} 邀請 {to} 協作"),
        (Lang::En, E::CollaboratorAdded) => format!("{who} added {to} as a collaborator"),
        (Lang::ZhTw, E::CollaboratorRemoved) if actor == to_owner => format!("{who} 退出協作"),
        (Lang::En, E::CollaboratorRemoved) if actor == to_owner => {
            format!("{who} stopped collaborating")
        }
        (Lang::ZhTw, E::CollaboratorRemoved) => format!("{who} 將 {to} 移出協作"),
        (Lang::En, E::CollaboratorRemoved) => format!("{who} removed {to} from the collaborators"),
        // Not written to the event log (the status stays the same): the bare code.
        (_, E::StayedWithBot | E::NewMessage) => change.code().to_owned(),
    }
}

/// A notification as the member reads it: "陳志明 transferred 3 conversations to you", or
/// naming the customer of a single transfer: "陳志明 transferred 王小明's conversation to you".
pub fn notification_line(
    lang: Lang,
    kind: crate::domain::NotificationKind,
    by: &str,
    count: i64,
    customer: Option<&str>,
) -> String {
    use crate::domain::NotificationKind::{Collaborator, SnoozeOver, SnoozeReply, Transfer};
    let c = customer.filter(|c| !c.is_empty()).unwrap_or("?");
    match (lang, kind) {
        (Lang::ZhTw, SnoozeOver) => return format!("「{c}」的對話延後時間已到，回到您的處理中"),
        (Lang::En, SnoozeOver) => return format!("{c}'s conversation is back from snooze"),
        (Lang::ZhTw, SnoozeReply) => return format!("{c} 回覆了延後中的對話，回到您的處理中"),
        (Lang::En, SnoozeReply) => return format!("{c} wrote: their snoozed conversation is back"),
        _ => {}
    }
    match (lang, kind, customer.filter(|c| !c.is_empty())) {
        (Lang::ZhTw, Transfer, Some(c)) => return format!("{by} 將「{c}」的對話移轉給您"),
        (Lang::En, Transfer, Some(c)) => {
            return format!("{by} transferred {c}'s conversation to you")
        }
        _ => {}
    }
    match (lang, kind) {
        (Lang::ZhTw, Collaborator) => format!("{by} 邀請您協作一則對話"),
        (Lang::En, Collaborator) => format!("{by} added you as a collaborator"),
        (Lang::ZhTw, Transfer) => format!("{by} 移轉了 {count} 則對話給您"),
        (Lang::En, Transfer) if count == 1 => format!("{by} transferred a conversation to you"),
        (Lang::En, Transfer) => format!("{by} transferred {count} conversations to you"),
        (_, SnoozeOver | SnoozeReply) => String::new(),
    }
}

/// The confirm step of a transfer: "Transfer 3 conversations to Ben?".
pub fn transfer_question(lang: Lang, count: usize, to: &str) -> String {
    match lang {
        Lang::ZhTw => format!("確定要將 {count} 則對話移轉給 {to} 嗎?"),
        Lang::En if count == 1 => format!("Transfer this conversation to {to}?"),
        Lang::En => format!("Transfer {count} conversations to {to}?"),
    }
}

/// The label of a row's selector: "Select 王小明".
pub fn select_label(lang: Lang, name: &str) -> String {
    match lang {
        Lang::ZhTw => format!("選取 {name}"),
        Lang::En => format!("Select {name}"),
    }
}

/// The batch bar's count: "3 selected".
pub fn selected_count(lang: Lang, count: usize) -> String {
    match lang {
        Lang::ZhTw => format!("已選取 {count} 則"),
        Lang::En => format!("{count} selected"),
    }
}

/// The label of a batch action button.
pub fn batch_action(lang: Lang, action: crate::domain::batch::BatchAction) -> &'static str {
    use crate::domain::batch::BatchAction as A;
    t(
        lang,
        match action {
            A::FollowUp => Key::FollowUp,
            A::Close => Key::BatchClose,
            A::Reopen => Key::Reopen,
            A::Transfer => Key::Transfer,
            A::Delete => Key::BatchDelete,
            A::Blacklist => Key::BatchBlacklist,
        },
    )
}

/// The confirm step's question: "Close 3 conversations?".
pub fn batch_question(
    lang: Lang,
    action: crate::domain::batch::BatchAction,
    count: usize,
) -> String {
    let what = batch_action(lang, action);
    match lang {
        Lang::ZhTw => format!("確定要對 {count} 則對話執行「{what}」嗎?"),
        Lang::En if count == 1 => format!("{what}: 1 conversation?"),
        Lang::En => format!("{what}: {count} conversations?"),
    }
}

/// The preview's summary: "2 will change, 1 will be skipped".
pub fn preview_line(lang: Lang, change: usize, skip: usize) -> String {
    match lang {
        Lang::ZhTw => format!("{change} 則將會變更，{skip} 則將略過"),
        Lang::En => format!("{change} will change, {skip} will be skipped"),
    }
}

/// The report's summary: "3 succeeded, 0 failed".
pub fn report_line(lang: Lang, succeeded: usize, failed: usize) -> String {
    match lang {
        Lang::ZhTw => format!("{succeeded} 則成功，{failed} 則失敗"),
        Lang::En => format!("{succeeded} succeeded, {failed} failed"),
    }
}

/// "Too many attempts, try again in N minutes".
pub fn locked_message(lang: Lang, minutes: i64) -> String {
    let minutes = minutes.max(1);
    match lang {
        Lang::ZhTw => format!("登入失敗次數過多，請於 {minutes} 分鐘後再試。"),
        Lang::En => format!(
            "Too many failed sign-ins. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        ),
    }
}

/// The text of an edge-check refusal (`domain::input`), e.g. "at most 4000 characters".
pub fn input_message(lang: Lang, e: crate::domain::input::InputError) -> String {
    use crate::domain::input::InputError;
    match (e, lang) {
        (InputError::Missing("body"), _) => t(lang, Key::EmptyMessage).to_owned(),
        (InputError::Missing("file"), _) => t(lang, Key::EmptyFile).to_owned(),
        (InputError::Missing("key") | InputError::TooLong { field: "key", .. }, _) => {
            t(lang, Key::BatchKeyMissing).to_owned()
        }
        (InputError::Missing("email" | "password"), _) => {
            t(lang, Key::MissingCredentials).to_owned()
        }
        (InputError::Missing(_), _) => t(lang, Key::FieldMissing).to_owned(),
        (InputError::Unknown("after" | "sort"), _) => t(lang, Key::BadListPosition).to_owned(),
        (InputError::Unknown(_), _) => t(lang, Key::FieldUnknown).to_owned(),
        (InputError::Mismatch(_), _) => t(lang, Key::PasswordsDiffer).to_owned(),
        (InputError::TooShort { .. }, _) => t(lang, Key::PasswordTooShort).to_owned(),
        (InputError::TooLong { field: "body", .. }, _) => t(lang, Key::MessageTooLong).to_owned(),
        (InputError::TooLong { max, .. }, Lang::ZhTw) => format!("最多 {max} 個字。"),
        (InputError::TooLong { max, .. }, Lang::En) => format!("At most {max} characters."),
        (InputError::TooMany { max, .. }, Lang::ZhTw) => format!("最多 {max} 項。"),
        (InputError::TooMany { max, .. }, Lang::En) => format!("At most {max} items."),
        (InputError::TooBig { max_bytes, .. }, Lang::ZhTw) => {
            format!("檔案不可超過 {}。", file_size(max_bytes as i64))
        }
        (InputError::TooBig { max_bytes, .. }, Lang::En) => {
            format!("The file is larger than {}.", file_size(max_bytes as i64))
        }
    }
}

/// "Something went wrong (ref abc123)".
pub fn internal_message(lang: Lang, reference: &str) -> String {
    match lang {
        Lang::ZhTw => format!("{}（代碼 {reference}）", t(lang, Key::InternalError)),
        Lang::En => format!("{} (ref {reference})", t(lang, Key::InternalError)),
    }
}

/// Whole hours and the minutes left over in `ms` (never negative).
fn hours_minutes(ms: Millis) -> (i64, i64) {
    let minutes = (ms / 60_000).max(0);
    (minutes / 60, minutes % 60)
}

/// How long someone has waited, e.g. "1 小時 5 分鐘" / "1 h 5 min".
pub fn duration(lang: Lang, ms: Millis) -> String {
    let (h, m) = hours_minutes(ms);
    match (lang, h) {
        (Lang::ZhTw, 0) => format!("{m} 分鐘"),
        (Lang::ZhTw, _) => format!("{h} 小時 {m} 分鐘"),
        (Lang::En, 0) => format!("{m} min"),
        (Lang::En, _) => format!("{h} h {m} min"),
    }
}

/// A customer's wait as rows and the pane header show it: "等候 5 小時 38 分" /
/// "waiting 5 h 38 min" ("等候 12 分" / "waiting 12 min" under an hour).
pub fn waiting(lang: Lang, ms: Millis) -> String {
    let (h, m) = hours_minutes(ms);
    match (lang, h) {
        (Lang::ZhTw, 0) => format!("等候 {m} 分"),
        (Lang::ZhTw, _) => format!("等候 {h} 小時 {m} 分"),
        (Lang::En, 0) => format!("waiting {m} min"),
        (Lang::En, _) => format!("waiting {h} h {m} min"),
    }
}

/// A message time for a list row, in the workspace's clock: "14:05" today, "昨天"/"Yesterday",
/// "3/18" this year, "2025/3/18" before. Pure, so the server and the browser print the same.
pub fn short_time(lang: Lang, at: Millis, now: Millis, utc_offset_minutes: i64) -> String {
    let offset = utc_offset_minutes * 60_000;
    let (day, now_day) = (
        (at + offset).div_euclid(86_400_000),
        (now + offset).div_euclid(86_400_000),
    );
    if day == now_day {
        let minutes = (at + offset).rem_euclid(86_400_000) / 60_000;
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    } else if day == now_day - 1 {
        t(lang, Key::Yesterday).to_owned()
    } else {
        let (y, m, d) = civil_from_days(day);
        let (ny, _, _) = civil_from_days(now_day);
        if y == ny {
            format!("{m}/{d}")
        } else {
            format!("{y}/{m}/{d}")
        }
    }
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::ZhTw => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_line_says_hours_and_minutes_in_both_languages() {
        let left = (23 * 60 + 12) * 60_000 + 59_000;
        assert_eq!(window_left(Lang::ZhTw, left), "可回覆 23 小時 12 分");
        assert_eq!(
            window_left(Lang::En, left),
            "Reply window closes in 23 h 12 min"
        );
        assert_eq!(
            window_left(Lang::En, 5 * 60_000),
            "Reply window closes in 5 min"
        );
        assert_eq!(window_left(Lang::ZhTw, -1), "可回覆 0 分");
    }

    #[test]
    fn every_key_has_both_languages() {
        for key in Key::ALL {
            let (zh, en) = texts(*key);
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{key:?}");
            let cjk = |c: char| {
                ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
            };
            assert!(
                !en.chars().any(cjk),
                "English text of {key:?} has Chinese in it: {en}"
            );
            assert!(
                zh.chars().any(cjk),
                "zh-TW text of {key:?} has no Chinese in it: {zh}"
            );
        }
        for role in Role::ALL {
            assert_ne!(role_name(Lang::ZhTw, *role), role_name(Lang::En, *role));
        }
        for kind in ChannelKind::ALL {
            for (field, _) in crate::domain::channel::form_fields(*kind) {
                let (zh, en) = (
                    field_label(Lang::ZhTw, *kind, *field),
                    field_label(Lang::En, *kind, *field),
                );
                assert!(zh.chars().any(|c| c > '\u{3000}'), "{zh}");
                assert!(en.is_ascii() && zh != en, "{kind} {field:?}: {en}");
            }
        }
    }

    #[test]
    fn times_in_the_workspace_clock() {
        // 2026-11-23 10:00 UTC = 18:00 in Taipei.
        let now = 1_795_428_000_000;
        assert_eq!(short_time(Lang::En, now - 5 * 60_000, now, 480), "17:55");
        assert_eq!(
            short_time(Lang::ZhTw, now - 20 * 3_600_000, now, 480),
            "昨天"
        );
        assert_eq!(
            short_time(Lang::En, now - 20 * 86_400_000, now, 480),
            "11/3"
        );
        assert_eq!(
            short_time(Lang::En, now - 400 * 86_400_000, now, 480),
            "2025/10/19"
        );
        assert_eq!(full_time(now - 5 * 60_000, 480), "2026/11/23 17:55");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
    }

    #[test]
    fn every_status_change_has_a_line_in_both_languages() {
        use crate::domain::status::Change;
        let changes = [
            Change::Opened,
            Change::Returned,
            Change::HandedToHuman,
            Change::FollowedUp,
            Change::TookOver,
            Change::Closed,
            Change::Reopened,
            Change::AutoClosed,
            Change::Transferred {
                from: crate::domain::MemberId(1),
            },
        ];
        for c in changes {
            for lang in [Lang::ZhTw, Lang::En] {
                let line = event_line(lang, c.event(), Some("Amy"), Some("Ben"));
                assert_ne!(line, c.event().code(), "{c:?} {lang:?} has no text");
            }
        }
        assert_eq!(
            event_line(Lang::En, EventChange::Transferred, Some("Amy"), Some("Ben")),
            "Amy transferred the conversation to Ben"
        );
        assert_eq!(taken_by(Lang::ZhTw, "Ben"), "此對話剛剛已由 Ben 負責。");
        for change in [
            EventChange::CollaboratorAdded,
            EventChange::CollaboratorRemoved,
            EventChange::Snoozed,
            EventChange::Woke,
        ] {
            for lang in [Lang::ZhTw, Lang::En] {
                let line = event_line(lang, change, Some("Amy"), Some("Ben"));
                assert_ne!(line, change.code());
            }
        }
        assert_eq!(
            event_line(
                Lang::En,
                EventChange::CollaboratorRemoved,
                Some("Ben"),
                Some("Ben")
            ),
            "Ben stopped collaborating"
        );
        assert_eq!(
            notification_line(
                Lang::En,
                crate::domain::NotificationKind::Transfer,
                "Amy",
                3,
                None
            ),
            "Amy transferred 3 conversations to you"
        );
        use crate::domain::NotificationKind::{SnoozeOver, SnoozeReply};
        for kind in [SnoozeOver, SnoozeReply] {
            for lang in [Lang::ZhTw, Lang::En] {
                let line = notification_line(lang, kind, "Amy", 1, Some("王小明"));
                assert!(line.contains("王小明"), "{kind:?} {lang:?}: {line}");
            }
        }
        assert_eq!(
            notification_line(Lang::En, SnoozeReply, "Amy", 1, Some("Ben")),
            "Ben wrote: their snoozed conversation is back"
        );
        assert_eq!(
            notification_line(
                Lang::En,
                crate::domain::NotificationKind::Transfer,
                "Amy",
                1,
                Some("王小明")
            ),
            "Amy transferred 王小明's conversation to you"
        );
        assert_eq!(
            notification_line(
                Lang::ZhTw,
                crate::domain::NotificationKind::Transfer,
                "Amy",
                1,
                None
            ),
            "Amy 移轉了 1 則對話給您"
        );
        assert_eq!(
            notification_line(
                Lang::ZhTw,
                crate::domain::NotificationKind::Transfer,
                "Amy",
                1,
                Some("王小明")
            ),
            "Amy 將「王小明」的對話移轉給您"
        );
        assert_eq!(report_line(Lang::En, 3, 0), "3 succeeded, 0 failed");
        assert_eq!(report_line(Lang::ZhTw, 2, 1), "2 則成功，1 則失敗");
        assert_eq!(
            preview_line(Lang::En, 2, 1),
            "2 will change, 1 will be skipped"
        );
        assert_eq!(selected_count(Lang::ZhTw, 3), "已選取 3 則");
        for action in crate::domain::batch::BatchAction::ALL {
            assert_ne!(
                batch_action(Lang::ZhTw, action),
                batch_action(Lang::En, action)
            );
            assert_ne!(
                batch_question(Lang::ZhTw, action, 2),
                batch_question(Lang::En, action, 2)
            );
        }
        assert_eq!(remove_tag(Lang::ZhTw, "VIP"), "移除標籤「VIP」");
        assert_eq!(remove_tag(Lang::En, "VIP"), "Remove the tag VIP");
    }

    #[test]
    fn messages_with_numbers() {
        assert_eq!(duration(Lang::En, 65 * 60_000), "1 h 5 min");
        assert_eq!(duration(Lang::ZhTw, 31 * 60_000), "31 分鐘");
        let wait = (5 * 60 + 38) * 60_000 + 59_000;
        assert_eq!(waiting(Lang::ZhTw, wait), "等候 5 小時 38 分");
        assert_eq!(waiting(Lang::En, wait), "waiting 5 h 38 min");
        assert_eq!(waiting(Lang::ZhTw, 12 * 60_000), "等候 12 分");
        assert_eq!(waiting(Lang::En, 0), "waiting 0 min");
        assert_eq!(
            locked_message(Lang::En, 1),
            "Too many failed sign-ins. Try again in 1 minute."
        );
        assert!(locked_message(Lang::ZhTw, 15).contains("15 分鐘"));
        assert_eq!(
            internal_message(Lang::En, "r1"),
            "Something went wrong on our side. Please try again. (ref r1)"
        );
        assert_eq!(
            internal_message(Lang::ZhTw, "r1"),
            "伺服器發生錯誤，請稍後再試。（代碼 r1）"
        );
    }
}
