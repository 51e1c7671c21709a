//! The words of the search box, its filter panel and its results (issue 13).
//!
//! The keys join the one [`Key`](super::Key) table: `keys!` in `i18n.rs` hands its table to
//! [`search_keys!`], which appends these and hands the whole on, so `t`, `Key::ALL` and the
//! test that every key has both languages cover them too.

use super::{t, Key};
use crate::domain::search::Field;
use crate::domain::Lang;

/// Appends the search keys to a `Key => ("zh-TW", "English"),` table and passes it to `$then`.
macro_rules! search_keys {
    ($then:ident; $($table:tt)*) => {
        $then! {
            $($table)*
            SearchBoxLabel => ("搜尋對話", "Search conversations"),
            SearchPlaceholder => ("例如：退貨、name:王、0912-345-678", "e.g. refund, name:Wang, 0912-345-678"),
            SearchShortcutHint => ("按 / 即可搜尋", "Press / to search"),
            SearchClear => ("清除搜尋，回到列表", "Clear the search and go back to the list"),
            SearchFilters => ("篩選", "Filters"),
            SearchFiltersTitle => ("搜尋條件", "Search filters"),
            SearchFiltersClose => ("關閉搜尋條件", "Close the search filters"),
            SearchFieldsTitle => ("指定欄位", "Search one field"),
            SearchFieldsHint => (
                "點一下即可加入搜尋框，接著輸入要找的內容，例如 name:王。用 \"引號\" 搜尋完整詞組。",
                "Click one to add it to the search box, then type what to find, e.g. name:Wang. Put \"quotes\" around a phrase.",
            ),
            SearchFieldName => ("姓名", "Name"),
            SearchFieldPhone => ("電話", "Phone"),
            SearchFieldEmail => ("電子郵件", "Email"),
            SearchFieldNote => ("顧客備註", "Customer note"),
            SearchFieldMessage => ("訊息", "Message"),
            SearchTags => ("標籤（須全部符合）", "Tags (all must match)"),
            SearchStatuses => ("狀態", "Status"),
            SearchChannel => ("頻道", "Channel"),
            SearchAnyChannel => ("全部頻道", "All channels"),
            SearchByMember => ("負責成員", "Handled by"),
            SearchRoles => ("角色", "Roles"),
            SearchRegion => ("地區", "Region"),
            SearchAnyRegion => ("全部地區", "Any region"),
            SearchBranch => ("分店", "Branch"),
            SearchAnyBranch => ("全部分店", "Any branch"),
            SearchMember => ("成員", "Member"),
            SearchAnyMember => ("全部成員", "Any member"),
            SearchWithCollaborations => ("也包含他們協作的對話", "Also conversations they collaborate on"),
            SearchDates => ("最後活動日期", "Last activity"),
            SearchFrom => ("從", "From"),
            SearchTo => ("到", "To"),
            SearchApply => ("套用", "Apply"),
            SearchClearFilters => ("清除條件", "Clear filters"),
            SearchResults => ("搜尋結果", "Search results"),
            SearchSearching => ("搜尋中…", "Searching…"),
            SearchLeave => ("返回列表", "Back to the list"),
            SearchNoMatch => ("找不到符合的對話", "No conversations match"),
            SearchNoMatchHint => ("試試其他關鍵字，或減少篩選條件。", "Try other words, or fewer filters."),
            SearchNothingAsked => (
                "輸入關鍵字或選擇篩選條件後開始搜尋。",
                "Type something or pick a filter to search.",
            ),
            SearchInView => ("所在列表", "Listed in"),
            SearchFoundIn => ("符合內容", "Matched in"),
            ExcerptMessage => ("訊息", "Message"),
            ExcerptReply => ("我方回覆", "Our reply"),
            ExcerptNote => ("內部備註", "Internal note"),
            ExcerptName => ("姓名", "Name"),
            ExcerptPhone => ("電話", "Phone"),
            ExcerptEmail => ("電子郵件", "Email"),
            ExcerptCustomerNote => ("顧客備註", "Customer note"),
            ExcerptTag => ("標籤", "Tag"),
        }
    };
}

/// The name of a field chip, as the filter panel lists it.
pub fn field_key(field: Field) -> Key {
    match field {
        Field::Name => Key::SearchFieldName,
        Field::Phone => Key::SearchFieldPhone,
        Field::Email => Key::SearchFieldEmail,
        Field::Note => Key::SearchFieldNote,
        Field::Message => Key::SearchFieldMessage,
    }
}

/// A field chip's button: "姓名 name:".
pub fn field_chip(lang: Lang, field: Field) -> String {
    format!("{} {}:", t(lang, field_key(field)), field.as_str())
}

/// The filter button, with how many filters are on: "篩選（2）" / "Filters (2)".
pub fn filters_label(lang: Lang, on: usize) -> String {
    let word = t(lang, Key::SearchFilters);
    match (lang, on) {
        (_, 0) => word.to_owned(),
        (Lang::ZhTw, n) => format!("{word}（{n}）"),
        (Lang::En, n) => format!("{word} ({n})"),
    }
}

/// Where an excerpt was found, before its text: "「訊息」" / "Message:".
pub fn found_in(lang: Lang, source: Key) -> String {
    match lang {
        Lang::ZhTw => format!("「{}」", t(lang, source)),
        Lang::En => format!("{}:", t(lang, source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_and_counts_in_both_languages() {
        assert_eq!(field_chip(Lang::ZhTw, Field::Name), "姓名 name:");
        assert_eq!(field_chip(Lang::En, Field::Phone), "Phone phone:");
        assert_eq!(filters_label(Lang::ZhTw, 0), "篩選");
        assert_eq!(filters_label(Lang::ZhTw, 2), "篩選（2）");
        assert_eq!(filters_label(Lang::En, 3), "Filters (3)");
        assert_eq!(found_in(Lang::ZhTw, Key::ExcerptMessage), "「訊息」");
        assert_eq!(found_in(Lang::En, Key::ExcerptNote), "Internal note:");
    }
}
