//! The platforms' wire formats, as pure functions: bytes in, data out (CHANNELS.md).
//!
//! Channel adapters know wire formats, never storage: nothing here names `db`, `service`,
//! `api`, `ui`, `app` or `startup`, does IO, reads the clock or draws random numbers. A webhook
//! handler verifies the raw body with [`signature`], parses it with the channel's parser into
//! an [`inbound::Inbound`] (normalised events and what was skipped and why) and hands the
//! events to the service; a sender builds an [`outbound::OutboundRequest`], lets its HTTP
//! client send it, and reads the answer with [`response::read_send_response`].
//!
//! A parser fails ([`inbound::ParseError`], answer 400) only when the body is not JSON or not
//! the platform's envelope; anything odd inside a valid envelope is skipped into
//! `Inbound::ignored`, never an error and never a panic.

pub mod inbound;
mod json;
pub mod line;
pub mod meta;
pub mod outbound;
pub mod profile;
pub mod response;
pub mod signature;
pub mod whatsapp;

#[cfg(test)]
mod tests;

pub use inbound::{
    Attachment, AttachmentKind, EventKind, Ignored, Inbound, InboundEvent, MediaRef, ParseError,
    Preview, ReceiptTarget,
};
pub use line::parse_line;
pub use meta::{parse_instagram, parse_messenger};
pub use outbound::{BuildError, MessagingType, OutboundContent, OutboundRequest};
pub use response::{read_send_response, SendOutcome};
pub use signature::SignatureError;
pub use whatsapp::parse_whatsapp;
