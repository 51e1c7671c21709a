//! Messages to the member: errors and warnings (`role="alert"`), confirmations (`role="status"`),
//! and the wording of an error in the member's language.

use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::page::use_lang;
use crate::wire::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NoticeTone {
    #[default]
    Error,
    Warning,
    Success,
    Info,
}

/// What to tell the member about `error`. The server words its refusals in the member's
/// language; a request that never reached it (offline, server down) says so, never the
/// browser's own text.
pub fn error_text(lang: Lang, error: &AppError) -> String {
    match error {
        AppError::Transport(_) => t(lang, Key::ServerUnreachable).to_owned(),
        other => other.message().to_owned(),
    }
}

/// A message in a box; `plain` for a line of text without the box (inside dialogs and forms).
#[component]
pub fn Notice(
    #[prop(optional)] tone: NoticeTone,
    #[prop(optional)] plain: bool,
    /// Extra classes for placement (margins).
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let look = match (tone, plain) {
        (NoticeTone::Error, false) => {
            "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
        }
        (NoticeTone::Warning, false) => {
            "rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
        }
        (NoticeTone::Success, false) => {
            "rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
        }
        (NoticeTone::Info, false) => {
            "rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200"
        }
        (NoticeTone::Error, true) => "text-sm text-red-700",
        (NoticeTone::Warning, true) => "text-sm text-amber-800",
        (NoticeTone::Success, true) => "text-sm text-emerald-700",
        (NoticeTone::Info, true) => "text-sm text-slate-500",
    };
    let role = match tone {
        NoticeTone::Error | NoticeTone::Warning => "alert",
        NoticeTone::Success | NoticeTone::Info => "status",
    };
    view! { <p role=role class=format!("{look} {class}")>{children()}</p> }
}

/// An error as a notice, worded in the member's language (see [`error_text`]).
#[component]
pub fn ErrorNotice(
    error: AppError,
    /// `Warning` for a refusal that is news rather than a failure (someone changed it first).
    #[prop(optional)]
    tone: NoticeTone,
    #[prop(optional)] plain: bool,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! { <Notice tone plain class>{move || error_text(lang.get(), &error)}</Notice> }
}
