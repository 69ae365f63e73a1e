# The load benchmark's report (scripts/bench.d/load): reads its results file, one line per run,
#   db size target method seconds peak_rss_kb records
# (method: mews-etl, paired, floor, or a baseline's name; "-" for an unmeasured RSS), and prints
# one line per case (the median of its runs) and the goals. Variables: sizes (all sizes, space
# separated), smallest, largest, inc (records of the incremental load). Needs stats.awk first.
function goal(db, name, at, value, limit, note) {
  printf "%-7s %-21s %-15s %7.2f   <= %.2f   %-4s  %s\n", db, name, at, value, limit, value <= limit ? "ok" : "MISS", note
}
# A cross-size goal of case `name`: run i at the largest size against paired run i at the smallest,
# per record when per_record; the median of the pairs. The ratio of the unpaired medians is shown
# beside it.
function crossgoal(db, name, per_record, limit,    a, b, n, i, v, scale, unpaired) {
  a = db " " largest " " name; b = db " " smallest " " name
  if (!((a " mews-etl") in runs) || !((b " paired") in runs)) return
  n = runs[a " mews-etl"] < runs[b " paired"] ? runs[a " mews-etl"] : runs[b " paired"]
  scale = per_record ? smallest / largest : 1
  for (i = 1; i <= n; i++) v[i] = pos(sample[a " mews-etl", i]) / pos(sample[b " paired", i]) * scale
  unpaired = (b in ours) ? sprintf(", unpaired %.2f", ours[a] / ours[b] * scale) : ""
  goal(db, (per_record ? "linearity " : "") name, largest "/" smallest, medof(v, n), limit,
       n > 1 ? sprintf("(%d pairs: %.2f to %.2f%s)", n, vlo, vhi, unpaired) : sprintf("(1 pair%s)", unpaired))
}
# A case run more than once (db size target method repeated) counts by the median of its runs.
function median(key,    n, i, a, m) {
  n = runs[key]
  for (i = 1; i <= n; i++) a[i] = sample[key, i]
  m = medof(a, n)
  lo[key] = vlo; hi[key] = vhi
  return m
}
{ key = $1 " " $2 " " $3 " " $4
  if (!(key in runs)) { order[++nkeys] = key; rss[key] = $6; count[key] = $7 }
  sample[key, ++runs[key]] = $5
  if ($6 != "-" && $6 + 0 > rss[key] + 0) rss[key] = $6
  if (!($1 in seen)) { seen[$1] = 1; dbs[++ndb] = $1 } }
END {
  for (i = 1; i <= nkeys; i++) {
    key = order[i]; split(key, f, " "); secs[key] = median(key)
    if (f[4] == "mews-etl") ours[f[1] " " f[2] " " f[3]] = pos(secs[key]); else if (f[4] == "floor") floor[f[1] " " f[2]] = pos(secs[key])
  }
  printf "%-7s %9s %-11s %-9s %9s %11s  %-17s %11s  %s\n", "db", "records", "target", "method", "seconds", "records/s", "ratio", "peak_rss_kb", "runs"
  for (i = 1; i <= nkeys; i++) {
    key = order[i]; split(key, f, " "); db = f[1]; n = f[2]; tg = f[3]; m = f[4]; s = pos(secs[key]); k = db " " n
    empty = ours[k " empty"]
    if (m == "floor") r = sprintf("ours/floor %.2f", empty / s)
    else if (m == "paired") r = "-"
    else if (m != "mews-etl") r = ((k " " tg) in ours) ? sprintf("base/ours %.2fx", s / ours[k " " tg]) : "-"
    else if (tg == "reexport10" || tg == "populated") r = sprintf("ours/empty %.2f", s / empty)
    else r = "-"
    spread = runs[key] > 1 ? sprintf("%d: %.2f to %.2f", runs[key], lo[key], hi[key]) : "1"
    printf "%-7s %9d %-11s %-9s %9.2f %11.0f  %-17s %11s  %s\n", db, n, tg, m, secs[key], count[key] / s, r, rss[key], spread
  }
  printf "(incremental: %d records, %d changed existing and %d new ids, into a copy of the empty load)\n", inc, int(inc / 2), inc - int(inc / 2)
  print ""
  printf "goals (a MISS is reported, not an error)\n%-7s %-21s %-15s %7s   %-7s  %s\n", "db", "ratio", "records", "value", "goal", ""
  nsizes = split(sizes, size, " ")
  for (d = 1; d <= ndb; d++) {
    db = dbs[d]
    for (j = 1; j <= nsizes; j++) {
      k = db " " size[j]
      if ((k in floor) && ((k " empty") in ours)) goal(db, "ours/floor", size[j], ours[k " empty"] / floor[k], 1.30)
    }
    for (j = 1; j <= nsizes; j++) {
      k = db " " size[j]
      if ((k " reexport10") in ours) goal(db, "reexport10/empty", size[j], ours[k " reexport10"] / ours[k " empty"], 0.35)
    }
    if (largest == smallest) continue
    split("empty reexport10 populated", cases, " ")
    for (c = 1; c <= 3; c++) crossgoal(db, cases[c], 1, 1.15)
    crossgoal(db, "incremental", 0, 1.20)
  }
  if (largest == smallest) print "(linearity and incremental need two sizes in LOAD_BENCH_ROWS)"
  else print "(linearity, incremental: the median of the ratios of each run at the largest size to the paired run at the smallest beside it)"
}
