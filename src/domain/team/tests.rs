use super::audit::{diff, Change};
use super::*;

fn draft(role: Role, branch: Option<i64>) -> MemberDraft {
    MemberDraft {
        name: "  李 小華 ".into(),
        email: " Lee@Example.COM ".into(),
        role,
        region: None,
        branch: branch.map(BranchId),
        lang: Lang::ZhTw,
        capacity: None,
    }
}

#[test]
fn a_member_is_trimmed_and_needs_a_branch_where_the_role_has_one() {
    let ok = check_member(&draft(Role::Agent, None)).unwrap();
    assert_eq!(ok.name, "李 小華");
    assert_eq!(ok.email, "lee@example.com");
    for (role, branch, want) in [
        (Role::Admin, None, Ok(())),
        (Role::Supervisor, None, Ok(())),
        (Role::CsManager, None, Ok(())),
        (Role::Agent, Some(1), Ok(())),
        (Role::SalesManager, None, Err(TeamProblem::BranchNeeded)),
        (Role::SalesRep, None, Err(TeamProblem::BranchNeeded)),
        (Role::SalesRep, Some(1), Ok(())),
    ] {
        assert_eq!(
            check_member(&draft(role, branch)).map(|_| ()),
            want,
            "{role:?}"
        );
    }
    let mut bad = draft(Role::Agent, None);
    bad.email = "not an email".into();
    assert_eq!(check_member(&bad), Err(TeamProblem::EmailInvalid));
    bad.email = "x".repeat(5000);
    assert_eq!(check_member(&bad), Err(TeamProblem::EmailInvalid));
    let mut bad = draft(Role::Agent, None);
    bad.name = "   ".into();
    assert_eq!(check_member(&bad), Err(TeamProblem::NameEmpty));
    bad.name = "名".repeat(101);
    assert_eq!(check_member(&bad), Err(TeamProblem::NameTooLong));
    bad.name = "名".repeat(100);
    assert!(check_member(&bad).is_ok());
}

#[test]
fn admins_manage_anyone_supervisors_those_below_admin_nobody_else() {
    use Role::*;
    let all = [Admin, Supervisor, CsManager, Agent, SalesManager, SalesRep];
    for actor in all {
        for target in all {
            for to in all {
                let want = match actor {
                    Admin => true,
                    Supervisor => target != Admin && to != Admin,
                    _ => false,
                };
                assert_eq!(
                    may_manage(actor, target, to).is_ok(),
                    want,
                    "{actor:?} {target:?} → {to:?}"
                );
            }
        }
        assert_eq!(manages_members(actor), matches!(actor, Admin | Supervisor));
    }
}

#[test]
fn the_last_active_admin_stays() {
    // (is an active admin now, stays one, active admins now) → refused
    for (now, stays, admins, refused) in [
        (true, false, 1, true),
        (true, false, 2, false),
        (true, true, 1, false),
        (false, false, 1, false),
        (false, false, 0, false),
    ] {
        assert_eq!(leaves_no_admin(now, stays, admins), refused);
    }
}

#[test]
fn names_compare_without_case_width_or_extra_spaces() {
    assert_eq!(name_key("ＶＩＰ"), name_key("vip"));
    assert_eq!(name_key(" 老  客戶 "), name_key("老 客戶"));
    assert_ne!(name_key("VIP"), name_key("VIP2"));
    assert_eq!(tag_name("  ＶＩＰ  "), Ok("ＶＩＰ".to_owned()));
    assert_eq!(tag_name(""), Err(TeamProblem::NameEmpty));
    assert_eq!(
        tag_name(&"x".repeat(MAX_TAG_CHARS + 1)),
        Err(TeamProblem::NameTooLong)
    );
    assert_eq!(name(&"x".repeat(1_000_000)), Err(TeamProblem::NameTooLong));
    assert_eq!(tag_color("teal"), Ok("teal"));
    assert_eq!(tag_color("#fff"), Err(TeamProblem::TagColor));
}

#[test]
fn the_clock_is_a_quarter_hour_between_minus_12_and_plus_14() {
    for (m, ok) in [
        (480, true),
        (0, true),
        (-720, true),
        (840, true),
        (345, true),
        (-735, false),
        (855, false),
        (481, false),
    ] {
        assert_eq!(offset(m).is_ok(), ok, "{m}");
    }
    assert_eq!(offset_label(480), "UTC+08:00");
    assert_eq!(offset_label(-210), "UTC−03:30");
    assert_eq!(offset_label(345), "UTC+05:45");
}

#[test]
fn every_problem_names_its_field() {
    assert_eq!(TeamProblem::EmailTaken.field(), "email");
    assert_eq!(TeamProblem::LastAdmin.field(), "role");
    assert_eq!(TeamProblem::NotEmpty.field(), "");
}

#[test]
fn the_audit_keeps_only_what_changed() {
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(
        diff(&[
            ("name", s("王"), s("王")),
            ("role", s("agent"), s("supervisor")),
            ("branch", None, s("信義店")),
        ]),
        vec![
            Change {
                field: "role".into(),
                from: s("agent"),
                to: s("supervisor"),
            },
            Change {
                field: "branch".into(),
                from: None,
                to: s("信義店"),
            },
        ]
    );
    assert_eq!(
        audit::ObjectKind::parse("bot_rule"),
        Some(audit::ObjectKind::BotRule)
    );
    assert_eq!(audit::Action::PasswordReset.as_str(), "password_reset");
}
