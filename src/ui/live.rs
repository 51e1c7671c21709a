//! The page's live stream (`GET /events`, issue 11), in the browser: what the member may see
//! changes, the page hears it at once. Heard changes are gathered for a moment and handed on
//! together ([`Live::heard`]); the inbox reloads what they touch. The stream reconnects by
//! itself and resumes after the last change heard; while it is down the page says
//! "reconnecting…".

use crate::domain::ConversationId;
use crate::wire::{LiveItem, Viewer};
use leptos::prelude::*;
use std::collections::HashMap;

/// The page-wide live state (provided once per signed-in page by `page::provide_signed_in`).
#[derive(Clone, Copy)]
pub struct Live {
    /// The changes heard since the previous hand-over, numbered by hand-over.
    pub heard: RwSignal<(u32, Vec<LiveItem>)>,
    /// The stream is up (true on the server render and until it first fails).
    pub connected: RwSignal<bool>,
    /// The page was away longer than changes are kept: its lists were loaded again.
    pub reloaded: RwSignal<bool>,
    /// Who has which conversation open (others and this member alike).
    pub presence: RwSignal<HashMap<ConversationId, Vec<Viewer>>>,
    /// The member wants a desktop notification and a sound for new conversations and
    /// notifications (remembered for them on the server).
    pub alerts: RwSignal<bool>,
    /// The page's language (for the desktop notification's words).
    pub lang: RwSignal<crate::domain::Lang>,
}

impl Live {
    /// The changes of the last hand-over (tracked).
    pub fn items(self) -> Vec<LiveItem> {
        self.heard.with(|(_, items)| items.clone())
    }

    /// Whether the last hand-over touched conversation `id` (tracked).
    pub fn touched(self, id: ConversationId) -> Option<LiveItem> {
        self.heard.with(|(_, items)| {
            items
                .iter()
                .rev()
                .find(|i| i.conversation == Some(id))
                .copied()
        })
    }
}

/// The live state of the page, if it is a signed-in one.
pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}

