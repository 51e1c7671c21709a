//! Pages for signed-in members only.

use crate::api::session::session_info;
use crate::i18n::html_lang;
use crate::ui::page::{self, Clock, Refresh, SessionCache};
use crate::wire::{AppError, PageSession};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Html;
use leptos_router::components::Redirect;

/// Loads the session, provides the page-wide state (`crate::ui::page`: the member, language,
/// clock, refresh counter) and renders `page`; anyone else goes to the login page (a real 302
/// on the server render, a client-side redirect after hydration). Sets `<html lang>` to the
/// member's language.
///
/// After the first signed-in page the session is kept (`SessionCache`), so moving to another
/// page renders at once instead of waiting for the session again.
#[component]
pub fn SignedIn<F, V>(page: F) -> impl IntoView
where
    F: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let cache = use_context::<SessionCache>();
    let cached = cache.and_then(SessionCache::get);
    // Made here, in the body, also when the cache answers: the server render and hydration
    // then make the same resources in the same order.
    let fetch = cached.is_none();
    let info = Resource::new(
        move || fetch,
        |fetch| async move {
            if fetch {
                session_info().await.map(Some)
            } else {
                Ok::<_, AppError>(None)
            }
        },
    );
    // A bare `Suspend`, not a closure making one: the server may render a closure twice (to
    // find its reads, then for real) and the page, with its resources, would be made twice.
    view! {
        <Suspense>
            {Suspend::new(async move {
                let session = match cached {
                    Some(s) => Some(s),
                    None => info.await.ok().flatten(),
                };
                match session {
                    Some(PageSession { me: Some(me), lang, now, utc_offset_minutes, .. }) => {
                        if let Some(cache) = cache {
                            cache.remember(PageSession { me: Some(me.clone()), lang, now, utc_offset_minutes, demo: false });
                        }
                        let lang = RwSignal::new(lang);
                        let clock = Clock::new(now, utc_offset_minutes);
                        page::provide(me, lang, clock, Refresh::new());
                        tick(clock);
                        Either::Left(view! {
                            <Html {..} lang=move || html_lang(lang.get()) />
                            {page()}
                        })
                    }
                    _ => {
                        #[cfg(feature = "ssr")]
                        leptos_axum::redirect("/login");
                        Either::Right(view! { <Redirect path="/login" /> })
                    }
                }
            })}
        </Suspense>
    }
}

/// Moves the clock on every 30 seconds in the browser, keeping the server's offset from the
/// browser's own clock, so waiting times and "today" stay true while the page is open.
fn tick(clock: Clock) {
    #[cfg(feature = "hydrate")]
    {
        use crate::ui::page::browser_now;
        let skew = clock.now.get_untracked() - browser_now();
        if let Ok(handle) = set_interval_with_handle(
            move || clock.now.set(browser_now() + skew),
            std::time::Duration::from_secs(30),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = clock;
}
