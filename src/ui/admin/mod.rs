//! Pages for admins and supervisors.

pub mod blacklist;
pub mod bot;
pub mod channels;
pub mod widget;
