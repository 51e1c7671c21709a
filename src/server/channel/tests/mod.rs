//! Fixture tests: every example printed in CHANNELS.md (`docs`), published examples from
//! public SDKs and projects (`published`, sources in `tests/fixtures/channels/SOURCES.md`),
//! the send builders and answer readers (`sending`), a bot's buttons on each platform and
//! in the fakes (`buttons`), and mutation fuzzing (`fuzz`).

mod buttons;
mod docs;
mod fuzz;
mod published;
mod sending;
mod support;
