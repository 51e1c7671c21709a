//! Page-wide state. `guard::SignedIn` provides it once for a signed-in page, so any component
//! reads who is signed in, the language, the clock and the refresh counter without taking them
//! as props or importing the page that made them. Pages without a member (sign-in, set
//! password) provide only the language.

use crate::domain::{Lang, Millis};
use crate::i18n::{full_time, short_time};
use crate::wire::{Me, PageSession};
use leptos::prelude::*;

/// The clock times are printed with: the server's time of the render (so the server and
/// hydration print the same) and the workspace's UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: Millis,
    pub utc_offset_minutes: i64,
}

impl Clock {
    /// A time as lists print it ("14:05", "昨天", "3/18").
    pub fn short(self, lang: Lang, at: Millis) -> String {
        short_time(lang, at, self.now, self.utc_offset_minutes)
    }

    /// A time in full ("2026/11/23 18:05").
    pub fn full(self, at: Millis) -> String {
        full_time(at, self.utc_offset_minutes)
    }
}

/// Bumped after a change, so lists, counts and the open conversation reload.
#[derive(Clone, Copy)]
pub struct Refresh(RwSignal<u32>);

impl Refresh {
    /// The counter (tracked).
    pub fn get(self) -> u32 {
        self.0.get()
    }

    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

/// Provides the state of a signed-in page: the member, their language, the clock, a refresh
/// counter.
pub fn provide_signed_in(session: &PageSession) {
    let lang = RwSignal::new(session.lang);
    provide_context(lang);
    provide_context(Clock {
        now: session.now,
        utc_offset_minutes: session.utc_offset_minutes,
    });
    provide_context(Refresh(RwSignal::new(0)));
    crate::ui::live::provide_live(
        session.live_from,
        session.me.as_ref().is_some_and(|m| m.alerts),
        lang,
    );
    provide_context(SendOnEnter(RwSignal::new(
        session.me.as_ref().is_some_and(|m| m.send_on_enter),
    )));
    if let Some(me) = session.me.clone() {
        provide_context(me);
    }
}

/// Whether Enter sends from the composer (else Ctrl+Enter does): the member's choice, changed
/// from the composer and remembered by the server.
#[derive(Clone, Copy)]
pub struct SendOnEnter(pub RwSignal<bool>);

/// The member's send key (Ctrl+Enter outside a signed-in page).
pub fn use_send_on_enter() -> RwSignal<bool> {
    use_context::<SendOnEnter>().map_or_else(|| RwSignal::new(false), |s| s.0)
}

/// The server render answers with the status of the refusal a page shows (403 for a role
/// the page is not for), not 200. The browser has nothing to set.
pub fn answer_with(error: &crate::wire::AppError) {
    #[cfg(feature = "ssr")]
    if let (Some(resp), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        resp.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// The current UI language (the default outside a page that provides one).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// The signed-in member, on a signed-in page.
pub fn use_me() -> Option<Me> {
    use_context::<Me>()
}

/// The page's clock (the epoch in UTC outside a signed-in page).
pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or(Clock {
        now: 0,
        utc_offset_minutes: 0,
    })
}

/// The page's refresh counter.
pub fn use_refresh() -> Refresh {
    use_context::<Refresh>().unwrap_or_else(|| Refresh(RwSignal::new(0)))
}

/// Sets `<html lang>` to the page's language (`zh-TW` or `en`), on the server render and as the
/// member switches, so screen readers, fonts and the browser's translation offer follow it.
#[component]
pub fn DocumentLang() -> impl IntoView {
    let lang = use_lang();
    view! { <leptos_meta::Html {..} lang=move || lang.get().as_str() /> }
}
