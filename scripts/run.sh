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
bin="$CARGO_TARGET_DIR/release/omni_inbox"
export APP_SEED_DEMO="${APP_SEED_DEMO:-true}"
# The demo's channels talk to local fake platforms (FAKE_PLATFORMS=off: to the real hosts),
# which post delivery and read receipts back, so a reply goes sending -> sent -> delivered -> read.
if [ "${FAKE_PLATFORMS:-127.0.0.1:9400}" != off ]; then
  fake="${FAKE_PLATFORMS:-127.0.0.1:9400}"
  "$bin" fake-platforms --listen "$fake" --receipts &
  fake_pid=$!
  trap 'kill $fake_pid 2>/dev/null || true' EXIT
  export APP_META_GRAPH_BASE_URL="http://$fake/meta" APP_INSTAGRAM_GRAPH_BASE_URL="http://$fake/instagram"
  export APP_LINE_API_BASE_URL="http://$fake/line" APP_LINE_DATA_API_BASE_URL="http://$fake/line-data"
  echo "==> fake platforms on http://$fake/_fake (customers write in with: $bin simulate --channel line --from 王小明 --text 請問有門市嗎)"
fi
echo "==> Omni Inbox on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}  (demo logins: agent@demo.test / demo1234, see README)"
"$bin"
