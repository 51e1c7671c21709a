//! Calls to the platforms' APIs over HTTP: the one place the server talks to Meta and LINE.
//! Requests are built and answers read by the pure adapters (`server::channel`); this module
//! only sends them, to the base URLs of the settings (real hosts, or local fakes), with time
//! limits so a slow platform never holds a worker for long.

use super::channel::profile::{
    instagram_profile, line_profile, messenger_profile, read_profile, Profile,
};
use super::channel::OutboundRequest;
use super::config::PlatformUrls;
use super::db::ChannelRecord;
use crate::domain::ChannelKind;
use std::time::Duration;

/// A profile look-up gives up after this long: the customer gets a stand-in name.
const PROFILE_WITHIN: Duration = Duration::from_secs(3);

/// An answer as the adapters read it.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    /// LINE's `x-line-accepted-request-id` (a 409 to a push whose retry key was accepted).
    pub accepted_request_id: Option<String>,
    pub body: Vec<u8>,
}

pub struct Platforms {
    client: reqwest::Client,
    urls: PlatformUrls,
}

impl Platforms {
    pub fn new(urls: PlatformUrls) -> Platforms {
        Platforms::with_timeout(urls, Duration::from_secs(20))
    }

    /// With a shorter wait for an answer than the platforms' 20 s (tests of lost answers).
    pub fn with_timeout(urls: PlatformUrls, timeout: Duration) -> Platforms {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5).min(timeout))
            .timeout(timeout)
            .user_agent("omni-inbox")
            .build()
            .unwrap_or_default();
        Platforms { client, urls }
    }

    pub fn urls(&self) -> &PlatformUrls {
        &self.urls
    }

    /// The API base of a channel's kind (`data`: LINE's content host).
    pub fn base(&self, kind: ChannelKind, data: bool) -> &str {
        match kind {
            ChannelKind::Line if data => &self.urls.line_data_api,
            ChannelKind::Line => &self.urls.line_api,
            ChannelKind::Instagram => &self.urls.instagram_graph,
            _ => &self.urls.meta_graph,
        }
    }

    /// Sends a built request to `base` and reads the whole answer.
    pub async fn call(&self, base: &str, req: &OutboundRequest) -> Result<Answer, reqwest::Error> {
        let url = format!("{base}{}", req.path);
        let method =
            reqwest::Method::from_bytes(req.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut builder = self
            .client
            .request(method.clone(), url)
            .bearer_auth(&req.bearer);
        for (name, value) in &req.headers {
            builder = builder.header(name, value);
        }
        if method != reqwest::Method::GET {
            builder = builder.json(&req.body);
        }
        let answer = builder.send().await?;
        let status = answer.status().as_u16();
        let retry_after = answer
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let accepted_request_id = answer
            .headers()
            .get("x-line-accepted-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = answer.bytes().await?.to_vec();
        Ok(Answer {
            status,
            retry_after,
            accepted_request_id,
            body,
        })
    }

    /// The customer's profile on the platform, where it offers one (Messenger, Instagram,
    /// LINE); `None` when it has none, refuses, or is slow.
    pub async fn profile(&self, channel: &ChannelRecord, sender: &str) -> Option<Profile> {
        let token = &channel.credentials.access_token;
        if token.is_empty() {
            return None;
        }
        let version = &self.urls.meta_graph_version;
        let req = match channel.kind {
            ChannelKind::Messenger => messenger_profile(version, token, sender),
            ChannelKind::Instagram => instagram_profile(version, token, sender),
            ChannelKind::Line => line_profile(token, sender),
            ChannelKind::WhatsApp | ChannelKind::WebChat => return None,
        };
        let base = self.base(channel.kind, false).to_owned();
        match tokio::time::timeout(PROFILE_WITHIN, self.call(&base, &req)).await {
            Ok(Ok(answer)) => read_profile(channel.kind, answer.status, &answer.body),
            Ok(Err(e)) => {
                tracing::info!(channel = %channel.id, error = %e, "profile look-up failed");
                None
            }
            Err(_) => {
                tracing::info!(channel = %channel.id, "profile look-up timed out");
                None
            }
        }
    }
}
