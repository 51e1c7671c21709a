//! The channel settings page (admins and supervisors): the workspace's channels with the
//! webhook URL to paste in each platform's console and hints of their secrets, connecting a
//! channel, and enabling or disabling one; below them the website chat widgets
//! (`super::widget`).
//!
//! The page has no language switch, so its words are read once, in the member's language, not
//! kept reactive: every reactive text costs the browser bundle code of its own.

use super::auto_close::{rule_text, AutoCloseDialog};
use super::widget::Widgets;
use crate::api::channel::{channels, connect_channel, set_channel_enabled};
use crate::api::widget::widgets;
use crate::domain::channel::{form_fields, ChannelField};
use crate::domain::permission::{role_may, Action};
use crate::domain::{ChannelKind, Lang};
use crate::i18n::{channel_name, field_label, t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::{
    Button, ChannelIcon, Chip, ChipTone, Copyable, Dialog, DialogBody, DialogFooter, ErrorNotice,
    Notice, NoticeTone, Size, Tone,
};
use crate::ui::page::{answer_with, use_clock, use_lang, use_me};
use crate::wire::{ChannelForm, ChannelView};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Channels /> } /> }
}

/// The platforms connected here (the widget is connected from its own settings).
const KINDS: [ChannelKind; 4] = [
    ChannelKind::Messenger,
    ChannelKind::Instagram,
    ChannelKind::WhatsApp,
    ChannelKind::Line,
];

