#!/usr/bin/env bash
# Runs the browser end-to-end test (e2e.mjs) from ctest: installs playwright-core from the
# committed package-lock.json (npm ci, no browser download), then drives Debian's Chromium.
# Fails (never skips) when Node.js, npm or Chromium is missing.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "FAIL: node is missing (scripts/install-deps)"; exit 1; }
command -v npm >/dev/null || { echo "FAIL: npm is missing (scripts/install-deps)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "FAIL: Chromium is missing (scripts/install-deps)"; exit 1; }
wanted=$(node -p 'require("./package.json").dependencies["playwright-core"]')
have=$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$wanted" != "$have" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
exec node e2e.mjs
