use super::{enter_sends, shortcut, Press, Shortcut};

fn alt(code: &'static str) -> Press<'static> {
    Press {
        code,
        alt: true,
        ..Press::default()
    }
}

fn plain(key: &'static str, typing: bool) -> Press<'static> {
    Press {
        key,
        typing,
        ..Press::default()
    }
}

#[test]
fn alt_letters_are_read_by_place_and_work_while_typing() {
    let cases = [
        ("KeyJ", Some(Shortcut::Next)),
        ("KeyK", Some(Shortcut::Previous)),
        ("KeyR", Some(Shortcut::Reply)),
        ("KeyA", Some(Shortcut::FollowUp)),
        ("KeyC", Some(Shortcut::Close)),
        ("KeyN", Some(Shortcut::CloseNext)),
        ("KeyT", Some(Shortcut::Transfer)),
        ("KeyM", Some(Shortcut::ToggleNote)),
        ("KeyZ", None),
        ("Digit1", None),
    ];
    for (code, want) in cases {
        assert_eq!(shortcut(&alt(code)), want, "{code}");
        // In the composer too, and whatever character the layout types (a Mac's "∆").
        let typing = Press {
            key: "∆",
            typing: true,
            ..alt(code)
        };
        assert_eq!(shortcut(&typing), want, "{code} while typing");
    }
}

#[test]
fn plain_keys_only_outside_a_text_field() {
    let cases = [
        ("/", Some(Shortcut::Search)),
        ("／", Some(Shortcut::Search)),
        ("?", Some(Shortcut::Help)),
        ("？", Some(Shortcut::Help)),
        ("x", Some(Shortcut::Select)),
        ("X", Some(Shortcut::Select)),
        ("j", None),
        ("Enter", None),
    ];
    for (key, want) in cases {
        assert_eq!(shortcut(&plain(key, false)), want, "{key}");
        assert_eq!(shortcut(&plain(key, true)), None, "{key} typed");
    }
}

#[test]
fn other_modifiers_and_input_methods_are_not_shortcuts() {
    for p in [
        Press {
            ctrl: true,
            ..alt("KeyJ")
        },
        Press {
            meta: true,
            ..alt("KeyJ")
        },
        Press {
            shift: true,
            ..alt("KeyJ")
        },
        Press {
            composing: true,
            ..alt("KeyJ")
        },
        Press {
            ctrl: true,
            ..plain("/", false)
        },
        Press {
            composing: true,
            ..plain("x", false)
        },
    ] {
        assert_eq!(shortcut(&p), None, "{p:?}");
    }
}

#[test]
fn enter_sends_as_the_member_chose() {
    let enter = |ctrl, meta, shift, composing| Press {
        key: "Enter",
        ctrl,
        meta,
        shift,
        composing,
        typing: true,
        ..Press::default()
    };
    // (press, sends with Ctrl+Enter chosen, sends with Enter chosen)
    let cases = [
        (enter(false, false, false, false), false, true),
        (enter(true, false, false, false), true, true),
        (enter(false, true, false, false), true, true),
        (enter(false, false, true, false), false, false),
        (enter(true, false, true, false), false, false),
        (enter(false, false, false, true), false, false),
        (enter(true, false, false, true), false, false),
    ];
    for (p, ctrl_enter, plain_enter) in cases {
        assert_eq!(enter_sends(&p, false), ctrl_enter, "{p:?}");
        assert_eq!(enter_sends(&p, true), plain_enter, "{p:?}");
    }
    assert!(!enter_sends(&plain("a", true), true));
}

#[test]
fn every_shortcut_has_its_own_keys_and_name() {
    let keys: std::collections::HashSet<_> = Shortcut::ALL.iter().map(|s| s.keys()).collect();
    let slugs: std::collections::HashSet<_> = Shortcut::ALL.iter().map(|s| s.slug()).collect();
    assert_eq!(keys.len(), Shortcut::ALL.len());
    assert_eq!(slugs.len(), Shortcut::ALL.len());
}
