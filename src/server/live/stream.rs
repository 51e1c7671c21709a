//! `GET /events`: one Server-Sent Events stream per open page. It resumes after the last event
//! the page saw (`Last-Event-ID` on a reconnect, `?after=` on the first connection: the number
//! the page was rendered at), first from the database and then from the hub, so nothing is
//! missed or doubled; a page away longer than events are kept is told to reload (`reset`). A
//! stream that falls too far behind is closed (its page reconnects and resumes), so a slow
//! client never makes the server hold more than the hub's backlog; the server's shutdown ends
//! every stream.

use super::{facts_of, Hub, Out};
use crate::domain::{Actor, WorkspaceId};
use crate::server::auth;
use crate::server::db::{SessionMember, Store};
use crate::server::state::AppState;
use crate::wire::{LiveBatch, LiveItem, Presence};
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// Heart-beats that keep proxies from closing a quiet stream (and tell the page it is alive).
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a stream checks that its session still stands (a sign-out, a deactivation or a
/// role change reaches open streams within this).
const RECHECK: Duration = Duration::from_secs(30);
/// Messages written ahead of a slow client before its stream stops taking the hub's batches
/// (and soon falls behind and is closed).
const AHEAD: usize = 16;
/// How long a stream waits for this server to catch up with a cursor from another one.
const CATCH_UP: Duration = Duration::from_secs(3);
/// How long a browser waits before reconnecting a dropped stream.
const RETRY: Duration = Duration::from_secs(1);

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

#[derive(Deserialize)]
struct After {
    after: Option<i64>,
}

async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Response {
    let token = headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            auth::cookie_value(
                c,
                auth::session_cookie_name(state.settings.secure_cookies()),
            )
        })
        .map(str::to_owned);
    let Some(token) = token else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let who = match auth::resolve_session(&state.store, &token, auth::now_millis()).await {
        Ok(Some(who)) => who,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!("live: session look-up failed: {e}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(after.after);
    // Subscribed before reading what was missed: whatever the hub hands on from now is in the
    // backlog, whatever it handed on before is in the database.
    let batches = state.hub.subscribe();
    let (tx, mut rx) = mpsc::channel::<Event>(AHEAD);
    tokio::spawn(follow(
        batches,
        state.hub.clone(),
        state.store.clone(),
        (who, token),
        resume,
        tx,
    ));
    let body = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|e| e.map(Ok::<_, Infallible>))
    });
    let mut response = Sse::new(body)
        // A named event, not a comment: the page sees it, and reconnects when they stop.
        .keep_alive(
            KeepAlive::new()
                .interval(HEARTBEAT)
                .event(Event::default().event("ping").data("1")),
        )
        .into_response();
    // Proxies must not hold the stream back to buffer or compress it.
    response
        .headers_mut()
        .insert("x-accel-buffering", http::HeaderValue::from_static("no"));
    response
}

/// Where a stream starts: after `resume`, or the hub's head for a page without one. A cursor
/// whose next events were pruned (or from another database) starts at the head with a reset.
async fn start(hub: &Hub, store: &Store, resume: Option<i64>) -> (i64, bool) {
    let Some(from) = resume else {
        return (hub.head(), false);
    };
    // A page made by another server of the database may be a moment ahead of this one.
    let deadline = tokio::time::Instant::now() + CATCH_UP;
    while hub.head() < from && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(super::POLL).await;
    }
    let head = hub.head();
    if from > head {
        return (head, true);
    }
    match store.live_oldest().await {
        Ok(Some(oldest)) => {
            if from + 1 < oldest {
                (head, true)
            } else {
                (from, false)
            }
        }
        Ok(None) => (head, from < head),
        Err(_) => (head, true),
    }
}

fn changes(last: i64, items: Vec<LiveItem>) -> Event {
    let data = serde_json::to_string(&LiveBatch { items }).unwrap_or_else(|_| "{}".into());
    Event::default()
        .event("change")
        .id(last.to_string())
        .data(data)
}

