//! The website chat widget's rules (issue 12): which sites may run it (their origins), how it
//! looks (checked), what a visitor may send and how often, and the snippet a shop pastes.

use serde::{Deserialize, Serialize};

/// Sites one widget may run on.
pub const MAX_ORIGINS: usize = 20;
/// The greeting, the first bubble a visitor sees.
pub const MAX_GREETING_CHARS: usize = 300;
/// The team's name in the widget's header.
pub const MAX_DISPLAY_NAME_CHARS: usize = 60;
/// A visitor's message.
pub const MAX_VISITOR_MESSAGE_CHARS: usize = 4000;
/// A visitor's file (images and PDF only, checked by their first bytes).
pub const MAX_VISITOR_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// A site's user id in a verified identity.
pub const MAX_USER_ID_CHARS: usize = 128;

/// Messages one visitor may send per minute, and one address (several visitors behind it).
pub const MESSAGES_PER_VISITOR_MINUTE: u32 = 20;
pub const MESSAGES_PER_ADDRESS_MINUTE: u32 = 60;
/// Files one visitor may send per minute, and one address.
pub const FILES_PER_VISITOR_MINUTE: u32 = 5;
pub const FILES_PER_ADDRESS_MINUTE: u32 = 15;
/// New visitors (sessions without a token) one address may start per minute.
pub const SESSIONS_PER_ADDRESS_MINUTE: u32 = 30;

/// A website origin: scheme, host and port, as a browser sends it in `Origin`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOrigin(String);

/// Why an origin was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginError {
    /// Not `http(s)://host[:port]` (a path, a query, credentials or a wildcard).
    Malformed,
    /// `http://` on anything but a local address.
    NotHttps,
    TooMany,
    None,
}

impl SiteOrigin {
    /// Reads `https://shop.example`, `https://shop.example/` or `http://localhost:8080`; the
    /// host is lower-cased, a default port and a trailing slash dropped.
    pub fn parse(text: &str) -> Result<SiteOrigin, OriginError> {
        let text = text.trim().trim_end_matches('/');
        let (scheme, rest) = text.split_once("://").ok_or(OriginError::Malformed)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(OriginError::Malformed);
        }
        if rest.is_empty()
            || rest.len() > 253
            || rest.contains(['/', '?', '#', '@', '*', ' ', '\\'])
        {
            return Err(OriginError::Malformed);
        }
        let rest = rest.to_ascii_lowercase();
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || rest.starts_with('[') => {
                if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(OriginError::Malformed);
                }
                (h.to_owned(), Some(p.to_owned()))
            }
            _ => (rest.clone(), None),
        };
        let valid_host = !host.is_empty()
            && host.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':')
            });
        if !valid_host {
            return Err(OriginError::Malformed);
        }
        let local = host == "localhost" || host == "127.0.0.1" || host == "[::1]";
        if scheme == "http" && !local {
            return Err(OriginError::NotHttps);
        }
        let port = port.filter(|p| {
            !matches!(
                (scheme.as_str(), p.as_str()),
                ("https", "443") | ("http", "80")
            )
        });
        Ok(SiteOrigin(match port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The allowed origins as a member types them (one per line, or separated by commas or
/// spaces): at least one, at most [`MAX_ORIGINS`], duplicates dropped.
pub fn parse_origins<'a>(
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<SiteOrigin>, OriginError> {
    let mut out: Vec<SiteOrigin> = Vec::new();
    for part in lines
        .into_iter()
        .flat_map(|l| l.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|p| !p.is_empty())
    {
        let origin = SiteOrigin::parse(part)?;
        if !out.contains(&origin) {
            out.push(origin);
        }
        if out.len() > MAX_ORIGINS {
            return Err(OriginError::TooMany);
        }
    }
    if out.is_empty() {
        return Err(OriginError::None);
    }
    Ok(out)
}

/// Whether a page of `origin` (as the browser sent it) may run the widget: one of the allowed
/// origins, or the inbox's own (`own`, for its demo page).
pub fn origin_allowed(allowed: &[SiteOrigin], own: Option<&str>, origin: &str) -> bool {
    let Ok(origin) = SiteOrigin::parse(origin) else {
        return false;
    };
    allowed.contains(&origin) || own.and_then(|o| SiteOrigin::parse(o).ok()) == Some(origin)
}

/// How the widget looks, as the team set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLook {
    /// `#rrggbb`.
    pub colour: String,
    pub greeting: String,
    pub display_name: String,
    pub avatar_url: Option<String>,
    /// Ask for a name or an email before the first message.
    pub ask_contact: bool,
}

/// Why a look was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookError {
    Colour,
    GreetingTooLong,
    DisplayName,
    AvatarUrl,
}

impl WidgetLook {
    /// The look with its texts trimmed, or why not: a colour `#rrggbb`, a display name of
    /// 1..=60 characters, a greeting of at most 300, an avatar at an `https://` address.
    pub fn checked(mut self) -> Result<WidgetLook, LookError> {
        self.colour = self.colour.trim().to_ascii_lowercase();
        let c = self.colour.as_bytes();
        if c.len() != 7 || c[0] != b'#' || !c[1..].iter().all(u8::is_ascii_hexdigit) {
            return Err(LookError::Colour);
        }
        self.greeting = self.greeting.trim().to_owned();
        if self.greeting.chars().count() > MAX_GREETING_CHARS {
            return Err(LookError::GreetingTooLong);
        }
        self.display_name = self.display_name.trim().to_owned();
        let n = self.display_name.chars().count();
        if n == 0 || n > MAX_DISPLAY_NAME_CHARS {
            return Err(LookError::DisplayName);
        }
        self.avatar_url = match self.avatar_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u)
                if u.starts_with("https://")
                    && u.len() <= 500
                    && !u.contains(['"', '<', '>', ' ']) =>
            {
                Some(u.to_owned())
            }
            Some(_) => return Err(LookError::AvatarUrl),
        };
        Ok(self)
    }

    /// The look of a new widget named `display_name`.
    pub fn default_for(display_name: &str) -> WidgetLook {
        WidgetLook {
            colour: "#4f46e5".into(),
            greeting: String::new(),
            display_name: display_name.chars().take(MAX_DISPLAY_NAME_CHARS).collect(),
            avatar_url: None,
            ask_contact: false,
        }
    }
}

