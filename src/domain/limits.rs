//! Sizes and counts the server accepts or answers with, checked at the edge before any work.
//! The UI reads the same numbers to stop a member before the server would.

/// Rows per page of a conversation list.
pub const PAGE_SIZE: i64 = 25;
/// Messages shown when a conversation opens, and per older page of its thread.
pub const THREAD_PAGE: i64 = 50;
/// Event lines one thread page may carry at most (system lines between its messages).
pub const THREAD_EVENTS: i64 = 200;
/// Notifications shown in the panel.
pub const NOTIFICATION_PAGE: i64 = 30;
/// Longest message a member may send.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// A transfer's handover note: characters.
pub const MAX_HANDOVER_CHARS: usize = 1000;
/// Minimum length of a password.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted (argon2 hashes it whole).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest idempotency key a client may send.
pub const MAX_KEY_CHARS: usize = 100;
/// Longest search term or short free text (a name filter, a cursor token).
pub const MAX_SHORT_TEXT: usize = 200;
