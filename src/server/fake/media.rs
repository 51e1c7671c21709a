//! Media the fake serves: WhatsApp's two-step download (`GET /meta/{ver}/{media_id}` gives a
//! URL on this server, `GET /meta/media-bytes/{id}` gives the bytes, both with the Bearer
//! token), LINE's content API (`GET /line-data/v2/bot/message/{id}/content`), and plain
//! attachment URLs for Messenger and Instagram (`GET /cdn/{name}`).
//!
//! `POST /_fake/media {"id", "mime_type", "base64", "file_name"?}` registers bytes under an
//! id (a WhatsApp media id, a LINE message id or a `/cdn/` name); an id never registered is
//! a small PNG generated from the id (a different colour per id).

use super::graph::graph_error;
use super::request::{bad_control, bytes, json, Incoming};
use super::state::{lock, FakeState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// Bytes the fake serves under an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub file_name: Option<String>,
}

impl Media {
    /// Lowercase hex SHA-256 of the bytes.
    pub fn sha256(&self) -> String {
        Sha256::digest(&self.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[derive(Default)]
pub(super) struct MediaStore {
    items: Mutex<HashMap<String, Media>>,
    /// WhatsApp media id → the token its URL was handed out with.
    issued: Mutex<HashMap<String, String>>,
}

impl MediaStore {
    pub fn is_registered(&self, id: &str) -> bool {
        lock(&self.items).contains_key(id)
    }

    /// The registered media, or the generated PNG for `id`.
    pub fn get(&self, id: &str) -> Media {
        lock(&self.items).get(id).cloned().unwrap_or_else(|| Media {
            bytes: generated_png(id),
            mime_type: "image/png".to_owned(),
            file_name: None,
        })
    }

    /// A `/cdn/` name: registered as it is, or without its extension; else generated.
    fn get_cdn(&self, name: &str) -> Media {
        let items = lock(&self.items);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        items
            .get(name)
            .or_else(|| items.get(stem))
            .cloned()
            .unwrap_or_else(|| Media {
                bytes: generated_png(name),
                mime_type: "image/png".to_owned(),
                file_name: None,
            })
    }

    pub fn clear(&self) {
        lock(&self.items).clear();
        lock(&self.issued).clear();
    }
}

impl FakeState {
    /// Serves `bytes` under `id` (WhatsApp media id, LINE message id, `/cdn/` name).
    pub fn register_media(&self, id: &str, mime_type: &str, bytes: Vec<u8>) {
        lock(&self.inner.media.items).insert(
            id.to_owned(),
            Media {
                bytes,
                mime_type: mime_type.to_owned(),
                file_name: None,
            },
        );
    }
}

/// `GET /meta/{ver}/{media_id}` (Bearer): `{"messaging_product","url","mime_type","sha256",
/// "file_size","id"}`, the URL on this server; remembers the token for the download.
pub(super) fn whatsapp_info(state: &FakeState, req: &Incoming, id: &str) -> Response {
    let Some(token) = req.graph_token() else {
        return missing_token();
    };
    let media = state.inner.media.get(id);
    lock(&state.inner.media.issued).insert(id.to_owned(), token);
    let url = format!(
        "{}/meta/media-bytes/{}",
        req.origin(),
        super::webhook::path_segment(id)
    );
    json(
        StatusCode::OK,
        &json!({
            "messaging_product": "whatsapp",
            "url": url,
            "mime_type": media.mime_type,
            "sha256": media.sha256(),
            "file_size": media.bytes.len(),
            "id": id,
        }),
    )
}

/// `GET /meta/media-bytes/{id}`: the bytes, only with the Bearer token the URL was handed
/// out with (401 otherwise; 404 for a URL never handed out).
pub(super) fn whatsapp_bytes(state: &FakeState, req: &Incoming, id: &str) -> Response {
    let Some(token) = req.bearer() else {
        return missing_token();
    };
    let issued = lock(&state.inner.media.issued).get(id).cloned();
    match issued {
        None => graph_error(
            StatusCode::NOT_FOUND,
            100,
            None,
            "(#100) Unsupported get request: this media URL was never handed out",
        ),
        Some(t) if t != token => graph_error(
            StatusCode::UNAUTHORIZED,
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token",
        ),
        Some(_) => {
            let media = state.inner.media.get(id);
            bytes(&media.mime_type, media.bytes)
        }
    }
}

fn missing_token() -> Response {
    graph_error(
        StatusCode::UNAUTHORIZED,
        104,
        None,
        "An access token is required to request this resource.",
    )
}

/// LINE `GET /line-data/v2/bot/message/{id}/content` (the caller checked the token).
pub(super) fn line_content(state: &FakeState, id: &str) -> Response {
    let media = state.inner.media.get(id);
    bytes(&media.mime_type, media.bytes)
}

/// `GET /cdn/{name}`: no token (a Meta CDN link).
pub(super) async fn cdn(State(state): State<FakeState>, Path(name): Path<String>) -> Response {
    let media = state.inner.media.get_cdn(&name);
    bytes(&media.mime_type, media.bytes)
}

#[derive(Deserialize)]
pub(super) struct MediaBody {
    id: String,
    mime_type: String,
    base64: String,
    #[serde(default)]
    file_name: Option<String>,
}

/// `POST /_fake/media`.
pub(super) async fn register(State(state): State<FakeState>, body: axum::body::Bytes) -> Response {
    let body: MediaBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad_control(format!("media: {e}")),
    };
    if body.id.trim().is_empty() || body.mime_type.trim().is_empty() {
        return bad_control("id and mime_type must not be empty");
    }
    let Ok(data) = base64::engine::general_purpose::STANDARD.decode(body.base64.trim()) else {
        return bad_control("base64 is not standard Base64");
    };
    let media = Media {
        bytes: data,
        mime_type: body.mime_type,
        file_name: body.file_name,
    };
    let answer = json!({
        "id": body.id,
        "mime_type": media.mime_type,
        "sha256": media.sha256(),
        "file_size": media.bytes.len(),
        "cdn_path": format!("/cdn/{}", super::webhook::path_segment(&body.id)),
    });
    lock(&state.inner.media.items).insert(body.id, media);
    json(StatusCode::OK, &answer)
}

/// Side of the generated square image, in pixels.
const SIDE: u32 = 12;

/// A small valid PNG (12×12 RGB, a checkerboard in a colour drawn from `seed`), written by
/// hand: signature, IHDR, one IDAT holding a zlib stream of one stored block, IEND; CRC-32 and
/// Adler-32 computed here.
pub fn generated_png(seed: &str) -> Vec<u8> {
    let h = Sha256::digest(seed.as_bytes());
    let colour = [h[0] | 0x40, h[1] | 0x40, h[2] | 0x40];
    let mut raw = Vec::with_capacity(((SIDE * 3 + 1) * SIDE) as usize);
    for y in 0..SIDE {
        raw.push(0); // filter: none
        for x in 0..SIDE {
            let px = if (x / 3 + y / 3) % 2 == 0 {
                colour
            } else {
                [0xff, 0xff, 0xff]
            };
            raw.extend_from_slice(&px);
        }
    }
    let mut zlib = vec![0x78, 0x01, 0x01];
    let len = u16::try_from(raw.len()).expect("a small image");
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&SIDE.to_be_bytes());
    ihdr.extend_from_slice(&SIDE.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// CRC-32 (IEEE, reflected, as PNG uses), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_and_adler_known_vectors() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn generated_png_is_well_formed() {
        let png = generated_png("media-1");
        assert!(png.len() > 200 && png.len() < 800, "{}", png.len());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // Walk the chunks, checking each CRC.
        let mut at = 8;
        let mut kinds = Vec::new();
        let mut idat = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(&png[at + 4..at + 8 + len]));
            kinds.push(String::from_utf8(kind.to_vec()).unwrap());
            if kind == b"IHDR" {
                assert_eq!(data, [0, 0, 0, 12, 0, 0, 0, 12, 8, 2, 0, 0, 0]);
            }
            if kind == b"IDAT" {
                idat = data.to_vec();
            }
            at += 12 + len;
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        // zlib header (check bits), one final stored block, Adler-32 of the rows.
        assert_eq!((u16::from(idat[0]) << 8 | u16::from(idat[1])) % 31, 0);
        assert_eq!(idat[2], 1);
        let len = usize::from(u16::from_le_bytes([idat[3], idat[4]]));
        assert_eq!(u16::from_le_bytes([idat[5], idat[6]]), !(len as u16));
        assert_eq!(len, 12 * (1 + 12 * 3));
        let rows = &idat[7..7 + len];
        assert_eq!(idat.len(), 7 + len + 4);
        assert_eq!(&idat[7 + len..], adler32(rows).to_be_bytes());
        assert_ne!(generated_png("media-2"), png);
        assert_eq!(generated_png("media-1"), png);
    }
}
