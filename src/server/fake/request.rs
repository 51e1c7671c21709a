//! A platform request as the fake's handlers read it: path segments after the platform's
//! prefix (percent-decoded), the query, the token, the JSON body; and the answers every
//! handler shares.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub(super) struct Incoming {
    pub method: Method,
    /// The path after the prefix (`/meta`, `/line`, …), split and decoded.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Incoming {
    /// Reads the request; `prefix` is the first path segment (`"meta"`, `"line"`, …).
    pub fn new(method: Method, uri: &Uri, headers: HeaderMap, body: Bytes, prefix: &str) -> Self {
        let mut segments: Vec<String> = uri
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| decode(s, false))
            .collect();
        if segments.first().map(String::as_str) == Some(prefix) {
            segments.remove(0);
        }
        let query = uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k, true), decode(v, true))
            })
            .collect();
        Incoming {
            method,
            segments,
            query,
            headers,
            body,
        }
    }

    pub fn segs(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `Authorization: Bearer <token>`, non-empty.
    pub fn bearer(&self) -> Option<String> {
        let value = self.header("authorization")?.trim();
        let (scheme, token) = value.split_once(' ')?;
        let token = token.trim();
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
    }

    /// Graph's token: the Bearer header or the `access_token` query parameter.
    pub fn graph_token(&self) -> Option<String> {
        self.bearer().or_else(|| {
            self.query("access_token")
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned)
        })
    }

    /// This server's origin as the client reached it (for URLs the fake hands out).
    pub fn origin(&self) -> String {
        let host = self.header("host").unwrap_or("127.0.0.1");
        format!("http://{host}")
    }

    /// The body as a JSON object, or why not.
    pub fn json_object(&self) -> Result<Value, String> {
        if self.body.is_empty() {
            return Err("the request body is empty".to_owned());
        }
        let value: Value = serde_json::from_slice(&self.body)
            .map_err(|e| format!("the request body is not JSON: {e}"))?;
        if value.is_object() {
            Ok(value)
        } else {
            Err("the request body is not a JSON object".to_owned())
        }
    }
}

/// Percent-decoding (and `+` as a space in a query).
fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON answer.
pub(super) fn json(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        value.to_string(),
    )
        .into_response()
}

/// Bytes with their content type.
pub(super) fn bytes(mime: &str, body: Vec<u8>) -> Response {
    let mime = HeaderValue::from_str(mime)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (StatusCode::OK, [(header::CONTENT_TYPE, mime)], body).into_response()
}

/// A control-API refusal: `{"error": why}`.
pub(super) fn bad_control(why: impl Into<String>) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({ "error": why.into() }),
    )
}

/// An id as JSON spells it: a non-empty string or a number.
pub(super) fn id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_query_are_decoded() {
        let uri: Uri = "/meta/v23.0/a%2Fb/messages?access_token=t%20k&fields=name,first_name&x=1+2"
            .parse()
            .unwrap();
        let req = Incoming::new(Method::GET, &uri, HeaderMap::new(), Bytes::new(), "meta");
        assert_eq!(req.segs(), ["v23.0", "a/b", "messages"]);
        assert_eq!(req.query("access_token"), Some("t k"));
        assert_eq!(req.query("fields"), Some("name,first_name"));
        assert_eq!(req.query("x"), Some("1 2"));
        assert_eq!(req.graph_token().as_deref(), Some("t k"));
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("%zz%4", false), "%zz%4");
    }

    #[test]
    fn bearer_needs_the_scheme_and_a_token() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer  abc "));
        let req = Incoming::new(
            Method::GET,
            &"/line/x".parse().unwrap(),
            headers,
            Bytes::new(),
            "line",
        );
        assert_eq!(req.bearer().as_deref(), Some("abc"));
        for bad in ["Bearer", "Bearer ", "Basic abc", "abc"] {
            let mut headers = HeaderMap::new();
            headers.insert("authorization", HeaderValue::from_static(bad));
            let req = Incoming::new(
                Method::GET,
                &"/line/x".parse().unwrap(),
                headers,
                Bytes::new(),
                "line",
            );
            assert_eq!(req.bearer(), None, "{bad}");
        }
    }
}
