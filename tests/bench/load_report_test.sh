#!/usr/bin/env bash
# The load benchmark's report (scripts/bench.lib/load_report.awk) on a results file whose answers
# are known: medians of repeated runs, and cross-size goals from paired runs, not from the medians
# of runs an hour apart. Usage: load_report_test.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: load_report_test.sh SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 100 and 1000 records. The three small empty loads ran on a fast host (1.0 s); by the time the
# large size ran, the host took twice as long for everything, which the paired small runs (2.0 s)
# see and the early ones cannot: per record the large runs cost what the paired small runs do.
cat >"$work/results" <<'RESULTS'
pg 100 empty mews-etl 1.0 1000 100
pg 100 empty mews-etl 1.2 1000 100
pg 100 empty mews-etl 0.9 1000 100
pg 100 incremental mews-etl 0.5 900 10
pg 100 empty floor 0.8 - 100
pg 100 reexport10 mews-etl 0.3 1000 100
pg 1000 empty mews-etl 20.0 2000 1000
pg 100 empty paired 2.0 1000 100
pg 1000 empty mews-etl 24.0 2100 1000
pg 100 empty paired 2.0 1000 100
pg 1000 empty mews-etl 22.0 2000 1000
pg 100 empty paired 2.0 1000 100
pg 1000 incremental mews-etl 1.5 900 10
pg 100 incremental paired 1.0 900 10
pg 1000 empty floor 21.0 - 1000
pg 1000 reexport10 mews-etl 6.0 2000 1000
pg 100 reexport10 paired 0.5 1000 100
RESULTS
awk -v sizes="100 1000" -v smallest=100 -v largest=1000 -v inc=10 \
  -f "$src/scripts/bench.lib/stats.awk" -f "$src/scripts/bench.lib/load_report.awk" "$work/results" >"$work/out"
fails=0
expect() {  # a regular expression one line of the report must match
  if ! grep -Eq "$1" "$work/out"; then echo "missing: $1" >&2; fails=1; fi
}
expect '^pg +100 empty +mews-etl +1\.00 .* 3: 0\.90 to 1\.20$'
expect '^pg +1000 empty +mews-etl +22\.00 .* 2100  3: 20\.00 to 24\.00$'
expect '^pg +100 empty +paired +2\.00 +50 +- '
expect '^pg +1000 empty +floor +21\.00 .*ours/floor 1\.05 '
expect '^pg +1000 reexport10 +mews-etl +6\.00 .*ours/empty 0\.27 '
expect '^pg +ours/floor +1000 +1\.05 +<= 1\.30 +ok'
expect '^pg +reexport10/empty +100 +0\.30 +<= 0\.35 +ok'
# 20/2, 24/2, 22/2 per 10x the records: 1.00 to 1.20, median 1.10; the unpaired medians say 2.20.
expect '^pg +linearity empty +1000/100 +1\.10 +<= 1\.15 +ok +\(3 pairs: 1\.00 to 1\.20, unpaired 2\.20\)$'
expect '^pg +linearity reexport10 +1000/100 +1\.20 +<= 1\.15 +MISS +\(1 pair, unpaired 2\.00\)$'
expect '^pg +incremental +1000/100 +1\.50 +<= 1\.20 +MISS +\(1 pair, unpaired 3\.00\)$'
if [ "$fails" != 0 ]; then echo "the report was:" >&2; cat "$work/out" >&2; exit 1; fi
echo "load report: ok"
