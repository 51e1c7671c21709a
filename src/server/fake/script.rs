//! Canned answers and slow routes, for the paths of failure.
//!
//! `POST /_fake/script {"route": "/line/v2/bot/message/push", "method": "POST" (optional),
//! "responses": [{"status": 500, "body": {…}, "headers": {"Retry-After": "1"}, "delay_ms": 0},
//! {"error": "line_429"}, {"pass": true, "delay_ms": 3000}]}` queues answers that the next
//! matching requests get, in order, before the platform's normal behaviour resumes. A route
//! is an exact path or a path prefix ending at a `/` boundary (`/meta` covers
//! `/meta/v23.0/me/messages`); when several queues match, the longest route wins. A response
//! names a ready-made platform error with `error` (see [`CANNED`]; `status`, `body` and
//! `headers` given beside it override), or gives `status` (default 200), `body` (JSON; a JSON
//! string is sent as plain text) and `headers`; `delay_ms` waits first; `pass: true` waits and
//! then lets the fake answer normally (a slow success).
//!
//! `POST /_fake/delay {"route", "delay_ms", "method"}` makes a route slow until reset
//! (`delay_ms: 0` removes it): every matching request waits that long first, scripted or not.
//! `GET /_fake/script` shows the queues and delays.

use super::request::{bad_control, json};
use super::state::{lock, FakeState};
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

/// One canned answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScriptedResponse {
    /// A ready-made error by name ([`CANNED`]); the fields below override its parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub delay_ms: u64,
    /// After the delay, answer as the platform would (no canned answer).
    #[serde(default)]
    pub pass: bool,
    /// With `pass`: do what the platform does (the send is accepted), then hold the answer
    /// this long, so a client that gives up first never learns it was accepted.
    #[serde(default)]
    pub answer_delay_ms: u64,
}

impl ScriptedResponse {
    /// A ready-made error by name, or `None` for an unknown name.
    pub fn canned(name: &str) -> Option<Self> {
        let (status, body, headers) = canned(name)?;
        Some(ScriptedResponse {
            error: None,
            status: Some(status),
            body: Some(body),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            delay_ms: 0,
            pass: false,
            answer_delay_ms: 0,
        })
    }

    /// This status and JSON body.
    pub fn status(status: u16, body: Value) -> Self {
        ScriptedResponse {
            status: Some(status),
            body: Some(body),
            ..Self::default()
        }
    }

    /// Accepts the request as the platform would, then answers only after `delay_ms`.
    pub fn late(delay_ms: u64) -> Self {
        ScriptedResponse {
            pass: true,
            answer_delay_ms: delay_ms,
            ..Self::default()
        }
    }

    /// Waits `delay_ms`, then answers normally.
    pub fn slow(delay_ms: u64) -> Self {
        ScriptedResponse {
            delay_ms,
            pass: true,
            ..Self::default()
        }
    }

