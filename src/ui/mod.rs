//! Components, compiled into both builds. They show data and call server functions; they never
//! name `crate::server`, and every string comes from `crate::i18n`.
//!
//! - `kit`: the small set of looks everything is built from (buttons, dialogs, chips, notices,
//!   avatars, the language switch); no other file writes those class strings.
//! - `page`: what every signed-in page shares (the member, language, clock, refresh counter),
//!   provided once by `guard::SignedIn`; components read it with `use_*` instead of importing
//!   each other for it.
//! - `inbox`, `admin`, `account`: the pages by area; `login`, `set_password`, `not_found`.

pub mod account;
pub mod admin;
pub mod guard;
pub mod inbox;
pub mod kit;
pub mod login;
pub mod not_found;
pub mod page;
pub mod set_password;
pub mod storage;

pub use page::use_lang;
