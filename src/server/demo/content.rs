//! Static content for the demo workspace of the omnichannel inbox.
//!
//! The demo workspace belongs to a fictional Taiwanese retail/OMO brand,
//! "森好生活 Senhao Living", with physical branches (門市) and customers who
//! write in from the website chat widget, Facebook Messenger, LINE, WhatsApp
//! and Instagram. Everything here is invented: order numbers, ticket numbers,
//! names and notes are demo data, and customer e-mail addresses built from
//! [`EMAIL_DOMAINS`] are fake.
//!
//! The data is pure `'static` and carries no behaviour beyond a few tiny
//! helpers on [`Script`].

// A catalogue of static demo data: a consumer typically uses only part of it
// (e.g. not every helper or name list), which must not trip `-D warnings`.

/// Who writes a line of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The customer writing in from a channel.
    Customer,
    /// A human agent of the workspace.
    Agent,
    /// A keyword auto-reply.
    Bot,
    /// An internal note between agents; never shown to the customer.
    Note,
}

/// One message of a script.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub who: Who,
    pub text: &'static str,
}

/// A short chat transcript used to fill a demo conversation.
#[derive(Clone, Copy, Debug)]
pub struct Script {
    /// "zh-TW" or "en".
    pub lang: &'static str,
    /// Short English slug, e.g. "order-status".
    pub topic: &'static str,
    /// True when a keyword auto-reply handled the conversation (Bot lines
    /// answer the customer) and the customer has not asked for a person.
    pub bot: bool,
    pub lines: &'static [Line],
}

impl Script {
    /// Author of the last line.
    pub fn last_who(&self) -> Option<Who> {
        self.lines.last().map(|l| l.who)
    }

    /// True when the customer wrote last, i.e. the conversation is waiting
    /// for an answer.
    pub fn ends_with_customer(&self) -> bool {
        self.last_who() == Some(Who::Customer)
    }

    /// True when any line was written by the keyword auto-reply.
    pub fn has_bot_line(&self) -> bool {
        self.lines.iter().any(|l| l.who == Who::Bot)
    }
}

const fn cust(text: &'static str) -> Line {
    Line {
        who: Who::Customer,
        text,
    }
}

const fn agent(text: &'static str) -> Line {
    Line {
        who: Who::Agent,
        text,
    }
}

const fn bot(text: &'static str) -> Line {
    Line {
        who: Who::Bot,
        text,
    }
}

const fn note(text: &'static str) -> Line {
    Line {
        who: Who::Note,
        text,
    }
}

const ZH: &str = "zh-TW";
const EN: &str = "en";

// Canned keyword auto-replies, shared by several scripts.
const BOT_ZH_HOURS: &str = "森好生活門市營業時間：週一至週日 11:00–21:30（週五、週六及國定假日前一天延長至 22:00）。輸入「門市」可查詢各門市資訊喔！";
const BOT_ZH_STORES: &str = "目前門市：台北信義店、台北南西店、台中公益店、台南西門店、高雄巨蛋店。輸入門市名稱即可查看地址與交通方式～";
const BOT_ZH_SHIPPING: &str = "運費說明📦 7-11 超商取貨 NT$60、宅配 NT$100，單筆滿 NT$1,200 免運！離島地區宅配運費另計，海外配送請輸入「海外」。";
const BOT_ZH_RETURNS: &str = "森好生活提供七天鑑賞期，商品未使用、吊牌完整即可退換貨。請至「會員中心 > 訂單查詢」申請，或直接回覆訂單編號，客服將於服務時間（週一至週五 10:00–19:00）協助處理。";
const BOT_ZH_OVERSEAS: &str = "海外配送目前支援香港、澳門、新加坡、馬來西亞🌏 香港運費 NT$350、馬來西亞 NT$420，滿 NT$3,000 免運，約 5–10 個工作天送達，關稅由收件人負擔。";
const BOT_ZH_GIFT: &str = "🎁 禮物包裝服務：基本包裝免費，質感禮盒每份 NT$80，結帳時勾選「禮物包裝」即可；另可加購手寫小卡 NT$30，包裹內不會附價格明細喔！";
const BOT_ZH_HANDOVER: &str =
    "已為您轉接真人客服，請稍候～客服時間為週一至週五 10:00–19:00，非服務時間的訊息將於下個工作天依序回覆。";
const BOT_EN_HOURS: &str = "Senhao Living stores are open daily 11:00–21:30 (until 22:00 on Fri, Sat and the day before public holidays). Type \"stores\" to see our branch list.";
const BOT_EN_SHIPPING: &str = "Shipping: 7-11 store pickup NT$60, home delivery NT$100, free on orders over NT$1,200. We also ship abroad — type \"international\" for details.";
const BOT_EN_INTERNATIONAL: &str = "We ship to Hong Kong, Macau, Singapore and Malaysia. HK NT$350 (5–7 business days), Malaysia NT$420 (7–10 business days), free over NT$3,000. Import duties are paid by the recipient.";
const BOT_EN_RETURNS: &str = "You can return unused items with tags attached within 7 days of delivery. Reply with your order number and our team will help you during service hours (Mon–Fri 10:00–19:00).";

