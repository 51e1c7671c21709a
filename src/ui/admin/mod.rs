//! The settings pages: for admins and supervisors, and the saved replies every member keeps.

pub mod audit;
pub mod auto_close;
pub mod blacklist;
pub mod bot;
pub mod channels;
pub mod members;
mod members_form;
mod members_leave;
mod members_link;
pub mod picture;
pub mod replies;
pub mod structure;
pub mod tags;
pub mod widget;
pub mod workspace;
