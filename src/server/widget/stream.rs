//! `GET /widget/v1/events?token=…&after=…`: a visitor's Server-Sent Events stream. It follows
//! the same hub as the inbox's streams: whenever a change touches the visitor's conversation
//! it reads the conversation's latest messages and sends those that are new or changed (a
//! reply, a delivery or read state, a file now kept), each as a `message` event whose id is
//! the message's, so a reconnect (`Last-Event-ID` or `after`) first sends what was missed.
//! An agent typing in it is a `typing` event. What the team's replies reach is marked
//! delivered as they go out. The token (an `EventSource` sends no header) is checked again
//! every 30 s; a blacklisted visitor's stream ends.

use super::{message_of, WidgetMessage};
use crate::domain::{ConversationId, MessageId};
use crate::server::db::{Store, Visitor, WidgetPage, WidgetRecord};
use crate::server::live::{Hub, Out};
use crate::server::service::widget as service;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

const RECHECK: Duration = Duration::from_secs(30);
const AHEAD: usize = 16;
/// The latest messages compared on each change (older ones do not change any more).
const WATCH: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new().route("/widget/v1/events", get(events))
}

#[derive(Deserialize)]
struct Ask {
    token: Option<String>,
    after: Option<i64>,
}

async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(ask): Query<Ask>,
) -> Response {
    let token = ask.token.unwrap_or_default();
    let (visitor, widget) = match service::visitor(&state.store, &token).await {
        Ok(Ok(v)) => v,
        Ok(Err(_)) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!("widget stream: {e}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(ask.after)
        .unwrap_or(0);
    // Subscribed before reading: whatever changes from now on is heard.
    let batches = state.hub.subscribe();
    let (tx, mut rx) = mpsc::channel::<Event>(AHEAD);
    tokio::spawn(
        Follower {
            store: state.store.clone(),
            hub: state.hub.clone(),
            visitor,
            widget,
            token,
            conversation: None,
            after: MessageId(after),
            sent: HashMap::new(),
            typing: None,
            tx,
        }
        .run(batches),
    );
    let body = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|e| e.map(Ok::<_, Infallible>))
    });
    let mut response = Sse::new(body)
        .keep_alive(
            KeepAlive::new()
                .interval(crate::server::live::stream::HEARTBEAT)
                .event(Event::default().event("ping").data("1")),
        )
        .into_response();
    let h = response.headers_mut();
    h.insert("x-accel-buffering", http::HeaderValue::from_static("no"));
    h.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    response
}

struct Follower {
    store: Store,
    hub: Arc<Hub>,
    visitor: Visitor,
    widget: WidgetRecord,
    token: String,
    conversation: Option<ConversationId>,
    /// The largest message id sent.
    after: MessageId,
    /// What was sent of the latest messages, to send only what changed.
    sent: HashMap<MessageId, WidgetMessage>,
    /// The colleague shown typing.
    typing: Option<String>,
    tx: mpsc::Sender<Event>,
}

/// Why a stream stops.
struct Gone;

