//! Integration tests in one binary (one link step): the storage suite on every engine, and
//! the HTTP surface through the real router.

mod aborted;
mod admin_http;
mod assets;
mod batch;
mod batch_http;
mod bot;
mod channels_http;
mod common;
mod counts;
mod fake_platforms;
mod http;
mod inbound;
mod layers;
mod live;
mod live_http;
mod live_servers;
mod live_stream;
mod media;
mod operator;
mod outbound;
mod permissions;
mod profile;
mod races;
mod search;
mod search_http;
mod security;
mod sorting;
mod storage;
mod team;
mod team_admin;
mod thread;
mod uploads;
mod webhooks;
mod widget;
mod widget_settings;
