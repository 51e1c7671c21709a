//! The demo's bot: keyword rules for the shop's hours, shipping and returns, and a menu flow,
//! on every channel, in Traditional Chinese. The words that ask for a person (真人, 客服, …)
//! are the default ones.

use crate::domain::bot::config::{FlowDraft, Greeting, Reply, RuleDraft, Step};
use crate::domain::bot::{Button, ButtonAction};
use crate::domain::{Millis, WorkspaceId};
use crate::server::db::{DbError, Store};

fn button(label: &str, action: ButtonAction) -> Button {
    Button {
        label: label.into(),
        action,
    }
}

/// Saves the demo's rules and flow in workspace `ws`.
pub async fn create(store: &Store, ws: WorkspaceId, now: Millis) -> Result<(), DbError> {
    let by = &super::by(now);
    let person = || button("真人客服", ButtonAction::Person);
    let save = |r: RuleDraft| async move {
        match store.save_rule(ws, None, &r, by).await? {
            Ok(Some(id)) => Ok(id),
            other => Err(DbError::Corrupt(format!(
                "demo rule {:?}: {other:?}",
                r.name
            ))),
        }
    };
    let hours = save(RuleDraft::contains(
        "營業時間",
        &["營業時間", "幾點開", "幾點關", "opening hours"],
        Reply::text(
            "晨光咖啡營業時間：週一至週五 08:00–20:00，週六、週日 09:00–18:00，國定假日照常營業。",
        ),
    ))
    .await?;
    let shipping = save(RuleDraft::contains(
        "運費與配送",
        &["運費", "免運", "配送", "shipping"],
        Reply {
            buttons: vec![person()],
            ..Reply::text(
                "單筆訂單滿 NT$1,000 免運，未滿收 NT$80；超商取貨 NT$60。下單後 2–3 個工作天送達。",
            )
        },
    ))
    .await?;
    let returns = save(RuleDraft::contains(
        "退換貨",
        &["退貨", "退款", "換貨", "return", "refund"],
        Reply {
            buttons: vec![person()],
            ..Reply::text(
                "商品到貨 7 天內可申請退換貨，請保留完整包裝與發票。要申請的話，請點「真人客服」，由專人為您處理。",
            )
        },
    ))
    .await?;
    let menu = FlowDraft {
        name: "主選單".into(),
        greeting: Greeting::None,
        steps: vec![
            Step {
                id: 1,
                text: "您好！我是晨光咖啡小幫手，請選擇您想了解的項目：".into(),
                buttons: vec![
                    button("營業時間", ButtonAction::Rule(hours)),
                    button("運費與配送", ButtonAction::Rule(shipping)),
                    button("退換貨", ButtonAction::Rule(returns)),
                    button("門市地址", ButtonAction::Step(2)),
                    person(),
                ],
            },
            Step {
                id: 2,
                text: "門市地址：台北市大安區復興南路一段 100 號（捷運忠孝復興站 3 號出口步行約 3 分鐘）。".into(),
                buttons: vec![button("回主選單", ButtonAction::Step(1)), person()],
            },
        ],
    };
    let flow = match store.save_flow(ws, None, &menu, by).await? {
        Ok(Some(id)) => id,
        other => return Err(DbError::Corrupt(format!("demo flow: {other:?}"))),
    };
    save(RuleDraft {
        flow: Some(flow),
        ..RuleDraft::contains("主選單", &["選單", "menu"], Reply::default())
    })
    .await?;
    Ok(())
}
