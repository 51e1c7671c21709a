//! The notification bell of the navigation: the unread count, and a panel with the latest
//! notifications ("陳志明 transferred 3 conversations to you") linking to the conversations.

use crate::api::team::{my_notifications, read_notifications};
use crate::domain::NotificationId;
use crate::i18n::{notification_line, t, Key};
use crate::ui::kit::phone::{touch, touch_icon};
use crate::ui::kit::{ErrorNotice, Notice, NoticeTone};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::NavSummary;
use crate::wire::{Notification, View};
use leptos::prelude::*;

#[component]
pub fn NotificationBell(nav: Resource<Result<NavSummary, crate::wire::AppError>>) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let open = RwSignal::new(false);
    let unread = move || {
        nav.get()
            .and_then(Result::ok)
            .map_or(0, |n| n.unread_notifications)
    };
    let list = Resource::new(
        move || open.get(),
        |open| async move {
            if open {
                my_notifications().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let mark_read = move |up_to: NotificationId| {
        leptos::task::spawn_local(async move {
            if read_notifications(up_to).await.is_ok() {
                nav.refetch();
            }
        });
    };
    view! {
        <div class="relative">
            // The count comes from `nav`, read under the sidebar's one Transition.
            <button type="button" on:click=move |_| open.update(|o| *o = !*o)
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{} ({})", tr(Key::Notifications), unread())
                class=concat!("relative rounded-md p-1.5 text-slate-300 hover:bg-white/10 hover:text-white ", touch_icon!())>
                <svg viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
                    <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 20a2 2 0 0 0 4 0" stroke-linejoin="round" />
                </svg>
                <Show when=move || { unread() > 0 }>
                    <span class="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-500 px-1 text-center text-[10px] font-semibold leading-4 text-white tabular-nums" aria-hidden="true">{unread}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <section role="dialog" aria-label=move || tr(Key::Notifications)
                    class="absolute left-0 top-9 z-30 w-80 rounded-xl bg-white text-slate-900 shadow-xl ring-1 ring-slate-200 max-lg:fixed max-lg:inset-x-2 max-lg:top-16 max-lg:w-auto">
                    <header class="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
                        <h2 class="text-sm font-semibold">{move || tr(Key::Notifications)}</h2>
                        <button type="button" class=concat!("text-xs text-slate-500 hover:text-slate-800 ", touch!()) on:click=move |_| open.set(false)>{move || tr(Key::CloseDialog)}</button>
                    </header>
                    <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true class="p-4">{move || tr(Key::Loading)}</Notice> }>
                        {move || list.get().map(|r| match r {
                            Err(error) => view! { <ErrorNotice error plain=true class="p-4" /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Ok(Some(n)) if n.items.is_empty() => view! { <Notice tone=NoticeTone::Info plain=true class="p-4">{move || tr(Key::NoNotifications)}</Notice> }.into_any(),
                            Ok(Some(n)) => {
                                if let Some(newest) = n.items.first().filter(|_| n.unread > 0) {
                                    mark_read(newest.id);
                                }
                                view! {
                                    <ul role="list" class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
                                        {n.items.into_iter().map(|item| view! { <Item item on_open=Callback::new(move |_| open.set(false)) /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        })}
                    </Transition>
                </section>
            </Show>
        </div>
    }
}

#[component]
fn Item(item: Notification, on_open: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let Notification {
        kind,
        by_name,
        count,
        conversations,
        customer,
        note,
        created_at,
        read,
        ..
    } = item;
    // Transferred and collaborative conversations are in the member's Mine.
    let href = match conversations.as_slice() {
        [one] => format!("/inbox/{}/{one}", View::MineOpen.slug()),
        _ => format!("/inbox/{}", View::MineOpen.slug()),
    };
    view! {
        <li class="px-4 py-3" class:bg-indigo-50=!read>
            <a href=href on:click=move |_| on_open.run(()) class="block text-sm hover:underline">
                {move || notification_line(lang.get(), kind, &by_name, count, customer.as_deref())}
            </a>
            {note.map(|n| view! {
                <p class="mt-1 line-clamp-3 whitespace-pre-wrap border-l-2 border-amber-400 pl-2 text-sm text-slate-700" data-handover="">{n}</p>
            })}
            <time class="mt-0.5 block text-xs text-slate-500">{move || clock.short(lang.get(), created_at)}</time>
        </li>
    }
}
