-- POST /v1/lookup with a fresh random-looking PDQ each request; PAUSE_MS paces each connection
-- (rate ≈ connections × 1000 / (PAUSE_MS + latency)). KEY is an API key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
local n = 0
local pause = tonumber(os.getenv("PAUSE_MS") or "0")
request = function()
  n = n + 1
  local hex = string.format("%016x%016x%016x%016x", n * 2654435761 % 4294967296, n * 40503 % 65536, n, n * 7)
  return wrk.format(nil, "/v1/lookup", nil, '{"pdq":"' .. hex .. '"}')
end
delay = function()
  return pause
end
