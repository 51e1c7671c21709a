use super::*;

#[test]
fn a_member_without_a_session_shows_offline() {
    for p in Presence::ALL {
        assert_eq!(shown(*p, true), *p);
        assert_eq!(shown(*p, false), Presence::Offline);
        assert_eq!(Presence::parse(p.as_str()), Some(*p));
    }
}

#[test]
fn capacities_are_none_or_in_range() {
    assert_eq!(capacity(None), Ok(None));
    assert_eq!(capacity(Some(1)), Ok(Some(1)));
    assert_eq!(capacity(Some(MAX_CAPACITY)), Ok(Some(MAX_CAPACITY)));
    for bad in [0, -1, MAX_CAPACITY + 1] {
        assert_eq!(capacity(Some(bad)), Err(CapacityOutOfRange), "{bad}");
    }
}

#[test]
fn the_load_says_how_far_past_capacity_more_would_go() {
    let l = |in_progress, capacity| Load {
        in_progress,
        capacity,
    };
    // (load, adding, over by, full now)
    let cases = [
        (l(3, None), 100, 0, false),
        (l(3, Some(5)), 2, 0, false),
        (l(3, Some(5)), 3, 1, false),
        (l(5, Some(5)), 0, 0, true),
        (l(5, Some(5)), 1, 1, true),
        (l(7, Some(5)), 1, 3, true),
    ];
    for (load, adding, over, full) in cases {
        assert_eq!(load.over_by(adding), over, "{load:?} + {adding}");
        assert_eq!(load.full(), full, "{load:?}");
    }
    let plan = [
        ('a', l(4, Some(5)), 3),
        ('b', l(0, None), 20),
        ('c', l(1, Some(2)), 1),
        // Already over, but given nothing: not this transfer's doing.
        ('d', l(9, Some(2)), 0),
        ('e', l(9, Some(2)), 1),
    ];
    assert_eq!(overloaded(&plan), vec![('a', 2), ('e', 8)]);
}

#[test]
fn a_warning_names_who_would_go_over_and_where_they_would_be() {
    let load = Load {
        in_progress: 4,
        capacity: Some(5),
    };
    assert_eq!(OverCapacity::check("王小明", load, 1), None);
    let o = OverCapacity::check("王小明", load, 3).expect("two past");
    assert_eq!((o.name.as_str(), o.after(), o.adding), ("王小明", 7, 3));
    let free = Load {
        in_progress: 40,
        capacity: None,
    };
    assert_eq!(OverCapacity::check("x", free, 500), None);
    // Nothing given: no warning, even to someone already past it.
    let past = Load {
        in_progress: 9,
        capacity: Some(2),
    };
    assert_eq!(OverCapacity::check("x", past, 0), None);
}
