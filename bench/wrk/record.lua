-- POST /v1/lookup with a content id, so every request records an item in the content index (one insert
-- and commit each): the write path of the gate without decoding. KEY is an API key; RUN makes the ids unique;
-- PAUSE_MS paces each connection (rate ≈ connections × 1000 / (PAUSE_MS + latency)); DIGESTS=1 sends an MD5 and a
-- SHA-256 besides the PDQ, as an upload through POST /v1/media records.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
local n = 0
local run = os.getenv("RUN") or "r"
local pause = tonumber(os.getenv("PAUSE_MS") or "0")
local digests = os.getenv("DIGESTS") == "1"
local thread_id = 0
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
request = function()
  n = n + 1
  local hex = string.format("%016x%016x%016x%016x", n * 2654435761 % 4294967296, n * 40503 % 65536, n, n * 7)
  local id = run .. "-" .. tostring(tid) .. "-" .. n
  local extra = ""
  if digests then
    local md5 = string.format("%08x%08x%016x", tid, n * 7919 % 4294967296, n)
    extra = ',"md5":"' .. md5 .. '","sha256":"' .. md5 .. md5 .. '"'
  end
  return wrk.format(nil, "/v1/lookup", nil, '{"content_id":"' .. id .. '","uploader_id":"u","pdq":"' .. hex .. '"' .. extra .. '}')
end
delay = function()
  return pause
end
