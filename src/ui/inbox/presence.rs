//! Who else has the open conversation, and who is typing in it: the pane says so every 20 s
//! while open (and that it closed it), the composer at each burst of typing; the live stream
//! brings the others' words (`crate::ui::live`).

#[cfg(feature = "hydrate")]
use crate::api::live::presence;
use crate::domain::{ConversationId, Lang};
use crate::i18n::{t, Key};
use crate::ui::live::use_live;
use crate::ui::page::{use_lang, use_me};
use crate::wire::Viewer;
use leptos::prelude::*;

/// Typing is said at most this often.
#[cfg(feature = "hydrate")]
const TYPING_EVERY: f64 = 3_000.0;

/// Says, while the pane of `id` is open, that this member has it open.
pub fn keep_saying(id: ConversationId) {
    #[cfg(feature = "hydrate")]
    {
        let Some(live) = use_live() else {
            return;
        };
        let say = move || say(live, id, true, false);
        say();
        // A tab closed or navigated away runs no cleanup: the page says it left as it goes.
        let leaving = window_event_listener(leptos::ev::pagehide, move |_| left(id));
        if let Ok(handle) = set_interval_with_handle(say, std::time::Duration::from_secs(20)) {
            on_cleanup(move || {
                handle.clear();
                leaving.remove();
                leptos::task::spawn_local(async move {
                    let _ = presence(id, false, false).await;
                });
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(feature = "hydrate")]
fn say(live: crate::ui::live::Live, id: ConversationId, viewing: bool, typing: bool) {
    leptos::task::spawn_local(async move {
        if let Ok(viewers) = presence(id, viewing, typing).await {
            live.presence.update(|map| {
                map.insert(id, viewers);
            });
        }
    });
}

/// Says that the page no longer has `id` open, in a request the browser sends even as the page
/// goes (a beacon, a same-site POST like any server function).
#[cfg(feature = "hydrate")]
fn left(id: ConversationId) {
    let body = format!("id={id}&viewing=false&typing=false");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/x-www-form-urlencoded");
    if let (Some(window), Ok(blob)) = (
        web_sys::window(),
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options),
    ) {
        let _ = window
            .navigator()
            .send_beacon_with_opt_blob("/api/presence", Some(&blob));
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static LAST_TYPING: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// The member typed in the composer of `id` (said at most every few seconds).
pub fn typed(id: ConversationId) {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::now();
        if now - LAST_TYPING.with(|c| c.get()) < TYPING_EVERY {
            return;
        }
        LAST_TYPING.with(|c| c.set(now));
        if let Some(live) = use_live() {
            say(live, id, true, true);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The member sent what they typed in `id`: no longer typing.
pub fn sent(id: ConversationId) {
    #[cfg(feature = "hydrate")]
    {
        LAST_TYPING.with(|c| c.set(0.0));
        if let Some(live) = use_live() {
            say(live, id, true, false);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The colleagues (not this member) with `id` open now.
fn others(id: ConversationId) -> Vec<Viewer> {
    let me = use_me().map(|m| m.member_id);
    use_live()
        .map(|live| {
            live.presence.with_untracked(|map| {
                map.get(&id)
                    .map(|v| {
                        v.iter()
                            .filter(|v| Some(v.member_id) != me)
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default()
            })
        })
        .unwrap_or_default()
}

/// Whether to go on taking over `id`: asks first when a colleague is typing in it.
pub fn confirm_take_over(id: ConversationId, lang: Lang) -> bool {
    let Some(typist) = others(id).into_iter().find(|v| v.typing) else {
        return true;
    };
    let question = t(lang, Key::TakeOverWhileTyping).replace("{name}", &typist.name);
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}

/// "Also here: 王小明 (typing…)" under the pane's header, while colleagues have it open.
#[component]
pub fn Viewers(id: ConversationId) -> impl IntoView {
    let lang = use_lang();
    let me = use_me().map(|m| m.member_id);
    let Some(live) = use_live() else {
        return ().into_any();
    };
    let others = Memo::new(move |_| {
        live.presence.with(|map| {
            map.get(&id)
                .map(|v| {
                    v.iter()
                        .filter(|v| Some(v.member_id) != me && !v.customer)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // A widget visitor typing (the website chat shows the team's typing the other way).
    let customer_typing = Memo::new(move |_| {
        live.presence.with(|map| {
            map.get(&id)
                .is_some_and(|v| v.iter().any(|v| v.customer && v.typing))
        })
    });
    view! {
        <Show when=move || customer_typing.get()>
            <p class="mt-1.5 text-xs italic text-indigo-600" data-customer-typing="">{move || t(lang.get(), Key::CustomerTyping)}</p>
        </Show>
        <Show when=move || !others.with(Vec::is_empty)>
            <p class="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" data-viewers="">
                <span class="text-slate-500">{move || t(lang.get(), Key::AlsoHere)}</span>
                {move || others.get().into_iter().map(|v| view! {
                    <span class="inline-flex items-center gap-1.5" data-viewer=v.member_id.get()>
                        <span class="h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true"></span>
                        <span class="font-medium text-slate-700">{v.name.clone()}</span>
                        {v.typing.then(|| view! {
                            <span class="italic text-indigo-600" data-typing="">{move || t(lang.get(), Key::IsTyping)}</span>
                        })}
                    </span>
                }).collect_view()}
            </p>
        </Show>
    }
    .into_any()
}
