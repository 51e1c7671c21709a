//! Pages for signed-in members only.

use crate::api::session::session_info;
use crate::ui::page::{provide_signed_in, DocumentLang};
use crate::wire::PageSession;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Loads the session, provides the page-wide state (`crate::ui::page`) and renders `page` for
/// the signed-in member; anyone else goes to the login page (a real 302 on the server render, a
/// client-side redirect after hydration).
#[component]
pub fn SignedIn<F, V>(page: F) -> impl IntoView
where
    F: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let info = Resource::new(|| (), |_| session_info());
    // A bare `Suspend`, not a closure making one: the server may render a closure twice (to
    // find its reads, then for real) and the page, with its resources, would be made twice.
    // The session does not change while the page is open.
    view! {
        <Suspense>
            {Suspend::new(async move {
                match info.await {
                    Ok(session @ PageSession { me: Some(_), .. }) => {
                        provide_signed_in(&session);
                        Either::Left(view! { <DocumentLang /> {page()} })
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
