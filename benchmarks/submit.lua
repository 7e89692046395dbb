-- wrk script for the survey submit: each request sends the final POST of one
-- prepared draft (POST /vragenlijst/<token>/versturen/), never the same twice.
--
-- Arguments after "--": the token file (one raw token per line), the number
-- of wrk threads and the CSRF secret. Thread n (0-based, set in setup()) takes
-- lines n, n + threads, n + 2 * threads, ...: disjoint slices. The CSRF pair is
-- a fixed 32-character secret as the csrftoken cookie and, unmasked, as the
-- csrfmiddlewaretoken field, which Django accepts.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

function init(args)
  local path, nthreads, secret = args[1], tonumber(args[2]), args[3]
  tokens, next_token = {}, 1
  local line_number = 0
  for line in io.lines(path) do
    if line ~= "" then
      if line_number % nthreads == id then
        tokens[#tokens + 1] = line
      end
      line_number = line_number + 1
    end
  end
  sent, exhausted, statuses = 0, 0, {}
  form = "csrfmiddlewaretoken=" .. secret
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. secret
end

function request()
  local token = tokens[next_token]
  if token then
    next_token = next_token + 1
    sent = sent + 1
  else
    -- Out of prepared drafts: the run is invalid; run.py reports it.
    exhausted = exhausted + 1
    token = "out-of-prepared-drafts"
  end
  return wrk.format("POST", "/vragenlijst/" .. token .. "/versturen/", nil, form)
end

function response(status, headers, body)
  count_response(status)
end
