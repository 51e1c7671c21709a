//! Messages to the member: errors and warnings (`role="alert"`), confirmations and hints
//! (`role="status"`). Errors arrive worded in the member's language (`AppError::message`).

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

/// An error as a notice.
#[component]
pub fn ErrorNotice(
    error: AppError,
    /// `Warning` for a refusal that is news rather than a failure (someone changed it first).
    #[prop(optional)]
    tone: NoticeTone,
    #[prop(optional)] plain: bool,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! { <Notice tone plain class>{error.message().to_owned()}</Notice> }
}
