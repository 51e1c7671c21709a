//! Pages for admins and supervisors.

pub mod blacklist;
