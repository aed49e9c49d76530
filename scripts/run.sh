#!/usr/bin/env bash
# `make run`: migrate, load the demo once, then the web server and the scheduler, both stopped by Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PORT:-5000}"
$BIN/tracker init
$BIN/tracker demo --quiet
echo
echo "  创建台账已启动： http://127.0.0.1:${PORT}/"
echo "  演示账号（密码均为 demo12345）：admin 系统管理员 · office 领导小组办公室 · leader 领导"
echo "  责任单位账号为单位名称拼音首字母，如 qwjj（区卫健局）、qfgj（区发改局）；完整列表：$BIN/tracker demo"
echo "  按 Ctrl-C 停止 Web 服务和调度进程。"
echo
$BIN/tracker scheduler &
SCHED=$!
trap 'kill $SCHED 2>/dev/null; wait $SCHED 2>/dev/null; exit 0' INT TERM EXIT
$BIN/tracker run --host 127.0.0.1 --port "$PORT" --no-reload
