//! The letters on an avatar: sensible for Chinese, Latin and mixed names, long names, names
//! with a bracketed aside ("陳先生 (VIP)") and names with no letters at all.

/// Up to two characters for an avatar.
///
/// - A name that starts with a Chinese (or Japanese, Korean) character gives its given name:
///   the last two characters of that first run of characters ("王小明 Wang" → "小明"); a run of
///   five or more is a shop or a nickname rather than a person, and gives its first two.
/// - Other names give the initials of their first and last words, upper-cased
///   ("Christopher Alexander Montgomery" → "CM", "mary-jane o'neil" → "MO"); a Chinese word
///   later in the name is left out ("Amy Wang 王小美" → "AW").
/// - Bracketed asides are ignored; a name with no letters or digits gives its first character.
pub fn initials(name: &str) -> String {
    let cleaned = without_asides(name);
    let words: Vec<Vec<char>> = cleaned
        .split(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        let visible = name.trim();
        return visible.chars().next().map(String::from).unwrap_or_default();
    };
    if is_wide(first[0]) {
        let run: Vec<char> = first.iter().copied().take_while(|c| is_wide(*c)).collect();
        let picked = if run.len() >= 5 {
            &run[..2]
        } else {
            &run[run.len().saturating_sub(2)..]
        };
        return picked.iter().collect();
    }
    let upper = |c: char| c.to_uppercase().next().unwrap_or(c);
    let mut out = String::new();
    out.push(upper(first[0]));
    if let Some(last) = words[1..].iter().rev().find(|w| !is_wide(w[0])) {
        out.push(upper(last[0]));
    }
    out
}

/// Characters that separate words besides spaces.
const SEPARATORS: &[char] = &[
    '-', '_', '.', ',', '·', '・', '/', '@', '&', '+', '|', '，', '、',
];

/// The name without what is in brackets: "陳先生 (VIP)" → "陳先生 ".
fn without_asides(name: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '(' | '[' | '{' | '（' | '【' | '「' | '〔' => depth += 1,
            ')' | ']' | '}' | '）' | '】' | '」' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // An aside that is the whole name is the name.
    if out.trim().is_empty() {
        name.to_owned()
    } else {
        out
    }
}

/// Han, kana and Hangul: scripts whose names are written without spaces, given name last.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B and later
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_fit_every_kind_of_name() {
        let cases = [
            ("張家豪", "家豪"),
            ("林", "林"),
            ("李白", "李白"),
            ("歐陽娜娜", "娜娜"),
            ("森好生活信義旗艦店", "森好"),
            ("王小明 Wang", "小明"),
            ("王小明Wang", "小明"),
            ("陳 Emily", "陳"),
            ("陳先生 (VIP)", "先生"),
            ("Emily Chen", "EC"),
            ("kelly", "K"),
            ("Christopher Alexander Montgomery", "CM"),
            ("mary-jane o'neil", "MO"),
            ("Amy Wang 王小美", "AW"),
            ("Emily 陳", "E"),
            ("Émile Zola", "ÉZ"),
            ("  ", ""),
            ("", ""),
            ("🌸 Amy", "A"),
            ("🌸🌸", "🌸"),
            ("(VIP)", "V"),
            ("김민수", "민수"),
            ("Amy【LINE】", "A"),
            ("straße müller", "SM"),
            ("0912 345 678", "06"),
        ];
        for (name, want) in cases {
            assert_eq!(initials(name), want, "{name}");
            assert!(initials(name).chars().count() <= 2, "{name}");
        }
    }
}