/// Provides the live state and, in the browser, opens the stream after change `from` (the last
/// one handed on when the page was made).
pub fn provide_live(from: i64, alerts: bool, lang: RwSignal<crate::domain::Lang>) {
    let live = Live {
        lang,
        alerts: RwSignal::new(alerts),
        heard: RwSignal::new((0, Vec::new())),
        connected: RwSignal::new(true),
        reloaded: RwSignal::new(false),
        presence: RwSignal::new(HashMap::new()),
    };
    provide_context(live);
    #[cfg(feature = "hydrate")]
    browser::open(live, from);
    #[cfg(not(feature = "hydrate"))]
    let _ = from;
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Live;
    use crate::wire::{LiveBatch, LiveItem, Presence};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    /// Heard changes wait this long for more before they are handed on together…
    const GATHER_MS: f64 = 150.0;
    /// …and are handed on at most this often, so a page watching a busy workspace reloads its
    /// list and counts at most once a second whatever the rate of changes.
    const GAP_MS: f64 = 1_000.0;
    /// A stream the browser gave up on (the server refused it) is opened again after this.
    const AGAIN: Duration = Duration::from_secs(5);
    /// A stream silent this long (the server beats every 15 s) is taken for dead and opened
    /// again: a network that vanished without closing the connection.
    const SILENT_MS: f64 = 40_000.0;

    struct Conn {
        source: EventSource,
        _handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    }

    struct State {
        /// When the stream last said anything (heart-beats included).
        heard_at: f64,
        /// When changes were last handed on.
        flushed_at: f64,
        live: Live,
        /// The last change heard: where a new connection resumes.
        last: i64,
        conn: Option<Conn>,
        waiting: Vec<LiveItem>,
        flushing: bool,
        gone: bool,
        watchers: Option<Watchers>,
    }

    type Shared = Rc<RefCell<State>>;

    pub fn open(live: Live, from: i64) {
        let state: Shared = Rc::new(RefCell::new(State {
            heard_at: js_sys::Date::now(),
            flushed_at: 0.0,
            live,
            last: from,
            conn: None,
            waiting: Vec::new(),
            flushing: false,
            gone: false,
            watchers: None,
        }));
        connect(&state);
        watch(&state);
        // One stream per page: the one of a page left is closed (the cleanup runs where the page
        // ran, so the state is kept there rather than moved into it).
        if let Some(old) = CURRENT.with(|c| c.borrow_mut().replace(state)) {
            close(&old);
        }
        on_cleanup(|| {
            if let Some(old) = CURRENT.with(|c| c.borrow_mut().take()) {
                close(&old);
            }
        });
    }

    thread_local! {
        static CURRENT: RefCell<Option<Shared>> = const { RefCell::new(None) };
    }

    /// The browser going offline closes the stream at once (the page says it is
    /// reconnecting; a connection may otherwise linger unanswered for minutes), coming back
    /// online opens it again, resuming; a stream silent too long is opened again.
    fn watch(state: &Shared) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let s = state.clone();
        let offline = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let live = {
                let mut st = s.borrow_mut();
                if let Some(c) = st.conn.take() {
                    c.source.close();
                }
                st.live
            };
            live.connected.set(false);
        });
        let s = state.clone();
        let online = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if !s.borrow().gone {
                connect(&s);
            }
        });
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let s = state.clone();
        let check = Closure::<dyn FnMut()>::new(move || {
            let (silent, open) = {
                let st = s.borrow();
                (
                    js_sys::Date::now() - st.heard_at > SILENT_MS,
                    st.conn.is_some() && !st.gone,
                )
            };
            if silent && open {
                s.borrow().live.connected.set(false);
                connect(&s);
            }
        });
        let timer = window
            .set_interval_with_callback_and_timeout_and_arguments_0(
                check.as_ref().unchecked_ref(),
                10_000,
            )
            .ok();
        let mut st = state.borrow_mut();
        st.watchers = Some(Watchers {
            _offline: offline,
            _online: online,
            _check: check,
            timer,
        });
    }

    fn close(state: &Shared) {
        let mut s = state.borrow_mut();
        s.gone = true;
        if let Some(c) = s.conn.take() {
            c.source.close();
        }
        if let Some(w) = s.watchers.take() {
            if let Some(window) = web_sys::window() {
                let _ = window.remove_event_listener_with_callback(
                    "offline",
                    w._offline.as_ref().unchecked_ref(),
                );
                let _ = window.remove_event_listener_with_callback(
                    "online",
                    w._online.as_ref().unchecked_ref(),
                );
                if let Some(t) = w.timer {
                    window.clear_interval_with_handle(t);
                }
            }
        }
    }

    struct Watchers {
        _offline: Closure<dyn FnMut(web_sys::Event)>,
        _online: Closure<dyn FnMut(web_sys::Event)>,
        _check: Closure<dyn FnMut()>,
        timer: Option<i32>,
    }

    fn connect(state: &Shared) {
        let url = format!("/events?after={}", state.borrow().last);
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let mut handlers = Vec::new();
        let listen = |name: &str, f: Box<dyn FnMut(web_sys::Event)>| {
            let c = Closure::wrap(f);
            let _ = source.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
            c
        };
        let s = state.clone();
        handlers.push(listen(
            "open",
            Box::new(move |_| {
                let live = {
                    let mut st = s.borrow_mut();
                    st.heard_at = js_sys::Date::now();
                    st.live
                };
                live.connected.set(true);
            }),
        ));
        let s = state.clone();
        handlers.push(listen(
            "ping",
            Box::new(move |_| s.borrow_mut().heard_at = js_sys::Date::now()),
        ));
        let s = state.clone();
        handlers.push(listen(
            "error",
            Box::new(move |_| {
                let (live, closed) = {
                    let st = s.borrow();
                    let closed = st
                        .conn
                        .as_ref()
                        .is_some_and(|c| c.source.ready_state() == EventSource::CLOSED);
                    (st.live, closed)
                };
                live.connected.set(false);
                // The browser retries by itself unless the server refused the stream.
                if closed {
                    let s = s.clone();
                    set_timeout(
                        move || {
                            if !s.borrow().gone {
                                connect(&s);
                            }
                        },
                        AGAIN,
                    );
                }
            }),
        ));
        let s = state.clone();
        handlers.push(listen(
            "change",
            Box::new(move |ev| {
                let Some(ev) = ev.dyn_ref::<MessageEvent>() else {
                    return;
                };
                let batch: Option<LiveBatch> = ev
                    .data()
                    .as_string()
                    .and_then(|d| serde_json::from_str(&d).ok());
                let id = ev.last_event_id().parse::<i64>().ok();
                let mut st = s.borrow_mut();
                st.heard_at = js_sys::Date::now();
                if let Some(id) = id {
                    st.last = st.last.max(id);
                }
                if let Some(batch) = batch {
                    st.waiting.extend(batch.items);
                    if !st.flushing {
                        st.flushing = true;
                        let now = js_sys::Date::now();
                        let wait = GATHER_MS.max(st.flushed_at + GAP_MS - now);
                        let s = s.clone();
                        set_timeout(move || flush(&s), Duration::from_millis(wait as u64));
                    }
                }
            }),
        ));
        let s = state.clone();
        handlers.push(listen(
            "reset",
            Box::new(move |ev| {
                let id = ev
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| e.last_event_id().parse::<i64>().ok());
                let live = {
                    let mut st = s.borrow_mut();
                    if let Some(id) = id {
                        st.last = id;
                    }
                    st.live
                };
                live.reloaded.set(true);
                // Everything the page shows is loaded again: one empty hand-over does it.
                live.heard.update(|(n, items)| {
                    *n += 1;
                    items.clear();
                });
            }),
        ));
        let s = state.clone();
        handlers.push(listen(
            "presence",
            Box::new(move |ev| {
                let Some(p) = ev
                    .dyn_ref::<MessageEvent>()
                    .and_then(|e| e.data().as_string())
                    .and_then(|d| serde_json::from_str::<Presence>(&d).ok())
                else {
                    return;
                };
                let live = s.borrow().live;
                live.presence.update(|map| {
                    if p.viewers.is_empty() {
                        map.remove(&p.conversation);
                    } else {
                        map.insert(p.conversation, p.viewers);
                    }
                });
            }),
        ));
        // A connection replaced is closed first.
        let old = state.borrow_mut().conn.replace(Conn {
            source,
            _handlers: handlers,
        });
        if let Some(old) = old {
            old.source.close();
        }
    }

    fn flush(state: &Shared) {
        let (live, items) = {
            let mut st = state.borrow_mut();
            st.flushing = false;
            // The page was left while the changes waited (a sign-out, say): its signals are gone.
            if st.gone {
                return;
            }
            st.flushed_at = js_sys::Date::now();
            (st.live, std::mem::take(&mut st.waiting))
        };
        let fresh = items.iter().filter(|i| i.opened && !i.left).count();
        let for_me = items
            .iter()
            .filter(|i| i.kind == crate::wire::LiveKind::Notification)
            .count();
        if live.alerts.try_get_untracked() == Some(true) && fresh + for_me > 0 {
            if let Some(lang) = live.lang.try_get_untracked() {
                super::alert::ring(lang, fresh, for_me);
            }
        }
        live.heard.update(|(n, all)| {
            *n += 1;
            *all = items;
        });
    }
}

