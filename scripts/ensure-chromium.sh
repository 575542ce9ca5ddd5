#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we can;
# otherwise the browser tests skip with a reason (but under CI=true they fail).
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "warning: chromium is not installed; browser tests will be skipped (apt-get install chromium)." >&2
exit 0
