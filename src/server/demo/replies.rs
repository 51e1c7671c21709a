//! The demo's saved replies: the team's, in Traditional Chinese, for what a coffee shop's
//! support answers every day, with the placeholders filled in as they are inserted.

use crate::domain::saved_reply::{check, Draft};
use crate::domain::{Millis, WorkspaceId};
use crate::server::db::{DbError, Store};

const TEAM: &[(&str, &str, &str)] = &[
    (
        "問候",
        "hi",
        "{customer.name} 您好，我是晨光咖啡的 {member.name}，很高興為您服務！",
    ),
    (
        "營業時間",
        "hours",
        "晨光咖啡營業時間：週一至週五 08:00–20:00，週六、週日 09:00–18:00，國定假日照常營業。",
    ),
    (
        "運費說明",
        "ship",
        "單筆訂單滿 NT$1,000 免運，未滿收 NT$80；超商取貨 NT$60。下單後 2–3 個工作天送達。",
    ),
    (
        "退換貨流程",
        "return",
        "商品到貨 7 天內可申請退換貨，請保留完整包裝與發票，並提供訂單編號，我們會盡快為您處理。",
    ),
    (
        "稍候查詢",
        "wait",
        "謝謝您的耐心，我幫您查詢一下，請稍候片刻。",
    ),
    (
        "結束感謝",
        "thanks",
        "謝謝 {customer.name} 的詢問，祝您有美好的一天！如有其他問題，歡迎隨時再與{workspace.name}聯繫。",
    ),
];

/// Saves the demo's team replies in workspace `ws`.
pub async fn create(store: &Store, ws: WorkspaceId, now: Millis) -> Result<(), DbError> {
    let by = super::by(now);
    for (title, shortcut, text) in TEAM {
        let draft = check(&Draft {
            title: (*title).into(),
            shortcut: (*shortcut).into(),
            text: (*text).into(),
        })
        .map_err(|p| DbError::Corrupt(format!("demo reply {title}: {p:?}")))?;
        match store.save_saved_reply(ws, None, None, &draft, &by).await? {
            Ok(Some(_)) => {}
            other => return Err(DbError::Corrupt(format!("demo reply {title}: {other:?}"))),
        }
    }
    Ok(())
}
