//! Every request made to a platform route (not the `/_fake` control API), in arrival order:
//! `GET /_fake/requests[?prefix=/line]` lists them, `POST /_fake/reset[?only=requests]` forgets.

use super::request::json;
use super::state::{lock, now_ms, FakeState};
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One request as it arrived, and the status it was answered with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// Arrival order, from 1 (not reset by `reset`).
    pub seq: u64,
    /// Unix ms when it arrived.
    pub time_ms: i64,
    pub method: String,
    pub path: String,
    /// The raw query string (`""` when none).
    pub query: String,
    /// Header names in lowercase; repeated headers joined with `", "`.
    pub headers: BTreeMap<String, String>,
    /// The body parsed as JSON when it is JSON, else its text, `null` when empty (binary
    /// bodies as `"<N bytes>"`).
    pub body: Value,
    /// The answer's status; `None` while it is being answered (or the client went away).
    pub status: Option<u16>,
    /// Answered from a script rather than by the fake platform.
    pub scripted: bool,
}

#[derive(Default)]
pub(super) struct Recorder {
    entries: Mutex<Vec<Recorded>>,
    next: Mutex<u64>,
}

impl Recorder {
    /// Records an arriving request; returns its `seq`.
    pub fn start(&self, parts: &Parts, body: &[u8]) -> u64 {
        let seq = {
            let mut next = lock(&self.next);
            *next += 1;
            *next
        };
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in &parts.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert(value);
        }
        let entry = Recorded {
            seq,
            time_ms: now_ms(),
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            headers,
            body: body_value(body),
            status: None,
            scripted: false,
        };
        lock(&self.entries).push(entry);
        seq
    }

    /// Notes the answer given to request `seq`.
    pub fn finish(&self, seq: u64, status: u16, scripted: bool) {
        if let Some(e) = lock(&self.entries).iter_mut().rev().find(|e| e.seq == seq) {
            e.status = Some(status);
            e.scripted = scripted;
        }
    }

    /// The requests whose path starts with `prefix` (all when `None`).
    pub fn list(&self, prefix: Option<&str>) -> Vec<Recorded> {
        lock(&self.entries)
            .iter()
            .filter(|e| prefix.is_none_or(|p| e.path.starts_with(p)))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}

fn body_value(body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return v;
    }
    match std::str::from_utf8(body) {
        Ok(text) => Value::String(text.to_owned()),
        Err(_) => Value::String(format!("<{} bytes>", body.len())),
    }
}

impl FakeState {
    /// Every platform request so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.recorder.list(None)
    }
}

#[derive(Deserialize)]
pub(super) struct ListQuery {
    prefix: Option<String>,
}

/// `GET /_fake/requests[?prefix=/meta]`.
pub(super) async fn list(State(state): State<FakeState>, Query(q): Query<ListQuery>) -> Response {
    let items = state.inner.recorder.list(q.prefix.as_deref());
    json(
        StatusCode::OK,
        &serde_json::to_value(items).unwrap_or_default(),
    )
}

#[derive(Deserialize)]
pub(super) struct ResetQuery {
    only: Option<String>,
}

/// `POST /_fake/reset` forgets everything; `?only=requests` only the recorded requests.
pub(super) async fn reset(State(state): State<FakeState>, Query(q): Query<ResetQuery>) -> Response {
    match q.only.as_deref() {
        None | Some("") => state.reset(),
        Some("requests") => state.inner.recorder.clear(),
        Some(other) => {
            return super::request::bad_control(format!(
                "only={other:?}: the only partial reset is only=requests"
            ))
        }
    }
    json(StatusCode::OK, &serde_json::json!({ "reset": true }))
}
