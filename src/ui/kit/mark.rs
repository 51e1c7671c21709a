//! A text with some of its characters marked (what a search matched), as `<mark>` elements.

use leptos::prelude::*;

/// The look of a marked part: readable on white.
const MARK: &str = "rounded-sm bg-amber-100 px-px font-medium text-slate-900";

/// The parts of `text` in order, each with whether it is marked. `marks` are `[start, end)` in
/// characters, in any order; overlapping or out-of-range ones are clamped and merged.
pub fn segments(text: &str, marks: &[(u32, u32)]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut on = vec![false; chars.len()];
    for &(start, end) in marks {
        let end = (end as usize).min(chars.len());
        for flag in on.iter_mut().take(end).skip(start as usize) {
            *flag = true;
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (c, marked) in chars.into_iter().zip(on) {
        match out.last_mut() {
            Some((part, m)) if *m == marked => part.push(c),
            _ => out.push((c.to_string(), marked)),
        }
    }
    out
}

/// `text` with its `marks` highlighted.
#[component]
pub fn Highlighted(text: String, marks: Vec<(u32, u32)>) -> impl IntoView {
    segments(&text, &marks)
        .into_iter()
        .map(|(part, marked)| {
            if marked {
                view! { <mark class=MARK>{part}</mark> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn marks_are_character_ranges() {
        let parts = segments("我要退貨 refund", &[(2, 4), (5, 11)]);
        assert_eq!(
            parts,
            vec![
                ("我要".to_owned(), false),
                ("退貨".to_owned(), true),
                (" ".to_owned(), false),
                ("refund".to_owned(), true),
            ]
        );
        assert_eq!(
            segments("abc", &[(1, 99), (0, 1)]),
            vec![("abc".to_owned(), true)]
        );
        assert_eq!(segments("abc", &[]), vec![("abc".to_owned(), false)]);
        assert!(segments("", &[(0, 3)]).is_empty());
    }
}
