//! Refuses state-changing requests that come from another site (CSRF).
//!
//! Browsers send `Origin` with every POST (and `Sec-Fetch-Site` on modern ones). A request whose
//! method can change state is refused when its `Origin` names another host than the one it was
//! sent to, or when `Sec-Fetch-Site` says it came from another site. Together with the
//! SameSite=Lax session cookie this closes cross-site form posts and fetches. Platform webhooks
//! (`/webhooks/...`) are exempt: they carry no cookie and are verified by their signatures.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, Method, StatusCode};

use super::state::AppState;

pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    if is_cross_site(&req, state.settings.trust_proxy) {
        return (
            StatusCode::FORBIDDEN,
            "Cross-site request refused. 已拒絕跨站請求。",
        )
            .into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request<Body>, trust_proxy: bool) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().starts_with("/webhooks/")
    {
        return false;
    }
    let headers = req.headers();
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if get("sec-fetch-site").is_some_and(|s| s == "cross-site" || s == "same-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No Origin: not a browser's cross-site request (browsers always send it on POST).
        return false;
    };
    let host = trust_proxy
        .then(|| get("x-forwarded-host"))
        .flatten()
        .or_else(|| get("host"));
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    match (origin_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true, // "null" or unparsable origins are never same-site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_table() {
        const HOST: (&str, &str) = ("host", "inbox.example:3000");
        /// (method, path, headers, refused)
        type Case = (
            Method,
            &'static str,
            &'static [(&'static str, &'static str)],
            bool,
        );
        let cases: &[Case] = &[
            (
                Method::GET,
                "/api/x",
                &[HOST, ("origin", "https://evil.example")],
                false,
            ),
            (
                Method::POST,
                "/api/login",
                &[HOST, ("origin", "http://inbox.example:3000")],
                false,
            ),
            (
                Method::POST,
                "/api/login",
                &[HOST, ("origin", "https://evil.example")],
                true,
            ),
            (
                Method::POST,
                "/api/login",
                &[HOST, ("origin", "null")],
                true,
            ),
            (
                Method::POST,
                "/api/login",
                &[HOST, ("sec-fetch-site", "cross-site")],
                true,
            ),
            (
                Method::POST,
                "/api/login",
                &[HOST, ("sec-fetch-site", "same-origin")],
                false,
            ),
            (Method::POST, "/api/login", &[HOST], false),
            (
                Method::DELETE,
                "/api/x",
                &[HOST, ("origin", "http://other:3000")],
                true,
            ),
            (
                Method::POST,
                "/webhooks/line/1",
                &[HOST, ("origin", "https://evil.example")],
                false,
            ),
        ];
        for (m, path, headers, want) in cases {
            assert_eq!(
                is_cross_site(&req(m.clone(), path, headers), false),
                *want,
                "{m} {path} {headers:?}"
            );
        }
    }

    #[test]
    fn forwarded_host_counts_only_behind_a_trusted_proxy() {
        let r = || {
            req(
                Method::POST,
                "/api/x",
                &[
                    ("host", "10.0.0.5:3000"),
                    ("x-forwarded-host", "inbox.example"),
                    ("origin", "https://inbox.example"),
                ],
            )
        };
        assert!(is_cross_site(&r(), false));
        assert!(!is_cross_site(&r(), true));
    }
}
