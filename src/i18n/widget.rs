//! The words of the widget API's refusals, in the visitor's language (server build only: the
//! chat frame shows what the server says).

use crate::domain::Lang;

/// The words for a refusal `code` of `server::widget`.
pub fn words(lang: Lang, code: &str) -> &'static str {
    let (zh, en) = match code {
        "unknown_widget" => ("找不到這個聊天視窗。", "This chat is not available."),
        "site_not_allowed" => (
            "這個網站沒有啟用線上客服。",
            "Chat is not enabled for this website.",
        ),
        "no_visitor" => (
            "連線已過期，請重新整理。",
            "Your chat session expired; please reload.",
        ),
        "unavailable" => ("目前無法使用線上客服。", "Chat is unavailable right now."),
        "empty" => ("請輸入訊息。", "Please write a message."),
        "too_long" => (
            "訊息太長了（最多 4000 字）。",
            "That message is too long (4,000 characters at most).",
        ),
        "too_big" => (
            "檔案太大了（最多 10 MB）。",
            "That file is too big (10 MB at most).",
        ),
        "file_type" => (
            "只能傳送圖片（JPEG、PNG、GIF、WebP）或 PDF。",
            "Only images (JPEG, PNG, GIF, WebP) or PDF files can be sent.",
        ),
        "malformed" => (
            "資料格式不正確。",
            "Something in that request was not right.",
        ),
        "too_fast" => (
            "傳送得太快了，請稍候再試。",
            "You are sending too fast; please wait a moment.",
        ),
        _ => (
            "發生錯誤，請稍後再試。",
            "Something went wrong; please try again.",
        ),
    };
    match lang {
        Lang::ZhTw => zh,
        Lang::En => en,
    }
}
