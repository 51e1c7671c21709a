//! Buttons: one look per purpose and a few sizes (each at least 44 px square on a phone). The handler and the accessible name are
//! props, not attributes added from outside: a component's view is erased (`AnyView`), and
//! attributes added to it are not brought up to date when a re-render reuses its element, so a
//! click would run the handler of an earlier render (with, say, an old version).

use leptos::prelude::*;

/// What a button is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tone {
    /// The main action of a place (Follow up, Confirm, Save).
    Primary,
    /// Everything else, outlined.
    #[default]
    Secondary,
    /// Cannot be undone (Delete, Blacklist confirmations).
    Danger,
    /// Outlined, naming something that cannot be undone (Delete, Blacklist in the batch bar).
    DangerOutline,
    /// Writing an internal note.
    Note,
    /// A text-only button (Load more, Cancel in tight places).
    Quiet,
    /// Outlined in the accent colour, for small inline actions (Lift block, + Add).
    Accent,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Size {
    /// Chips and inline actions.
    Xs,
    /// Bars and dialogs.
    #[default]
    Sm,
    /// Full-page forms.
    Md,
}

/// The class of a button of `tone` and `size`.
pub fn button_class(tone: Tone, size: Size) -> String {
    let size = match size {
        Size::Xs => "rounded-md px-2.5 py-1 text-xs",
        Size::Sm => "rounded-lg px-3 py-1.5 text-sm",
        Size::Md => "rounded-lg px-4 py-2.5 text-base",
    };
    let tone = match tone {
        Tone::Primary => "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500",
        Tone::Secondary => "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50",
        Tone::Danger => "bg-red-600 text-white shadow-sm hover:bg-red-500",
        Tone::DangerOutline => "bg-white text-red-700 ring-1 ring-slate-300 hover:bg-red-50",
        Tone::Note => "bg-amber-600 text-white shadow-sm hover:bg-amber-500",
        Tone::Quiet => "text-indigo-600 hover:bg-indigo-50",
        Tone::Accent => "bg-white text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50",
    };
    let touch = super::phone::TOUCH;
    format!("inline-flex shrink-0 items-center justify-center gap-1.5 whitespace-nowrap font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:cursor-not-allowed disabled:opacity-50 {size} {tone} {touch}")
}

#[component]
pub fn Button(
    #[prop(optional)] tone: Tone,
    #[prop(optional)] size: Size,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// A form's submit button (otherwise `type="button"`).
    #[prop(optional)]
    submit: bool,
    /// Fills the width of its container.
    #[prop(optional)]
    wide: bool,
    #[prop(optional, into)] on_click: Option<Callback<leptos::ev::MouseEvent>>,
    /// An accessible name other than the text (e.g. naming the row the button acts on).
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    #[prop(optional)] autofocus: bool,
    /// The element id (for a label or to give the focus back).
    #[prop(optional)]
    id: Option<&'static str>,
    /// A disclosure button: whether what it shows is open (`aria-expanded`), and its id
    /// (`aria-controls`).
    #[prop(optional, into)]
    expanded: Option<Signal<bool>>,
    #[prop(optional)] controls: Option<&'static str>,
    /// The keyboard shortcut that presses it (`data-shortcut`, `aria-keyshortcuts`).
    #[prop(default = None)]
    shortcut: Option<crate::domain::shortcuts::Shortcut>,
    children: Children,
) -> impl IntoView {
    let class = button_class(tone, size);
    let class = if wide {
        format!("{class} w-full")
    } else {
        class
    };
    view! {
        <button type=if submit { "submit" } else { "button" } class=class disabled=disabled
            autofocus=autofocus aria-label=move || label.map(|l| l.get()) id=id
            aria-expanded=move || expanded.map(|e| e.get().to_string()) aria-controls=controls
            data-shortcut=shortcut.map(|s| s.slug()) aria-keyshortcuts=shortcut.map(|s| s.keys())
            title=shortcut.map(|s| s.keys())
            on:click=move |ev| if let Some(f) = on_click { f.run(ev) }>
            {children()}
        </button>
    }
}
