//! The member's account page: their picture (or initials), and changing the password.

use crate::api::account::ChangePassword;
use crate::domain::initials::initials;
use crate::i18n::{role_name, t, Key};
use crate::ui::admin::picture::{PictureEditor, PictureKind};
use crate::ui::guard::SignedIn;
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::{Button, ErrorNotice, MemberAvatar, Notice, NoticeTone, Size, Tone};
use crate::ui::page::{use_lang, use_me};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Account /> } /> }
}

#[component]
fn Account() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = use_me() else {
        return ().into_any();
    };
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
                <label for=id class=LABEL>{move || tr(key)}</label>
                <input id=id name=name type="password" autocomplete=autocomplete required class=INPUT />
            </div>
        }
    };
    let role = me.role;
    let picture = RwSignal::new(me.avatar_url.clone());
    let mine = me.name.clone();
    let (me_id, me_name) = (me.member_id, me.name.clone());
    view! {
        <main class="mx-auto max-w-xl px-6 py-10">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">{move || format!("← {}", tr(Key::BackToInbox))}</a>
            <h1 class="mt-4 text-2xl font-semibold">{move || tr(Key::AccountSettings)}</h1>
            <div class="mt-6 flex items-center gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                {move || match picture.get() {
                    Some(src) => view! { <img src=src alt="" class="h-8 w-8 shrink-0 rounded-full object-cover" /> }.into_any(),
                    None => view! { <MemberAvatar id=me_id name=me_name.clone() /> }.into_any(),
                }}
                <div>
                    <p class="font-medium">{me.name.clone()}</p>
                    <p class="text-sm text-slate-500">{me.email.clone()} " · " {move || role_name(lang.get(), role)}</p>
                </div>
            </div>
            <section class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-labelledby="picture-title">
                <h2 id="picture-title" class="mb-4 text-lg font-semibold">{move || tr(Key::YourPicture)}</h2>
                <PictureEditor lang=lang.get_untracked() kind=PictureKind::Avatar url=picture alt=Key::YourPicture
                    fallback=move || view! { <span class="text-lg font-semibold text-slate-600" aria-hidden="true">{initials(&mine)}</span> } />
            </section>
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
                                Ok(()) => Either::Left(view! { <Notice tone=NoticeTone::Success>{tr(Key::PasswordChanged)}</Notice> }),
                                Err(e) => Either::Right(view! { <ErrorNotice error=e /> }),
                            })}
                            <Button submit=true tone=Tone::Primary size=Size::Md disabled=pending>
                                {move || if pending.get() { tr(Key::Saving) } else { tr(Key::ChangePassword) }}
                            </Button>
                        </div>
                    </ActionForm>
                </div>
            </section>
        </main>
    }
    .into_any()
}
