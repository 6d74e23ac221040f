-- wrk script for the publish storm: cycles through the paths in $STORM_PATHS (one a
-- line) and counts cache hits (nginx's X-Cache-Status, else the app's X-Page-Cache).
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args)
  paths, hits, misses, n = {}, 0, 0, 0
  for line in io.lines(os.getenv("STORM_PATHS")) do table.insert(paths, line) end
  n = math.random(#paths)
end
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
response = function(status, headers, body)
  local state = headers["X-Cache-Status"] or headers["X-Page-Cache"] or "-"
  if state == "HIT" or state == "hit" then hits = hits + 1 else misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); m = m + thread:get("misses") end
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "errors": %d, "non_2xx_3xx": %d, "bytes": %d, "hits": %d, "misses": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, failed, errors.status, summary.bytes, h, m))
end
