//! The customer profile beside a conversation: name, phone, email, note, tags and channel
//! identities, read-only with an Edit button, and the edit form. The form checks every field
//! with the same pure rules the server uses (`domain::profile::validate`) and shows each message
//! next to its field; the server's own refusal lands next to the field it names.
//!
//! A right-hand column on wide screens; on narrower ones it folds to a button that opens it.
//! Below `lg` (phones) it is not beside the pane at all: the pane's profile button shows it as
//! a sheet over the conversation, which its own button, Escape or the backdrop close.

use crate::api::customer::save_customer_profile;
use crate::domain::profile::{add_tag, validate, Field, ProfileError, ProfileInput};
use crate::domain::{ConversationId, Lang};
use crate::i18n::{channel_name, remove_tag, t, Key};
use crate::ui::inbox::drawer::{drawn, focus_soon};
use crate::ui::inbox::history::History;
use crate::ui::kit::phone::{narrow_hidden, sheet_open, BACKDROP};
use crate::ui::kit::{tag_look, Button, ChannelIcon, Notice, NoticeTone, Tone};
use crate::ui::page::{use_lang, use_refresh};
use crate::wire::AppError;
use crate::wire::{CustomerIdentity, CustomerProfile, ProfilePanel};
use leptos::prelude::*;

/// The open conversation's customer profile (`None` with no conversation open), loaded by the
/// inbox page (see `crate::ui::inbox`).
pub type Loaded = Resource<Result<Option<ProfilePanel>, AppError>>;

/// The id of the panel's own fold button (the focus moves to it as the sheet opens).
pub const PROFILE_TOGGLE_ID: &str = "profile-toggle";
/// The profile button's id (the focus comes back to it when the sheet closes).
pub const PROFILE_BUTTON_ID: &str = "profile-open";

#[component]
pub fn CustomerProfilePanel(
    conversation: ConversationId,
    panel: Loaded,
    /// Whether it is unfolded (the pane's: its profile button opens it on a narrow screen).
    open: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    // Only narrow screens fold the panel; wide ones always show it.
    let saved = RwSignal::new(false);
    // Folding it on a narrow screen gives the focus back to the pane's profile button (on a
    // wider one that button is not shown, and the focus stays here).
    let fold = move || {
        open.set(false);
        focus_soon(PROFILE_BUTTON_ID);
    };
    view! {
        <aside aria-labelledby="profile-title"
            on:keydown=move |ev| if ev.key() == "Escape" && open.get_untracked() && drawn(PROFILE_BUTTON_ID) { fold() }
            class=move || if open.get() {
                concat!("flex w-72 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white 2xl:w-80 ", sheet_open!())
            } else {
                concat!("flex w-12 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white xl:w-72 2xl:w-80 ", narrow_hidden!())
            }>
            <div class="flex items-center gap-2 border-b border-slate-200 px-3 py-3">
                <button type="button" id=PROFILE_TOGGLE_ID aria-controls="profile-body"
                    aria-expanded=move || open.get().to_string()
                    aria-label=move || t(lang.get(), if open.get() { Key::HideProfile } else { Key::ShowProfile })
                    on:click=move |_| if open.get_untracked() { fold() } else { open.set(true) }
                    class="grid h-7 w-7 shrink-0 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 xl:hidden max-lg:h-11 max-lg:w-11">
                    <svg viewBox="0 0 24 24" class="h-5 w-5 max-lg:hidden" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
                        <circle cx="12" cy="8" r="3.5" /><path d="M5 19c1.2-3.2 3.8-5 7-5s5.8 1.8 7 5" stroke-linecap="round" />
                    </svg>
                    // On a narrow screen the button shows only on the open sheet, and closes it.
                    <svg viewBox="0 0 20 20" class="hidden h-5 w-5 max-lg:block" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                </button>
                <h2 id="profile-title" class="text-sm font-semibold text-slate-900 xl:block" class:hidden=move || !open.get()>
                    {move || t(lang.get(), Key::CustomerProfile)}
                </h2>
            </div>
            <div id="profile-body" class="flex-1 px-4 py-4 xl:block" class:hidden=move || !open.get()>
                <Transition fallback=move || view! { <p class="text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match panel.await {
                            // The pane says the same thing as an alert already.
                            Err(e) => view! { <p class="text-sm text-slate-500">{e.message().to_owned()}</p> }.into_any(),
                            Ok(Some(p)) => view! { <Profile conversation p panel saved /> }.into_any(),
                            Ok(None) => ().into_any(),
                        }
                    })}
                </Transition>
            </div>
        </aside>
        <Show when=move || open.get()>
            <div class=BACKDROP aria-hidden="true" on:click=move |_| fold()></div>
        </Show>
    }
}