/// What may be shown of a channel's secrets, a line each ("App secret: ••••1234"), or of each
/// only whether it is set.
fn hints(lang: Lang, c: &ChannelView, only: Option<ChannelField>) -> String {
    c.secrets
        .iter()
        .filter(|h| only.is_none_or(|f| f == h.which))
        .map(|h| {
            let shown = match &h.last4 {
                Some(l) => format!("••••{l}"),
                None if h.set => t(lang, Key::SecretSet).to_owned(),
                None => t(lang, Key::SecretNotSet).to_owned(),
            };
            format!("{}: {shown}", field_label(lang, c.kind, h.which))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
fn Channels() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let clock = use_clock();
    let may = use_me().is_some_and(|me| role_may(me.role, Action::ManageChannels));
    let reload = RwSignal::new(0);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let list = Resource::new(move || reload.get(), |_| channels());
    let widgets_reload = RwSignal::new(0u32);
    let widget_list = Resource::new(
        move || widgets_reload.get(),
        move |_| async move {
            if may {
                widgets().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let error = RwSignal::new(None::<String>);
    let connecting = RwSignal::new(false);
    // The channel to confirm disabling, and the one just connected.
    let disabling = RwSignal::new(None::<ChannelView>);
    let connected = RwSignal::new(None::<ChannelView>);
    let copied = RwSignal::new(None::<String>);
    // The channel whose auto-close is being set.
    let auto_closing = RwSignal::new(None::<ChannelView>);
    let toggle = move |id, enabled| {
        spawn_local(async move {
            match set_channel_enabled(id, enabled).await {
                Ok(()) => {
                    error.set(None);
                    disabling.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let row = move |c: ChannelView| {
        let (id, kind, enabled) = (c.id, c.kind, c.enabled);
        let (title, labelled_by) = (format!("channel-{id}"), format!("channel-{id}"));
        let (action, tone) = if enabled {
            (Key::Disable, Tone::DangerOutline)
        } else {
            (Key::Enable, Tone::Accent)
        };
        let named = format!("{} {}", tr(action), c.name);
        let secrets = (!c.secrets.is_empty()).then(|| hints(lang, &c, None));
        let last_event = c
            .last_event_at
            .map_or_else(|| tr(Key::NoEventYet).to_owned(), |at| clock.full(at));
        let confirm = c.clone();
        let for_auto_close = c.clone();
        let rule = rule_text(lang, c.auto_close.as_ref());
        let set_rule = format!("{} {} {}", tr(Key::Edit), tr(Key::AutoCloseTitle), c.name);
        view! {
            <li class="px-4 py-4 sm:px-6" aria-labelledby=labelled_by>
                <div class="flex flex-wrap items-center gap-x-3 gap-y-2">
                    <ChannelIcon kind lang />
                    <h2 id=title class="font-semibold">{c.name}</h2>
                    <span class="text-sm text-slate-500">{channel_name(lang, kind)}</span>
                    <Chip tone=if enabled { ChipTone::Indigo } else { ChipTone::Amber }>
                        {tr(if enabled { Key::Enabled } else { Key::Disabled })}
                    </Chip>
                    <span class="ml-auto">
                        <Button size=Size::Xs tone label=named
                            on_click=move |_| if enabled { disabling.set(Some(confirm.clone())) } else { toggle(id, true) }>
                            {tr(action)}
                        </Button>
                    </span>
                </div>
                <dl class="mt-3 grid gap-x-6 gap-y-1.5 text-sm text-slate-800 sm:grid-cols-[14rem_1fr] [&>dd]:min-w-0 [&>dt]:text-slate-500 max-sm:[&>dt:not(:first-child)]:mt-2">
                    <dt>{field_label(lang, kind, ChannelField::AccountId)}</dt>
                    <dd class="break-all font-mono text-xs">{c.account_id}</dd>
                    {c.extra_id.map(|e| view! {
                        <dt>{field_label(lang, kind, ChannelField::ExtraId)}</dt>
                        <dd class="break-all font-mono text-xs">{e}</dd>
                    })}
                    {c.webhook_url.map(|url| view! {
                        <dt>{tr(Key::WebhookUrl)}</dt>
                        <dd><Copyable text=url copied /></dd>
                    })}
                    <dt>{tr(Key::LastEvent)}</dt>
                    <dd class="tabular-nums">{last_event}</dd>
                    {c.last_error.map(|e| view! {
                        <dt>{tr(Key::LastError)}</dt>
                        <dd class="break-words text-red-700">{c.last_error_at.map(|at| format!("{} · ", clock.full(at)))}{e}</dd>
                    })}
                    {secrets.map(|s| view! {
                        <dt>{tr(Key::Secrets)}</dt>
                        <dd class="whitespace-pre-line">{s}</dd>
                    })}
                    <dt>{tr(Key::AutoCloseTitle)}</dt>
                    <dd class="flex flex-wrap items-center gap-x-3 gap-y-1" data-auto-close="">
                        <span>{rule}</span>
                        {may.then(|| view! {
                            <Button size=Size::Xs tone=Tone::Quiet label=set_rule
                                on_click=move |_| auto_closing.set(Some(for_auto_close.clone()))>{tr(Key::Edit)}</Button>
                        })}
                    </dd>
                </dl>
            </li>
        }
    };
    view! {
        <main class="mx-auto max-w-4xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <div class="mt-4 flex flex-wrap items-start justify-between gap-4">
                <div class="min-w-0">
                    <h1 class="text-2xl font-semibold">{tr(Key::Channels)}</h1>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::ChannelsHint)}</p>
                </div>
                {may.then(|| view! {
                    <Button tone=Tone::Primary on_click=move |_| connecting.set(true)>{tr(Key::ConnectChannel)}</Button>
                })}
            </div>
            {move || error.get().map(|e| view! { <Notice class="mt-4">{e}</Notice> })}
            <section class="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition>
                    {move || list.get().map(|r| {
                        let (rows, failed) = match r {
                            Ok(rows) => (rows, None),
                            Err(e) => {
                                answer_with(&e);
                                (Vec::new(), Some(e))
                            }
                        };
                        let empty = failed.is_none() && rows.is_empty();
                        view! {
                            {failed.map(|error| view! { <ErrorNotice error plain=true class="p-6" /> })}
                            {empty.then(|| view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::NoChannels)}</Notice> })}
                            {(!rows.is_empty()).then(|| view! {
                                <ul aria-label=tr(Key::Channels) class="divide-y divide-slate-100">{rows.into_iter().map(row).collect_view()}</ul>
                            })}
                        }
                    })}
                </Transition>
            </section>
            {may.then(|| view! { <Widgets list=widget_list reload=widgets_reload copied /> })}
            {move || connecting.get().then(|| view! {
                <ConnectDialog lang on_close=Callback::new(move |()| connecting.set(false))
                    on_connected=Callback::new(move |c: ChannelView| {
                        connecting.set(false);
                        connected.set(Some(c));
                        reload.update(|n| *n += 1);
                    }) />
            })}
            {move || connected.get().map(|c| {
                let verify = hints(lang, &c, Some(ChannelField::VerifyToken));
                let close = Callback::new(move |()| connected.set(None));
                view! {
                    <Dialog title_id="connected-title" title=tr(Key::ChannelConnected) on_close=close closable=true>
                        <DialogBody>
                            <Notice tone=NoticeTone::Success>{c.name}</Notice>
                            {c.webhook_url.map(|url| view! {
                                <p class="mt-4">{tr(Key::PasteWebhookUrl)}</p>
                                <div class="mt-2"><Copyable text=url copied /></div>
                            })}
                            {(!verify.is_empty()).then(|| view! {
                                <p class="mt-4">{tr(Key::PasteVerifyToken)}</p>
                                <p class="mt-1 font-mono text-xs">{verify}</p>
                            })}
                        </DialogBody>
                        <DialogFooter>
                            <Button tone=Tone::Primary on_click=move |_| close.run(())>{tr(Key::Done)}</Button>
                        </DialogFooter>
                    </Dialog>
                }
            })}
            {move || auto_closing.get().map(|c| view! {
                <AutoCloseDialog lang id=c.id name=c.name rule=c.auto_close
                    on_close=Callback::new(move |()| auto_closing.set(None))
                    on_saved=Callback::new(move |()| {
                        auto_closing.set(None);
                        reload.update(|n| *n += 1);
                    }) />
            })}
            {move || disabling.get().map(|c| view! {
                <Dialog title_id="disable-title" title=tr(Key::DisableChannel) hint=Some(c.name)
                    on_close=Callback::new(move |()| disabling.set(None)) closable=true>
                    <DialogBody>
                        <Notice tone=NoticeTone::Warning>{tr(Key::DisableWarning)}</Notice>
                    </DialogBody>
                    <DialogFooter>
                        <Button on_click=move |_| disabling.set(None)>{tr(Key::Cancel)}</Button>
                        <Button tone=Tone::Danger on_click=move |_| toggle(c.id, false)>{tr(Key::Disable)}</Button>
                    </DialogFooter>
                </Dialog>
            })}
        </main>
    }
}

/// The form that connects a channel: the platform, then the fields it asks for. A refusal is
/// shown under the form, and nothing is saved.
#[component]
fn ConnectDialog(
    lang: Lang,
    on_close: Callback<()>,
    on_connected: Callback<ChannelView>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let kind = RwSignal::new(ChannelKind::Messenger);
    let form = RwSignal::new(ChannelForm {
        kind: ChannelKind::Messenger,
        name: String::new(),
        account_id: String::new(),
        secret: String::new(),
        access_token: String::new(),
        verify_token: String::new(),
        extra_id: String::new(),
    });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut typed = form.get_untracked();
        typed.kind = kind.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let answer = connect_channel(typed).await;
            busy.set(false);
            match answer {
                Ok(channel) => on_connected.run(channel),
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let field = move |(f, required): (ChannelField, bool)| {
        let id = f.key();
        view! {
            <div>
                <label for=id class=LABEL>
                    {field_label(lang, kind.get_untracked(), f)}
                    {(!required).then(|| view! { <span class="font-normal text-slate-500">" ("{tr(Key::Optional)}")"</span> })}
                </label>
                <input id=id name=id type=if f.is_secret() { "password" } else { "text" } autocomplete="off"
                    required=required spellcheck="false" class=INPUT
                    prop:value=form.with_untracked(|x| x.value(f).to_owned())
                    on:input=move |ev| form.update_untracked(|x| *x.value_mut(f) = event_target_value(&ev)) />
                {(f == ChannelField::VerifyToken).then(|| view! { <p class="mt-1 text-xs text-slate-500">{tr(Key::VerifyTokenChoose)}</p> })}
            </div>
        }
    };
    view! {
        <Dialog title_id="connect-title" title=tr(Key::ConnectChannel) on_close closable=true>
            <form on:submit=submit class="flex min-h-0 flex-col">
                <DialogBody>
                    <fieldset>
                        <legend class=LABEL>{tr(Key::Platform)}</legend>
                        <div class="mt-1 grid grid-cols-2 gap-2">
                            {KINDS.into_iter().map(|k| view! {
                                <label class="flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 ring-1 ring-slate-200 hover:bg-slate-50 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-300">
                                    <input type="radio" name="kind" class="accent-indigo-600" checked=k == ChannelKind::Messenger on:change=move |_| kind.set(k) />
                                    <span aria-hidden="true"><ChannelIcon kind=k lang /></span>
                                    <span class="min-w-0 leading-tight">{channel_name(lang, k)}</span>
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="mt-4 space-y-3">
                        {move || form_fields(kind.get()).iter().map(|p| field(*p)).collect_view()}
                    </div>
                </DialogBody>
                // Outside the scrolling body: a refusal is seen without scrolling to it.
                {move || error.get().map(|e| view! { <Notice class="mx-5 mb-3">{e}</Notice> })}
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button submit=true tone=Tone::Primary disabled=busy>{tr(Key::Connect)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}
