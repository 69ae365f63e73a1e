# The sync benchmark's report (scripts/bench.d/sync): reads its results file, one line per measure,
#   db size run name value
# (name: extract, load, sync, extract-ready, sync-ready in seconds; STEP-busy and STEP-steal, the
# machine's CPU busy and stolen during a step, in core-seconds; STEP-written, the GB written to the
# disks during it), and prints one line per database and size, each figure the median of its runs,
# then the goals. The sync's cores busy, steal share, GB written and CPU work against the steps it
# overlaps (sync-busy / (extract-busy + load-busy)) describe the sync step. Every ratio is each
# run's own (its three steps ran minutes apart), then their median. Variable: cores (the machine's).
# Needs stats.awk first.
function max2(a, b) { return a > b ? a : b }
# The median over the runs of case k of measure `name`.
function med(k, name,    i, v) {
  for (i = 1; i <= nruns[k]; i++) v[i] = val[k, run[k, i], name]
  return medof(v, nruns[k])
}
{
  k = $1 " " $2
  if (!(k in nruns)) { order[++ncases] = k; nruns[k] = 0 }
  if (!((k, $3) in seenrun)) { seenrun[k, $3] = 1; run[k, ++nruns[k]] = $3 }
  val[k, $3, $4] = $5
}
END {
  printf "%-7s %9s %9s %9s %9s %9s %9s %20s %9s   %-30s\n", "db", "records", "extract", "load", "sync",
         "ready:ext", "ready:sync", "sync/max(ext,load)", "net", "during the sync: cores steal written work"
  goals = ""
  for (c = 1; c <= ncases; c++) {
    k = order[c]
    for (i = 1; i <= nruns[k]; i++) {
      r = run[k, i]
      e = val[k, r, "extract"]; l = val[k, r, "load"]; s = val[k, r, "sync"]
      re = val[k, r, "extract-ready"]; rs = val[k, r, "sync-ready"]
      plain[i] = s / pos(max2(e, l))
      net[i] = (s - rs) / pos(max2(e - re, l))
      busy[i] = val[k, r, "sync-busy"] / pos(s)
      steal[i] = 100 * val[k, r, "sync-steal"] / pos(s * cores)
      written[i] = val[k, r, "sync-written"]
      work[i] = val[k, r, "sync-busy"] / pos(val[k, r, "extract-busy"] + val[k, r, "load-busy"])
    }
    n = nruns[k]
    p = medof(plain, n)
    m = medof(net, n); lo = vlo; hi = vhi
    split(k, f, " ")
    w = medof(work, n)
    printf "%-7s %9d %9.2f %9.2f %9.2f %9.2f %9.2f %19.2fx %8.2fx   %5.2f %5.1f%% %5.2fGB %5.2fx\n", f[1], f[2],
           med(k, "extract"), med(k, "load"), med(k, "sync"), med(k, "extract-ready"), med(k, "sync-ready"), p, m,
           medof(busy, n), medof(steal, n), medof(written, n), w
    runs_note = n > 1 ? sprintf("; %d runs: net %.2f to %.2f", n, lo, hi) : ""
    goals = goals sprintf("  overlap %-6s %8d  net %.2f (sync %.2f%s; CPU work %.2fx the steps')  %s\n",
                          f[1], f[2], m, p, runs_note, w, m <= 1.15 ? "ok" : "MISS")
  }
  printf "\ngoals (net sync / max(extract, load) <= 1.15; the export's processing taken out of both):\n%s", goals
}
