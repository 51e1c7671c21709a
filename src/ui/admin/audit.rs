//! The audit log `/audit` (issue 15; admins, supervisors): who changed what and when, newest
//! first, 50 at a time, by kind of object and by member; each change as "field: from → to"
//! (field, action and kind named in the member's language, values as stored).

use crate::api::team::team_members;
use crate::api::workspace::audit_log;
use crate::domain::team::audit::{Change, ObjectKind};
use crate::domain::{Lang, MemberId};
use crate::i18n::admin::{audit_action, audit_field, audit_kind};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::{Button, Chip, ErrorNotice, Notice, NoticeTone, Size};
use crate::ui::page::{answer_with, use_clock, use_lang};
use crate::wire::{AuditPage, AuditRow};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Audit /> } /> }
}

/// The filter a page of rows was loaded for.
type Asked = (Option<ObjectKind>, Option<MemberId>, u32);

#[component]
fn Audit() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let kind = RwSignal::new(None::<ObjectKind>);
    let actor = RwSignal::new(None::<MemberId>);
    let reload = RwSignal::new(0u32);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let first = Resource::new(
        move || (kind.get(), actor.get(), reload.get()),
        |(k, a, _)| audit_log(k, a, None),
    );
    let people = Resource::new(|| (), |_| team_members());
    let more = RwSignal::new(None::<(Asked, Vec<AuditRow>, Option<i64>)>);
    let error = RwSignal::new(None::<String>);
    let load_more = move |before: i64| {
        let asked = (
            kind.get_untracked(),
            actor.get_untracked(),
            reload.get_untracked(),
        );
        spawn_local(async move {
            match audit_log(asked.0, asked.1, Some(before)).await {
                Ok(page) => more.update(|m| {
                    let mut rows = match m.take() {
                        Some((a, rows, _)) if a == asked => rows,
                        _ => Vec::new(),
                    };
                    rows.extend(page.rows);
                    *m = Some((asked, rows, page.next));
                }),
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let table = move |page: AuditPage| {
        let asked = (
            kind.get_untracked(),
            actor.get_untracked(),
            reload.get_untracked(),
        );
        let (extra, next) = more.with(|m| match m {
            Some((a, rows, next)) if *a == asked => (rows.clone(), *next),
            _ => (Vec::new(), page.next),
        });
        let rows: Vec<AuditRow> = page.rows.into_iter().chain(extra).collect();
        if rows.is_empty() {
            return view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::NoAudit)}</Notice> }.into_any();
        }
        view! {
            <ol class="divide-y divide-slate-100" aria-label=tr(Key::AuditTitle)>
                {rows.into_iter().map(|row| view! { <Line lang row /> }).collect_view()}
            </ol>
            {next.map(|before| view! {
                <div class="border-t border-slate-100 p-3 text-center">
                    <Button size=Size::Sm on_click=move |_| load_more(before)>{tr(Key::LoadMore)}</Button>
                </div>
            })}
        }
        .into_any()
    };
    view! {
        <main class="mx-auto max-w-5xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <h1 class="mt-4 text-2xl font-semibold">{tr(Key::AuditTitle)}</h1>
            <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::AuditHint)}</p>
            {move || error.get().map(|e| view! { <Notice class="mt-4">{e}</Notice> })}
            <div class="mt-6 grid gap-3 sm:grid-cols-2 sm:max-w-xl">
                <div>
                    <label for="audit-kind" class=LABEL_SM>{tr(Key::AuditKind)}</label>
                    <select id="audit-kind" class=FIELD_SM on:change=move |ev| kind.set(ObjectKind::parse(&event_target_value(&ev)))>
                        <option value="">{tr(Key::AuditAnyKind)}</option>
                        {ObjectKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{audit_kind(lang, *k)}</option> }).collect_view()}
                    </select>
                </div>
                <Transition fallback=|| ()>
                    {move || people.get().map(|r| {
                        let list = r.unwrap_or_default();
                        view! {
                            <div>
                                <label for="audit-actor" class=LABEL_SM>{tr(Key::AuditActor)}</label>
                                <select id="audit-actor" class=FIELD_SM on:change=move |ev| actor.set(event_target_value(&ev).parse().ok().map(MemberId))>
                                    <option value="">{tr(Key::AuditAnyone)}</option>
                                    {list.into_iter().map(|m| {
                                        let id = m.id;
                                        view! { <option value=id.0.to_string() selected=move || actor.get() == Some(id)>{m.name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Transition>
            </div>
            <section class="mt-4 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                    {move || first.get().map(|r| match r {
                        Ok(page) => table(page),
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error plain=true class="p-6" /> }.into_any()
                        }
                    })}
                </Transition>
            </section>
        </main>
    }
}

/// A value as stored, or a dash where there was none.
fn value(v: Option<String>) -> String {
    v.filter(|v| !v.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
fn Line(lang: Lang, row: AuditRow) -> impl IntoView {
    let clock = use_clock();
    let who = if row.actor_name.is_empty() {
        t(lang, Key::AuditSystem).to_owned()
    } else {
        row.actor_name.clone()
    };
    let change = |c: Change| {
        view! {
            <li class="break-words">
                <span class="font-medium text-slate-700">{audit_field(lang, &c.field)}": "</span>
                <span class="text-slate-500">{value(c.from)}</span>
                " → "
                <span class="text-slate-900">{value(c.to)}</span>
            </li>
        }
    };
    view! {
        <li class="grid gap-1 px-4 py-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
            <time class="tabular-nums text-slate-500">{clock.full(row.at)}</time>
            <div class="min-w-0">
                <p class="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span class="font-medium text-slate-900">{who}</span>
                    <span class="text-slate-600">{audit_action(lang, row.action)}</span>
                    <Chip>{audit_kind(lang, row.object_kind)}</Chip>
                    <span class="font-medium text-slate-900">{row.object_name.clone()}</span>
                </p>
                {(!row.changes.is_empty()).then(|| view! {
                    <ul class="mt-1 space-y-0.5 text-xs">{row.changes.into_iter().map(change).collect_view()}</ul>
                })}
            </div>
        </li>
    }
}
