//! The inbox on a narrow screen (below `lg`: phones, portrait tablets) is one column: a top bar
//! whose menu button opens the navigation as a drawer over the list. The focus moves into the
//! drawer as it opens and back to the menu button as it closes (Escape, the backdrop, its close
//! button, a view picked). From `lg` up the bar is not drawn and the navigation is the sidebar.

use crate::i18n::{t, Key};
use crate::ui::kit::phone::{BACKDROP, ICON_BUTTON, TOP_BAR};
use crate::ui::page::use_lang;
use leptos::prelude::*;

/// The menu button's id (the focus comes back to it).
pub const MENU_ID: &str = "inbox-menu";
/// The navigation's id (the menu button controls it).
pub const DRAWER_ID: &str = "inbox-drawer";
/// The drawer's close button's id (the focus moves to it as the drawer opens).
pub const CLOSE_ID: &str = "inbox-drawer-close";

/// Whether the navigation drawer is open; made once by the inbox page.
#[derive(Clone, Copy)]
pub struct Drawer(RwSignal<bool>);

impl Drawer {
    pub fn new() -> Drawer {
        let open = RwSignal::new(false);
        Effect::new(move |was: Option<bool>| {
            let now = open.get();
            if now {
                focus_soon(CLOSE_ID);
            } else if was == Some(true) {
                focus_soon(MENU_ID);
            }
            now
        });
        Drawer(open)
    }

    /// Whether it is open (tracked).
    pub fn is_open(self) -> bool {
        self.0.get()
    }

    /// Whether it is open now (in an event handler).
    pub fn is_open_now(self) -> bool {
        self.0.get_untracked()
    }

    pub fn open(self) {
        self.0.set(true);
    }

    pub fn close(self) {
        self.0.set(false);
    }
}

impl Default for Drawer {
    fn default() -> Self {
        Drawer::new()
    }
}

/// Focuses the element `id` once the browser has drawn the change that shows it.
pub fn focus_soon(id: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || crate::ui::kit::browser::focus(id));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Whether the element `id` is drawn now (not hidden by the layout of this screen's width).
pub fn drawn(id: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        document()
            .get_element_by_id(id)
            .is_some_and(|e| e.client_width() > 0)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        false
    }
}

/// The bar over the list on a narrow screen: the menu button and the app's name.
#[component]
pub fn TopBar(drawer: Drawer) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class=TOP_BAR>
            <button type="button" id=MENU_ID class=ICON_BUTTON aria-controls=DRAWER_ID
                aria-expanded=move || drawer.is_open().to_string()
                aria-label=move || t(lang.get(), Key::OpenMenu)
                on:click=move |_| drawer.open()>
                <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M4 7h16M4 12h16M4 17h16" stroke-linecap="round" /></svg>
            </button>
            <span class="grid h-7 w-7 shrink-0 place-items-center rounded-lg bg-indigo-500" aria-hidden="true">
                <svg viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="white" stroke-width="2"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
            </span>
            <p class="min-w-0 truncate text-base font-semibold">{move || t(lang.get(), Key::AppName)}</p>
        </div>
    }
}

/// Dims the page behind the open drawer; a tap on it closes the drawer.
#[component]
pub fn Backdrop(drawer: Drawer) -> impl IntoView {
    view! {
        <Show when=move || drawer.is_open()>
            <div class=BACKDROP aria-hidden="true" on:click=move |_| drawer.close()></div>
        </Show>
    }
}
