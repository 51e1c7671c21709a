use super::*;

const NOW: Millis = 1_795_428_000_000; // 2026-11-23 10:00 UTC, a Monday

#[test]
fn a_snooze_is_ahead_and_within_thirty_days() {
    assert_eq!(check(Until::CustomerWrites, NOW), Ok(Until::CustomerWrites));
    assert_eq!(check(Until::At(NOW + HOUR), NOW), Ok(Until::At(NOW + HOUR)));
    assert_eq!(check(Until::At(NOW), NOW), Err(Problem::InThePast));
    assert_eq!(check(Until::At(NOW + 59_000), NOW), Err(Problem::InThePast));
    assert_eq!(
        check(Until::At(NOW + MAX_SNOOZE), NOW),
        Ok(Until::At(NOW + MAX_SNOOZE))
    );
    assert_eq!(
        check(Until::At(NOW + MAX_SNOOZE + 1), NOW),
        Err(Problem::TooFar)
    );
}

#[test]
fn a_snooze_ends_at_its_time_or_when_the_customer_writes() {
    let at = Until::At(NOW + HOUR);
    assert!(!wakes(at, NOW, false));
    assert!(wakes(at, NOW + HOUR, false));
    assert!(wakes(at, NOW, true));
    assert!(!wakes(Until::CustomerWrites, NOW + 365 * DAY, false));
    assert!(wakes(Until::CustomerWrites, NOW, true));
}

#[test]
fn the_menu_counts_in_the_workspace_clock() {
    // 10:00 UTC on Monday is 18:00 in Taipei (UTC+8).
    let [one, three, tomorrow, monday] = presets(NOW, 480);
    assert_eq!(one, NOW + HOUR);
    assert_eq!(three, NOW + 3 * HOUR);
    // Tomorrow (Tuesday) 09:00 in Taipei = Tuesday 01:00 UTC.
    assert_eq!(tomorrow, NOW + 15 * HOUR);
    // Next Monday 09:00 in Taipei = next Monday 01:00 UTC.
    assert_eq!(monday, NOW + 7 * DAY - 9 * HOUR);
    // At 23:30 on Sunday in UTC−5 (04:30 UTC Monday): tomorrow and next Monday are the same
    // morning, Monday 09:00 there (14:00 UTC).
    let late_sunday = NOW - 5 * HOUR - 30 * MINUTE;
    let [_, _, tomorrow, monday] = presets(late_sunday, -300);
    assert_eq!(tomorrow, monday);
    assert_eq!(tomorrow, NOW + 4 * HOUR);
}

#[test]
fn auto_close_is_off_or_in_range_with_an_optional_message() {
    assert_eq!(check_auto_close(None, Some("x")), Ok(None));
    assert_eq!(
        check_auto_close(Some(24), Some("  謝謝您，對話將結束。 ")),
        Ok(Some(AutoClose {
            hours: 24,
            message: Some("謝謝您，對話將結束。".into())
        }))
    );
    assert_eq!(
        check_auto_close(Some(24), Some("  "))
            .unwrap()
            .unwrap()
            .message,
        None
    );
    assert_eq!(check_auto_close(Some(0), None), Err(Problem::Hours));
    assert_eq!(check_auto_close(Some(721), None), Err(Problem::Hours));
    let long = "字".repeat(MAX_CLOSING_CHARS + 1);
    assert_eq!(
        check_auto_close(Some(1), Some(&long)),
        Err(Problem::MessageTooLong)
    );
    let rule = check_auto_close(Some(48), None).unwrap().unwrap();
    assert_eq!(closes_at(&rule, NOW), NOW + 2 * DAY);
}

#[test]
fn auto_close_takes_only_quiet_answered_conversations_in_progress() {
    let rule = AutoClose {
        hours: 24,
        message: None,
    };
    let last = NOW;
    // (in progress, customer waiting, now, closes)
    let cases = [
        (true, false, NOW + DAY - 1, false),
        (true, false, NOW + DAY, true),
        (true, false, NOW + 3 * DAY, true),
        // The customer waits for an answer: never closed on them.
        (true, true, NOW + 3 * DAY, false),
        // Pending or closed: not auto-close's.
        (false, false, NOW + 3 * DAY, false),
    ];
    for (in_progress, waiting, now, closes) in cases {
        assert_eq!(
            is_quiet(&rule, in_progress, waiting, last, now),
            closes,
            "{in_progress} {waiting} {now}"
        );
    }
    assert_eq!(quiet_since(&rule, NOW + DAY), NOW);
}
