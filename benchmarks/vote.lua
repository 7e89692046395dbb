-- wrk script for live voting: each thread plays its own voters, who join a
-- round (POST .../meedoen/), then add and take back votes (POST .../stemmen/)
-- with the ballot version they hold, never more than one request per voter
-- at a time. The server echoes the form's "tag" (the voter's number) in
-- X-Tag, so each answer updates the voter that asked.
--
-- Arguments after "--": round code, voters per thread, topic ids (comma
-- separated), votes per voter N, max per topic M, CSRF secret.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local ROLES = {"pleegouder", "ouder", "professional", "pleegkind", "beleidsmaker", ""}

function init(args)
  code, nvoters = args[1], tonumber(args[2])
  topics = {}
  for topic in string.gmatch(args[3], "%d+") do topics[#topics + 1] = topic end
  N, M, secret = tonumber(args[4]), tonumber(args[5]), args[6]
  math.randomseed(7919 * (id + 1))
  voters = {}
  for i = 1, nvoters do
    voters[i] = {token = "", version = 0, ballot = {}, used = 0, busy = false, op = ""}
  end
  cursor = 0
  -- One string per voter ("token version ballot op"), kept up to date:
  -- done() reads it through thread:get, which copies only flat tables.
  rows = {}
  sent, exhausted, statuses = 0, 0, {}
  ok, rejected, joins, untagged = 0, 0, 0, 0
  join_path = "/stem/" .. code .. "/meedoen/"
  vote_path = "/stem/" .. code .. "/stemmen/"
  csrf_cookie = "csrftoken=" .. secret
end

local function remember(i)
  local v, ballot = voters[i], {}
  for topic, n in pairs(v.ballot) do
    if n > 0 then ballot[#ballot + 1] = topic .. ":" .. n end
  end
  local op = v.busy and v.op or "-"
  rows[i] = v.token .. " " .. v.version .. " " .. table.concat(ballot, ",") .. " " .. op
end

local function idle_voter()
  for _ = 1, nvoters do
    cursor = cursor % nvoters + 1
    if not voters[cursor].busy then return cursor end
  end
  return nil
end

function request()
  local i = idle_voter()
  if i == nil then
    -- Every voter of this thread waits for an answer: not a vote.
    exhausted = exhausted + 1
    return wrk.format("GET", "/stem/")
  end
  local v = voters[i]
  v.busy = true
  sent = sent + 1
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  local form = "csrfmiddlewaretoken=" .. secret .. "&tag=" .. i
  if v.token == "" then
    v.op = "join"
    remember(i)
    headers["Cookie"] = csrf_cookie
    return wrk.format("POST", join_path, headers, form .. "&role=" .. ROLES[i % #ROLES + 1])
  end
  headers["Cookie"] = csrf_cookie .. "; gg_stem_" .. code .. "=" .. v.token
  local action, choices = "add", {}
  if v.used >= N or (v.used > 0 and math.random() < 0.35) then
    action = "remove"
    for topic, n in pairs(v.ballot) do
      if n > 0 then choices[#choices + 1] = topic end
    end
  else
    for _, topic in ipairs(topics) do
      if (v.ballot[topic] or 0) < M then choices[#choices + 1] = topic end
    end
  end
  local topic = choices[math.random(#choices)]
  v.op = action .. ":" .. topic
  remember(i)
  return wrk.format("POST", vote_path, headers,
    form .. "&topic=" .. topic .. "&action=" .. action .. "&version=" .. v.version)
end

function response(status, headers, body)
  count_response(status)
  local tag = tonumber(headers["X-Tag"] or "")
  local v = tag and voters[tag]
  if not v then
    untagged = untagged + 1
    return
  end
  v.busy = false
  if v.op == "join" then
    local token = string.match(headers["Set-Cookie"] or "", "gg_stem_%w+=([^;]+)")
    if token then
      v.token = token
      joins = joins + 1
    else
      rejected = rejected + 1
    end
  elseif headers["X-Vote"] == "ok" then
    local action, topic = string.match(v.op, "(%a+):(%d+)")
    if action == "add" then
      v.ballot[topic] = (v.ballot[topic] or 0) + 1
      v.used = v.used + 1
    else
      v.ballot[topic] = v.ballot[topic] - 1
      v.used = v.used - 1
    end
    v.version = tonumber(headers["X-Ballot-Version"])
    ok = ok + 1
  else
    rejected = rejected + 1
  end
  v.op = ""
  remember(tag)
end

local report_done = done

function done(summary, latency, requests)
  report_done(summary, latency, requests)
  -- What the clients hold: per voter its token, version, ballot and the
  -- request still in flight when wrk stopped ("-" when none).
  local all, counts = {}, {ok = 0, rejected = 0, joins = 0, untagged = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(counts) do
      counts[key] = counts[key] + (thread:get(key) or 0)
    end
    for _, row in pairs(thread:get("rows") or {}) do
      all[#all + 1] = '"' .. row .. '"'
    end
  end
  io.write(string.format(
    'VOTEJSON {"ok": %d, "rejected": %d, "joins": %d, "untagged": %d, "voters": [%s]}\n',
    counts.ok, counts.rejected, counts.joins, counts.untagged, table.concat(all, ", ")))
end
