-- POST /v1/media with the bytes of IMAGE (a 1-megapixel JPEG) under a new content id each request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
local file = io.open(os.getenv("IMAGE"), "rb")
local body = file:read("*a")
file:close()
local n = 0
local id = tostring(os.time()) .. "-" .. tostring(math.random(1000000))
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/media?content_id=wrk-" .. id .. "-" .. n .. "&uploader_id=bench", nil, body)
end
