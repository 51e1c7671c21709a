//! The inbox's keyboard in the browser: one listener on the window reads each key press with
//! `domain::shortcuts` and does what the shortcut stands for. Shortcuts of the open
//! conversation press the pane's own buttons (`data-shortcut`), so a key does exactly what the
//! button does and nothing a disabled or absent button would not; inside a dialog only the
//! dialog's keys count.

#[cfg(feature = "hydrate")]
use crate::domain::shortcuts::Shortcut;
use leptos::prelude::*;

/// The composer's textarea.
pub const COMPOSER_ID: &str = "composer";

/// Listens for the page's life; `help` opens the list of shortcuts.
pub fn listen(help: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::shortcuts::{shortcut, Press};
        use leptos::web_sys::HtmlElement;
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let target = ev.target().and_then(|t| t.dyn_into::<HtmlElement>().ok());
            let typing = target.as_ref().is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.is_content_editable()
            });
            let in_dialog = target
                .as_ref()
                .is_some_and(|el| el.closest("[aria-modal=true]").ok().flatten().is_some());
            if in_dialog || ev.default_prevented() {
                return;
            }
            let (key, code) = (ev.key(), ev.code());
            let press = Press {
                key: &key,
                code: &code,
                alt: ev.alt_key(),
                ctrl: ev.ctrl_key(),
                meta: ev.meta_key(),
                shift: ev.shift_key(),
                typing,
                composing: ev.is_composing(),
            };
            let Some(s) = shortcut(&press) else {
                return;
            };
            let done = match s {
                Shortcut::Help => {
                    help.set(true);
                    true
                }
                Shortcut::Search => focus_select(super::search::BOX_ID),
                Shortcut::Select => target.is_some_and(|el| select_row(&el)),
                Shortcut::Next => step(1),
                Shortcut::Previous => step(-1),
                Shortcut::Reply => focus_select(COMPOSER_ID),
                _ => press_button(s),
            };
            if done {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = help;
}

/// The list's row links, in order.
#[cfg(feature = "hydrate")]
fn rows() -> Vec<leptos::web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = document().query_selector_all("[data-row-link]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

/// Where the open conversation's row is in `rows`.
#[cfg(feature = "hydrate")]
fn current(rows: &[leptos::web_sys::HtmlElement]) -> Option<usize> {
    rows.iter()
        .position(|r| r.get_attribute("aria-current").as_deref() == Some("page"))
}

/// Opens the conversation `by` rows from the open one (the first row when none is open).
#[cfg(feature = "hydrate")]
fn step(by: isize) -> bool {
    let rows = rows();
    let to = match current(&rows) {
        Some(i) => i.checked_add_signed(by).filter(|&j| j < rows.len()),
        None => (!rows.is_empty()).then_some(0),
    };
    match to.and_then(|j| rows.get(j)) {
        Some(row) => {
            row.click();
            true
        }
        None => false,
    }
}

/// The address of the conversation to open after the open one leaves the list: the next row,
/// or the previous one when it is the last.
pub fn next_after_open() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let rows = rows();
        let i = current(&rows)?;
        rows.get(i + 1)
            .or_else(|| i.checked_sub(1).and_then(|j| rows.get(j)))
            .and_then(|r| r.get_attribute("href"))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Presses the pane's button for `s`, if it is there and enabled.
#[cfg(feature = "hydrate")]
fn press_button(s: Shortcut) -> bool {
    use wasm_bindgen::JsCast;
    let found = document()
        .query_selector(&format!("[data-shortcut=\"{}\"]:not([disabled])", s.slug()))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    match found {
        Some(button) => {
            button.click();
            true
        }
        None => false,
    }
}

/// Focuses the field `id` and selects what it holds (the composer: the caret at its end).
#[cfg(feature = "hydrate")]
fn focus_select(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(el) = document().get_element_by_id(id) else {
        return false;
    };
    if let Ok(area) = el
        .clone()
        .dyn_into::<leptos::web_sys::HtmlTextAreaElement>()
    {
        let _ = area.focus();
        let end = area.value().len() as u32;
        let _ = area.set_selection_range(end, end);
        return true;
    }
    match el.dyn_into::<leptos::web_sys::HtmlInputElement>() {
        Ok(input) => {
            let _ = input.focus();
            input.select();
            true
        }
        Err(_) => false,
    }
}

/// `x` on a row's link ticks the row's selector.
#[cfg(feature = "hydrate")]
fn select_row(el: &leptos::web_sys::HtmlElement) -> bool {
    use wasm_bindgen::JsCast;
    if !el.has_attribute("data-row-link") {
        return false;
    }
    let selector = el
        .closest("li")
        .ok()
        .flatten()
        .and_then(|li| li.query_selector("input[type=checkbox]").ok().flatten())
        .and_then(|c| c.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    match selector {
        Some(c) => {
            c.click();
            true
        }
        None => false,
    }
}

/// Moves the focus to the composer when conversation `id` opens on a wide screen (on a phone
/// it would pull up the on-screen keyboard over the thread), once the browser has drawn it,
/// unless a dialog has the focus. Once per opening: a pane drawn again by a live change leaves
/// the focus be.
pub fn focus_composer_on_open(id: crate::domain::ConversationId) {
    #[cfg(feature = "hydrate")]
    {
        thread_local! {
            static OPENED: std::cell::Cell<Option<crate::domain::ConversationId>> = const { std::cell::Cell::new(None) };
        }
        if OPENED.with(|o| o.replace(Some(id))) == Some(id) {
            return;
        }
        request_animation_frame(|| {
            let wide = window()
                .match_media("(min-width: 1024px)")
                .ok()
                .flatten()
                .is_some_and(|m| m.matches());
            let in_dialog = document()
                .active_element()
                .is_some_and(|e| e.closest("[aria-modal=true]").ok().flatten().is_some());
            if wide && !in_dialog {
                focus_select(COMPOSER_ID);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
