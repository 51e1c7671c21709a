//! Webhook signatures: Meta's `X-Hub-Signature-256: sha256=<hex>` (Messenger, Instagram,
//! WhatsApp) and LINE's `x-line-signature: <base64>`, both HMAC-SHA256 over the raw body
//! bytes exactly as received (CHANNELS.md §0.1: Meta signs its `\uXXXX`-escaped form, so a
//! re-serialised body does not verify). Comparisons are constant-time.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

const META_PREFIX: &str = "sha256=";

/// Why a webhook's signature was refused (answer 401/403 and do not enqueue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is missing")]
    Missing,
    #[error("the signature header is not well formed")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// Checks `X-Hub-Signature-256` (`sha256=` and 64 hex digits, either case) against the body.
/// An empty app secret never verifies (an unconfigured channel must not accept anything).
pub fn verify_meta(
    app_secret: &[u8],
    header: Option<&str>,
    body: &[u8],
) -> Result<(), SignatureError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(SignatureError::Missing)?;
    let hex = header
        .strip_prefix(META_PREFIX)
        .ok_or(SignatureError::Malformed)?;
    let expected = decode_hex32(hex).ok_or(SignatureError::Malformed)?;
    verify(app_secret, body, &expected)
}

/// Checks `x-line-signature` (Base64 of the 32-byte HMAC) against the body. An empty channel
/// secret never verifies.
pub fn verify_line(
    channel_secret: &[u8],
    header: Option<&str>,
    body: &[u8],
) -> Result<(), SignatureError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(SignatureError::Missing)?;
    let expected = base64::engine::general_purpose::STANDARD
        .decode(header)
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or(SignatureError::Malformed)?;
    verify(channel_secret, body, &expected)
}

/// The `X-Hub-Signature-256` value Meta would send for `body` (tests, fakes, `simulate`).
pub fn sign_meta(app_secret: &[u8], body: &[u8]) -> String {
    let mac = mac(app_secret, body);
    let mut out = String::with_capacity(META_PREFIX.len() + 64);
    out.push_str(META_PREFIX);
    for byte in mac {
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// The `x-line-signature` value LINE would send for `body`.
pub fn sign_line(channel_secret: &[u8], body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(mac(channel_secret, body))
}

/// Meta's GET handshake: does `hub.verify_token` equal the configured token? Constant-time
/// (both sides are hashed first, so neither length nor content leaks); an empty configured
/// token matches nothing.
pub fn verify_token_matches(expected: &str, given: &str) -> bool {
    if expected.is_empty() {
        return false;
    }
    let a = Sha256::digest(expected.as_bytes());
    let b = Sha256::digest(given.as_bytes());
    a.as_slice().ct_eq(b.as_slice()).into()
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn mac(secret: &[u8], body: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// Checks a widget's `user_hash`: the hex HMAC-SHA256 of the site's user id under the widget's
/// identity secret (either case). An empty secret never verifies.
pub fn verify_user_hash(secret: &[u8], user_id: &str, user_hash: &str) -> bool {
    decode_hex32(user_hash.trim())
        .is_some_and(|expected| verify(secret, user_id.as_bytes(), &expected).is_ok())
}

/// The `user_hash` of a site's user id (what a site's server computes; the demo page and
/// tests use it).
pub fn user_hash(secret: &[u8], user_id: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(user_id.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn verify(secret: &[u8], body: &[u8], expected: &[u8]) -> Result<(), SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::Mismatch);
    }
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(body);
    mac.verify_slice(expected)
        .map_err(|_| SignatureError::Mismatch)
}

fn decode_hex32(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"app-secret-123";
    const BODY: &[u8] = br#"{"object":"page","entry":[]}"#;

    #[test]
    fn meta_good_signature_verifies_in_either_case() {
        let sig = sign_meta(SECRET, BODY);
        assert_eq!(sig.len(), 7 + 64);
        assert!(sig.starts_with("sha256="));
        assert_eq!(verify_meta(SECRET, Some(&sig), BODY), Ok(()));
        let upper = format!("sha256={}", sig[7..].to_ascii_uppercase());
        assert_eq!(verify_meta(SECRET, Some(&upper), BODY), Ok(()));
    }

    #[test]
    fn meta_known_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign_meta(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn meta_tampered_body_wrong_secret_missing_and_malformed() {
        let sig = sign_meta(SECRET, BODY);
        let mut tampered = BODY.to_vec();
        tampered[3] ^= 1;
        assert_eq!(
            verify_meta(SECRET, Some(&sig), &tampered),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_meta(b"other", Some(&sig), BODY),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_meta(b"", Some(&sign_meta(b"", BODY)), BODY),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_meta(SECRET, None, BODY),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_meta(SECRET, Some("  "), BODY),
            Err(SignatureError::Missing)
        );
        let hex = &sig[7..];
        for bad in [
            hex.to_owned(),                     // no prefix
            format!("sha1={hex}"),              // legacy prefix
            format!("sha256={}", &hex[..62]),   // too short
            format!("sha256={hex}00"),          // too long
            format!("sha256={}zz", &hex[..62]), // not hex
            format!("sha256={}é", &hex[..62]),  // not ASCII
        ] {
            assert_eq!(
                verify_meta(SECRET, Some(&bad), BODY),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn line_good_tampered_wrong_secret_missing_and_malformed() {
        let secret = b"line-channel-secret";
        let sig = sign_line(secret, BODY);
        assert_eq!(verify_line(secret, Some(&sig), BODY), Ok(()));
        let mut tampered = BODY.to_vec();
        tampered[0] = b' ';
        assert_eq!(
            verify_line(secret, Some(&sig), &tampered),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_line(b"wrong", Some(&sig), BODY),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_line(secret, None, BODY),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_line(secret, Some("not base64!"), BODY),
            Err(SignatureError::Malformed)
        );
        // Valid Base64 of the wrong length.
        assert_eq!(
            verify_line(secret, Some("AAAA"), BODY),
            Err(SignatureError::Malformed)
        );
        // A Meta-style header on LINE.
        let meta = sign_meta(secret, BODY);
        assert_eq!(
            verify_line(secret, Some(&meta), BODY),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn meta_signs_the_escaped_bytes_not_the_reserialised_text() {
        // Meta escapes non-ASCII as lowercase \uXXXX and signs that form (CHANNELS.md §0.1).
        let body = br#"{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_1","text":"\u00e4\u00f6\u00e5 \ud83d\ude00"}}]}]}"#;
        let sig = sign_meta(SECRET, body);
        assert_eq!(verify_meta(SECRET, Some(&sig), body), Ok(()));
        let parsed = crate::server::channel::parse_messenger(body, "1").unwrap();
        match &parsed.events[0].kind {
            crate::server::channel::EventKind::Message { text, .. } => assert_eq!(text, "äöå 😀"),
            other => panic!("{other:?}"),
        }
        let value: serde_json::Value = serde_json::from_slice(body).unwrap();
        let reserialised = serde_json::to_vec(&value).unwrap();
        assert_ne!(reserialised.as_slice(), &body[..]);
        assert_eq!(
            verify_meta(SECRET, Some(&sig), &reserialised),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn verify_token_is_exact() {
        assert!(verify_token_matches("tok-1", "tok-1"));
        assert!(!verify_token_matches("tok-1", "tok-2"));
        assert!(!verify_token_matches("tok-1", "tok-10"));
        assert!(!verify_token_matches("tok-1", ""));
        assert!(!verify_token_matches("", ""));
    }
}
