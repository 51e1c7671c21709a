//! The links in a message's text, pure: which parts of a text are web addresses a member may
//! open. Only `http://` and `https://` addresses are links (never `javascript:`, `data:` or a
//! bare domain); an address ends at white space, at a character no address has unescaped
//! (`<`, `>`, `"`, quotes, anything outside ASCII such as the Chinese text written right after
//! it), and loses the punctuation that ends a sentence (`.`, `,`, `)` without its `(`, …).

/// A part of a message's text, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// An `http://` or `https://` address, as written.
    Link(&'a str),
}

/// The text cut into text and links; joined back, the pieces are the text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest_from = 0;
    let mut at = 0;
    while let Some(found) = next_scheme(text, at) {
        let end = found + address_len(&text[found..]);
        if end == found {
            // A scheme with nothing after it: keep looking past it.
            at = found + 1;
            continue;
        }
        if found > rest_from {
            out.push(Piece::Text(&text[rest_from..found]));
        }
        out.push(Piece::Link(&text[found..end]));
        rest_from = end;
        at = end;
    }
    if rest_from < text.len() {
        out.push(Piece::Text(&text[rest_from..]));
    }
    out
}

/// Whether the text holds a link at all (most messages do not: the thread then keeps them as
/// one text).
pub fn has_link(text: &str) -> bool {
    pieces(text).iter().any(|p| matches!(p, Piece::Link(_)))
}

/// Where the next `http://` or `https://` (any case) at the start of a word begins, from byte
/// `from` on.
fn next_scheme(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i + 7 <= bytes.len() {
        let starts = bytes[i..].len() >= 7
            && (bytes[i..i + 7].eq_ignore_ascii_case(b"http://")
                || (bytes.len() >= i + 8 && bytes[i..i + 8].eq_ignore_ascii_case(b"https://")));
        // "xhttp://" is not a link; "看http://" (after a non-ASCII letter) is.
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts && word_start && text.is_char_boundary(i) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// How many bytes of `s` (which starts with a scheme) the address takes: 0 when no host
/// follows the scheme.
fn address_len(s: &str) -> usize {
    let scheme = if s.as_bytes()[4].eq_ignore_ascii_case(&b's') {
        8
    } else {
        7
    };
    let body = s[scheme..]
        .find(|c: char| !allowed(c))
        .map_or(s.len(), |n| scheme + n);
    let mut end = body;
    // Sentence punctuation after an address is not part of it; a closing bracket is when the
    // address opened it (https://en.wikipedia.org/wiki/Rust_(programming_language)).
    while end > scheme {
        let last = s.as_bytes()[end - 1];
        let strip = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*' => true,
            b')' => count(&s[..end], b'(') < count(&s[..end], b')'),
            b']' => count(&s[..end], b'[') < count(&s[..end], b']'),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= 1;
    }
    // A host starts with a letter or a digit.
    match s[scheme..end].chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => end,
        _ => 0,
    }
}

fn allowed(c: char) -> bool {
    c.is_ascii_graphic()
        && !matches!(
            c,
            '<' | '>' | '"' | '\'' | '`' | '{' | '}' | '|' | '\\' | '^'
        )
}

fn count(s: &str, b: u8) -> usize {
    s.bytes().filter(|&x| x == b).count()
}

#[cfg(test)]
mod tests;
