-- wrk script: the peers' token.lua (client_credentials, HTTP Basic) with a pause after every response,
-- so each connection sends at most one request per PACE_MS milliseconds (wrk's delay() hook).
-- With C connections the offered load is about C / (PACE_MS + latency) requests per second, and the
-- latencies wrk reports are service times under that load, not queueing behind a saturated server.
dofile(os.getenv("TOKEN_LUA") or error("paced.lua: set TOKEN_LUA to the peers' token.lua"))
local pace = tonumber(os.getenv("PACE_MS") or error("paced.lua: set PACE_MS"))

function delay()
  return pace
end
