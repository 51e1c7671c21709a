//! The few things only a browser has: moving the focus, a random idempotency key, the page's
//! origin. On the server (rendering the first page) they do nothing.

/// Moves the focus to the element `id`: a dialog's first field as it opens, the field a
/// refusal is about.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves the focus into the element `id` (a dialog's panel) unless something inside it has the
/// focus already (a field its opener focused).
pub fn focus_into(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use wasm_bindgen::JsCast;
        let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let inside = document()
            .active_element()
            .is_some_and(|a| el.contains(Some(&a)));
        if !inside {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// A fresh idempotency key for one batch the member is about to confirm.
pub fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let r = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        format!("{:x}-{r:x}", js_sys::Date::now() as u64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The page's address before its path (`https://inbox.example`).
pub fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// What Tab can reach.
#[cfg(feature = "hydrate")]
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Whether a `focusout` takes the focus out of the element it is heard on (to another place
/// of the page, or to nothing: a click on the page's background), rather than within it.
pub fn focus_leaves(ev: &leptos::ev::FocusEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::{Element, Node};
        use wasm_bindgen::JsCast;
        let to = ev.related_target().and_then(|t| t.dyn_into::<Node>().ok());
        let here = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok());
        match (here, to) {
            (Some(here), Some(to)) => !here.contains(Some(&to)),
            _ => true,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Keeps Tab inside the element that handles `ev` (a modal dialog, the navigation drawer):
/// past its last control Tab goes to the first, Shift+Tab before the first to the last.
pub fn trap_tab(ev: &leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use leptos::web_sys::{Element, HtmlElement};
        use wasm_bindgen::JsCast;
        if ev.key() != "Tab" {
            return;
        }
        let Some(root) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        let Ok(list) = root.query_selector_all(FOCUSABLE) else {
            return;
        };
        let shown: Vec<HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
            .collect();
        let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
            ev.prevent_default();
            return;
        };
        let active = document().active_element();
        let is = |e: &HtmlElement| active.as_ref() == Some(e.unchecked_ref::<Element>());
        let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
        let to = if ev.shift_key() && (is(first) || !inside) {
            last
        } else if !ev.shift_key() && (is(last) || !inside) {
            first
        } else {
            return;
        };
        ev.prevent_default();
        let _ = to.focus();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Gives the focus back, when this view goes, to what had it as the view came (the button
/// that opened a dialog), if it is still on the page.
pub fn focus_back_later() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        use leptos::web_sys::HtmlElement;
        use wasm_bindgen::JsCast;
        let opener = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let opener = StoredValue::new_local(opener);
        on_cleanup(move || {
            opener.try_with_value(|e| {
                if let Some(e) = e.as_ref().filter(|e| e.is_connected()) {
                    let _ = e.focus();
                }
            });
        });
    }
}

/// Where a textarea's caret is, as a byte offset into its text (the browser counts UTF-16
/// units); the end when it has none.
pub fn caret(area: &leptos::web_sys::HtmlTextAreaElement, text: &str) -> usize {
    let Some(at) = area.selection_start().ok().flatten() else {
        return text.len();
    };
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= at as usize {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Replaces the bytes `range` of a textarea's text with `with`, puts the caret after it and
/// the focus in it; answers the new text.
pub fn replace_text(
    area: &leptos::web_sys::HtmlTextAreaElement,
    range: std::ops::Range<usize>,
    with: &str,
) -> String {
    let mut text = area.value();
    let end = range.start + with.len();
    text.replace_range(range, with);
    let caret = text[..end].encode_utf16().count() as u32;
    area.set_value(&text);
    let _ = area.focus();
    let _ = area.set_selection_range(caret, caret);
    text
}

/// Posts a file's bytes to an upload route (`api::upload`, `api::picture`), its name
/// percent-encoded in `X-File-Name`. The answer's body, or on failure the server's refusal
/// (already in the member's language), `None` when the server could not be reached.
#[cfg(feature = "hydrate")]
pub async fn post_file(url: &str, file: &web_sys::File) -> Result<String, Option<String>> {
    use crate::wire::AppError;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let headers = web_sys::Headers::new().map_err(|_| None)?;
    headers.set("x-file-name", &name).map_err(|_| None)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(file);
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(None)?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| None)?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| None)?;
    let text = match answer.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    };
    if answer.ok() {
        return Ok(text.unwrap_or_default());
    }
    Err(text.and_then(|t| {
        serde_json::from_str::<AppError>(&t)
            .ok()
            .map(|e| e.message().to_owned())
    }))
}