/// Feeds one stream until its page goes, it falls behind, its session ends or the server stops.
async fn follow(
    mut batches: broadcast::Receiver<Arc<Out>>,
    hub: Arc<Hub>,
    store: Store,
    (who, token): (SessionMember, String),
    resume: Option<i64>,
    tx: mpsc::Sender<Event>,
) {
    let mut closing = hub.closing();
    if *closing.borrow_and_update() {
        return;
    }
    let ws = who.workspace_id;
    let mut actor = who.actor();
    let (mut sent, reset) = start(&hub, &store, resume).await;
    let first = Event::default().retry(RETRY);
    let first = if reset {
        first.event("reset").id(sent.to_string()).data("{}")
    } else {
        first.comment("live")
    };
    if tx.send(first).await.is_err() {
        return;
    }
    // What was missed, from the database.
    loop {
        let events = match store.live_after(Some(ws), sent, super::READ).await {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!("live: resume failed: {e}");
                return;
            }
        };
        let Some(last) = events.last().map(|e| e.seq) else {
            break;
        };
        let facts = match facts_of(&store, &events).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!("live: resume failed: {e}");
                return;
            }
        };
        let items: Vec<_> = facts
            .iter()
            .filter_map(|f| f.heard_by(ws, &actor))
            .collect();
        if !items.is_empty() && tx.send(changes(last, items)).await.is_err() {
            return;
        }
        sent = last;
        if (events.len() as i64) < super::READ {
            break;
        }
    }
    // The cursor the page holds (it moves only with what it heard).
    let mut told = sent;
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    loop {
        tokio::select! {
            _ = tx.closed() => return,
            _ = closing.changed() => return,
            _ = recheck.tick() => {
                match still_signed_in(&store, &who, &token).await {
                    Some(now) => actor = now,
                    None => return,
                }
                // Move the page's cursor past what it did not hear, without saying what.
                if told < sent {
                    if tx.send(Event::default().id(sent.to_string()).comment("")).await.is_err() {
                        return;
                    }
                    told = sent;
                }
            }
            got = batches.recv() => match got {
                Ok(out) => match &*out {
                    Out::Changes { last, facts, everything } => {
                        if *last <= sent {
                            continue;
                        }
                        // A member who sees everything, with nothing of their own in the batch
                        // and nothing of it sent yet, gets the text written once for all.
                        let shared = (sees_all(&actor)
                            && facts.first().is_some_and(|f| f.seq > sent)
                            && !facts.iter().any(|f| {
                                f.audience.personal && f.audience.member == Some(actor.member_id)
                            }))
                        .then(|| everything.get(&ws));
                        let message = match shared {
                            Some(Some(json)) => Some(
                                Event::default()
                                    .event("change")
                                    .id(last.to_string())
                                    .data(&**json),
                            ),
                            Some(None) => None,
                            None => {
                                let items: Vec<_> = facts
                                    .iter()
                                    .filter(|f| f.seq > sent)
                                    .filter_map(|f| f.heard_by(ws, &actor))
                                    .collect();
                                (!items.is_empty()).then(|| changes(*last, items))
                            }
                        };
                        sent = *last;
                        if let Some(message) = message {
                            if tx.send(message).await.is_err() {
                                return;
                            }
                            told = sent;
                        }
                    }
                    Out::Presence { workspace, conversation, audience, viewers } => {
                        if !hears_presence(ws, &actor, *workspace, audience) {
                            continue;
                        }
                        let data = serde_json::to_string(&Presence {
                            conversation: *conversation,
                            viewers: viewers.clone(),
                        })
                        .unwrap_or_default();
                        if tx.send(Event::default().event("presence").data(data)).await.is_err() {
                            return;
                        }
                    }
                },
                // Too far behind: closed; the page resumes from its cursor.
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::debug!("live: a stream fell {n} batches behind and was closed");
                    return;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}

fn sees_all(actor: &Actor) -> bool {
    crate::domain::permission::scope(actor) == crate::domain::permission::Scope::All
}

fn hears_presence(
    ws: WorkspaceId,
    actor: &Actor,
    workspace: WorkspaceId,
    audience: &crate::domain::live::Audience,
) -> bool {
    ws == workspace
        && crate::domain::live::hears(actor, audience) == crate::domain::live::Heard::Yes
}

/// The member as they are now, while their session stands.
async fn still_signed_in(store: &Store, who: &SessionMember, token: &str) -> Option<Actor> {
    match auth::resolve_session(store, token, auth::now_millis()).await {
        Ok(found) => found
            .filter(|now| now.member_id == who.member_id)
            .map(|now| now.actor()),
        // A database hiccup does not end the stream.
        Err(_) => Some(who.actor()),
    }
}
