#!/usr/bin/env bash
# Prints what the browser downloads on a cold load (the wasm and its JS glue, raw, gzip and
# brotli as `cargo leptos build --release --precompress` wrote them) and fails when the brotli
# wasm + JS grow past the budget. Run after the release build; scripts/test.sh does.
#
# BUDGET is a ratchet: lower it when the bundle shrinks; raise it only with the measured cost
# written in the README (the UI kit, typed ids and the remembered list order: +6 KB; the
# channel settings page: +18 KB; the live inbox: +24 KB; the website widget's settings: +16 KB;
# search: +40 KB; the bot's settings page: +62 KB; the phone layout: +4 KB; the admin pages
# of issue 15: +79 KB; every dialog's focus kept and given back, the shared confirmation and the
# profile's tag colours: +4 KB; the composer's saved-reply picker: +10 KB; the saved replies'
# page: +7 KB).
# The goal is 350,000 bytes (issue 9).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET="${BUNDLE_BUDGET:-764000}"
PKG="${1:-target/site/pkg}"

size() { stat -c %s "$1"; }
total=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
for ext in wasm js; do
  file="$(ls "$PKG"/omni_inbox*."$ext" 2>/dev/null | head -n1 || true)"
  if [ -z "$file" ] || [ ! -f "$file.br" ] || [ ! -f "$file.gz" ]; then
    echo "no precompressed omni_inbox*.$ext in $PKG (build with: cargo leptos build --release --precompress)"
    exit 1
  fi
  printf '%-44s %10s %10s %10s\n' "$(basename "$file")" "$(size "$file")" "$(size "$file.gz")" "$(size "$file.br")"
  total=$((total + $(size "$file.br")))
done
echo "wasm + JS, brotli: $total bytes (budget $BUDGET, goal 350000)"
if [ "$total" -gt "$BUDGET" ]; then
  echo "the browser bundle grew past its budget: $total > $BUDGET bytes (brotli)"
  exit 1
fi
