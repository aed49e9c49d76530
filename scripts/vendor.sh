#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry (never a CDN: users' servers are on intranets).
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.8 ICONS=1.13.1 ECHARTS=5.6.0 HTMX=2.0.4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" "echarts@$ECHARTS" "htmx.org@$HTMX" >/dev/null)
out=static/vendor; rm -rf "$out"; mkdir -p "$out"/{bootstrap,bootstrap-icons/fonts,echarts,htmx}
unpack() { mkdir -p "$tmp/$1" && tar -xzf "$tmp/$2" -C "$tmp/$1"; }
unpack bs "bootstrap-$BOOTSTRAP.tgz"; unpack bi "bootstrap-icons-$ICONS.tgz"
unpack ec "echarts-$ECHARTS.tgz"; unpack hx "htmx.org-$HTMX.tgz"
cp "$tmp"/bs/package/dist/css/bootstrap.min.css "$tmp"/bs/package/dist/js/bootstrap.bundle.min.js "$tmp"/bs/package/LICENSE "$out/bootstrap/"
cp "$tmp"/bi/package/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp "$tmp"/bi/package/font/fonts/bootstrap-icons.woff2 "$tmp"/bi/package/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
cp "$tmp"/bi/package/LICENSE "$out/bootstrap-icons/"
cp "$tmp"/ec/package/dist/echarts.min.js "$tmp"/ec/package/LICENSE "$out/echarts/"
cp "$tmp"/hx/package/dist/htmx.min.js "$tmp"/hx/package/LICENSE "$out/htmx/"
cat > "$out/VERSIONS.md" <<V
| package | version | licence |
|---|---|---|
| bootstrap | $BOOTSTRAP | MIT |
| bootstrap-icons | $ICONS | MIT |
| echarts | $ECHARTS | Apache-2.0 |
| htmx.org | $HTMX | 0BSD |
V
echo "vendored into $out"
