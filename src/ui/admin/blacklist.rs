//! The blacklist page (admins and supervisors): blacklisted customers, and lifting a block.

use crate::api::batch::{blacklist, lift_block};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::{
    Button, Chip, ChipTone, ErrorNotice, MemberAvatar, Notice, NoticeTone, Size, Tone,
};
use crate::ui::page::{answer_with, use_clock, use_lang};
use crate::wire::BlockedCustomer;
use leptos::prelude::*;

#[component]
pub fn BlacklistPage() -> impl IntoView {
    view! {
        <SignedIn page=|| view! { <Blacklist /> } />
    }
}

#[component]
fn Blacklist() -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
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
                <td class="px-4 py-3 text-slate-600 tabular-nums">{move || clock.short(lang.get(), c.blocked_at)}</td>
                <td class="px-4 py-3 text-slate-600">{by}</td>
                <td class="px-4 py-3">
                    {c.unsubscribed.then(|| view! { <Chip tone=ChipTone::Muted>{move || tr(Key::Unsubscribed)}</Chip> })}
                </td>
                <td class="px-4 py-3 text-right">
                    <Button tone=Tone::Accent size=Size::Xs on_click=move |_| lift(id) label=Signal::derive(move || format!("{} {name}", tr(Key::LiftBlock)))>
                        {move || tr(Key::LiftBlock)}
                    </Button>
                </td>
            </tr>
        }
    };
    view! {
        <main class="mx-auto max-w-4xl px-6 py-10">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">{move || format!("← {}", tr(Key::BackToInbox))}</a>
            <h1 class="mt-4 text-2xl font-semibold">{move || tr(Key::Blacklist)}</h1>
            <p class="mt-1 max-w-2xl text-sm text-slate-500">{move || tr(Key::BlacklistHint)}</p>
            {move || error.get().map(|e| view! { <Notice class="mt-4">{e}</Notice> })}
            <section class="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || tr(Key::Loading)}</p> }>
                    {move || rows.get().map(|r| match r {
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error plain=true class="p-6" /> }.into_any()
                        }
                        Ok(list) if list.is_empty() => view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{move || tr(Key::NoBlacklisted)}</Notice> }.into_any(),
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
