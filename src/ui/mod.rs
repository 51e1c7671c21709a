//! Components, compiled into both builds. They show data and call server functions; they never
//! name `crate::server`, and every string comes from `crate::i18n`.

pub mod account;
pub mod avatar;
pub mod batch;
pub mod blacklist;
pub mod collaborators;
pub mod draft;
pub mod guard;
pub mod inbox;
pub mod list;
pub mod login;
pub mod nav;
pub mod not_found;
pub mod notifications;
pub mod pane;
pub mod profile;
pub mod set_password;
pub mod transfer;

use crate::domain::Lang;
use leptos::prelude::*;

/// The current UI language, provided by each page.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// Sets `<html lang>` to the page's language (`zh-TW` or `en`), on the server render and as the
/// member switches, so screen readers, fonts and the browser's translation offer follow it.
#[component]
pub fn DocumentLang() -> impl IntoView {
    let lang = use_lang();
    view! { <leptos_meta::Html {..} lang=move || lang.get().as_str() /> }
}
