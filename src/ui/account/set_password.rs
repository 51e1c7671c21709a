//! The page a one-time link opens: choose a password (the first admin of a new workspace).

use crate::api::account::SetPasswordWithLink;
use crate::api::session::set_lang;
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::button::button_class;
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::{Button, ErrorNotice, LangSwitch, Notice, NoticeTone, Size, Tone};
use crate::ui::page::DocumentLang;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| crate::api::session::session_info());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let lang = info.await.map(|i| i.lang).unwrap_or_default();
                view! { <SetPasswordForm initial=lang /> }
            })}
        </Suspense>
    }
}

#[component]
fn SetPasswordForm(initial: Lang) -> impl IntoView {
    let lang = RwSignal::new(initial);
    provide_context(lang);
    let tr = move |k| t(lang.get(), k);
    let token = use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let set = ServerAction::<SetPasswordWithLink>::new();
    let pending = set.pending();
    let switch = move |l: Lang| {
        lang.set(l);
        leptos::task::spawn_local(async move {
            let _ = set_lang(l.as_str().to_owned()).await;
        });
    };
    let field = move |id: &'static str, key: Key| {
        view! {
            <div>
                <label for=id class=LABEL>{move || tr(key)}</label>
                <input id=id name=id type="password" autocomplete="new-password" required class=INPUT />
            </div>
        }
    };
    view! {
        <DocumentLang />
        <main class="min-h-screen bg-white">
            <div class="flex justify-end p-6"><LangSwitch on_pick=switch /></div>
            <div class="mx-auto w-full max-w-sm px-6 pb-24 pt-8">
                <h1 class="text-2xl font-semibold tracking-tight">{move || tr(Key::SetPasswordTitle)}</h1>
                <p class="mt-1 text-slate-500">{move || tr(Key::SetPasswordIntro)}</p>
                <p class="mt-1 text-sm text-slate-500">{move || tr(Key::PasswordRules)}</p>
                {move || match set.value().get() {
                    Some(Ok(())) => Either::Left(view! {
                        <div class="mt-8 space-y-4">
                            <Notice tone=NoticeTone::Success>{tr(Key::PasswordSet)}</Notice>
                            <a href="/login" class=button_class(Tone::Primary, Size::Md)>{tr(Key::GoToSignIn)}</a>
                        </div>
                    }),
                    outcome => {
                        let token = token.clone();
                        Either::Right(view! {
                        <div class="mt-8">
                            <ActionForm action=set>
                                <div class="space-y-5">
                                    <input type="hidden" name="token" value=token />
                                    {field("new", Key::NewPassword)}
                                    {field("confirm", Key::ConfirmPassword)}
                                    {outcome.and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                                    <Button submit=true wide=true tone=Tone::Primary size=Size::Md disabled=pending>
                                        {move || if pending.get() { tr(Key::Saving) } else { tr(Key::SetPassword) }}
                                    </Button>
                                </div>
                            </ActionForm>
                        </div>
                    })
                    }
                }}
            </div>
        </main>
    }
}