impl Follower {
    async fn run(mut self, mut batches: broadcast::Receiver<Arc<Out>>) {
        let mut closing = self.hub.closing();
        if *closing.borrow_and_update() {
            return;
        }
        let first = Event::default()
            .retry(Duration::from_secs(2))
            .comment("widget");
        if self.tx.send(first).await.is_err() || self.catch_up().await.is_err() {
            return;
        }
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        loop {
            let step = tokio::select! {
                batch = batches.recv() => match batch {
                    Ok(out) => self.heard(&out).await,
                    // Fell behind the hub: what changed is read from the database anyway.
                    Err(broadcast::error::RecvError::Lagged(_)) => self.refresh().await,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = closing.changed() => return,
                _ = recheck.tick() => self.still_here().await,
                _ = self.tx.closed() => return,
            };
            if step.is_err() {
                return;
            }
        }
    }

    /// Up to [`WATCH`] messages of conversation `c`.
    async fn page(
        &self,
        c: ConversationId,
        page: WidgetPage,
    ) -> Result<Vec<crate::server::db::WidgetMessageRow>, Gone> {
        self.store
            .widget_messages(self.visitor.workspace_id, c, page, WATCH)
            .await
            .map_err(|e| {
                tracing::warn!("widget stream: {e}");
                Gone
            })
    }

    fn team(&self) -> (&str, Option<&str>) {
        let look = &self.widget.settings.look;
        (&look.display_name, look.avatar_url.as_deref())
    }

    async fn send(&self, event: Event) -> Result<(), Gone> {
        self.tx.send(event).await.map_err(|_| Gone)
    }

    /// Finds the visitor's conversation (none before their first message); ends a
    /// blacklisted visitor's stream.
    async fn find(&mut self) -> Result<Option<ConversationId>, Gone> {
        if self.conversation.is_none() {
            match self.store.visitor_conversation(&self.visitor).await {
                Ok((_, true)) => {
                    let _ = self
                        .send(Event::default().event("unavailable").data("{}"))
                        .await;
                    return Err(Gone);
                }
                Ok((c, false)) => self.conversation = c,
                Err(e) => {
                    tracing::warn!("widget stream: {e}");
                    return Err(Gone);
                }
            }
        }
        Ok(self.conversation)
    }

    /// Sends every message after the cursor, page by page.
    async fn catch_up(&mut self) -> Result<(), Gone> {
        let Some(c) = self.find().await? else {
            return Ok(());
        };
        // What the page already has is remembered as it is now, so only a change of it is sent.
        let known = self.page(c, WidgetPage::Latest).await?;
        for row in known.iter().filter(|r| r.id <= self.after) {
            let m = message_of(row, &self.token, self.team());
            self.sent.insert(row.id, m);
        }
        loop {
            let rows = self.page(c, WidgetPage::After(self.after)).await?;
            let full = rows.len() as i64 == WATCH;
            self.deliver(rows).await?;
            if !full {
                return Ok(());
            }
        }
    }

    /// Sends the rows not sent yet or changed since, and marks the team's replies delivered.
    async fn deliver(
        &mut self,
        rows: Vec<crate::server::db::WidgetMessageRow>,
    ) -> Result<(), Gone> {
        let mut reached = None;
        for row in &rows {
            let m = message_of(row, &self.token, self.team());
            if self.sent.get(&row.id) == Some(&m) {
                continue;
            }
            let data = serde_json::to_string(&m).unwrap_or_else(|_| "{}".into());
            self.after = self.after.max(row.id);
            let event = Event::default()
                .event("message")
                .id(self.after.0.to_string())
                .data(data);
            self.send(event).await?;
            if m.from != "visitor" && m.state == Some("sent") {
                reached = Some(row.id);
            }
            self.sent.insert(row.id, m);
        }
        if self.sent.len() > 4 * WATCH as usize {
            let keep = MessageId(self.after.0 - WATCH);
            self.sent.retain(|id, _| *id > keep);
        }
        if let (Some(up_to), Some(c)) = (reached, self.conversation) {
            if let Err(e) = self
                .store
                .visitor_received(self.visitor.workspace_id, c, up_to, false)
                .await
            {
                tracing::warn!("widget stream: marking delivered: {e}");
            }
        }
        Ok(())
    }

    /// Reads the latest messages again and sends what is new or changed.
    async fn refresh(&mut self) -> Result<(), Gone> {
        let Some(c) = self.find().await? else {
            return Ok(());
        };
        let rows = self.page(c, WidgetPage::Latest).await?;
        self.deliver(rows).await
    }

    async fn heard(&mut self, out: &Out) -> Result<(), Gone> {
        let ws = self.visitor.workspace_id;
        match out {
            Out::Changes { facts, .. } => {
                // Deleted (the customer blacklisted): looked up again, which ends the stream.
                if facts
                    .iter()
                    .any(|f| f.workspace == ws && f.gone && f.conversation == self.conversation)
                {
                    self.conversation = None;
                }
                let touched = facts.iter().any(|f| {
                    f.workspace == ws
                        && match self.conversation {
                            Some(c) => f.conversation == Some(c),
                            // Not written yet: their first message opens one.
                            None => f.opened || f.gone,
                        }
                });
                if touched {
                    self.refresh().await?;
                }
                Ok(())
            }
            Out::Presence {
                workspace,
                conversation,
                viewers,
                ..
            } if *workspace == ws && Some(*conversation) == self.conversation => {
                let typing = viewers
                    .iter()
                    .find(|v| v.typing && !v.customer)
                    .map(|v| v.name.clone());
                if typing != self.typing {
                    let data = serde_json::json!({
                        "typing": typing.is_some(),
                        "name": typing.clone().unwrap_or_default(),
                    });
                    self.typing = typing;
                    self.send(Event::default().event("typing").data(data.to_string()))
                        .await?;
                }
                Ok(())
            }
            Out::Presence { .. } => Ok(()),
        }
    }

    /// The visitor's token still stands and they are not blacklisted.
    async fn still_here(&mut self) -> Result<(), Gone> {
        match service::visitor(&self.store, &self.token).await {
            Ok(Ok(_)) => {}
            _ => return Err(Gone),
        }
        if matches!(
            self.store.visitor_conversation(&self.visitor).await,
            Ok((_, true))
        ) {
            let _ = self
                .send(Event::default().event("unavailable").data("{}"))
                .await;
            return Err(Gone);
        }
        Ok(())
    }
}
