//! Components, compiled into both builds. They show data and call server functions; they never
//! name `crate::server`, and every string comes from `crate::i18n`.
//!
//! - `page`: page-wide state (member, language, clock, refresh), provided once by `guard`.
//! - `kit`: the looks every page is built from (button, dialog, chip, notice, avatar).
//! - `inbox`: the inbox page, by area; `admin`: pages for admins and supervisors; `account`:
//!   signing in, setting and changing a password.

pub mod account;
pub mod admin;
pub mod guard;
pub mod inbox;
pub mod kit;
pub mod live;
pub mod not_found;
pub mod page;

pub use page::{use_lang, DocumentLang};
