//! Pages for admins and supervisors.

pub mod blacklist;

pub use blacklist::BlacklistPage;
