#!/bin/sh
# Fails, listing every offending line, when a source file includes a project header that its
# directory may not include per the rules file (default: allowed_includes.txt beside this script).
# A file belongs to the longest rule directory that holds it; files under no rule are not checked.
# Usage: check_includes.sh SOURCE_DIR [RULES]
set -eu
root=$1
rules=$(cd "$(dirname "${2:-$0}")" && pwd)/$(basename "${2:-allowed_includes.txt}")
[ -f "$rules" ] || { echo "check_includes: no rules file $rules" >&2; exit 2; }
cd "$root"
dirs=$(grep -v '^[[:space:]]*#' "$rules" | grep ':' | cut -d: -f1)
for d in $dirs; do
  [ -d "$d" ] || { echo "check_includes: $d (in $rules) is not a directory of $root" >&2; exit 2; }
done
# "file:line:#include ..." for every project include of every file under a rule directory.
includes=$(find $dirs -type f \( -name '*.h' -o -name '*.cc' \) -print0 | sort -z -u |
           xargs -0 grep -nHE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"(core|schemas|transform|load|extract|app|tools|tests)/' || true)
out=$(printf '%s\n' "$includes" | awk -v rules="$rules" '
  BEGIN {
    while ((getline line < rules) > 0) {
      if (line ~ /^[[:space:]]*#/ || index(line, ":") == 0) continue
      dir = substr(line, 1, index(line, ":") - 1)
      allowed[dir] = substr(line, index(line, ":") + 1)
    }
  }
  NF == 0 { next }
  {
    split($0, parts, ":")
    file = parts[1]
    best = ""
    for (d in allowed) if (index(file, d "/") == 1 && length(d) > length(best)) best = d
    match($0, /"[^"]*"/)
    target = substr($0, RSTART + 1, RLENGTH - 2)
    n = split(allowed[best], ok, " ")
    fine = 0
    for (i = 1; i <= n; i++) if (index(target, ok[i] "/") == 1) fine = 1
    if (!fine) printf "%s:%s: includes %s; %s may include only:%s\n", file, parts[2], target, best, allowed[best]
  }')
if [ -n "$out" ]; then
  printf '%s\n' "$out"
  echo "check_includes: $(printf '%s\n' "$out" | wc -l) include(s) against the layering of $rules" >&2
  exit 1
fi
echo "check_includes: $(printf '%s\n' "$includes" | grep -c . ) project includes follow $rules"
