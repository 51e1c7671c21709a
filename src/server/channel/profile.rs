//! Profile and media look-ups as data (CHANNELS.md §3.4, §4.5): who a customer is, and
//! where an inbound attachment's bytes are.

use super::json;
use super::outbound::{get, segment, version, OutboundRequest};
use crate::domain::ChannelKind;
use serde_json::Value;

/// A customer's name and picture as the platform tells them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: Option<String>,
    pub picture_url: Option<String>,
}

/// A WhatsApp media object: a short-lived URL (about 5 minutes) fetched with the same token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaInfo {
    pub url: String,
    pub mime_type: Option<String>,
    pub file_size: Option<u64>,
}

/// Messenger user profile: `GET /{ver}/{psid}?fields=first_name,last_name,name,profile_pic`.
pub fn messenger_profile(
    graph_version: &str,
    page_access_token: &str,
    psid: &str,
) -> OutboundRequest {
    let path = format!(
        "/{}/{}?fields=first_name,last_name,name,profile_pic",
        version(graph_version),
        segment(psid)
    );
    get(path, page_access_token)
}

/// Instagram user profile (IG users have no first/last name): `GET /{ver}/{igsid}?fields=
/// name,username,profile_pic`.
pub fn instagram_profile(
    graph_version: &str,
    page_access_token: &str,
    igsid: &str,
) -> OutboundRequest {
    let path = format!(
        "/{}/{}?fields=name,username,profile_pic",
        version(graph_version),
        segment(igsid)
    );
    get(path, page_access_token)
}

/// LINE profile: `GET /v2/bot/profile/{userId}` (only for users who are friends).
pub fn line_profile(token: &str, user_id: &str) -> OutboundRequest {
    get(format!("/v2/bot/profile/{}", segment(user_id)), token)
}

/// Reads a profile answer; `None` unless a 2xx body names someone or a picture.
pub fn read_profile(kind: ChannelKind, status: u16, body: &[u8]) -> Option<Profile> {
    if !(200..300).contains(&status) {
        return None;
    }
    let body: Value = serde_json::from_slice(body).ok()?;
    let profile = match kind {
        ChannelKind::Line => Profile {
            name: json::string_at(&body, &["displayName"]),
            picture_url: json::string_at(&body, &["pictureUrl"]),
        },
        _ => {
            let full = || {
                let parts: Vec<&str> = [["first_name"], ["last_name"]]
                    .iter()
                    .filter_map(|k| {
                        json::str_at(&body, k)
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                    })
                    .collect();
                Some(parts.join(" ")).filter(|s| !s.is_empty())
            };
            Profile {
                name: json::string_at(&body, &["name"])
                    .or_else(full)
                    .or_else(|| json::string_at(&body, &["username"])),
                picture_url: json::string_at(&body, &["profile_pic"]),
            }
        }
    };
    (profile.name.is_some() || profile.picture_url.is_some()).then_some(profile)
}

/// WhatsApp media URL: `GET /{ver}/{media_id}`.
pub fn whatsapp_media(graph_version: &str, token: &str, media_id: &str) -> OutboundRequest {
    get(
        format!("/{}/{}", version(graph_version), segment(media_id)),
        token,
    )
}

/// Reads `{"url","mime_type","sha256","file_size","id"}`.
pub fn read_whatsapp_media(status: u16, body: &[u8]) -> Option<MediaInfo> {
    if !(200..300).contains(&status) {
        return None;
    }
    let body: Value = serde_json::from_slice(body).ok()?;
    Some(MediaInfo {
        url: json::string_at(&body, &["url"])?,
        mime_type: json::string_at(&body, &["mime_type"]),
        file_size: json::int_at(&body, &["file_size"]).and_then(|n| u64::try_from(n).ok()),
    })
}

/// LINE content of an image/video/audio/file message: `GET /v2/bot/message/{id}/content`,
/// on the data API base (`LINE_DATA_API_BASE_URL`, §0.3); the answer is the bytes.
pub fn line_content(token: &str, message_id: &str) -> OutboundRequest {
    get(
        format!("/v2/bot/message/{}/content", segment(message_id)),
        token,
    )
}
