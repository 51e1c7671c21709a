//! Fixture tests: every example printed in CHANNELS.md (`docs`), published examples from
//! public SDKs and projects (`published`, sources in `tests/fixtures/channels/SOURCES.md`),
//! the send builders and answer readers (`sending`), and mutation fuzzing (`fuzz`).

mod docs;
mod fuzz;
mod published;
mod sending;
mod support;
