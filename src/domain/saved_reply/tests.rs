use super::*;

fn draft(title: &str, shortcut: &str, text: &str) -> Draft {
    Draft {
        title: title.into(),
        shortcut: shortcut.into(),
        text: text.into(),
    }
}

fn choice(id: i64, shortcut: &str, title: &str, text: &str, uses: i64) -> Choice {
    Choice {
        id,
        scope: Scope::Team,
        title: title.into(),
        shortcut: shortcut.into(),
        text: text.into(),
        uses,
        file: None,
    }
}

#[test]
fn a_draft_is_trimmed_and_its_shortcut_keyed() {
    let ok = check(&draft(
        "  營業 時間 ",
        " ／ＨＯＵＲＳ ",
        "  您好 {customer.name}，我們 9 點開門。 ",
    ))
    .unwrap();
    assert_eq!(ok.title, "營業 時間");
    assert_eq!(ok.shortcut, "hours");
    assert_eq!(ok.text, "您好 {customer.name}，我們 9 點開門。");
    assert_eq!(
        check(&draft("t", "/退貨_2", "x")).unwrap().shortcut,
        "退貨_2"
    );
}

#[test]
fn a_bad_draft_names_its_field() {
    let cases = [
        (draft(" ", "a", "x"), Problem::TitleEmpty),
        (draft(&"字".repeat(81), "a", "x"), Problem::TitleTooLong),
        (draft(&"x".repeat(10_000), "a", "x"), Problem::TitleTooLong),
        (draft("t", "/", "x"), Problem::ShortcutEmpty),
        (draft("t", &"a".repeat(33), "x"), Problem::ShortcutTooLong),
        (draft("t", "two words", "x"), Problem::ShortcutChars),
        (draft("t", "a/b", "x"), Problem::ShortcutChars),
        (draft("t", "a", " \n "), Problem::TextEmpty),
        (draft("t", "a", &"字".repeat(4001)), Problem::TextTooLong),
        (
            draft("t", "a", "Hi {customer.nmae}"),
            Problem::UnknownPlaceholder,
        ),
    ];
    for (d, want) in cases {
        assert_eq!(check(&d), Err(want), "{d:?}");
    }
    assert_eq!(Problem::UnknownPlaceholder.field(), "text");
    assert_eq!(Problem::ShortcutTaken.field(), "shortcut");
    // Braces that are no placeholder are text.
    assert!(check(&draft("t", "a", "價格 {NT$ 100} 或 {} 或 { x }")).is_ok());
}

#[test]
fn placeholders_are_filled_and_an_empty_one_leaves_no_gap() {
    let v = Values {
        customer: "王小明",
        member: "張家豪",
        workspace: "晨光咖啡",
    };
    assert_eq!(
        fill(
            "{customer.name} 您好，我是{workspace.name}的 {member.name}。",
            &v
        ),
        "王小明 您好，我是晨光咖啡的 張家豪。"
    );
    let nobody = Values {
        customer: "",
        ..v.clone()
    };
    assert_eq!(fill("Hi {customer.name} there", &nobody), "Hi there");
    assert_eq!(fill("{customer.name}", &nobody), "");
    // Unknown or unclosed braces stay as written.
    assert_eq!(fill("{x} {customer.name", &v), "{x} {customer.name");
    assert_eq!(fill("a {{customer.name}} b", &v), "a {王小明} b");
}

#[test]
fn the_picker_ranks_shortcut_prefix_then_title_then_text_then_use() {
    let all = vec![
        choice(1, "hours", "營業時間", "我們 9 點開門", 3),
        choice(2, "ship", "運費說明", "滿千免運 hours 不限", 10),
        choice(3, "refund", "退款 hours", "七天內可退", 1),
        choice(4, "thanks", "感謝", "謝謝您的耐心", 50),
        choice(5, "hours2", "假日營業", "週末 10 點", 7),
    ];
    let ids = |typed: &str| pick(&all, typed).iter().map(|c| c.id).collect::<Vec<_>>();
    // Shortcut prefix first (most used first among them), then title, then text.
    assert_eq!(ids("/hou"), vec![5, 1, 3, 2]);
    // Width and case aside; Chinese as written.
    assert_eq!(ids("ＨＯＵ"), vec![5, 1, 3, 2]);
    assert_eq!(ids("營業"), vec![5, 1]);
    assert_eq!(ids("免運"), vec![2]);
    assert_eq!(ids("nothing"), Vec::<i64>::new());
    // Nothing typed: all, the most used first.
    assert_eq!(ids("/"), vec![4, 2, 5, 1, 3]);
    let many: Vec<Choice> = (0..20)
        .map(|i| choice(i, &format!("s{i}"), "t", "x", i))
        .collect();
    assert_eq!(pick(&many, "").len(), PICKER_ROWS);
}

#[test]
fn the_picker_opens_on_a_slash_at_a_word_start() {
    assert_eq!(slash_word("/ho", 3), Some((0, "ho")));
    assert_eq!(
        slash_word("您好 /退", "您好 /退".len()),
        Some(("您好 ".len(), "退"))
    );
    assert_eq!(slash_word("line\n/", 6), Some((5, "")));
    assert_eq!(
        slash_word("好 ／ＨＩ", "好 ／ＨＩ".len()),
        Some(("好 ".len(), "ＨＩ"))
    );
    // Inside a word (a URL, a date), or once a space follows: no picker.
    assert_eq!(slash_word("http://x", 8), None);
    assert_eq!(slash_word("1/2", 3), None);
    assert_eq!(slash_word("/ho ", 4), None);
    assert_eq!(slash_word("no slash", 8), None);
    // A caret inside a character is no place at all.
    assert_eq!(slash_word("/退", 2), None);
}

#[test]
fn scopes_read_back() {
    for s in [Scope::Personal, Scope::Team] {
        assert_eq!(Scope::parse(s.as_str()), Some(s));
    }
    assert_eq!(Scope::parse("other"), None);
}