/// The form's fields while editing.
#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    note: RwSignal<String>,
    tags: RwSignal<Vec<String>>,
    new_tag: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            tags: RwSignal::new(Vec::new()),
            new_tag: RwSignal::new(String::new()),
        }
    }

    /// Starts from the profile as stored.
    fn fill(self, p: &CustomerProfile) {
        self.name.set(p.name.clone());
        self.phone.set(p.phone.clone().unwrap_or_default());
        self.email.set(p.email.clone().unwrap_or_default());
        self.note.set(p.note.clone());
        self.tags.set(p.tags.clone());
        self.new_tag.set(String::new());
    }

    fn input(self) -> ProfileInput {
        ProfileInput {
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            email: self.email.get_untracked(),
            note: self.note.get_untracked(),
            tags: self.tags.get_untracked(),
        }
    }
}

/// What is wrong with the form: the pure rules' findings, the tag being added, or the server's
/// refusal (with the field it names, if any).
#[derive(Clone, Debug, Default)]
struct Problems {
    fields: Vec<ProfileError>,
    new_tag: Option<ProfileError>,
    server: Option<(Option<Field>, String)>,
}

impl Problems {
    /// Whether anything is shown next to `field`.
    fn touches(&self, field: Field) -> bool {
        self.fields.iter().any(|e| e.field() == field)
            || (field == Field::Tags && self.new_tag.is_some())
            || self.server.as_ref().is_some_and(|(f, _)| *f == Some(field))
    }

    /// Forgets what was said about `field` (the member is changing it).
    fn clear(&mut self, field: Field) {
        self.fields.retain(|e| e.field() != field);
        if field == Field::Tags {
            self.new_tag = None;
        }
        if self.server.as_ref().is_some_and(|(f, _)| *f == Some(field)) {
            self.server = None;
        }
    }

    /// The message to show next to `field`, if any.
    fn at(&self, field: Option<Field>, lang: Lang) -> Option<String> {
        let own = field.and_then(|f| {
            let tag = self.new_tag.filter(|_| f == Field::Tags);
            tag.or_else(|| self.fields.iter().copied().find(|e| e.field() == f))
        });
        own.map(|e| e.reason(lang).to_owned()).or_else(|| {
            self.server
                .as_ref()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        })
    }
}

