#!/usr/bin/env bash
# The .docx tests convert a document to PDF with LibreOffice (headless) to check the A4 layout; install it when we can.
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils fonts-noto-cjk >/dev/null
else
  echo "文档测试需要 LibreOffice：sudo apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk" >&2
  exit 1
fi
