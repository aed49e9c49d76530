#!/usr/bin/env bash
# Browser tests need Debian's chromium and CJK fonts; install them when we can, fail loudly when we cannot.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "浏览器测试需要 chromium 和 fonts-noto-cjk：sudo apt-get install chromium fonts-noto-cjk" >&2
  exit 1
fi
