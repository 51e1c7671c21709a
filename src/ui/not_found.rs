use crate::i18n::{t, Key};
use crate::ui::page::{use_lang, DocumentLang};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <DocumentLang />
        <main class="min-h-screen grid place-items-center">
            <div class="text-center">
                <h1 class="text-2xl font-semibold">{move || t(lang.get(), Key::PageNotFound)}</h1>
                <a class="mt-4 inline-block text-indigo-600 hover:underline" href="/inbox/pending-human">
                    {move || t(lang.get(), Key::BackToInbox)}
                </a>
            </div>
        </main>
    }
}
