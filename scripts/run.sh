#!/usr/bin/env bash
# Sets up what is missing, builds the release, and runs the inbox at http://127.0.0.1:3000 on
# the embedded SQLite database (data/inbox.db), created with the demo workspace on first start.
# Settings: Leptos.toml, overridden by DATABASE_URL, LEPTOS_SITE_ADDR, APP_PUBLIC_URL, ...
# APP_SEED_DEMO defaults to true here (the demo workspace); the binary alone never seeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
echo "==> building the release (first time: about 15 minutes)"
cargo leptos build --release --precompress
echo "==> Omni Inbox on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}  (demo logins: agent@demo.test / demo1234, see README)"
APP_SEED_DEMO="${APP_SEED_DEMO:-true}" exec "$CARGO_TARGET_DIR/release/omni_inbox"
