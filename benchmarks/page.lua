-- wrk script for a signed-in GET (the results page and the slides): every
-- request sends the session cookie given after "--" and counts its status.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

function init(args)
  sent, exhausted, statuses = 0, 0, {}
  wrk.headers["Cookie"] = args[1]
  -- As a browser asks: the page goes over the wire compressed.
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  sent = sent + 1
  return wrk.format("GET")
end

function response(status, headers, body)
  count_response(status)
end
