//! Integration tests in one binary (one link step): the storage suite on every engine, and
//! the HTTP surface through the real router.

mod common;
mod http;
mod inbound;
mod races;
mod storage;
