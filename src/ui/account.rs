//! The member's account page: change the password.

use crate::api::account::ChangePassword;
use crate::domain::Lang;
use crate::i18n::{role_name, t, Key};
use crate::ui::avatar::MemberAvatar;
use crate::ui::guard::SignedIn;
use crate::wire::Me;
use crate::wire::PageSession;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <SignedIn page=|me, s: PageSession| view! { <Account me lang=s.lang /> } /> }
}

const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

#[component]
fn Account(me: Me, lang: Lang) -> impl IntoView {
    let lang = RwSignal::new(lang);
    provide_context(lang);
    let tr = move |k| t(lang.get(), k);
    let change = ServerAction::<ChangePassword>::new();
    let pending = change.pending();
    let outcome = move || change.value().get();
    let field = move |id: &'static str,
                      name: &'static str,
                      key: Key,
                      autocomplete: &'static str| {
        view! {
            <div>
                <label for=id class="block text-sm font-medium text-slate-700">{move || tr(key)}</label>
                <input id=id name=name type="password" autocomplete=autocomplete required class=INPUT />
            </div>
        }
    };
    let role = me.role;
    view! {
        <crate::ui::DocumentLang />
        <main class="mx-auto max-w-xl px-6 py-10">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">{move || format!("← {}", tr(Key::BackToInbox))}</a>
            <h1 class="mt-4 text-2xl font-semibold">{move || tr(Key::AccountSettings)}</h1>
            <div class="mt-6 flex items-center gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <MemberAvatar id=me.member_id name=me.name.clone() />
                <div>
                    <p class="font-medium">{me.name.clone()}</p>
                    <p class="text-sm text-slate-500">{me.email.clone()} " · " {move || role_name(lang.get(), role)}</p>
                </div>
            </div>
            <section class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-labelledby="pw-title">
                <h2 id="pw-title" class="text-lg font-semibold">{move || tr(Key::ChangePassword)}</h2>
                <p class="mt-1 text-sm text-slate-500">{move || tr(Key::PasswordRules)}</p>
                <div class="mt-4">
                    <ActionForm action=change>
                        <div class="space-y-4">
                            {field("current", "current", Key::CurrentPassword, "current-password")}
                            {field("new", "new", Key::NewPassword, "new-password")}
                            {field("confirm", "confirm", Key::ConfirmPassword, "new-password")}
                            {move || outcome().map(|r| match r {
                                Ok(()) => Either::Left(view! { <p role="status" class="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200">{tr(Key::PasswordChanged)}</p> }),
                                Err(e) => Either::Right(view! { <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">{e.message().to_owned()}</p> }),
                            })}
                            <button type="submit" disabled=pending class="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
                                {move || if pending.get() { tr(Key::Saving) } else { tr(Key::ChangePassword) }}
                            </button>
                        </div>
                    </ActionForm>
                </div>
            </section>
        </main>
    }
}
