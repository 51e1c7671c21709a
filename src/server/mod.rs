//! Everything with IO, compiled only into the server (`ssr`) build: settings, storage, auth,
//! the service layer, plain HTTP routes, platform webhooks and the worker that processes them,
//! operators' commands, local fake platforms and the demo data. It never names `api`, `ui` or `app`
//! (the composition root that joins them is `crate::startup`); the UI never names this module.

pub mod assets;
pub mod auth;
/// The messaging platforms' wire formats: signatures, webhook parsers, send builders (pure).
pub mod channel;
pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
/// Fake messaging platforms (a local HTTP server speaking their wire formats) for tests and
/// the demo: `omni_inbox fake-platforms`.
pub mod fake;
/// `fake-platforms --receipts`: receipts for the channels of a running inbox.
pub mod fake_receipts;
/// The file store and `/files/{id}`.
pub mod files;
pub mod generate;
pub mod http;
pub mod live;
pub mod operator;
pub mod picture;
pub mod platform;
pub mod rate;
pub mod render;
pub mod service;
pub mod state;
pub mod webhook;
pub mod widget;
pub mod worker;
