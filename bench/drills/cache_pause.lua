-- wrk script of bench/drills/cache_pause.sh: rotates over the scenario paths and counts
-- responses and 5xx per phase (before, during and after the Redis pause), by the
-- second at which each response arrived.
--   wrk ... -s cache_pause.lua URL -- START PAUSE_AT RESUME_AT PATH...
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  start = tonumber(args[1])
  pause_at = tonumber(args[2])
  resume_at = tonumber(args[3])
  paths = {}
  for i = 4, #args do table.insert(paths, args[i]) end
  next_path = math.random(#paths)
  counts = { 0, 0, 0 }
  fivexx = { 0, 0, 0 }
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  local elapsed = os.time() - start
  local phase = 1
  if elapsed >= resume_at then phase = 3 elseif elapsed >= pause_at then phase = 2 end
  counts[phase] = counts[phase] + 1
  if status >= 500 then fivexx[phase] = fivexx[phase] + 1 end
end

function done(summary, latency, requests)
  local total, total5 = { 0, 0, 0 }, { 0, 0, 0 }
  for _, thread in ipairs(threads) do
    local c, f = thread:get("counts"), thread:get("fivexx")
    for i = 1, 3 do
      total[i] = total[i] + c[i]
      total5[i] = total5[i] + f[i]
    end
  end
  local errors = summary.errors
  io.write(string.format(
    '{"responses": [%d, %d, %d], "5xx": [%d, %d, %d], "socket_errors": %d, ' ..
    '"timeouts": %d, "p99_ms": %.1f, "max_ms": %.1f}\n',
    total[1], total[2], total[3], total5[1], total5[2], total5[3],
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(99) / 1000, latency.max / 1000))
end
