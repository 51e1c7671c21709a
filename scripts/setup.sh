#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs, skipping what is already there.
# Sourced by run.sh and test.sh; safe to run again and again.
#
#   build: the wasm32 target, cargo-leptos 0.3.5, the wasm-bindgen CLI of the version locked in
#          Cargo.lock, and the npm build tools (Tailwind CSS, binaryen's wasm-opt)
#   test:  Debian's Chromium and a CJK font for the browser, Playwright for end2end/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1

say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/omni-inbox/target}"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos 0.3.5" ]; then
  say "installing cargo-leptos 0.3.5 (about 20 minutes on 2 cores)"
  cargo install cargo-leptos --version 0.3.5 --locked
fi

WBG="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ]; then
  say "installing wasm-bindgen-cli $WBG (the version in Cargo.lock)"
  # --locked fails for this version (a locked dependency is gone from the registry).
  cargo install wasm-bindgen-cli --version "$WBG"
fi

npm_install() { # installs $1's npm packages from its lockfile unless they are already there
  if [ ! -f "$1/node_modules/.package-lock.json" ] || ! cmp -s "$1/package-lock.json" "$1/node_modules/.omni-lock"; then
    say "installing npm packages in $1"
    # Not `npm ci`: npm 11 rejects lockfiles of packages with platform-optional binaries
    # (Tailwind's oxide). `npm install` follows the lockfile all the same.
    (cd "$1" && npm install --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.omni-lock)
  fi
}
npm_install "$ROOT"

if [ "$WANT_TEST" = 1 ]; then
  # Chromium, plus fonts for Traditional Chinese and emoji so screenshots show real text.
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || ! fc-list 2>/dev/null | grep -qi 'Noto Color Emoji'; then
    say "installing Debian's chromium, fonts-noto-cjk and fonts-noto-color-emoji"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium fonts-noto-cjk fonts-noto-color-emoji
  fi
  npm_install "$ROOT/end2end"
fi
