//! The website chat widget on the channel settings page (issue 12): adding one (its identity
//! secret shown once, with the snippet to paste), and each widget's snippet and settings to
//! change. A refusal is shown under the field it is about, and nothing is saved.
//!
//! Words are read once, in the member's language, like the rest of the page.

use crate::api::widget::{connect_widget, update_widget};
use crate::domain::{ChannelId, ChannelKind, Lang};
use crate::i18n::{t, Key};
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::{
    Button, ChannelIcon, Chip, ChipTone, Copyable, ErrorNotice, Notice, NoticeTone, Size, Tone,
};
use crate::ui::page::{answer_with, use_lang};
use crate::wire::{AppError, WidgetConnected, WidgetForm, WidgetView};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A text field of the widget's form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Origins,
    DisplayName,
    Colour,
    Greeting,
    Avatar,
}

impl Field {
    /// The field as refusals name it (`AppError::Invalid { field }`).
    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Origins => "origins",
            Field::DisplayName => "display_name",
            Field::Colour => "colour",
            Field::Greeting => "greeting",
            Field::Avatar => "avatar_url",
        }
    }

    fn label(self) -> Key {
        match self {
            Field::Name => Key::WidgetName,
            Field::Origins => Key::WidgetOrigins,
            Field::DisplayName => Key::WidgetDisplayName,
            Field::Colour => Key::WidgetColour,
            Field::Greeting => Key::WidgetGreeting,
            Field::Avatar => Key::WidgetAvatar,
        }
    }

    fn text(self, f: &WidgetForm) -> &str {
        match self {
            Field::Name => &f.name,
            Field::Origins => &f.origins,
            Field::DisplayName => &f.display_name,
            Field::Colour => &f.colour,
            Field::Greeting => &f.greeting,
            Field::Avatar => &f.avatar_url,
        }
    }

    fn value(self, f: &mut WidgetForm) -> &mut String {
        match self {
            Field::Name => &mut f.name,
            Field::Origins => &mut f.origins,
            Field::DisplayName => &mut f.display_name,
            Field::Colour => &mut f.colour,
            Field::Greeting => &mut f.greeting,
            Field::Avatar => &mut f.avatar_url,
        }
    }
}

