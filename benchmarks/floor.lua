-- wrk script for the floor: POST /bench/floor/, which inserts one row.
-- Same per-request Lua work as submit.lua, so wrk costs both benchmarks alike.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

function init(args)
  sent, exhausted, statuses = 0, 0, {}
  form = "ok=1"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/bench/floor/", nil, form)
end

function response(status, headers, body)
  count_response(status)
end
