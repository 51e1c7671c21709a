//! JSON text written in a fixed key order with a platform's escaping, so a fake webhook body
//! is byte for byte what the platform would send: Meta escapes every non-ASCII character as
//! `\uXXXX` with lowercase hex (surrogate pairs above U+FFFF) and `/` as `\/` (CHANNELS.md
//! §0.1, and it signs that form); LINE sends UTF-8 as it is.

/// A JSON value whose objects keep the order they were written in.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

/// How strings are escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// Meta: non-ASCII as lowercase `\uXXXX`, `/` as `\/`.
    Meta,
    /// LINE: only what JSON requires.
    Plain,
}

/// A string value.
pub fn s(text: impl Into<String>) -> J {
    J::Str(text.into())
}

/// An object from its pairs, in order.
pub fn obj<const N: usize>(pairs: [(&'static str, J); N]) -> J {
    J::Obj(pairs.into())
}

impl J {
    /// The JSON text, compact.
    pub fn to_bytes(&self, escape: Escape) -> Vec<u8> {
        let mut out = String::new();
        self.write(&mut out, escape);
        out.into_bytes()
    }

    /// Adds a pair at the end of an object (nothing for other values).
    pub fn push(&mut self, key: &'static str, value: J) {
        if let J::Obj(pairs) = self {
            pairs.push((key, value));
        }
    }

    fn write(&self, out: &mut String, escape: Escape) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(n) => out.push_str(&n.to_string()),
            J::Str(text) => string(out, text, escape),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out, escape);
                }
                out.push(']');
            }
            J::Obj(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    string(out, key, escape);
                    out.push(':');
                    value.write(out, escape);
                }
                out.push('}');
            }
        }
    }
}

fn string(out: &mut String, text: &str, escape: Escape) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '/' if escape == Escape::Meta => out.push_str("\\/"),
            c if (c as u32) < 0x20 => unit(out, c as u16),
            c if !c.is_ascii() && escape == Escape::Meta => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    unit(out, *u);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn unit(out: &mut String, u: u16) {
    out.push_str(&format!("\\u{u:04x}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_escapes_non_ascii_lowercase_with_surrogates_and_slashes() {
        let v = obj([
            ("text", s("äöå 你好 😀")),
            ("url", s("https://x/y")),
            ("n", J::Int(-3)),
            ("q", s("a\"b\\c\nd\u{1}")),
        ]);
        let meta = String::from_utf8(v.to_bytes(Escape::Meta)).unwrap();
        assert_eq!(
            meta,
            r#"{"text":"\u00e4\u00f6\u00e5 \u4f60\u597d \ud83d\ude00","url":"https:\/\/x\/y","n":-3,"q":"a\"b\\c\nd\u0001"}"#
        );
        assert!(meta.is_ascii());
        let plain = String::from_utf8(v.to_bytes(Escape::Plain)).unwrap();
        assert_eq!(
            plain,
            r#"{"text":"äöå 你好 😀","url":"https://x/y","n":-3,"q":"a\"b\\c\nd\u0001"}"#
        );
        // Both read back as the same value.
        let a: serde_json::Value = serde_json::from_str(&meta).unwrap();
        let b: serde_json::Value = serde_json::from_str(&plain).unwrap();
        assert_eq!(a, b);
        assert_eq!(a["text"], "äöå 你好 😀");
    }

    #[test]
    fn keys_keep_their_order() {
        let mut v = obj([("object", s("page")), ("entry", J::Arr(vec![J::Null]))]);
        v.push("z", J::Bool(false));
        assert_eq!(
            v.to_bytes(Escape::Plain),
            br#"{"object":"page","entry":[null],"z":false}"#.to_vec()
        );
    }
}