/// The desktop notification and the sound (the member switches them on in the sidebar).
pub mod alert {
    use crate::i18n::{t, Key};

    /// Asks the browser to let the page show desktop notifications (on the member's click).
    pub fn ask_permission() {
        #[cfg(feature = "hydrate")]
        if let Ok(p) = web_sys::Notification::request_permission() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            });
        }
    }

    /// `fresh` new conversations and `for_me` notifications just arrived: a short tone, and a
    /// desktop notification when the page is not in front.
    pub fn ring(lang: crate::domain::Lang, fresh: usize, for_me: usize) {
        #[cfg(feature = "hydrate")]
        {
            use leptos::prelude::*;
            use web_sys::{Notification, NotificationOptions, NotificationPermission};
            tone();
            let doc = document();
            if !doc.hidden() && doc.has_focus().unwrap_or(true) {
                return;
            }
            if Notification::permission() != NotificationPermission::Granted {
                return;
            }
            let body = if for_me > 0 {
                t(lang, Key::AlertForYou).to_owned()
            } else {
                t(lang, Key::AlertNewConversations).replace("{n}", &fresh.to_string())
            };
            let options = NotificationOptions::new();
            options.set_body(&body);
            options.set_tag("omni-inbox");
            let _ = Notification::new_with_options(t(lang, Key::AppName), &options);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (lang, fresh, for_me, t, Key::AppName);
    }

    /// Two soft notes, made by the browser (no sound file to load).
    #[cfg(feature = "hydrate")]
    fn tone() {
        use web_sys::{AudioContext, OscillatorType};
        let Ok(ctx) = AudioContext::new() else {
            return;
        };
        let now = ctx.current_time();
        for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                return;
            };
            osc.set_type(OscillatorType::Sine);
            osc.frequency().set_value(freq);
            let start = now + i as f64 * 0.14;
            let _ = gain.gain().set_value_at_time(0.0001, start);
            let _ = gain
                .gain()
                .exponential_ramp_to_value_at_time(0.15, start + 0.02);
            let _ = gain
                .gain()
                .exponential_ramp_to_value_at_time(0.0001, start + 0.22);
            let _ = osc.connect_with_audio_node(&gain);
            let _ = gain.connect_with_audio_node(&ctx.destination());
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(start + 0.25);
        }
    }
}
