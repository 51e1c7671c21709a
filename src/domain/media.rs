//! Attachments: how big a download may be, which bytes may be shown inline (checked by their
//! first bytes, never by what the sender claims), and the list preview of a message that is
//! only an attachment.

use super::{ChannelKind, MediaKind};

/// The largest attachment downloaded from a platform (WhatsApp's own cap for documents is
/// 100 MB; images and videos are 5 and 16 MB).
pub const MAX_MEDIA_BYTES: u64 = 25 * 1024 * 1024;

/// The largest file a member sends from the composer: LINE's image cap (10 MB), well under
/// Messenger's 25 MB and WhatsApp's 100 MB for documents.
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;

/// How long a sent file stays reachable at its public address: the platform fetches it at once,
/// a LINE customer may open a link to it later.
pub const PUBLIC_MEDIA_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;

/// What a file sent from the composer goes out as on `channel`, by its first bytes and size:
/// an image where the platform shows that type inline (JPEG and PNG everywhere, GIF on
/// Messenger and Instagram; WhatsApp images up to 5 MB), otherwise a file (a document on
/// WhatsApp, a link on LINE).
pub fn upload_kind(channel: ChannelKind, head: &[u8], size: u64) -> MediaKind {
    let image = match inline_type(head) {
        Some("image/jpeg" | "image/png") => true,
        Some("image/gif") => matches!(
            channel,
            ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::WebChat
        ),
        Some("image/webp") => channel == ChannelKind::WebChat,
        _ => false,
    };
    let fits = channel != ChannelKind::WhatsApp || size <= 5 * 1024 * 1024;
    if image && fits {
        MediaKind::Image
    } else {
        MediaKind::File
    }
}

/// The content type to serve `bytes` with inline, when they are an image or a video a
/// browser shows safely (PNG, JPEG, GIF, WebP, MP4); everything else is served as a download.
pub fn inline_type(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some("video/mp4")
    } else {
        None
    }
}

/// The stored preview of a message that is only an attachment ("[image]"); the UI words it
/// in the member's language ([`preview_kind`]).
pub fn preview_code(kind: MediaKind) -> String {
    format!("[{}]", kind.as_str())
}

/// The kind a stored preview names, if it is an attachment's.
pub fn preview_kind(preview: &str) -> Option<MediaKind> {
    preview
        .strip_prefix('[')?
        .strip_suffix(']')
        .and_then(MediaKind::parse)
}

/// A file name safe to offer in `Content-Disposition`: no path, no control or quote
/// characters, at most 100 characters; `None` when nothing is left.
pub fn safe_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\'))
        .take(100)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    (!clean.is_empty()).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_image_and_video_bytes_are_shown_inline() {
        assert_eq!(inline_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(inline_type(b"\xff\xd8\xff\xe0..JFIF"), Some("image/jpeg"));
        assert_eq!(inline_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(inline_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(inline_type(b"\0\0\0\x18ftypmp42"), Some("video/mp4"));
        // Whatever the sender calls it, HTML or SVG is a download.
        assert_eq!(inline_type(b"<html><script>alert(1)</script>"), None);
        assert_eq!(
            inline_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            None
        );
        assert_eq!(inline_type(b""), None);
    }

    #[test]
    fn uploads_go_out_as_images_only_where_the_platform_shows_them() {
        let png = b"\x89PNG\r\n\x1a\n....";
        let gif = b"GIF89a....";
        let mb = 1024 * 1024;
        for kind in [
            ChannelKind::Messenger,
            ChannelKind::Instagram,
            ChannelKind::WhatsApp,
            ChannelKind::Line,
        ] {
            assert_eq!(upload_kind(kind, png, mb), MediaKind::Image, "{kind:?}");
            assert_eq!(upload_kind(kind, b"%PDF-1.7", mb), MediaKind::File);
            // Named .png but HTML inside: a file, never an image.
            assert_eq!(upload_kind(kind, b"<html>", mb), MediaKind::File);
        }
        assert_eq!(
            upload_kind(ChannelKind::Messenger, gif, mb),
            MediaKind::Image
        );
        assert_eq!(upload_kind(ChannelKind::WhatsApp, gif, mb), MediaKind::File);
        assert_eq!(upload_kind(ChannelKind::Line, gif, mb), MediaKind::File);
        // WhatsApp takes images up to 5 MB; a bigger one goes as a document.
        assert_eq!(
            upload_kind(ChannelKind::WhatsApp, png, 6 * mb),
            MediaKind::File
        );
        assert_eq!(
            upload_kind(ChannelKind::Line, png, 6 * mb),
            MediaKind::Image
        );
    }

    #[test]
    fn previews_name_the_kind_and_read_back() {
        assert_eq!(preview_code(MediaKind::Image), "[image]");
        assert_eq!(preview_kind("[image]"), Some(MediaKind::Image));
        assert_eq!(preview_kind("[sticker]"), Some(MediaKind::Sticker));
        assert_eq!(preview_kind("[not a kind]"), None);
        assert_eq!(preview_kind("hello"), None);
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(
            safe_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            safe_file_name("C:\\x\\報價單.pdf").as_deref(),
            Some("報價單.pdf")
        );
        assert_eq!(safe_file_name("a\"b;\r\nc.txt").as_deref(), Some("abc.txt"));
        assert_eq!(safe_file_name(".htaccess").as_deref(), Some("htaccess"));
        assert_eq!(safe_file_name("  "), None);
        assert_eq!(safe_file_name(&"x".repeat(300)).map(|n| n.len()), Some(100));
    }
}
