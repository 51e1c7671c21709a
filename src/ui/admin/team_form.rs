//! What the team pages (members, structure, tags, workspace) share: texts with a number or a
//! name filled in, a refusal shown under the field it names, the language names, and a fresh
//! idempotency key.

use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::Notice;
use crate::wire::AppError;
use leptos::prelude::*;

/// `key`'s text with `{n}` and `{name}` filled in.
pub fn fill(lang: Lang, key: Key, n: impl std::fmt::Display, name: &str) -> String {
    t(lang, key)
        .replace("{n}", &n.to_string())
        .replace("{name}", name)
}

/// The field a refusal names (none for a refusal about no field).
pub fn refused_field(e: &AppError) -> Option<&str> {
    match e {
        AppError::Invalid { field: Some(f), .. } if !f.is_empty() => Some(f),
        _ => None,
    }
}

/// The refusal in `error` about any of `fields`, shown under them.
pub fn refusal_under(
    error: RwSignal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| refused_field(e).is_some_and(|f| fields.contains(&f)))
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice plain=true class="mt-1">{m}</Notice> })
    }
}

/// A refusal about none of the form's fields (forbidden, changed meanwhile, the form as a
/// whole), as a notice.
pub fn refusal_elsewhere(
    error: RwSignal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| !refused_field(e).is_some_and(|f| fields.contains(&f)))
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice class="mt-3">{m}</Notice> })
    }
}

/// A language's name in itself (as the language switch writes it).
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "繁體中文",
        Lang::En => "English",
    }
}

/// A fresh idempotency key for one batch.
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

/// The page's address before its path (`https://inbox.example`), in the browser.
pub fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// Moves the focus to the element `id` (in the browser): a dialog's first field as it opens.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
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
