//! Pages for admins and supervisors.

pub mod blacklist;
pub mod channels;
pub mod widget;