#[component]
fn Profile(
    conversation: ConversationId,
    p: ProfilePanel,
    panel: Loaded,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let refresh = use_refresh();
    let editing = RwSignal::new(false);
    let draft = Draft::new();
    let problems = RwSignal::new(Problems::default());
    let saving = RwSignal::new(false);
    let editable = p.editable;
    let workspace_tags = StoredValue::new(p.workspace_tags);
    let colors = StoredValue::new(p.tag_colors);
    let profile = StoredValue::new(p.profile);
    let identities = profile.with_value(|p| p.identities.clone());
    let history = p.history;

    let message = move |field: Option<Field>| problems.with(|p| p.at(field, lang.get()));
    let start = move |_| {
        profile.with_value(|p| draft.fill(p));
        problems.set(Problems::default());
        saved.set(false);
        editing.set(true);
    };
    let add = move || {
        let chosen = draft.tags.get_untracked();
        let raw = draft.new_tag.get_untracked();
        match workspace_tags.with_value(|w| add_tag(&chosen, &raw, w)) {
            Ok(tag) => {
                draft.tags.update(|t| t.push(tag));
                draft.new_tag.set(String::new());
                problems.update(|p| p.new_tag = None);
            }
            Err(e) => problems.update(|p| p.new_tag = Some(e)),
        }
    };
    let save = move || {
        if saving.get_untracked() {
            return;
        }
        let input = draft.input();
        if let Err(fields) = validate(&input) {
            problems.set(Problems {
                fields,
                ..Problems::default()
            });
            return;
        }
        problems.set(Problems::default());
        saving.set(true);
        leptos::task::spawn_local(async move {
            let ProfileInput {
                name,
                phone,
                email,
                note,
                tags,
            } = input;
            let result = save_customer_profile(conversation, name, phone, email, note, tags).await;
            saving.set(false);
            match result {
                Ok(fresh) => {
                    saved.set(true);
                    // Shows the profile as saved (this component is drawn anew from it).
                    panel.set(Some(Ok(Some(fresh))));
                    // The pane header and the lists show the customer's name.
                    refresh.bump();
                }
                Err(e) => {
                    let field = match &e {
                        AppError::Invalid { field, .. } => field.as_deref().and_then(Field::parse),
                        _ => None,
                    };
                    problems.set(Problems {
                        server: Some((field, e.message().to_owned())),
                        ..Problems::default()
                    });
                }
            }
        });
    };

    let read_only = move || {
        profile.with_value(|p| {
            view! {
                <dl class="space-y-3 text-sm">
                    {shown(lang, Key::CustomerName, Some(p.name.clone()))}
                    {shown(lang, Key::Phone, p.phone.clone())}
                    {shown(lang, Key::Email, p.email.clone())}
                    {shown(lang, Key::CustomerNote, Some(p.note.clone()).filter(|n| !n.is_empty()))}
                    <div>
                        <dt class="text-xs font-medium text-slate-500">{move || tr(Key::Tags)}</dt>
                        <dd class="mt-1">{tag_list(lang, colors, p.tags.clone(), None)}</dd>
                    </div>
                </dl>
                <Show when=move || saved.get()>
                    <Notice tone=NoticeTone::Success class="mt-3">{move || tr(Key::ProfileSaved)}</Notice>
                </Show>
                {editable.then(|| view! {
                    <div class="mt-4"><Button on_click=start>{move || tr(Key::Edit)}</Button></div>
                })}
            }
        })
    };

    let form = move || {
        let options = move || {
            let chosen = draft.tags.get();
            workspace_tags.with_value(|w| {
                w.iter()
                    .filter(|name| !chosen.contains(name))
                    .map(|name| view! { <option value=name.clone()></option> })
                    .collect_view()
            })
        };
        let tags_error = move || message(Some(Field::Tags));
        view! {
            <form novalidate class="space-y-3" aria-label=move || tr(Key::EditProfile)
                on:submit=move |ev| { ev.prevent_default(); save(); }>
                {field(lang, Field::Name, Key::CustomerName, "text", draft.name, problems)}
                {field(lang, Field::Phone, Key::Phone, "tel", draft.phone, problems)}
                {field(lang, Field::Email, Key::Email, "email", draft.email, problems)}
                {field(lang, Field::Note, Key::CustomerNote, "textarea", draft.note, problems)}
                <fieldset>
                    <legend class="text-xs font-medium text-slate-600">{move || tr(Key::Tags)}</legend>
                    <div class="mt-1">{move || tag_list(lang, colors, draft.tags.get(), Some(draft.tags))}</div>
                    <div class="mt-2 flex gap-2">
                        <label for="profile-new-tag" class="sr-only">{move || tr(Key::NewTag)}</label>
                        <input id="profile-new-tag" type="text" list="profile-tag-options" autocomplete="off"
                            placeholder=move || tr(Key::NewTag)
                            prop:value=move || draft.new_tag.get()
                            on:input=move |ev| {
                                draft.new_tag.set(event_target_value(&ev));
                                if problems.with_untracked(|p| p.touches(Field::Tags)) {
                                    problems.update(|p| p.clear(Field::Tags));
                                }
                            }
                            on:keydown=move |ev| if ev.key() == "Enter" && !ev.is_composing() { ev.prevent_default(); add(); }
                            aria-invalid=move || tags_error().is_some().then_some("true")
                            aria-describedby="profile-tags-error"
                            class="min-w-0 flex-1 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500" />
                        <Button on_click=move |_| add()>{move || tr(Key::AddTag)}</Button>
                    </div>
                    <datalist id="profile-tag-options">{options}</datalist>
                    {move || tags_error().map(|m| view! { <p id="profile-tags-error" role="alert" class="mt-1 text-xs text-red-700">{m}</p> })}
                </fieldset>
                {move || message(None).map(|m| view! { <Notice>{m}</Notice> })}
                <div class="flex gap-2 pt-1">
                    <Button submit=true tone=Tone::Primary disabled=saving>
                        {move || tr(if saving.get() { Key::Saving } else { Key::Save })}
                    </Button>
                    <Button on_click=move |_| editing.set(false)>{move || tr(Key::Cancel)}</Button>
                </div>
            </form>
        }
    };

    view! {
        {move || if editing.get() { form().into_any() } else { read_only().into_any() }}
        <h3 class="mt-6 text-xs font-semibold uppercase tracking-wider text-slate-500">{move || tr(Key::ChannelIdentities)}</h3>
        <ul role="list" aria-label=move || tr(Key::ChannelIdentities) class="mt-2 space-y-2">
            {identities.into_iter().map(|i| view! { <Identity i /> }).collect_view()}
        </ul>
        <History rows=history />
    }
}

