#!/usr/bin/env bash
# Sets up what is missing and runs every check and test:
#   formatting and clippy for both builds, unit tests, the storage suite on SQLite and on a
#   throwaway PostgreSQL database, HTTP tests, and Playwright end-to-end tests in Chromium
#   against the release binary running on its own.
# PostgreSQL: INBOX_TEST_POSTGRES_URL names a server the tests may create databases on
# (default: the local one, postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test
export INBOX_TEST_POSTGRES_URL="${INBOX_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export RUST_BACKTRACE=0
# No incremental data: CI builds from a fresh clone, and it costs gigabytes of disk.
export CARGO_INCREMENTAL=0

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "PostgreSQL for the storage suite"
if ! psql "$INBOX_TEST_POSTGRES_URL" -Atqc 'select 1' >/dev/null 2>&1; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    sleep 2
  fi
  psql "$INBOX_TEST_POSTGRES_URL" -Atqc 'select 1' >/dev/null || { echo "PostgreSQL is not reachable at $INBOX_TEST_POSTGRES_URL"; exit 1; }
fi
# Throwaway databases a crashed earlier run may have left behind.
for db in $(psql "$INBOX_TEST_POSTGRES_URL" -Atqc "select datname from pg_database where datname like 'inbox_test_%'"); do
  psql "$INBOX_TEST_POSTGRES_URL" -qc "drop database if exists $db with (force)" >/dev/null
done

step "formatting"
cargo fmt --check

step "clippy: server build"
cargo clippy --features ssr --all-targets -- -D warnings
step "clippy: browser build"
cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "unit, storage (SQLite + PostgreSQL) and HTTP tests"
cargo test --features ssr

step "release build (wasm + server), files hashed and precompressed"
cargo leptos build --release --precompress

step "browser bundle budget"
bash scripts/check-bundle.sh

step "end-to-end tests (Playwright, Debian Chromium, release binary on its own)"
(cd end2end && INBOX_BIN="$CARGO_TARGET_DIR/release/omni_inbox" npx playwright test)
