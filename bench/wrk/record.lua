-- POST /v1/lookup with a content id, so every request records an item in the content index (one insert
-- and commit each): the write path of the gate without decoding. KEY is an API key; RUN makes the ids unique.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
local n = 0
local run = os.getenv("RUN") or "r"
local thread_id = 0
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
request = function()
  n = n + 1
  local hex = string.format("%016x%016x%016x%016x", n * 2654435761 % 4294967296, n * 40503 % 65536, n, n * 7)
  local id = run .. "-" .. tostring(tid) .. "-" .. n
  return wrk.format(nil, "/v1/lookup", nil, '{"content_id":"' .. id .. '","uploader_id":"u","pdq":"' .. hex .. '"}')
end