/// One read-only line of the profile: its label and value, or "not provided".
fn shown(lang: RwSignal<Lang>, label: Key, value: Option<String>) -> impl IntoView {
    let value = match value {
        Some(v) => {
            view! { <dd class="whitespace-pre-wrap break-words text-slate-900">{v}</dd> }.into_any()
        }
        None => view! { <dd class="text-slate-500">{move || t(lang.get(), Key::NotProvided)}</dd> }
            .into_any(),
    };
    view! {
        <div>
            <dt class="text-xs font-medium text-slate-500">{move || t(lang.get(), label)}</dt>
            {value}
        </div>
    }
}

/// The tags as chips in their colours (a tag new in this edit: grey); with `editing`, each
/// chip has a button that takes it off.
fn tag_list(
    lang: RwSignal<Lang>,
    colors: StoredValue<Vec<(String, String)>>,
    tags: Vec<String>,
    editing: Option<RwSignal<Vec<String>>>,
) -> impl IntoView {
    if tags.is_empty() {
        return view! { <p class="text-sm text-slate-500">{move || t(lang.get(), Key::NoTags)}</p> }
            .into_any();
    }
    let chips = tags
        .into_iter()
        .map(|tag| {
            let remove = editing.map(|chosen| {
                let label = tag.clone();
                let gone = tag.clone();
                view! {
                    <button type="button" aria-label=move || remove_tag(lang.get(), &label)
                        on:click=move |_| chosen.update(|t| t.retain(|x| *x != gone))
                        class="-mr-1 grid h-4 w-4 place-items-center rounded-full opacity-70 hover:bg-black/10 hover:opacity-100">
                        <svg viewBox="0 0 12 12" class="h-2.5 w-2.5" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 3l6 6M9 3l-6 6" stroke-linecap="round" /></svg>
                    </button>
                }
            });
            let look = colors.with_value(|c| {
                c.iter()
                    .find(|(name, _)| *name == tag)
                    .map_or(tag_look(""), |(_, color)| tag_look(color))
            });
            view! {
                <li class=format!("inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 {look}")>
                    <span>{tag}</span>
                    {remove}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul role="list" aria-label=move || t(lang.get(), Key::Tags) class="flex flex-wrap gap-1.5">{chips}</ul>
    }
    .into_any()
}

/// A labelled input (or textarea, for `kind = "textarea"`) with its message underneath.
fn field(
    lang: RwSignal<Lang>,
    which: Field,
    label: Key,
    kind: &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let id = format!("profile-{}", which.as_str());
    let error_id = format!("{id}-error");
    let error = move || problems.with(|p| p.at(Some(which), lang.get()));
    let changed = move |ev| {
        value.set(event_target_value(&ev));
        if problems.with_untracked(|p| p.touches(which)) {
            problems.update(|p| p.clear(which));
        }
    };
    let invalid = move || error().is_some().then_some("true");
    let class = "mt-1 block w-full rounded-lg border px-2.5 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500";
    let input = if kind == "textarea" {
        view! {
            <textarea id=id.clone() rows="4" autocomplete="off" prop:value=move || value.get()
                on:input=changed
                aria-invalid=invalid aria-describedby=error_id.clone()
                class=class class:border-slate-300=move || error().is_none() class:border-red-400=move || error().is_some()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=kind autocomplete="off" prop:value=move || value.get()
                on:input=changed
                aria-invalid=invalid aria-describedby=error_id.clone()
                class=class class:border-slate-300=move || error().is_none() class:border-red-400=move || error().is_some() />
        }
        .into_any()
    };
    view! {
        <div>
            <label for=id class="block text-xs font-medium text-slate-600">{move || t(lang.get(), label)}</label>
            {input}
            {move || error().map(|m| view! { <p id=error_id.clone() role="alert" class="mt-1 text-xs text-red-700">{m}</p> })}
        </div>
    }
}

/// A channel identity: the platform's icon and name, the customer's name there and their id.
#[component]
fn Identity(i: CustomerIdentity) -> impl IntoView {
    let lang = use_lang();
    let kind = i.channel_kind;
    view! {
        <li class="flex items-start gap-2 rounded-lg bg-slate-50 px-2.5 py-2 text-sm">
            <span class="mt-0.5">{move || view! { <ChannelIcon kind lang=lang.get() /> }}</span>
            <div class="min-w-0">
                <p class="truncate font-medium text-slate-900">{i.display_name}</p>
                <p class="truncate text-xs text-slate-500">{move || channel_name(lang.get(), kind)} " · " {i.channel_name}</p>
                <p class="truncate text-xs text-slate-500">{move || t(lang.get(), Key::PlatformId)} " " <span class="font-mono">{i.external_id}</span></p>
            </div>
        </li>
    }
}
