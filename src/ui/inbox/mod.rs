//! The inbox page and its parts: `page` makes the resources and lays out `nav` (views, counts,
//! channel filter, `notifications`), `list` (with `row` and `batch`) and `pane` (header,
//! `thread`, `composer`, `collaborators`, `transfer`) beside the customer's `profile`. `state`
//! holds what they share: the list parameters in the URL and the page's client state.

pub mod batch;
pub mod collaborators;
pub mod composer;
pub mod list;
pub mod nav;
pub mod notifications;
pub mod page;
pub mod pane;
pub mod profile;
pub mod row;
pub mod state;
pub mod thread;
pub mod transfer;

pub use page::InboxPage;
