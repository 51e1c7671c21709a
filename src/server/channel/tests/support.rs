//! Shared test helpers: fixtures, envelopes, and pattern helpers.

use crate::server::channel::{Attachment, EventKind, Inbound, InboundEvent};

/// The bytes of `tests/fixtures/channels/<path>`, compiled in.
macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/channels/",
            $path
        ))
        .as_slice()
    };
}
pub(super) use fixture;

pub const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/channels");

/// A Meta envelope around one `messaging[]` item, as bytes (the item's bytes kept as they are).
pub fn wrap_meta(object: &str, account: &str, item: &[u8]) -> Vec<u8> {
    let mut out = format!(
        r#"{{"object":"{object}","entry":[{{"id":"{account}","time":1718000000999,"messaging":["#
    )
    .into_bytes();
    out.extend_from_slice(item);
    out.extend_from_slice(b"]}]}");
    out
}

/// A LINE body around one event.
pub fn wrap_line(destination: &str, event: &[u8]) -> Vec<u8> {
    let mut out = format!(r#"{{"destination":"{destination}","events":["#).into_bytes();
    out.extend_from_slice(event);
    out.extend_from_slice(b"]}");
    out
}

/// The one event of a body that skipped nothing.
#[track_caller]
pub fn only(inbound: &Inbound) -> &InboundEvent {
    assert_eq!(inbound.ignored, vec![], "nothing should be ignored");
    assert_eq!(inbound.events.len(), 1, "{:#?}", inbound.events);
    &inbound.events[0]
}

/// The parts of a `Message`.
pub struct Msg<'a> {
    pub external_id: &'a str,
    pub text: &'a str,
    pub attachments: &'a [Attachment],
    pub reply_to: Option<&'a str>,
    pub payload: Option<&'a str>,
    pub profile_name: Option<&'a str>,
    pub reply_token: Option<&'a str>,
}

#[track_caller]
pub fn msg(event: &InboundEvent) -> Msg<'_> {
    match &event.kind {
        EventKind::Message {
            external_id,
            text,
            attachments,
            reply_to,
            payload,
            profile_name,
            reply_token,
        } => Msg {
            external_id,
            text,
            attachments,
            reply_to: reply_to.as_deref(),
            payload: payload.as_deref(),
            profile_name: profile_name.as_deref(),
            reply_token: reply_token.as_deref(),
        },
        other => panic!("not a message: {other:?}"),
    }
}
