//! The sign-in page.

use crate::api::session::{session_info, set_lang, Login};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::{Button, LangSwitch, Notice, Size, Tone};
use crate::ui::page::DocumentLang;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn LoginPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| session_info());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(i) if i.me.is_some() => {
                        #[cfg(feature = "ssr")]
                        leptos_axum::redirect("/inbox/pending-human");
                        Either::Left(view! { <Redirect path="/inbox/pending-human" /> })
                    }
                    Ok(i) => Either::Right(view! { <LoginForm initial=i.lang demo=i.demo /> }),
                    Err(_) => Either::Right(view! { <LoginForm initial=Lang::default() demo=false /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm(initial: Lang, demo: bool) -> impl IntoView {
    let lang = RwSignal::new(initial);
    provide_context(lang);
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    let error = move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.message().to_owned())
    };
    let tr = move |k| t(lang.get(), k);
    let switch = move |l: Lang| {
        lang.set(l);
        leptos::task::spawn_local(async move {
            let _ = set_lang(l.as_str().to_owned()).await;
        });
    };
    view! {
        <DocumentLang />
        <div class="min-h-screen flex bg-white">
            <aside class="hidden lg:flex w-[44%] flex-col justify-between bg-gradient-to-br from-indigo-700 via-indigo-600 to-sky-500 p-12 text-white">
                <div class="flex items-center gap-3 text-lg font-semibold">
                    <span class="grid h-10 w-10 place-items-center rounded-xl bg-white/15 ring-1 ring-white/30" aria-hidden="true">
                        <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
                    </span>
                    {move || tr(Key::AppName)}
                </div>
                <div>
                    <p class="text-3xl font-semibold leading-snug max-w-md">{move || tr(Key::Tagline)}</p>
                    <ul class="mt-8 flex gap-3 text-sm" aria-hidden="true">
                        <li class="rounded-full bg-white/15 px-3 py-1">"LINE"</li>
                        <li class="rounded-full bg-white/15 px-3 py-1">"Messenger"</li>
                        <li class="rounded-full bg-white/15 px-3 py-1">"WhatsApp"</li>
                        <li class="rounded-full bg-white/15 px-3 py-1">"Instagram"</li>
                        <li class="rounded-full bg-white/15 px-3 py-1">"Web chat"</li>
                    </ul>
                </div>
                <p class="text-sm text-white/70">"© Omni Inbox"</p>
            </aside>
            <main class="flex flex-1 flex-col">
                <div class="flex justify-end p-6">
                    <LangSwitch on_pick=switch />
                </div>
                <div class="flex flex-1 items-center justify-center px-6 pb-24">
                    <div class="w-full max-w-sm">
                        <h1 class="text-2xl font-semibold tracking-tight">{move || tr(Key::SignInTitle)}</h1>
                        <p class="mt-1 text-slate-500">{move || tr(Key::SignInSubtitle)}</p>
                        <div class="mt-8">
                            <ActionForm action=login>
                                <div class="space-y-5">
                                    <div>
                                        <label for="email" class=LABEL>{move || tr(Key::Email)}</label>
                                        <input id="email" name="email" type="email" autocomplete="username" required class=INPUT />
                                    </div>
                                    <div>
                                        <label for="password" class=LABEL>{move || tr(Key::Password)}</label>
                                        <input id="password" name="password" type="password" autocomplete="current-password" required class=INPUT />
                                    </div>
                                    <Show when=move || error().is_some()>
                                        <Notice>{error}</Notice>
                                    </Show>
                                    <Button submit=true wide=true tone=Tone::Primary size=Size::Md disabled=pending>
                                        {move || if pending.get() { tr(Key::SigningIn) } else { tr(Key::SignIn) }}
                                    </Button>
                                </div>
                            </ActionForm>
                        </div>
                        <Show when=move || demo>
                            <p class="mt-8 text-center text-xs text-slate-500">{move || tr(Key::DemoLogins)}</p>
                        </Show>
                    </div>
                </div>
            </main>
        </div>
    }
}