/// The page's widget section: the workspace's widgets (`list`, made in the page body) and the
/// form that adds one.
#[component]
pub fn Widgets(
    list: Resource<Result<Vec<WidgetView>, AppError>>,
    reload: RwSignal<u32>,
    copied: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let adding = RwSignal::new(false);
    let connected = RwSignal::new(None::<WidgetConnected>);
    let card = move |w: WidgetView| {
        let id = w.channel;
        let (title, labelled_by) = (format!("widget-{id}"), format!("widget-{id}"));
        let enabled = w.enabled;
        view! {
            <li class="px-4 py-4 sm:px-6" aria-labelledby=labelled_by>
                <div class="flex flex-wrap items-center gap-x-3 gap-y-2">
                    <ChannelIcon kind=ChannelKind::WebChat lang />
                    <h3 id=title class="font-semibold">{w.name.clone()}</h3>
                    <Chip tone=if enabled { ChipTone::Indigo } else { ChipTone::Amber }>
                        {tr(if enabled { Key::Enabled } else { Key::Disabled })}
                    </Chip>
                </div>
                <p class="mt-3 text-sm text-slate-500">{tr(Key::WidgetSnippet)}</p>
                <div class="mt-1"><Copyable text=w.snippet.clone() copied what=Key::WidgetSnippet /></div>
                <WidgetEditor lang widget=Some(w) on_connected=Callback::new(|_| ()) />
            </li>
        }
    };
    view! {
        <section aria-labelledby="widgets-title" class="mt-10">
            <div class="flex flex-wrap items-start justify-between gap-4">
                <div class="min-w-0">
                    <h2 id="widgets-title" class="text-xl font-semibold">{tr(Key::Widgets)}</h2>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::WidgetsHint)}</p>
                </div>
                <Button tone=Tone::Primary on_click=move |_| { connected.set(None); adding.set(true); }>{tr(Key::AddWidget)}</Button>
            </div>
            {move || connected.get().map(|c| view! { <JustConnected lang connected=c copied on_done=Callback::new(move |()| connected.set(None)) /> })}
            {move || adding.get().then(|| view! {
                <section aria-labelledby="widget-new-title" class="mt-4 rounded-xl bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200 sm:px-6">
                    <h3 id="widget-new-title" class="font-semibold">{tr(Key::AddWidget)}</h3>
                    <WidgetEditor lang widget=None
                        on_cancel=Callback::new(move |()| adding.set(false))
                        on_connected=Callback::new(move |c: WidgetConnected| {
                            adding.set(false);
                            connected.set(Some(c));
                            reload.update(|n| *n += 1);
                        }) />
                </section>
            })}
            <div class="mt-4 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition>
                    {move || list.get().map(|r| match r {
                        Ok(rows) if rows.is_empty() => view! {
                            <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::NoWidgets)}</Notice>
                        }.into_any(),
                        Ok(rows) => view! {
                            <ul aria-label=tr(Key::Widgets) class="divide-y divide-slate-100">{rows.into_iter().map(card).collect_view()}</ul>
                        }.into_any(),
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error plain=true class="p-6" /> }.into_any()
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// A widget just added: its identity secret, shown this once, and the snippet to paste.
#[component]
fn JustConnected(
    lang: Lang,
    connected: WidgetConnected,
    copied: RwSignal<Option<String>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let WidgetConnected {
        widget,
        identity_secret,
    } = connected;
    view! {
        <section aria-labelledby="widget-added-title" class="mt-4 rounded-xl bg-white px-4 py-4 shadow-sm ring-2 ring-amber-300 sm:px-6">
            <h3 id="widget-added-title" class="font-semibold">{tr(Key::WidgetAdded)}": "{widget.name}</h3>
            <p class="mt-3 text-sm font-medium text-slate-700">{tr(Key::IdentitySecret)}</p>
            <Notice tone=NoticeTone::Warning class="mt-1">{tr(Key::IdentitySecretWarning)}</Notice>
            <div class="mt-2"><Copyable text=identity_secret copied what=Key::IdentitySecret /></div>
            <p class="mt-4 text-sm font-medium text-slate-700">{tr(Key::WidgetSnippet)}</p>
            <p class="mt-1 text-xs text-slate-500">{tr(Key::WidgetSnippetHint)}</p>
            <div class="mt-2"><Copyable text=widget.snippet copied what=Key::WidgetSnippet /></div>
            <div class="mt-4 flex justify-end">
                <Button tone=Tone::Primary on_click=move |_| on_done.run(())>{tr(Key::Done)}</Button>
            </div>
        </section>
    }
}