    /// Resolves `error` into status, body and headers (explicit fields win).
    fn resolved(mut self) -> Result<Self, String> {
        if let Some(name) = self.error.take() {
            let base = Self::canned(&name).ok_or_else(|| {
                format!(
                    "unknown error {name:?}; known: {}",
                    CANNED
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            self.status = self.status.or(base.status);
            self.body = self.body.or(base.body);
            for (k, v) in base.headers {
                self.headers.entry(k).or_insert(v);
            }
        }
        if let Some(status) = self.status {
            StatusCode::from_u16(status).map_err(|_| format!("status {status} is not valid"))?;
        }
        for (k, v) in &self.headers {
            HeaderName::from_bytes(k.as_bytes()).map_err(|_| format!("header name {k:?}"))?;
            HeaderValue::from_str(v).map_err(|_| format!("header value {v:?}"))?;
        }
        Ok(self)
    }

    /// The answer (after any delay, which the caller waits).
    pub(super) fn response(&self) -> Response {
        let status = StatusCode::from_u16(self.status.unwrap_or(200)).unwrap_or(StatusCode::OK);
        let mut response = match &self.body {
            None | Some(Value::Null) => status.into_response(),
            Some(Value::String(text)) => (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                text.clone(),
            )
                .into_response(),
            Some(value) => super::request::json(status, value),
        };
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                response.headers_mut().insert(k, v);
            }
        }
        response
    }
}

/// The ready-made errors: name and what it is (CHANNELS.md §1.5, §3.4, §4.5).
pub const CANNED: &[(&str, &str)] = &[
    (
        "meta_190",
        "Graph 400, code 190: access token expired (reauthorize)",
    ),
    (
        "meta_10_2018278",
        "Graph 400, code 10/2018278: outside the allowed window",
    ),
    (
        "meta_551_1545041",
        "Graph 400, code 551/1545041: this person isn't available",
    ),
    ("meta_613", "Graph 400, code 613: rate limit (retry)"),
    (
        "meta_4",
        "Graph 400, code 4: application request limit (retry)",
    ),
    ("meta_2", "Graph 500, code 2: temporary error (retry)"),
    ("meta_100", "Graph 400, code 100: invalid parameter"),
    (
        "wa_131047",
        "WhatsApp 400, code 131047: re-engagement message (outside 24 h)",
    ),
    (
        "wa_130429",
        "WhatsApp 400, code 130429: throughput limit (retry)",
    ),
    (
        "wa_131056",
        "WhatsApp 400, code 131056: pair rate limit (retry)",
    ),
    ("line_429", "LINE 429: too many requests (retry)"),
    (
        "line_429_monthly",
        "LINE 429: monthly limit reached (fails)",
    ),
    ("line_401", "LINE 401: invalid channel access token"),
    ("line_400_reply_token", "LINE 400: Invalid reply token"),
    ("http_500", "500 with a plain-text body"),
    ("http_503", "503 with Retry-After: 1"),
];

type Canned = (u16, Value, &'static [(&'static str, &'static str)]);

fn canned(name: &str) -> Option<Canned> {
    const TRACE: &str = "AfakeTraceId01";
    let graph = |code: i64, subcode: Option<i64>, message: &str| {
        let mut e = json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": TRACE});
        if let Some(sub) = subcode {
            e["error_subcode"] = json!(sub);
        }
        json!({ "error": e })
    };
    let whatsapp = |code: i64, message: &str, details: &str| {
        json!({"error": {"message": message, "type": "OAuthException", "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details}, "fbtrace_id": TRACE}})
    };
    let line = |message: &str| json!({ "message": message });
    Some(match name {
        "meta_190" => (400, graph(190, Some(463), "Error validating access token: Session has expired on Tuesday, 04-Jun-24 03:00:00 PDT. The current time is Tuesday, 04-Jun-24 04:00:00 PDT."), &[]),
        "meta_10_2018278" => (400, graph(10, Some(2_018_278), "(#10) This message is sent outside of allowed window."), &[]),
        "meta_551_1545041" => (400, graph(551, Some(1_545_041), "(#551) This person isn't available right now."), &[]),
        "meta_613" => (400, graph(613, None, "(#613) Calls to this api have exceeded the rate limit."), &[]),
        "meta_4" => (400, graph(4, None, "(#4) Application request limit reached"), &[]),
        "meta_2" => (500, graph(2, None, "An unexpected error has occurred. Please retry your request later."), &[]),
        "meta_100" => (400, graph(100, None, "(#100) Invalid parameter"), &[]),
        "wa_131047" => (400, whatsapp(131_047, "(#131047) Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number."), &[]),
        "wa_130429" => (400, whatsapp(130_429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."), &[]),
        "wa_131056" => (400, whatsapp(131_056, "(#131056) (Business Account, Consumer Account) pair rate limit hit", "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."), &[]),
        "line_429" => (429, line("Too many requests"), &[("Retry-After", "1")]),
        "line_429_monthly" => (429, line("You have reached your monthly limit."), &[]),
        "line_401" => (401, line("Authentication failed. Confirm that the access token in the authorization header is valid."), &[]),
        "line_400_reply_token" => (400, line("Invalid reply token"), &[]),
        "http_500" => (500, Value::String("Internal Server Error".into()), &[]),
        "http_503" => (503, Value::String("Service Unavailable".into()), &[("Retry-After", "1")]),
        _ => return None,
    })
}

/// Does `route` cover `path`: equal, or a prefix ending at a `/` boundary?
pub fn route_matches(route: &str, path: &str) -> bool {
    let route = if route.len() > 1 {
        route.trim_end_matches('/')
    } else {
        route
    };
    route == "/"
        || path == route
        || (path.starts_with(route) && path.as_bytes().get(route.len()) == Some(&b'/'))
}

#[derive(Clone, Debug, Serialize)]
struct Queue {
    route: String,
    method: Option<String>,
    responses: VecDeque<ScriptedResponse>,
}

#[derive(Clone, Debug, Serialize)]
struct Delay {
    route: String,
    method: Option<String>,
    delay_ms: u64,
}

#[derive(Default)]
pub(super) struct Scripts {
    queues: Mutex<Vec<Queue>>,
    delays: Mutex<Vec<Delay>>,
}

fn method_matches(wanted: Option<&str>, method: &str) -> bool {
    wanted.is_none_or(|m| m.eq_ignore_ascii_case(method))
}

impl Scripts {
    /// Takes the next canned answer for this request, if a queue has one.
    pub fn next_for(&self, method: &str, path: &str) -> Option<ScriptedResponse> {
        let mut queues = lock(&self.queues);
        let best = queues
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                !q.responses.is_empty()
                    && method_matches(q.method.as_deref(), method)
                    && route_matches(&q.route, path)
            })
            // Longest route; among equals the first registered.
            .max_by(|(ia, a), (ib, b)| a.route.len().cmp(&b.route.len()).then(ib.cmp(ia)))
            .map(|(i, _)| i)?;
        let answer = queues[best].responses.pop_front();
        queues.retain(|q| !q.responses.is_empty());
        answer
    }

    /// The standing delay for this request.
    pub fn delay_for(&self, method: &str, path: &str) -> Option<u64> {
        lock(&self.delays)
            .iter()
            .filter(|d| {
                method_matches(d.method.as_deref(), method) && route_matches(&d.route, path)
            })
            .max_by_key(|d| d.route.len())
            .map(|d| d.delay_ms)
    }

    fn push(
        &self,
        route: String,
        method: Option<String>,
        responses: Vec<ScriptedResponse>,
    ) -> usize {
        let mut queues = lock(&self.queues);
        let same = |q: &&mut Queue| q.route == route && q.method == method;
        match queues.iter_mut().find(|q| same(q)) {
            Some(q) => {
                q.responses.extend(responses);
                q.responses.len()
            }
            None => {
                let n = responses.len();
                if n > 0 {
                    queues.push(Queue {
                        route,
                        method,
                        responses: responses.into(),
                    });
                }
                n
            }
        }
    }

    fn set_delay(&self, route: String, method: Option<String>, delay_ms: u64) {
        let mut delays = lock(&self.delays);
        delays.retain(|d| !(d.route == route && d.method == method));
        if delay_ms > 0 {
            delays.push(Delay {
                route,
                method,
                delay_ms,
            });
        }
    }

    pub fn clear(&self) {
        lock(&self.queues).clear();
        lock(&self.delays).clear();
    }
}

impl FakeState {
    /// Queues canned answers for `route` (see the module doc); `Err` names a bad response.
    pub fn script(&self, route: &str, responses: Vec<ScriptedResponse>) -> Result<usize, String> {
        let route = check_route(route)?;
        let responses = responses
            .into_iter()
            .map(ScriptedResponse::resolved)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.inner.scripts.push(route, None, responses))
    }

    /// Makes `route` slow until reset (`0` removes the delay).
    pub fn delay(&self, route: &str, delay_ms: u64) -> Result<(), String> {
        let route = check_route(route)?;
        self.inner.scripts.set_delay(route, None, delay_ms);
        Ok(())
    }
}

fn check_route(route: &str) -> Result<String, String> {
    if !route.starts_with('/') {
        return Err(format!("route {route:?} must start with /"));
    }
    if route.starts_with("/_fake") {
        return Err("the control API cannot be scripted".to_owned());
    }
    Ok(route.to_owned())
}

#[derive(Deserialize)]
pub(super) struct ScriptBody {
    route: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    responses: Vec<ScriptedResponse>,
}

/// `POST /_fake/script`.
pub(super) async fn post_script(
    State(state): State<FakeState>,
    body: axum::body::Bytes,
) -> Response {
    let body: ScriptBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad_control(format!("script: {e}")),
    };
    let route = match check_route(&body.route) {
        Ok(r) => r,
        Err(e) => return bad_control(e),
    };
    let responses = match body
        .responses
        .into_iter()
        .map(ScriptedResponse::resolved)
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => return bad_control("responses is empty"),
        Err(e) => return bad_control(e),
    };
    let method = body.method.map(|m| m.to_ascii_uppercase());
    let queued = state.inner.scripts.push(route.clone(), method, responses);
    json(StatusCode::OK, &json!({ "route": route, "queued": queued }))
}

#[derive(Deserialize)]
pub(super) struct DelayBody {
    route: String,
    #[serde(default)]
    method: Option<String>,
    delay_ms: u64,
}

/// `POST /_fake/delay`.
pub(super) async fn post_delay(
    State(state): State<FakeState>,
    body: axum::body::Bytes,
) -> Response {
    let body: DelayBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad_control(format!("delay: {e}")),
    };
    let route = match check_route(&body.route) {
        Ok(r) => r,
        Err(e) => return bad_control(e),
    };
    let method = body.method.map(|m| m.to_ascii_uppercase());
    state
        .inner
        .scripts
        .set_delay(route.clone(), method, body.delay_ms);
    json(
        StatusCode::OK,
        &json!({ "route": route, "delay_ms": body.delay_ms }),
    )
}

/// `GET /_fake/script`: the queues and delays now.
pub(super) async fn get_script(State(state): State<FakeState>) -> Response {
    let queues = lock(&state.inner.scripts.queues).clone();
    let delays = lock(&state.inner.scripts.delays).clone();
    json(
        StatusCode::OK,
        &json!({ "queues": queues, "delays": delays }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_exactly_or_at_a_segment_boundary() {
        assert!(route_matches("/meta", "/meta/v23.0/me/messages"));
        assert!(route_matches("/meta/", "/meta/v23.0/me/messages"));
        assert!(route_matches(
            "/line/v2/bot/message/push",
            "/line/v2/bot/message/push"
        ));
        assert!(!route_matches(
            "/line",
            "/line-data/v2/bot/message/1/content"
        ));
        assert!(!route_matches(
            "/line/v2/bot/message/push",
            "/line/v2/bot/message/pushx"
        ));
        assert!(route_matches("/", "/anything"));
    }

    #[test]
    fn longest_route_first_then_fifo_and_queues_drain() {
        let s = Scripts::default();
        s.push(
            "/meta".into(),
            None,
            vec![ScriptedResponse::status(500, Value::Null)],
        );
        s.push(
            "/meta/v23.0/me/messages".into(),
            Some("POST".into()),
            vec![
                ScriptedResponse::status(401, Value::Null),
                ScriptedResponse::status(402, Value::Null),
            ],
        );
        let next = |m: &str, p: &str| s.next_for(m, p).and_then(|r| r.status);
        assert_eq!(next("GET", "/meta/v23.0/me/messages"), Some(500));
        assert_eq!(next("POST", "/meta/v23.0/me/messages"), Some(401));
        assert_eq!(next("POST", "/meta/v23.0/me/messages"), Some(402));
        assert_eq!(next("POST", "/meta/v23.0/me/messages"), None);
        assert!(lock(&s.queues).is_empty());
    }

    #[test]
    fn canned_errors_resolve_and_unknown_names_are_refused() {
        for (name, _) in CANNED {
            let r = ScriptedResponse {
                error: Some((*name).to_owned()),
                ..Default::default()
            }
            .resolved()
            .unwrap();
            assert!(r.status.unwrap() >= 400, "{name}");
        }
        let r = ScriptedResponse {
            error: Some("meta_190".into()),
            headers: [("x-a".to_owned(), "1".to_owned())].into(),
            ..Default::default()
        }
        .resolved()
        .unwrap();
        assert_eq!(r.body.unwrap()["error"]["code"], 190);
        let bad = ScriptedResponse {
            error: Some("nope".into()),
            ..Default::default()
        };
        assert!(bad.resolved().unwrap_err().contains("meta_190"));
        assert!(ScriptedResponse::status(1000, Value::Null)
            .resolved()
            .is_err());
    }

    #[test]
    fn delays_are_set_replaced_and_removed() {
        let s = Scripts::default();
        s.set_delay("/line".into(), None, 100);
        s.set_delay("/line/v2/bot/message/push".into(), None, 900);
        assert_eq!(s.delay_for("POST", "/line/v2/bot/message/push"), Some(900));
        assert_eq!(s.delay_for("GET", "/line/v2/bot/profile/U1"), Some(100));
        s.set_delay("/line".into(), None, 0);
        assert_eq!(s.delay_for("GET", "/line/v2/bot/profile/U1"), None);
    }
}
