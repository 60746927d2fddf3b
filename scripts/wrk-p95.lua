-- wrk -s scripts/wrk-p95.lua: prints one machine-readable line after wrk's own report:
--   WRK_RESULT rps=<requests/s> p50_us=<..> p95_us=<..> p99_us=<..> requests=<n> non2xx3xx=<n> errors=<n>
-- (wrk --latency prints p50/75/90/99 only.)
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT rps=%.1f p50_us=%d p95_us=%d p99_us=%d requests=%d non2xx3xx=%d errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