/// A widget's settings to change (`widget`), or a new widget's to add.
#[component]
fn WidgetEditor(
    lang: Lang,
    widget: Option<WidgetView>,
    on_connected: Callback<WidgetConnected>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let channel: Option<ChannelId> = widget.as_ref().map(|w| w.channel);
    let form = RwSignal::new(widget.as_ref().map_or_else(
        || WidgetForm {
            colour: "#4f46e5".into(),
            ..WidgetForm::default()
        },
        WidgetView::form,
    ));
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = move |f: Field| match channel {
        Some(c) => format!("widget-{c}-{}", f.key()),
        None => format!("widget-new-{}", f.key()),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = form.get_untracked();
        busy.set(true);
        saved.set(false);
        spawn_local(async move {
            let failed = match channel {
                None => match connect_widget(typed).await {
                    Ok(c) => {
                        // The form goes away with the answer.
                        on_connected.run(c);
                        return;
                    }
                    Err(e) => e,
                },
                Some(c) => match update_widget(c, typed).await {
                    Ok(w) => {
                        form.try_set(w.form());
                        error.try_set(None);
                        saved.try_set(true);
                        busy.try_set(false);
                        return;
                    }
                    Err(e) => e,
                },
            };
            error.try_set(Some(failed));
            busy.try_set(false);
        });
    };
    // The refusal about `f`, under its field.
    let refusal = move |f: Field| {
        move || {
            let text = error.with(|e| match e {
                Some(AppError::Invalid {
                    field: Some(name),
                    message,
                }) if name == f.key() => Some(message.clone()),
                _ => None,
            });
            text.map(|m| view! { <Notice plain=true class="mt-1">{m}</Notice> })
        }
    };
    let shown = move |name: &str| {
        [
            Field::Origins,
            Field::DisplayName,
            Field::Colour,
            Field::Greeting,
            Field::Avatar,
        ]
        .iter()
        .any(|f| f.key() == name)
            || (channel.is_none() && name == Field::Name.key())
    };
    // Any other refusal, under the form.
    let other = move || {
        let text = error.with(|e| {
            e.as_ref()
                .filter(|e| !matches!(e, AppError::Invalid { field: Some(n), .. } if shown(n)))
                .map(|e| e.message().to_owned())
        });
        text.map(|m| view! { <Notice class="mt-3">{m}</Notice> })
    };
    // The value as the server renders it, and as it follows the form once hydrated.
    let initial = move |f: Field| form.with_untracked(|x| f.text(x).to_owned());
    let value = move |f: Field| move || form.with(|x| f.text(x).to_owned());
    let set = move |f: Field| {
        move |ev: leptos::ev::Event| {
            form.update_untracked(|x| *f.value(x) = event_target_value(&ev))
        }
    };
    let label = move |f: Field| view! { <label for=id(f) class=LABEL>{tr(f.label())}</label> };
    let line = move |f: Field, kind: &'static str| {
        view! {
            <div>
                {label(f)}
                <input id=id(f) name=f.key() type=kind autocomplete="off" class=INPUT
                    value=initial(f) prop:value=value(f) on:input=set(f) />
                {refusal(f)}
            </div>
        }
    };
    let area = move |f: Field, rows: u8| {
        view! {
            <div>
                {label(f)}
                <textarea id=id(f) name=f.key() rows=rows spellcheck="false" class=INPUT
                    prop:value=value(f) on:input=set(f)>{initial(f)}</textarea>
                {(f == Field::Origins).then(|| view! { <p class="mt-1 text-xs text-slate-500">{tr(Key::WidgetOriginsHint)}</p> })}
                {refusal(f)}
            </div>
        }
    };
    let ask = match channel {
        Some(c) => format!("widget-{c}-ask"),
        None => "widget-new-ask".to_owned(),
    };
    view! {
        <form on:submit=submit class="mt-4 space-y-3">
            {channel.is_none().then(|| line(Field::Name, "text"))}
            {area(Field::Origins, 3)}
            {line(Field::DisplayName, "text")}
            <div>
                {label(Field::Colour)}
                <input id=id(Field::Colour) name="colour" type="color"
                    class="mt-1 block h-10 w-16 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
                    value=initial(Field::Colour) prop:value=value(Field::Colour) on:input=set(Field::Colour) />
                {refusal(Field::Colour)}
            </div>
            {area(Field::Greeting, 2)}
            {line(Field::Avatar, "url")}
            <label class="flex items-center gap-2 text-sm text-slate-700">
                <input id=ask type="checkbox" name="ask_contact" class="accent-indigo-600"
                    checked=form.with_untracked(|x| x.ask_contact) prop:checked=move || form.with(|x| x.ask_contact)
                    on:change=move |ev| form.update_untracked(|x| x.ask_contact = event_target_checked(&ev)) />
                {tr(Key::WidgetAskContact)}
            </label>
            {other}
            {move || saved.get().then(|| view! { <Notice tone=NoticeTone::Success plain=true>{tr(Key::WidgetSaved)}</Notice> })}
            <div class="flex justify-end gap-2">
                {on_cancel.map(|c| view! { <Button on_click=move |_| c.run(())>{tr(Key::Cancel)}</Button> })}
                <Button submit=true tone=Tone::Primary size=Size::Sm disabled=busy>
                    {tr(if channel.is_none() { Key::CreateWidget } else { Key::Save })}
                </Button>
            </div>
        </form>
    }
}
