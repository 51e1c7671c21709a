//! The blacklist page (admins and supervisors): blacklisted customers, and lifting a block.

use crate::api::batch::{blacklist, lift_block};
use crate::domain::Lang;
use crate::i18n::{short_time, t, Key};
use crate::ui::avatar::MemberAvatar;
use crate::ui::guard::SignedIn;
use crate::ui::list::Clock;
use crate::wire::PageSession;
use crate::wire::{BlockedCustomer, Me};
use leptos::prelude::*;

#[component]
pub fn BlacklistPage() -> impl IntoView {
    view! {
        <SignedIn page=|me, s: PageSession| {
            view! { <Blacklist me lang=s.lang clock=Clock { now: s.now, utc_offset_minutes: s.utc_offset_minutes } /> }
        } />
    }
}

#[component]
fn Blacklist(me: Me, lang: Lang, clock: Clock) -> impl IntoView {
    let lang = RwSignal::new(lang);
    provide_context(lang);
    provide_context(me);
    let tr = move |k| t(lang.get(), k);
    let reload = RwSignal::new(0);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let rows = Resource::new(move || reload.get(), |_| blacklist());
    let error = RwSignal::new(None::<String>);
    let lift = move |id| {
        leptos::task::spawn_local(async move {
            match lift_block(id).await {
                Ok(()) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let row = move |c: BlockedCustomer| {
        let id = c.id;
        let by = c.blocked_by.clone().unwrap_or_default();
        let name = c.name.clone();
        view! {
            <tr>
                <td class="px-4 py-3">
                    <span class="flex items-center gap-3">
                        <MemberAvatar id name=c.name.clone() />
                        <span class="font-medium">{c.name.clone()}</span>
                    </span>
                </td>
                <td class="px-4 py-3 text-slate-600 tabular-nums">{move || short_time(lang.get(), c.blocked_at, clock.now, clock.utc_offset_minutes)}</td>
                <td class="px-4 py-3 text-slate-600">{by}</td>
                <td class="px-4 py-3">
                    {c.unsubscribed.then(|| view! { <span class="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{move || tr(Key::Unsubscribed)}</span> })}
                </td>
                <td class="px-4 py-3 text-right">
                    <button type="button" on:click=move |_| lift(id) aria-label=move || format!("{} {name}", tr(Key::LiftBlock))
                        class="rounded-md px-2.5 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50">
                        {move || tr(Key::LiftBlock)}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <crate::ui::DocumentLang />
        <main class="mx-auto max-w-4xl px-6 py-10">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">{move || format!("← {}", tr(Key::BackToInbox))}</a>
            <h1 class="mt-4 text-2xl font-semibold">{move || tr(Key::Blacklist)}</h1>
            <p class="mt-1 max-w-2xl text-sm text-slate-500">{move || tr(Key::BlacklistHint)}</p>
            {move || error.get().map(|e| view! { <p role="alert" class="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700">{e}</p> })}
            <section class="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || tr(Key::Loading)}</p> }>
                    {move || rows.get().map(|r| match r {
                        Err(e) => view! { <p role="alert" class="p-6 text-sm text-red-700">{e.message().to_owned()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="p-6 text-sm text-slate-500">{move || tr(Key::NoBlacklisted)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="w-full text-left text-sm">
                                <thead class="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                                    <tr>
                                        <th scope="col" class="px-4 py-2 font-semibold">{move || tr(Key::Customer)}</th>
                                        <th scope="col" class="px-4 py-2 font-semibold">{move || tr(Key::BlockedAt)}</th>
                                        <th scope="col" class="px-4 py-2 font-semibold">{move || tr(Key::BlockedBy)}</th>
                                        <th scope="col" class="px-4 py-2"><span class="sr-only">{move || tr(Key::Unsubscribed)}</span></th>
                                        <th scope="col" class="px-4 py-2"><span class="sr-only">{move || tr(Key::LiftBlock)}</span></th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-100">{list.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </main>
    }
}
