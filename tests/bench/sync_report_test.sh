#!/usr/bin/env bash
# The sync benchmark's report (scripts/bench.lib/sync_report.awk) on a results file whose answers
# are known: each figure the median of its runs, each ratio the median of the runs' own ratios (not
# the ratio of the medians), a goal missed past 1.15. Usage: sync_report_test.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: sync_report_test.sh SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# PostgreSQL, three runs: net ratios 10/10 = 1.00, 29/20 = 1.45, 10/12 = 0.83, plain 1.10, 1.50,
# 1.00. The medians of the times (12 / 12) would give 1.00 plain: the runs' own give 1.10.
# During the sync: cores busy 1.91, 1.9, 1.7; steal 0, 10, 2%; CPU work against extract + load
# 21 / 18 = 1.17, 57 / 33 = 1.73, 20.4 / 20 = 1.02 (the medians of the CPU times would give 1.05).
# SQLite, one run: net 13.5 / 10 = 1.35, a miss, with twice the steps' CPU work (27.3 / 13.5).
cat >"$work/results" <<'RESULTS'
pg 1000 1 extract 2.0
pg 1000 1 extract-busy 3.0
pg 1000 1 extract-steal 0.0
pg 1000 1 extract-written 0.5
pg 1000 1 extract-ready 1.0
pg 1000 1 load 10.0
pg 1000 1 load-busy 15.0
pg 1000 1 load-steal 0.0
pg 1000 1 load-written 1.5
pg 1000 1 sync 11.0
pg 1000 1 sync-busy 21.0
pg 1000 1 sync-steal 0.0
pg 1000 1 sync-written 1.0
pg 1000 1 sync-ready 1.0
sqlite 1000 1 extract 1.0
sqlite 1000 1 extract-busy 1.5
sqlite 1000 1 extract-steal 0.0
sqlite 1000 1 extract-written 0.5
sqlite 1000 1 extract-ready 0.5
sqlite 1000 1 load 10.0
sqlite 1000 1 load-busy 12.0
sqlite 1000 1 load-steal 0.0
sqlite 1000 1 load-written 3.0
sqlite 1000 1 sync 14.0
sqlite 1000 1 sync-busy 27.3
sqlite 1000 1 sync-steal 1.12
sqlite 1000 1 sync-written 5.5
sqlite 1000 1 sync-ready 0.5
pg 1000 2 extract 2.0
pg 1000 2 extract-busy 3.0
pg 1000 2 extract-steal 0.0
pg 1000 2 extract-written 0.5
pg 1000 2 extract-ready 1.0
pg 1000 2 load 20.0
pg 1000 2 load-busy 30.0
pg 1000 2 load-steal 0.0
pg 1000 2 load-written 1.5
pg 1000 2 sync 30.0
pg 1000 2 sync-busy 57.0
pg 1000 2 sync-steal 6.0
pg 1000 2 sync-written 3.0
pg 1000 2 sync-ready 1.0
pg 1000 3 extract 2.0
pg 1000 3 extract-busy 3.0
pg 1000 3 extract-steal 0.0
pg 1000 3 extract-written 0.5
pg 1000 3 extract-ready 1.0
pg 1000 3 load 12.0
pg 1000 3 load-busy 17.0
pg 1000 3 load-steal 0.0
pg 1000 3 load-written 1.5
pg 1000 3 sync 12.0
pg 1000 3 sync-busy 20.4
pg 1000 3 sync-steal 0.48
pg 1000 3 sync-written 2.0
pg 1000 3 sync-ready 2.0
RESULTS
awk -v cores=2 -f "$src/scripts/bench.lib/stats.awk" -f "$src/scripts/bench.lib/sync_report.awk" "$work/results" >"$work/out"
fails=0
expect() {  # a regular expression one line of the report must match
  if ! grep -Eq "$1" "$work/out"; then echo "missing: $1" >&2; fails=1; fi
}
expect '^pg +1000 +2\.00 +12\.00 +12\.00 +1\.00 +1\.00 +1\.10x +1\.00x +1\.90 +2\.0% +2\.00GB +1\.17x$'
expect '^sqlite +1000 +1\.00 +10\.00 +14\.00 +0\.50 +0\.50 +1\.40x +1\.35x +1\.95 +4\.0% +5\.50GB +2\.02x$'
expect "^  overlap pg +1000  net 1\\.00 \\(sync 1\\.10; 3 runs: net 0\\.83 to 1\\.45; CPU work 1\\.17x the steps'\\)  ok$"
expect "^  overlap sqlite +1000  net 1\\.35 \\(sync 1\\.40; CPU work 2\\.02x the steps'\\)  MISS$"
# The cases in the order they first ran.
[ "$(grep -Eo '^(pg|sqlite) ' "$work/out" | tr -d ' ' | tr '\n' ' ')" = "pg sqlite " ] || {
  echo "cases out of order" >&2; fails=1; }
if [ "$fails" != 0 ]; then
  echo "--- report:" >&2
  cat "$work/out" >&2
  exit 1
fi
echo "sync report: ok"
