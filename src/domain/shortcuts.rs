//! The inbox's keyboard, pure: which key press is which shortcut, what the composer does with
//! Enter, and the keys the help panel lists. Letters with Alt are read from the key's place on
//! the keyboard (`KeyJ`), not from the character it types, so they work on any layout, with an
//! input method on, and on a Mac (where Option+J types "∆").

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Open the next conversation of the list (Alt+J).
    Next,
    /// Open the previous conversation of the list (Alt+K).
    Previous,
    /// Put the cursor in the composer (Alt+R).
    Reply,
    /// Follow the open conversation up, or take it over (Alt+A).
    FollowUp,
    /// Close the open conversation (Alt+C).
    Close,
    /// Close the open conversation and open the next one of the list (Alt+N).
    CloseNext,
    /// Open the transfer dialog (Alt+T).
    Transfer,
    /// Switch the composer between reply and internal note (Alt+M).
    ToggleNote,
    /// Go to the search box (`/`, outside a text field).
    Search,
    /// Select the focused row for a batch action (`x`, on a row).
    Select,
    /// Open the list of shortcuts (`?`, outside a text field).
    Help,
}

impl Shortcut {
    /// In the order the help panel lists them.
    pub const ALL: [Shortcut; 11] = [
        Shortcut::Next,
        Shortcut::Previous,
        Shortcut::Reply,
        Shortcut::FollowUp,
        Shortcut::Close,
        Shortcut::CloseNext,
        Shortcut::Transfer,
        Shortcut::ToggleNote,
        Shortcut::Search,
        Shortcut::Select,
        Shortcut::Help,
    ];

    /// The keys, as the help panel shows them and `aria-keyshortcuts` names them.
    pub fn keys(self) -> &'static str {
        match self {
            Shortcut::Next => "Alt+J",
            Shortcut::Previous => "Alt+K",
            Shortcut::Reply => "Alt+R",
            Shortcut::FollowUp => "Alt+A",
            Shortcut::Close => "Alt+C",
            Shortcut::CloseNext => "Alt+N",
            Shortcut::Transfer => "Alt+T",
            Shortcut::ToggleNote => "Alt+M",
            Shortcut::Search => "/",
            Shortcut::Select => "X",
            Shortcut::Help => "?",
        }
    }

    /// The name the buttons a shortcut presses carry (`data-shortcut`), for the ones the pane's
    /// buttons do.
    pub fn slug(self) -> &'static str {
        match self {
            Shortcut::Next => "next",
            Shortcut::Previous => "previous",
            Shortcut::Reply => "reply",
            Shortcut::FollowUp => "follow-up",
            Shortcut::Close => "close",
            Shortcut::CloseNext => "close-next",
            Shortcut::Transfer => "transfer",
            Shortcut::ToggleNote => "note",
            Shortcut::Search => "search",
            Shortcut::Select => "select",
            Shortcut::Help => "help",
        }
    }
}

/// A key press, as the browser reports it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Press<'a> {
    /// The character or key name (`KeyboardEvent.key`: "x", "?", "Enter").
    pub key: &'a str,
    /// The key's place (`KeyboardEvent.code`: "KeyJ").
    pub code: &'a str,
    pub alt: bool,
    pub ctrl: bool,
    pub meta: bool,
    pub shift: bool,
    /// The focus is in a text field (an input, a textarea, an editable element).
    pub typing: bool,
    /// An input method is composing (a Chinese character not yet chosen): no key is a shortcut.
    pub composing: bool,
}

/// The shortcut a key press is, if any. Alt+letter works everywhere, even while typing; the
/// plain keys (`/`, `?`, `x`) only outside a text field, so they can still be typed.
pub fn shortcut(p: &Press) -> Option<Shortcut> {
    if p.composing || p.ctrl || p.meta {
        return None;
    }
    if p.alt {
        if p.shift {
            return None;
        }
        return Some(match p.code {
            "KeyJ" => Shortcut::Next,
            "KeyK" => Shortcut::Previous,
            "KeyR" => Shortcut::Reply,
            "KeyA" => Shortcut::FollowUp,
            "KeyC" => Shortcut::Close,
            "KeyN" => Shortcut::CloseNext,
            "KeyT" => Shortcut::Transfer,
            "KeyM" => Shortcut::ToggleNote,
            _ => return None,
        });
    }
    if p.typing {
        return None;
    }
    match p.key {
        "/" | "／" => Some(Shortcut::Search),
        "?" | "？" => Some(Shortcut::Help),
        "x" | "X" => Some(Shortcut::Select),
        _ => None,
    }
}

/// What Enter does in the composer: send, or nothing special (a new line is the textarea's
/// own). Shift+Enter is a new line either way; Ctrl+Enter (⌘+Enter) always sends; Enter alone
/// sends when the member chose so. An input method's Enter picks a character, never sends.
pub fn enter_sends(p: &Press, send_on_enter: bool) -> bool {
    if p.key != "Enter" || p.composing || p.shift || p.alt {
        return false;
    }
    p.ctrl || p.meta || send_on_enter
}

#[cfg(test)]
mod tests;
