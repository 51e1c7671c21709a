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

/// A downloaded file.
pub struct Downloaded {
    pub bytes: Vec<u8>,
    /// What the server called it (never trusted for showing it inline).
    pub content_type: Option<String>,
}

/// Why a download did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum DownloadError {
    /// Over the size cap.
    TooBig,
    /// Refused or gone (4xx, not a web address).
    Refused(String),
    /// Try again later (transport, 5xx, 429).
    Later(String),
}

pub struct Platforms {
    client: reqwest::Client,
    urls: PlatformUrls,
    /// Our own address as the platforms reach it (`APP_PUBLIC_URL`): where they fetch the
    /// files replies carry.
    public_url: String,
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
        Platforms {
            client,
            urls,
            public_url: "http://localhost:3000".into(),
        }
    }

    /// With our public address (`APP_PUBLIC_URL`, without a trailing slash).
    pub fn with_public_url(mut self, url: &str) -> Platforms {
        self.public_url = url.trim_end_matches('/').to_owned();
        self
    }

    /// Where the platform fetches a file a reply carries.
    pub fn media_url(&self, token: &str) -> String {
        format!("{}/media/{token}", self.public_url)
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

    /// Downloads `url` (with the channel's token where the platform wants it), at most `max`
    /// bytes: a larger file is refused by its `Content-Length` or as soon as it passes `max`.
    pub async fn download(
        &self,
        url: &str,
        bearer: Option<&str>,
        max: u64,
    ) -> Result<Downloaded, DownloadError> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(DownloadError::Refused(format!(
                "not a web address: {url:.80}"
            )));
        }
        let mut req = self.client.get(url);
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let mut answer = req
            .send()
            .await
            .map_err(|e| DownloadError::Later(e.to_string()))?;
        let status = answer.status().as_u16();
        if status == 429 || status >= 500 {
            return Err(DownloadError::Later(format!("HTTP {status}")));
        }
        if !(200..300).contains(&status) {
            return Err(DownloadError::Refused(format!("HTTP {status}")));
        }
        if answer.content_length().is_some_and(|n| n > max) {
            return Err(DownloadError::TooBig);
        }
        let content_type = answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(100).collect());
        let mut bytes = Vec::new();
        while let Some(chunk) = answer
            .chunk()
            .await
            .map_err(|e| DownloadError::Later(e.to_string()))?
        {
            if bytes.len() as u64 + chunk.len() as u64 > max {
                return Err(DownloadError::TooBig);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Downloaded {
            bytes,
            content_type,
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