/// The line a shop pastes into its pages, for an inbox at `base` (no trailing slash).
pub fn snippet(base: &str, key: &str) -> String {
    format!(
        "<script src=\"{}/widget.js\" data-channel=\"{key}\" async></script>",
        base.trim_end_matches('/')
    )
}

/// Whether `key` looks like a widget's public key (`wk_` and 32 letters or digits), checked
/// before any look-up.
pub fn key_well_formed(key: &str) -> bool {
    key.len() <= 64
        && key.strip_prefix("wk_").is_some_and(|k| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// A site's user id as the widget passes it: 1..=128 printable characters.
pub fn user_id_ok(id: &str) -> bool {
    let n = id.chars().count();
    n > 0 && n <= MAX_USER_ID_CHARS && !id.chars().any(char::is_control)
}

/// What a visitor's message may be: trimmed, not empty, at most the cap.
pub fn visitor_text(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty() && t.chars().count() <= MAX_VISITOR_MESSAGE_CHARS).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_as_browsers_send_them() {
        let ok = [
            ("https://shop.example", "https://shop.example"),
            ("https://Shop.Example/", "https://shop.example"),
            ("https://shop.example:443", "https://shop.example"),
            ("https://shop.example:8443", "https://shop.example:8443"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://127.0.0.1:3100", "http://127.0.0.1:3100"),
            ("  https://xn--fiq.example  ", "https://xn--fiq.example"),
        ];
        for (text, want) in ok {
            assert_eq!(
                SiteOrigin::parse(text).map(|o| o.0),
                Ok(want.to_owned()),
                "{text}"
            );
        }
        let bad = [
            ("shop.example", OriginError::Malformed),
            ("https://shop.example/path", OriginError::Malformed),
            ("https://*.shop.example", OriginError::Malformed),
            ("https://user@shop.example", OriginError::Malformed),
            ("ftp://shop.example", OriginError::Malformed),
            ("https://shop.example:99999x", OriginError::Malformed),
            ("http://shop.example", OriginError::NotHttps),
            ("https://", OriginError::Malformed),
            // Browsers send the punycode form.
            ("https://店.example", OriginError::Malformed),
        ];
        for (text, want) in bad {
            assert_eq!(SiteOrigin::parse(text), Err(want), "{text}");
        }
    }

    #[test]
    fn origin_lists_are_bounded_and_deduplicated() {
        let list =
            parse_origins(["https://a.example, https://a.example/", "https://b.example"]).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(parse_origins(["  "]), Err(OriginError::None));
        let many: Vec<String> = (0..21).map(|i| format!("https://s{i}.example")).collect();
        assert_eq!(
            parse_origins(many.iter().map(String::as_str)),
            Err(OriginError::TooMany)
        );
    }

    #[test]
    fn only_allowed_origins_and_the_inbox_itself_run_the_widget() {
        let allowed = parse_origins(["https://shop.example"]).unwrap();
        let own = Some("http://127.0.0.1:3000");
        assert!(origin_allowed(&allowed, own, "https://shop.example"));
        assert!(origin_allowed(&allowed, own, "https://SHOP.example:443"));
        assert!(origin_allowed(&allowed, own, "http://127.0.0.1:3000"));
        assert!(!origin_allowed(&allowed, own, "https://evil.example"));
        assert!(!origin_allowed(
            &allowed,
            own,
            "https://shop.example.evil.example"
        ));
        assert!(!origin_allowed(&allowed, own, "null"));
        assert!(!origin_allowed(&allowed, None, "http://127.0.0.1:3000"));
    }

    #[test]
    fn looks_are_checked() {
        let good = WidgetLook {
            colour: " #AABBCC ".into(),
            greeting: " 您好！ ".into(),
            display_name: "晨光咖啡".into(),
            avatar_url: Some("".into()),
            ask_contact: true,
        };
        let c = good.clone().checked().unwrap();
        assert_eq!(
            (c.colour.as_str(), c.greeting.as_str(), c.avatar_url),
            ("#aabbcc", "您好！", None)
        );
        let with = |f: fn(&mut WidgetLook)| {
            let mut l = good.clone();
            f(&mut l);
            l.checked()
        };
        assert_eq!(with(|l| l.colour = "red".into()), Err(LookError::Colour));
        assert_eq!(
            with(|l| l.colour = "#12345g".into()),
            Err(LookError::Colour)
        );
        assert_eq!(
            with(|l| l.greeting = "好".repeat(301)),
            Err(LookError::GreetingTooLong)
        );
        assert!(with(|l| l.greeting = "好".repeat(300)).is_ok());
        assert_eq!(
            with(|l| l.display_name = " ".into()),
            Err(LookError::DisplayName)
        );
        assert_eq!(
            with(|l| l.display_name = "x".repeat(61)),
            Err(LookError::DisplayName)
        );
        assert_eq!(
            with(|l| l.avatar_url = Some("javascript:alert(1)".into())),
            Err(LookError::AvatarUrl)
        );
        assert_eq!(
            with(|l| l.avatar_url = Some("http://a.example/x.png".into())),
            Err(LookError::AvatarUrl)
        );
        assert!(with(|l| l.avatar_url = Some("https://a.example/x.png".into())).is_ok());
    }

    #[test]
    fn keys_user_ids_and_texts_are_bounded() {
        assert!(key_well_formed("wk_abc123"));
        assert!(!key_well_formed("wk_"));
        assert!(!key_well_formed("abc"));
        assert!(!key_well_formed("wk_a b"));
        assert!(!key_well_formed(&format!("wk_{}", "a".repeat(70))));
        assert!(user_id_ok("member-42"));
        assert!(!user_id_ok(""));
        assert!(!user_id_ok(&"x".repeat(129)));
        assert!(!user_id_ok("a\nb"));
        assert_eq!(visitor_text("  hi "), Some("hi"));
        assert_eq!(visitor_text("   "), None);
        assert_eq!(visitor_text(&"字".repeat(4001)), None);
        assert_eq!(
            snippet("https://inbox.example/", "wk_x"),
            "<script src=\"https://inbox.example/widget.js\" data-channel=\"wk_x\" async></script>"
        );
    }
}
