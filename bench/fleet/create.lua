-- wrk script: registers agents through the admin API (POST /admin/agents) as fast as the server takes them.
-- Arguments (after wrk's "--"): admin_bearer_token out_prefix agents_per_thread
-- Each thread stops answering after agents_per_thread 201 answers and writes "client_id client_secret" lines to
-- out_prefix.<thread>. Owners rotate over 100 addresses so the owner filter has something to select.
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. (args[1] or error("create.lua: missing admin token"))
  out = io.open((args[2] or error("create.lua: missing output prefix")) .. "." .. index, "w")
  share = tonumber(args[3] or "1000")
  sent, created, failed = 0, 0, 0
end

function request()
  sent = sent + 1
  local body = string.format('{"name":"fleet-%d-%d","owner":"owner-%d@example.test",'
    .. '"scopes":["tools:read","tools:write"],"audiences":["https://api.example.test"]}', index, sent, sent % 100)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then
    local id = body:match('"client_id"%s*:%s*"([^"]+)"')
    local secret = body:match('"client_secret"%s*:%s*"([^"]+)"')
    out:write(id, " ", secret, "\n")
    out:flush()
    created = created + 1
  else
    failed = failed + 1
  end
  if created >= share then
    out:flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("created")
    bad = bad + t:get("failed")
  end
  -- wrk's own duration is its -d, not the time to the last answer: run.sh times the registration itself.
  io.write(string.format("RESULT created=%d failed=%d p50_ms=%.2f p99_ms=%.2f\n",
    good, bad, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
