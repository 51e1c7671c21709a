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
pub fn provide_live(from: i64) {
    let live = Live {
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

    /// Heard changes wait this long for more before they are handed on together.
    const GATHER: Duration = Duration::from_millis(150);
    /// A stream the browser gave up on (the server refused it) is opened again after this.
    const AGAIN: Duration = Duration::from_secs(5);

    struct Conn {
        source: EventSource,
        _handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    }

    struct State {
        live: Live,
        /// The last change heard: where a new connection resumes.
        last: i64,
        conn: Option<Conn>,
        waiting: Vec<LiveItem>,
        flushing: bool,
        gone: bool,
    }

    type Shared = Rc<RefCell<State>>;

    pub fn open(live: Live, from: i64) {
        let state: Shared = Rc::new(RefCell::new(State {
            live,
            last: from,
            conn: None,
            waiting: Vec::new(),
            flushing: false,
            gone: false,
        }));
        connect(&state);
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

    fn close(state: &Shared) {
        let mut s = state.borrow_mut();
        s.gone = true;
        if let Some(c) = s.conn.take() {
            c.source.close();
        }
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
            Box::new(move |_| s.borrow().live.connected.set(true)),
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
                if let Some(id) = id {
                    st.last = st.last.max(id);
                }
                if let Some(batch) = batch {
                    st.waiting.extend(batch.items);
                    if !st.flushing {
                        st.flushing = true;
                        let s = s.clone();
                        set_timeout(move || flush(&s), GATHER);
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
            (st.live, std::mem::take(&mut st.waiting))
        };
        live.heard.update(|(n, all)| {
            *n += 1;
            *all = items;
        });
    }
}
