//! The one modal dialog: a backdrop, a panel named by its heading, Escape and × to close, Tab
//! kept inside, the focus given back to what opened it as it closes; a body and footer to fill.

use crate::i18n::{t, Key};
use crate::ui::kit::browser::{focus, focus_back_later, focus_into, trap_tab};
use crate::ui::kit::phone::touch_icon;
use crate::ui::kit::{Button, ErrorNotice, Tone};
use crate::ui::page::use_lang;
use crate::wire::AppError;
use leptos::prelude::*;

#[component]
pub fn Dialog(
    /// The heading's element id (it names the dialog).
    title_id: &'static str,
    #[prop(into)] title: Signal<String>,
    /// A line under the heading.
    #[prop(optional, into)]
    hint: Signal<Option<String>>,
    on_close: Callback<()>,
    /// Shows a × button in the header.
    #[prop(optional)]
    closable: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    focus_back_later();
    // The dialog takes the focus (its panel, when what opened it focused nothing inside).
    let panel_id = format!("{title_id}-panel");
    let panel = panel_id.clone();
    Effect::new(move |_| focus_into(&panel));
    view! {
        <div class="fixed inset-0 z-40 grid place-items-center bg-slate-900/40 p-4"
            on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) } else { trap_tab(&ev) }>
            <div role="dialog" aria-modal="true" aria-labelledby=title_id id=panel_id tabindex="-1"
                class="flex max-h-[85vh] max-lg:max-h-[85dvh] w-full max-w-md flex-col rounded-2xl bg-white shadow-xl ring-1 ring-slate-200 focus:outline-none">
                <header class="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-3">
                    <div class="min-w-0">
                        <h2 id=title_id class="text-base font-semibold">{move || title.get()}</h2>
                        {move || hint.get().map(|h| view! { <p class="text-xs text-slate-500">{h}</p> })}
                    </div>
                    {closable.then(|| view! {
                        <button type="button" class=concat!("-mr-1.5 shrink-0 rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 ", touch_icon!())
                            aria-label=move || t(lang.get(), Key::CloseDialog) on:click=move |_| on_close.run(())>
                            <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                        </button>
                    })}
                </header>
                {children()}
            </div>
        </div>
    }
}

/// The scrolling middle of a dialog.
#[component]
pub fn DialogBody(children: Children) -> impl IntoView {
    view! { <div class="min-h-0 flex-1 overflow-y-auto px-5 py-4 text-sm">{children()}</div> }
}

/// The buttons at the bottom of a dialog, right-aligned.
#[component]
pub fn DialogFooter(children: Children) -> impl IntoView {
    view! { <footer class="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">{children()}</footer> }
}

/// What a confirmation does, boxed so the dialog is built once for every caller.
type Run = std::sync::Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>
        + Send
        + Sync,
>;

/// Asks before doing something (deleting, reactivating): the question, Cancel (focused, so
/// Enter does not confirm by accident) and the confirming button. `run` does it; done, the
/// dialog calls `on_done`; refused, it stays open with the reason.
#[component]
pub fn ConfirmDialog<F, Fut>(
    title_id: &'static str,
    #[prop(into)] title: String,
    #[prop(optional, into)] hint: Option<String>,
    /// The confirming button's words and look.
    #[prop(into)]
    confirm: String,
    tone: Tone,
    run: F,
    on_close: Callback<()>,
    on_done: Callback<()>,
    children: Children,
) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    let run: Run = std::sync::Arc::new(move || Box::pin(run()));
    let words = Words {
        title_id,
        title,
        hint,
        confirm,
        tone,
    };
    confirm_dialog(words, run, on_close, on_done, children)
}

/// A confirmation's words.
struct Words {
    title_id: &'static str,
    title: String,
    hint: Option<String>,
    confirm: String,
    tone: Tone,
}

fn confirm_dialog(
    w: Words,
    run: Run,
    on_close: Callback<()>,
    on_done: Callback<()>,
    children: Children,
) -> AnyView {
    let lang = use_lang().get_untracked();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let go = move |_| {
        busy.set(true);
        error.set(None);
        let run = run.clone();
        leptos::task::spawn_local(async move {
            match run().await {
                Ok(()) => on_done.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus(CONFIRM_CANCEL));
    let Words {
        title_id,
        title,
        hint,
        confirm,
        tone,
    } = w;
    view! {
        <Dialog title_id title hint on_close closable=true>
            <DialogBody>
                {children()}
                {move || error.get().map(|error| view! { <ErrorNotice error class="mt-3" /> })}
            </DialogBody>
            <DialogFooter>
                <Button id=CONFIRM_CANCEL on_click=move |_| on_close.run(())>{t(lang, Key::Cancel)}</Button>
                <Button tone disabled=busy on_click=go>{confirm}</Button>
            </DialogFooter>
        </Dialog>
    }
    .into_any()
}

/// The Cancel button of the confirmation open (one at a time).
const CONFIRM_CANCEL: &str = "confirm-cancel";
