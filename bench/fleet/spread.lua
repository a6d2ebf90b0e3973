-- wrk script: client_credentials token requests spread round-robin over many agents (HTTP Basic).
-- Arguments (after wrk's "--"): credentials_file agent_count
-- credentials_file holds "client_id client_secret" lines (create.lua's output); the first agent_count are
-- used. Threads start at different offsets, so all agents are active within the first agent_count requests.
-- Prints one RESULT line like /work/shared/peers/token.lua.
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local function b64(data)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    out[#out + 1] = chars:sub(math.floor(n / 262144) % 64 + 1, math.floor(n / 262144) % 64 + 1)
      .. chars:sub(math.floor(n / 4096) % 64 + 1, math.floor(n / 4096) % 64 + 1)
      .. (b and chars:sub(math.floor(n / 64) % 64 + 1, math.floor(n / 64) % 64 + 1) or "=")
      .. (c and chars:sub(n % 64 + 1, n % 64 + 1) or "=")
  end
  return table.concat(out)
end

-- RFC 6749 §2.3.1: client_id and secret are form-urlencoded before Basic encoding.
local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(ch) return string.format("%%%02X", ch:byte()) end))
end

function init(args)
  local limit = tonumber(args[2] or "1")
  requests_by_agent = {}
  local body = "grant_type=client_credentials&scope=tools%3Aread%20tools%3Awrite"
  for line in io.lines(args[1] or error("spread.lua: missing credentials file")) do
    if #requests_by_agent >= limit then break end
    local id, secret = line:match("^(%S+) (%S+)$")
    requests_by_agent[#requests_by_agent + 1] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "application/json",
      ["Authorization"] = "Basic " .. b64(urlencode(id) .. ":" .. urlencode(secret)),
    }, body)
  end
  next_agent = (index - 1) * math.floor(#requests_by_agent / tonumber(args[3] or "2"))
  ok, bad = 0, 0
end


function request()
  next_agent = next_agent % #requests_by_agent + 1
  return requests_by_agent[next_agent]
end

function response(status, headers, body)
  if status == 200 and body:find("access_token", 1, true) then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local good, nbad = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    nbad = nbad + t:get("bad")
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d ok=%d non200=%d socket_errors=%d ok_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, good, nbad, e.connect + e.read + e.write + e.timeout, good / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