/// Chat transcripts for the demo conversations.
pub static SCRIPTS: &[Script] = &[
    // ---------------------------------------------------------------- zh-TW
    Script {
        lang: ZH,
        topic: "order-status",
        bot: false,
        lines: &[
            cust("您好，請問我上週五下的訂單 TW2406-18853 什麼時候會到呢？"),
            agent("您好～我幫您查一下喔，請稍等 🙏"),
            agent("查到了！您的包裹昨天已經交給黑貓宅急便，預計明天下午送達唷"),
            cust("好的 謝謝～"),
            agent("不客氣，有任何問題再跟我們說喔 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "order-status",
        bot: false,
        lines: &[
            cust("請問我的訂單到 7-11 了嗎？都沒收到取貨簡訊"),
            cust("訂單編號 TW2407-20417"),
            cust("取貨門市是永和中正店"),
        ],
    },
    Script {
        lang: ZH,
        topic: "returns",
        bot: false,
        lines: &[
            cust("你好，我昨天收到的亞麻襯衫尺寸太大，想退貨可以嗎？"),
            agent("您好，商品在七天鑑賞期內都可以申請退貨喔！請問吊牌還在、沒有下水過嗎？"),
            cust("對 都還在 只有試穿而已"),
            agent("好的～已經幫您建立退貨單了，黑貓會在 1–2 個工作天內到府收件，退款會在收到商品後 5–7 個工作天退回原付款方式唷"),
        ],
    },
    Script {
        lang: ZH,
        topic: "exchange",
        bot: false,
        lines: &[
            cust("請問可以換尺寸嗎？我買的寬褲 M 號腰太鬆了"),
            agent("可以喔～請問想換成 S 號嗎？同色目前還有庫存"),
            cust("對 換 S，一樣要卡其色"),
            note("已建立換貨單 EX-0619-0032，待倉庫確認卡其 S 庫存"),
            agent("已經幫您登記換貨囉，新的商品會在收到退回件後寄出 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "store-hours",
        bot: true,
        lines: &[
            cust("營業時間"),
            bot(BOT_ZH_HOURS),
            cust("門市"),
            bot(BOT_ZH_STORES),
        ],
    },
    Script {
        lang: ZH,
        topic: "store-location",
        bot: false,
        lines: &[
            cust("請問台中公益店在哪裡？好停車嗎"),
            agent("您好～台中公益店在公益路二段上，靠近勤美商圈，旁邊有特約停車場，消費滿 NT$1,000 可以折抵 1 小時喔"),
            cust("那週日幾點開？"),
            agent("週日 11:00 開到 21:30 唷～歡迎來逛 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "stock-check",
        bot: false,
        lines: &[
            cust("[圖片]"),
            cust("想問這件針織外套還有燕麥色 S 號嗎"),
            agent("您好，官網上燕麥色 S 目前顯示缺貨，我幫您查一下門市和倉庫喔"),
            note("已請倉庫確認庫存，明天回覆客人"),
            agent("已經幫您詢問倉庫跟門市了，明天中午前回覆您可以嗎？"),
            cust("可以 麻煩了🙏"),
        ],
    },
    Script {
        lang: ZH,
        topic: "fitting-appointment",
        bot: false,
        lines: &[
            cust("您好 想預約這週六下午去信義店試穿西裝外套"),
            agent("您好～週六下午目前 2 點和 4 點還有空檔，請問方便哪個時段呢？"),
            cust("4點好了"),
            agent("好的，已幫您預約週六 16:00 信義店試穿，到店時報姓名和手機末三碼就可以囉！"),
            cust("[貼圖]"),
        ],
    },
    Script {
        lang: ZH,
        topic: "payment-failed",
        bot: false,
        lines: &[
            cust("請問一下 我用 LINE Pay 付款一直失敗"),
            cust("畫面顯示「交易逾時」，可是 LINE Pay 那邊好像有扣款？？"),
            cust("[圖片]"),
        ],
    },
    Script {
        lang: ZH,
        topic: "payment-failed",
        bot: false,
        lines: &[
            cust("信用卡刷不過是怎樣 試了三次了"),
            agent("您好，很抱歉造成困擾！請問有出現什麼錯誤訊息嗎？"),
            cust("說 3D 驗證失敗"),
            agent("這通常是銀行的驗證簡訊沒收到或逾時，建議先確認手機有沒有收到簡訊，或改用 LINE Pay、街口支付付款喔"),
            cust("我換街口試試看"),
            cust("好了 成功了 謝謝！"),
            agent("太好了～訂單已經成立，會盡快幫您出貨 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "invoice-tax-id",
        bot: false,
        lines: &[
            cust("你好 我要開公司發票 可以補打統一編號嗎"),
            agent("您好，可以的～請問訂單編號是多少呢？"),
            cust("TW2406-17702，統編跟抬頭我寫在訂單備註了"),
            note("發票作廢重開（含統編），已通知會計，TW2406-17702"),
            agent("收到～原本的電子發票會幫您作廢，重開含統編的發票後會寄到您的信箱喔"),
        ],
    },
    Script {
        lang: ZH,
        topic: "e-invoice-carrier",
        bot: false,
        lines: &[
            cust("請問發票可以存手機載具嗎？結帳的時候忘記填了"),
            agent("可以的～麻煩提供您的手機條碼（/ 開頭共 8 碼），我們幫您歸戶"),
            cust("[圖片]"),
            agent("收到，已經幫您把發票存進載具囉，大約 2–3 天後可以在雲端發票查詢到～"),
        ],
    },
    Script {
        lang: ZH,
        topic: "coupon",
        bot: false,
        lines: &[
            cust("我的生日禮券 NT$200 結帳的時候不能用？"),
            agent("您好～生日禮券需要單筆消費滿 NT$1,500 才能折抵喔，請問您購物車金額是多少呢？"),
            cust("1,480 差一點點 😅"),
            agent("那加購一雙棉襪（NT$180）就可以使用囉！"),
            cust("哈哈 好 我再加"),
        ],
    },
    Script {
        lang: ZH,
        topic: "member-points",
        bot: false,
        lines: &[
            cust("您好，我上週在高雄巨蛋店消費，但是點數都沒有進來"),
            cust("結帳的時候有報手機號碼"),
            cust("收據在這"),
            cust("[圖片]"),
        ],
    },
    Script {
        lang: ZH,
        topic: "address-change",
        bot: false,
        lines: &[
            cust("請問訂單還可以改地址嗎 我寄錯了😭"),
            agent("您好，麻煩提供訂單編號喔"),
            cust("TW2407-21096"),
            agent("查到了，還沒出貨，可以幫您修改！請提供新的收件地址"),
            cust("改寄到公司，新北市板橋區那個，我剛剛更新在會員資料了，收件人一樣"),
            note("已通知倉庫攔截並更新地址，TW2407-21096"),
            agent("已經幫您改好了，預計後天出貨喔～"),
        ],
    },
    Script {
        lang: ZH,
        topic: "damaged-item",
        bot: false,
        lines: &[
            cust("收到的陶瓷馬克杯破掉了"),
            cust("[圖片]"),
            cust("[圖片]"),
            cust("外箱看起來也有被壓到，這樣要怎麼處理？？"),
        ],
    },
    Script {
        lang: ZH,
        topic: "damaged-item",
        bot: false,
        lines: &[
            cust("你們的桌燈燈罩收到就裂開 很誇張欸"),
            agent("非常抱歉讓您收到有瑕疵的商品 🙏 可以麻煩您拍照給我們嗎？"),
            cust("[圖片]"),
            agent("收到，我們會立即補寄新品給您，原商品黑貓會到府收回，不需要另外付費"),
            note("客訴：運送破損，已開物流單 #4471 向黑貓求償"),
            cust("好 那新的什麼時候會到"),
        ],
    },
    Script {
        lang: ZH,
        topic: "wholesale",
        bot: false,
        lines: &[
            cust("您好，我們是咖啡廳，想詢問香氛蠟燭的批發價格"),
            agent("您好～謝謝您的詢問！請問大概需要的數量跟款式呢？"),
            cust("大概 60 個，想要木質調那款"),
            agent("60 個以上可以享 75 折，我請業務同事把報價單寄給您，方便留一下店名跟 Email 嗎？"),
            cust("好的 我私訊給你"),
        ],
    },
    Script {
        lang: ZH,
        topic: "gift-wrapping",
        bot: true,
        lines: &[cust("禮物包裝"), bot(BOT_ZH_GIFT)],
    },
    Script {
        lang: ZH,
        topic: "gift-wrapping",
        bot: false,
        lines: &[
            cust("請問可以幫我包成禮物嗎？要送朋友生日的"),
            agent("可以喔～結帳時勾選禮盒包裝（+NT$80）就好，需要小卡的話可以在備註寫祝福的話，我們幫您手寫 😊"),
            cust("那裡面可以不要放價格單嗎"),
            agent("沒問題，有勾禮物包裝的訂單都不會附價格明細，發票會寄到您的信箱唷"),
        ],
    },
    Script {
        lang: ZH,
        topic: "warranty-repair",
        bot: false,
        lines: &[
            cust("你好 我去年在信義店買的電動磨豆機 最近都不會轉了 還在保固內嗎"),
            agent("您好～磨豆機保固是一年，請問大概是幾月購買的呢？"),
            cust("好像是去年 9 月"),
            agent("那還在保固內喔！可以直接拿到任一門市送修，或是我們安排黑貓到府收件，大約 10–14 個工作天修好寄回"),
            cust("那請你們來收好了"),
            note("保固維修單 RP-0712-008 已建立，待客人提供方便收件的時間"),
        ],
    },
    Script {
        lang: ZH,
        topic: "shipping-overseas",
        bot: true,
        lines: &[cust("香港 運費"), bot(BOT_ZH_OVERSEAS)],
    },
    Script {
        lang: ZH,
        topic: "shipping-overseas",
        bot: false,
        lines: &[
            cust("Hi 請問可以寄到馬來西亞嗎？我住吉隆坡"),
            agent("您好～可以的！寄馬來西亞運費 NT$420，大約 7–10 個工作天，關稅需要收件人自行負擔喔"),
            cust("好 那可以用信用卡付嗎"),
            agent("可以喔，海外訂單目前支援信用卡付款，結帳時選擇「海外配送」就可以了 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "account-login",
        bot: false,
        lines: &[
            cust("我登入一直說密碼錯誤 可是我確定沒打錯"),
            agent("您好，請問您之前是不是用 LINE 或 Facebook 快速登入的呢？"),
            cust("啊 好像是用 LINE 登入的"),
            cust("可以了 哈哈 謝謝"),
            agent("不客氣～祝您購物愉快 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "account-login",
        bot: false,
        lines: &[
            cust("請問註冊會員一直收不到簡訊驗證碼怎麼辦"),
            cust("已經按重新發送好幾次了"),
        ],
    },
    Script {
        lang: ZH,
        topic: "shipping-fee",
        bot: true,
        lines: &[
            cust("運費"),
            bot(BOT_ZH_SHIPPING),
            cust("退貨"),
            bot(BOT_ZH_RETURNS),
        ],
    },
    Script {
        lang: ZH,
        topic: "returns",
        bot: true,
        lines: &[
            cust("退貨"),
            bot(BOT_ZH_RETURNS),
            cust("TW2407-20533"),
        ],
    },
    Script {
        lang: ZH,
        topic: "store-hours",
        bot: false,
        lines: &[
            cust("營業時間"),
            bot(BOT_ZH_HOURS),
            cust("真人客服"),
            bot(BOT_ZH_HANDOVER),
            cust("我想問信義店今天有沒有開，聽說商場在整修？"),
            agent("您好～信義店今天正常營業喔，只是入口暫時改到商場 B1 側門，造成不便不好意思 🙏"),
            cust("好 謝謝"),
        ],
    },
    Script {
        lang: ZH,
        topic: "returns",
        bot: false,
        lines: &[
            cust("退貨"),
            bot(BOT_ZH_RETURNS),
            cust("我要找真人"),
            bot(BOT_ZH_HANDOVER),
            cust("我的退貨申請送出三天了都沒有人來收件，是怎樣？"),
        ],
    },
    Script {
        lang: ZH,
        topic: "membership",
        bot: false,
        lines: &[
            cust("請問會員要消費多少才能升級金卡？"),
            agent("您好～一年內累積消費滿 NT$12,000 就會自動升級金卡喔，金卡全年 9 折，還有生日禮金 NT$500"),
            cust("那我現在累積多少了？"),
            agent("我幫您查一下，請問會員手機末三碼是？"),
            cust("318"),
        ],
    },
    Script {
        lang: ZH,
        topic: "store-pickup",
        bot: false,
        lines: &[
            cust("我上週出差沒去 7-11 取貨 包裹被退回了 可以再寄一次嗎"),
            agent("您好，退回的包裹回到倉庫後可以幫您重新寄出，但需要再支付一次運費 NT$60 喔"),
            cust("好吧 那要怎麼付"),
            agent("我這邊傳付款連結給您，付款完成後 1–2 天內會重新寄出 😊"),
        ],
    },
    Script {
        lang: ZH,
        topic: "stock-check",
        bot: false,
        lines: &[
            cust("請問高雄巨蛋店有這雙鞋嗎"),
            cust("[圖片]"),
            cust("米白色 24.5"),
            agent("您好～我幫您問一下門市喔，請稍等"),
            note("已傳訊息問巨蛋店店長，等回覆中"),
            agent("門市剛剛回覆還有一雙喔！可以幫您保留到明天晚上打烊，到店報名字就可以了"),
            cust("太好了 謝謝🙏🙏"),
        ],
    },
    // ------------------------------------------------------------------- en
    Script {
        lang: EN,
        topic: "order-status",
        bot: false,
        lines: &[
            cust("hi where is my order?? its been 5 days"),
            agent("Hi there! Sorry for the wait. Could you share your order number?"),
            cust("TW2406-19230"),
            agent("Thanks! It shipped yesterday with Black Cat home delivery and should arrive tomorrow afternoon."),
            cust("ok thx"),
        ],
    },
    Script {
        lang: EN,
        topic: "returns",
        bot: false,
        lines: &[
            cust("Hello, I'd like to return a linen shirt, it doesn't fit. Bought it last Wednesday"),
            agent("Hi! No problem, you're still within the 7-day return period. Is the tag still attached?"),
            cust("yes tags still on"),
            agent("Great, I've created a return for you. A courier will pick it up in 1-2 business days and the refund goes back to your card within 5-7 business days after we receive it."),
        ],
    },
    Script {
        lang: EN,
        topic: "store-hours",
        bot: true,
        lines: &[cust("hours"), bot(BOT_EN_HOURS)],
    },
    Script {
        lang: EN,
        topic: "shipping-fee",
        bot: true,
        lines: &[
            cust("shipping"),
            bot(BOT_EN_SHIPPING),
            cust("international"),
            bot(BOT_EN_INTERNATIONAL),
        ],
    },
    Script {
        lang: EN,
        topic: "returns",
        bot: true,
        lines: &[
            cust("return policy"),
            bot(BOT_EN_RETURNS),
            cust("TW2407-20885"),
        ],
    },
    Script {
        lang: EN,
        topic: "order-status",
        bot: true,
        lines: &[
            cust("track order"),
            bot("Please reply with your order number (e.g. TW2406-12345) and we'll send you the latest delivery status."),
            cust("TW2406-18120"),
            bot("Order TW2406-18120 shipped yesterday by home delivery. Current status: out for delivery 🚚"),
        ],
    },
    Script {
        lang: EN,
        topic: "shipping-overseas",
        bot: false,
        lines: &[
            cust("shipping"),
            bot(BOT_EN_SHIPPING),
            cust("talk to a person"),
            bot("Connecting you to an agent now — we usually reply within a few minutes during service hours (Mon–Fri 10:00–19:00)."),
            cust("I need to ship 3 items to Penang but checkout won't accept my postcode"),
        ],
    },
    Script {
        lang: EN,
        topic: "shipping-overseas",
        bot: false,
        lines: &[
            cust("Hi, do you ship to Hong Kong? How long does it take"),
            agent("Hi! Yes, we ship to HK, usually 5-7 business days. Shipping is NT$350, free over NT$3,000."),
            cust("great, can I pay in HKD?"),
            agent("Checkout is in NT$ only, but your card will convert it automatically. Your bank may add a small FX fee."),
        ],
    },
    Script {
        lang: EN,
        topic: "payment-failed",
        bot: false,
        lines: &[
            cust("my card keeps getting declined at checkout"),
            cust("tried 3 times, same error \"transaction failed\""),
            cust("[photo]"),
        ],
    },
    Script {
        lang: EN,
        topic: "wholesale",
        bot: false,
        lines: &[
            cust("Hello, I run a small gift shop in Kuala Lumpur. Do you offer wholesale pricing for your candles and diffusers?"),
            agent("Hi, thanks for reaching out! Yes, wholesale pricing starts from 50 units. Which products and roughly how many?"),
            cust("Around 100 candles mixed scents + 40 diffusers"),
            note("Wholesale lead from MY, forwarded to B2B team for a quote"),
            agent("Thanks! Our B2B team will email you a quote within 2 business days. Could you leave your email here?"),
        ],
    },
    Script {
        lang: EN,
        topic: "fitting-appointment",
        bot: false,
        lines: &[
            cust("hi can I book a fitting at Xinyi store this saturday? for the wool coat"),
            agent("Sure! We have slots at 14:00, 15:30 and 17:00 on Saturday. Which works for you?"),
            cust("15:30 pls"),
            agent("Booked! Saturday 15:30 at Xinyi store, just give your name at the counter. See you then 😊"),
            cust("thank u!"),
        ],
    },
    Script {
        lang: EN,
        topic: "stock-check",
        bot: false,
        lines: &[
            cust("Is the oversized cotton tee in sage green available in L?"),
            cust("website says sold out but maybe the stores have it?"),
        ],
    },
    Script {
        lang: EN,
        topic: "coupon",
        bot: false,
        lines: &[
            cust("the WELCOME10 code isnt working?? it says invalid"),
            agent("Hi! Sorry about that. WELCOME10 is for first orders only — is this your first order with us?"),
            cust("yes! just made my account today"),
            agent("I checked and your email was linked to an older guest order, that's why. I've sent a new 10% code to your inbox, valid for 7 days."),
            cust("got it, works now. thanks!"),
        ],
    },
    Script {
        lang: EN,
        topic: "damaged-item",
        bot: false,
        lines: &[
            cust("The vase arrived broken. Really disappointed, it was supposed to be a gift"),
            cust("[photo]"),
            agent("I'm so sorry about this! We'll send a replacement right away at no cost, and the courier will collect the broken one."),
            note("Escalated to logistics, ticket #4523"),
            agent("The replacement ships tomorrow, I'll send you the tracking number as soon as it's out."),
        ],
    },
    Script {
        lang: EN,
        topic: "address-change",
        bot: false,
        lines: &[
            cust("hey I just placed an order but used my old address, can u change it? TW2407-21455"),
            agent("Hi! It hasn't shipped yet so we can update it. What's the new address?"),
            cust("I already updated it in my account, can you use that one?"),
            agent("Done, the order will go to the address in your account now. It ships tomorrow!"),
        ],
    },
    Script {
        lang: EN,
        topic: "account-login",
        bot: false,
        lines: &[
            cust("can't log in, it says email not found but I def have an account"),
            agent("Hi! Did you maybe sign up with LINE or Facebook login?"),
            cust("hmm maybe facebook?"),
            cust("ok that worked lol"),
            agent("Great! Let us know if you need anything else."),
        ],
    },
    Script {
        lang: EN,
        topic: "warranty-repair",
        bot: false,
        lines: &[
            cust("Hi, the coffee grinder I bought in March stopped working. Is it under warranty?"),
            agent("Hi! Yes, grinders have a 1-year warranty. You can drop it at any of our stores, or we can arrange a pickup."),
            cust("pickup please, Im not in Taipei"),
            note("Repair ticket RP-0715-011 created, waiting for customer's pickup time"),
        ],
    },
    Script {
        lang: EN,
        topic: "invoice-tax-id",
        bot: false,
        lines: &[
            cust("Hi, I need an invoice with my company tax ID for order TW2406-16604"),
            agent("Hi! Sure, please send the 8-digit tax ID (統編) and we'll reissue the e-invoice."),
            cust("just added it in the order note"),
        ],
    },
    Script {
        lang: EN,
        topic: "gift-wrapping",
        bot: false,
        lines: &[
            cust("do u do gift wrapping?"),
            agent("Yes! Basic wrapping is free and a gift box is NT$80. Tick \"gift wrap\" at checkout, and you can add a handwritten card for NT$30."),
            cust("nice, can you leave the price tag out of the package?"),
        ],
    },
    Script {
        lang: EN,
        topic: "member-points",
        bot: false,
        lines: &[
            cust("Hi I bought some stuff at the Taichung store yesterday but my points didn't show up"),
            agent("Hi! Points from store purchases can take up to 3 days to appear. Could you send a photo of the receipt so I can check?"),
            cust("[photo]"),
        ],
    },
];

/// Common Taiwanese family names.
pub static ZH_FAMILY_NAMES: &[&str] = &[
    "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "洪", "郭", "邱",
    "曾", "廖", "賴", "徐", "周", "葉", "蘇", "莊", "呂", "江", "何", "蕭", "羅", "高", "潘", "簡",
    "朱", "鍾", "游", "彭", "詹", "胡", "施", "沈", "余", "盧", "梁", "趙", "顏", "柯", "翁", "魏",
    "孫", "戴",
];

/// Two-character given names, mixed gender.
pub static ZH_GIVEN_NAMES: &[&str] = &[
    "怡君", "家豪", "雅婷", "志明", "淑芬", "俊傑", "佳穎", "冠宇", "宜蓁", "承翰", "欣怡", "建宏",
    "詩涵", "宗翰", "雅雯", "彥廷", "佩珊", "柏翰", "筱涵", "家瑋", "郁婷", "哲瑋", "思妤", "冠廷",
    "惠雯", "育誠", "婉婷", "文彬", "靜宜", "明哲", "心怡", "俊宏", "美玲", "子軒", "品妤", "信宏",
    "芷涵", "宇翔", "雅惠", "志偉", "舒婷", "佳蓉", "嘉偉", "玉婷", "家銘", "曉雯", "建志", "宜庭",
    "俊豪", "珮瑜", "柏宇", "語彤", "冠霖", "淑惠", "偉倫", "詠晴", "承恩", "雨萱", "宏志", "若瑜",
    "振宇", "亭妤", "書豪", "晏如", "秀娟", "國華",
];

/// English first names, Western and those common in TW/HK/SEA.
pub static EN_FIRST_NAMES: &[&str] = &[
    "Kelly",
    "Jason",
    "Wei Ling",
    "Amy",
    "Kevin",
    "Vivian",
    "Eric",
    "Grace",
    "Daniel",
    "Jessica",
    "Alan",
    "Joyce",
    "Vincent",
    "Cindy",
    "Ryan",
    "Tiffany",
    "Andy",
    "Peggy",
    "Sam",
    "Irene",
    "Ken",
    "Winnie",
    "Jack",
    "Angela",
    "Leo",
    "Stella",
    "Ivan",
    "Michelle",
    "Tony",
    "Sharon",
    "Derek",
    "Fiona",
    "Jimmy",
    "Crystal",
    "Alex",
    "Rachel",
    "Ben",
    "Hui Min",
    "Mei Ling",
    "Jun Wei",
    "Siew Ling",
    "Ahmad",
    "Nurul",
    "Minh Anh",
    "Linh",
    "Sarah",
    "Emily",
    "David",
    "Michael",
    "Chloe",
    "Olivia",
    "James",
    "Hannah",
    "Marcus",
    "Bonnie",
    "Calvin",
    "Zoe",
];

/// Last names, Western and those common in TW/HK/SEA.
pub static EN_LAST_NAMES: &[&str] = &[
    "Chan", "Wong", "Lim", "Tan", "Smith", "Nguyen", "Lee", "Ng", "Cheung", "Leung", "Ho", "Lau",
    "Yip", "Chong", "Teo", "Goh", "Ong", "Koh", "Chua", "Low", "Yeo", "Lai", "Tsai", "Chen", "Lin",
    "Huang", "Wu", "Liu", "Hsu", "Cheng", "Johnson", "Brown", "Tran", "Pham", "Le", "Garcia",
    "Miller", "Wilson", "Taylor", "Anderson", "Rahman", "Santos", "Reyes", "Kim", "Park",
];

/// Workspace customer tags as (zh-TW name, English name).
pub static TAGS: &[(&str, &str)] = &[
    ("VIP", "VIP"),
    ("回購客", "Returning"),
    ("退貨處理中", "Return in progress"),
    ("批發詢價", "Wholesale"),
    ("會員", "Member"),
    ("金卡會員", "Gold member"),
    ("潛在客戶", "Lead"),
    ("客訴", "Complaint"),
    ("海外訂單", "Overseas"),
    ("門市常客", "In-store regular"),
    ("企業採購", "Corporate"),
    ("保固維修", "Warranty repair"),
    ("公司發票", "Company invoice"),
    ("英文客戶", "English speaker"),
    ("生日當月", "Birthday month"),
];

/// Short agent notes about customers, mixed zh-TW and English.
pub static CUSTOMER_NOTES: &[&str] = &[
    "偏好下午聯絡",
    "Prefers English; ordered twice in 2025",
    "信義店常客",
    "常買亞麻系列，尺寸 M",
    "上次包裹破損已補寄，態度很好",
    "需要開公司發票，統編在會員資料",
    "金卡會員，生日在 11 月",
    "偏好 7-11 取貨（永和中正店）",
    "曾詢問批發，咖啡廳老闆",
    "不要在晚上 9 點後傳訊息",
    "對香氛過敏，推薦無香款",
    "Ships to Hong Kong, pays by credit card",
    "VIP — always offer gift wrapping",
    "Asked about wholesale for a gift shop in KL",
    "Returned a coat last month (size issue)",
    "Prefers LINE over phone calls",
    "Usually shops at Taichung store on weekends",
    "Complained about late delivery in June; gave NT$100 coupon",
    "婚禮小物詢價，預計 9 月需要 80 份",
    "習慣用街口支付",
    "上週退貨中，等黑貓收件",
    "住台南，常去西門店",
    "送禮用，不要附價格單",
    "磨豆機保固送修中 RP-0712-008",
    "Reply in Traditional Chinese is fine, but English preferred",
    "Interested in the autumn collection pre-order",
    "Size S tops, 24.5 shoes",
    "Corporate buyer, needs quotes in PDF",
    "高雄巨蛋店試穿過西裝外套，考慮中",
    "Lives in Penang, asks about shipping often",
    "會員點數常常忘記累積，結帳提醒報手機",
    "Prefers afternoon pickups for returns",
    "喜歡燕麥色、米白色系",
];

/// Public webmail domains for fake demo customer e-mail addresses.
pub static EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com.tw",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "msa.hinet.net",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn count_lang(lang: &str) -> usize {
        SCRIPTS.iter().filter(|s| s.lang == lang).count()
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
    }

    #[test]
    fn script_counts() {
        assert!(SCRIPTS.len() >= 45, "only {} scripts", SCRIPTS.len());
        let zh = count_lang("zh-TW");
        let en = count_lang("en");
        assert_eq!(zh + en, SCRIPTS.len());
        // Roughly 60% zh-TW, 40% English.
        assert!(zh * 100 >= SCRIPTS.len() * 50, "too few zh-TW: {zh}");
        assert!(en * 100 >= SCRIPTS.len() * 30, "too few en: {en}");
        assert!(SCRIPTS.iter().filter(|s| s.bot).count() >= 8);
        assert!(SCRIPTS.iter().filter(|s| s.ends_with_customer()).count() >= 10);
    }

    #[test]
    fn script_langs_and_topics() {
        for s in SCRIPTS {
            assert!(s.lang == "zh-TW" || s.lang == "en", "bad lang {}", s.lang);
            assert!(
                !s.topic.is_empty() && s.topic.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "bad topic {:?}",
                s.topic
            );
        }
    }

    #[test]
    fn script_shapes() {
        for s in SCRIPTS {
            assert!(
                (2..=9).contains(&s.lines.len()),
                "{}: {} lines",
                s.topic,
                s.lines.len()
            );
        }
        let starts_with_customer = SCRIPTS
            .iter()
            .filter(|s| s.lines[0].who == Who::Customer)
            .count();
        assert!(starts_with_customer * 2 > SCRIPTS.len());
        assert!(SCRIPTS
            .iter()
            .any(|s| s.lines.iter().any(|l| l.who == Who::Note)));
        assert!(SCRIPTS.iter().any(|s| {
            s.lines
                .iter()
                .any(|l| l.who == Who::Customer && l.text.starts_with('['))
        }));
    }

    #[test]
    fn bot_rules() {
        let mut handovers = 0;
        for s in SCRIPTS {
            let last_bot = s.lines.iter().rposition(|l| l.who == Who::Bot);
            if s.bot {
                assert!(
                    last_bot.is_some(),
                    "{}: bot script without Bot line",
                    s.topic
                );
                assert!(
                    s.lines.iter().all(|l| l.who != Who::Agent),
                    "{}: bot script with Agent line",
                    s.topic
                );
            } else if let Some(i) = last_bot {
                assert!(
                    s.lines[i + 1..].iter().any(|l| l.who == Who::Customer),
                    "{}: no Customer line after last Bot line",
                    s.topic
                );
                handovers += 1;
            }
        }
        assert!(handovers >= 3, "only {handovers} hand-over scripts");
    }

    #[test]
    fn texts_valid() {
        for s in SCRIPTS {
            for l in s.lines {
                assert!(!l.text.trim().is_empty(), "{}: empty line", s.topic);
                assert!(
                    l.text.chars().count() <= 300,
                    "{}: line too long: {}",
                    s.topic,
                    l.text
                );
            }
            if s.lang == "zh-TW" {
                assert!(
                    s.lines.iter().any(|l| l.text.chars().any(is_cjk)),
                    "{}: zh-TW script without CJK",
                    s.topic
                );
            }
        }
        let all_texts = ZH_FAMILY_NAMES
            .iter()
            .chain(ZH_GIVEN_NAMES)
            .chain(EN_FIRST_NAMES)
            .chain(EN_LAST_NAMES)
            .chain(CUSTOMER_NOTES)
            .chain(EMAIL_DOMAINS);
        for t in all_texts {
            assert!(!t.trim().is_empty());
            assert!(t.chars().count() <= 300);
        }
    }

    #[test]
    fn name_lists() {
        assert!(ZH_FAMILY_NAMES.len() >= 40);
        assert!(ZH_GIVEN_NAMES.len() >= 60);
        assert!(EN_FIRST_NAMES.len() >= 50);
        assert!(EN_LAST_NAMES.len() >= 40);
        assert!(ZH_FAMILY_NAMES.iter().all(|n| n.chars().all(is_cjk)));
        assert!(ZH_GIVEN_NAMES
            .iter()
            .all(|n| n.chars().count() == 2 && n.chars().all(is_cjk)));
        for list in [
            ZH_FAMILY_NAMES,
            ZH_GIVEN_NAMES,
            EN_FIRST_NAMES,
            EN_LAST_NAMES,
        ] {
            let set: HashSet<_> = list.iter().collect();
            assert_eq!(set.len(), list.len(), "duplicate name");
        }
    }

    #[test]
    fn tags_notes_domains() {
        assert!((12..=16).contains(&TAGS.len()));
        let zh: HashSet<_> = TAGS.iter().map(|t| t.0).collect();
        let en: HashSet<_> = TAGS.iter().map(|t| t.1).collect();
        assert_eq!(zh.len(), TAGS.len(), "duplicate zh-TW tag name");
        assert_eq!(en.len(), TAGS.len(), "duplicate English tag name");
        assert!(TAGS
            .iter()
            .all(|(z, e)| !z.trim().is_empty() && !e.trim().is_empty()));
        assert!(CUSTOMER_NOTES.len() >= 30);
        assert!(CUSTOMER_NOTES.iter().any(|n| n.chars().any(is_cjk)));
        assert!(CUSTOMER_NOTES.iter().any(|n| !n.chars().any(is_cjk)));
        assert!(!EMAIL_DOMAINS.is_empty());
        assert!(EMAIL_DOMAINS
            .iter()
            .all(|d| d.contains('.') && !d.contains('@') && !d.contains(' ')));
    }

    #[test]
    fn helpers() {
        let s = &SCRIPTS[1];
        assert_eq!(s.last_who(), Some(Who::Customer));
        assert!(s.ends_with_customer());
        assert!(!s.has_bot_line());
        assert!(SCRIPTS.iter().filter(|s| s.bot).all(Script::has_bot_line));
    }
}
