//! Up to two letters for an avatar, from a person's name in any script.

/// Up to two letters for an avatar: the given name of a Chinese name, initials otherwise.
pub fn initials(name: &str) -> String {
    // Words of letters and digits only: punctuation, emoji and symbols ("(VIP)", "@shop") say
    // nothing about who it is.
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '/' || c == '·')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    // A Chinese (or Japanese, Korean) name: the given name, the last two characters of the
    // first such word ("張家豪" → "家豪", "陳 Emily" → "陳").
    if let Some(word) = words.iter().find(|w| w.chars().any(is_cjk)) {
        let chars: Vec<char> = word.chars().filter(|c| is_cjk(*c)).collect();
        return chars[chars.len().saturating_sub(2)..].iter().collect();
    }
    // Otherwise the first letters of the first and last words ("Mary Ann Lee" → "ML").
    let first = words.first().and_then(|w| w.chars().next());
    let last = (words.len() > 1)
        .then(|| words.last().and_then(|w| w.chars().next()))
        .flatten();
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Han, kana and hangul: scripts whose names are written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // Han
        | 0xAC00..=0xD7AF) // hangul
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_fit_both_scripts() {
        assert_eq!(initials("張家豪"), "家豪");
        assert_eq!(initials("Emily Chen"), "EC");
        assert_eq!(initials("kelly"), "K");
        assert_eq!(initials("林"), "林");
        assert_eq!(initials(""), "");
        // Long and mixed names.
        assert_eq!(initials("歐陽娜娜"), "娜娜");
        assert_eq!(initials("陳 Emily"), "陳");
        assert_eq!(initials("Emily 陳"), "陳");
        assert_eq!(initials("王小明 (VIP)"), "小明");
        assert_eq!(initials("Mary Ann Lee"), "ML");
        assert_eq!(initials("Nguyễn Thị Minh Khai"), "NK");
        assert_eq!(initials("@senhao.living"), "S");
        assert_eq!(initials("🌸 Lily"), "L");
        assert_eq!(initials("Ông Văn 阿明"), "阿明");
    }
}
