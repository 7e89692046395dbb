-- Shared by floor.lua and submit.lua: per-thread counters and a done() that
-- prints one line "WRKJSON {...}" for benchmarks/run.py.
--
-- Each thread counts the requests it sent and the status of every response;
-- done() (main Lua state) collects them through thread:get(). wrk itself only
-- counts statuses above 399 as errors, so a 302 is counted here explicitly.

threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function count_response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

local function object(tbl)
  local parts = {}
  for key, value in pairs(tbl) do
    parts[#parts + 1] = string.format('"%s": %s', tostring(key), tostring(value))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function list(tbl)
  local parts = {}
  for index, value in ipairs(tbl) do
    parts[index] = tostring(value)
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

function done(summary, latency, requests)
  local statuses_all, sent, exhausted = {}, {}, 0
  for index, thread in ipairs(threads) do
    sent[index] = thread:get("sent") or 0
    exhausted = exhausted + (thread:get("exhausted") or 0)
    for status, n in pairs(thread:get("statuses") or {}) do
      statuses_all[status] = (statuses_all[status] or 0) + n
    end
  end
  local percentiles = {}
  for _, p in ipairs({50, 90, 95, 99}) do
    percentiles["p" .. p .. "_us"] = latency:percentile(p)
  end
  percentiles["mean_us"] = string.format("%.1f", latency.mean)
  percentiles["max_us"] = latency.max
  -- Every latency seen (microseconds) with its count, so that run.py can
  -- pool the percentiles of several rounds.
  local histogram = {}
  for index = 1, #latency do
    local value, count = latency(index)
    histogram[index] = string.format("[%d, %d]", value, count)
  end
  local e = summary.errors
  io.write("WRKJSON {",
    '"duration_us": ', summary.duration,
    ', "requests": ', summary.requests,
    ', "errors": ', object({connect = e.connect, read = e.read, write = e.write,
                            status = e.status, timeout = e.timeout}),
    ', "latency": ', object(percentiles),
    ', "statuses": ', object(statuses_all),
    ', "sent_by_thread": ', list(sent),
    ', "exhausted": ', exhausted,
    ', "histogram": [', table.concat(histogram, ", "), "]",
    "}\n")
end
