//! Page-wide state. `guard::SignedIn` provides it once for a signed-in page, so any component
//! can read who is signed in, the language, the clock and the refresh counter without taking
//! them as props or importing the page that made them.

use crate::api::session::set_lang;
use crate::domain::{Lang, Millis};
use crate::i18n::short_time;
use crate::wire::{Me, PageSession};
use leptos::prelude::*;

/// The clock times are printed with: the workspace's UTC offset and `now`, which starts as the
/// server's time of the render (so the server and hydration print the same) and then ticks in
/// the browser.
#[derive(Clone, Copy)]
pub struct Clock {
    pub now: RwSignal<Millis>,
    pub utc_offset_minutes: i64,
}

impl Clock {
    pub fn new(now: Millis, utc_offset_minutes: i64) -> Self {
        Clock {
            now: RwSignal::new(now),
            utc_offset_minutes,
        }
    }

    /// The current time (tracked: a view reading it updates as the clock ticks).
    pub fn now(self) -> Millis {
        self.now.get()
    }

    /// A message time as lists print it ("14:05", "昨天", "3/18").
    pub fn short(self, lang: Lang, at: Millis) -> String {
        short_time(lang, at, self.now.get(), self.utc_offset_minutes)
    }
}

/// Bumped after a change, so lists, counts and the open conversation reload.
#[derive(Clone, Copy)]
pub struct Refresh(RwSignal<u32>);

impl Refresh {
    pub fn new() -> Self {
        Refresh(RwSignal::new(0))
    }

    /// The counter (tracked).
    pub fn get(self) -> u32 {
        self.0.get()
    }

    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

impl Default for Refresh {
    fn default() -> Self {
        Refresh::new()
    }
}

/// The session a signed-in page was last shown with, kept by the app (above the router) so
/// moving between signed-in pages does not wait for the session again. Only the browser keeps
/// it; the login page and signing out forget it.
#[derive(Clone, Copy)]
pub struct SessionCache(StoredValue<Option<(PageSession, Millis)>>);

impl SessionCache {
    pub fn new() -> Self {
        SessionCache(StoredValue::new(None))
    }

    /// The kept session, its clock moved on by the time since it was kept.
    pub fn get(self) -> Option<PageSession> {
        self.0.get_value().map(|(mut s, kept_at)| {
            s.now += browser_now() - kept_at;
            s
        })
    }

    pub fn remember(self, session: PageSession) {
        if cfg!(feature = "hydrate") {
            self.0.set_value(Some((session, browser_now())));
        }
    }

    pub fn forget(self) {
        self.0.set_value(None);
    }

    fn set_lang(self, lang: Lang) {
        self.0.update_value(|kept| {
            if let Some((s, _)) = kept {
                s.lang = lang;
                if let Some(me) = &mut s.me {
                    me.lang = lang;
                }
            }
        });
    }
}

impl Default for SessionCache {
    fn default() -> Self {
        SessionCache::new()
    }
}

/// The browser's clock (0 on the server).
pub fn browser_now() -> Millis {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as Millis
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// Forgets the cached session (the login page, signing out).
pub fn forget_session() {
    if let Some(cache) = use_context::<SessionCache>() {
        cache.forget();
    }
}

/// Provides the page-wide state of a signed-in page.
pub fn provide(me: Me, lang: RwSignal<Lang>, clock: Clock, refresh: Refresh) {
    provide_context(me);
    provide_context(lang);
    provide_context(clock);
    provide_context(refresh);
}

/// The current UI language (the page's signal; a fixed default outside any page).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// The signed-in member (`None` outside a signed-in page).
pub fn use_me() -> Option<Me> {
    use_context::<Me>()
}

pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(|| Clock::new(0, 0))
}

pub fn use_refresh() -> Refresh {
    use_context::<Refresh>().unwrap_or_default()
}

/// A function that switches the UI language: at once on the page, then remembered on the
/// server (for the member, or in a cookie before signing in).
pub fn lang_switcher() -> impl Fn(Lang) + Copy + Send + Sync + 'static {
    let lang = use_lang();
    let cache = use_context::<SessionCache>();
    move |l: Lang| {
        lang.set(l);
        if let Some(cache) = cache {
            cache.set_lang(l);
        }
        leptos::task::spawn_local(async move {
            let _ = set_lang(l.as_str().to_owned()).await;
        });
    }
}
