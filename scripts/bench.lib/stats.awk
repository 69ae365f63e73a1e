# What the benchmarks' reports share; loaded before a report (awk -f stats.awk -f REPORT.awk).
# x, or a thousandth when smaller: a divisor that is never zero.
function pos(x) { return x > 0.001 ? x : 0.001 }
# The median of v[1..n], sorted in place; vlo and vhi are set to its least and greatest.
function medof(v, n,    i, j, x) {
  for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
  vlo = v[1]; vhi = v[n]
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
