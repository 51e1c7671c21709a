//! A member's own account: signing in, setting a password from a one-time link, the account
//! settings page.

pub mod login;
pub mod set_password;
pub mod settings;
