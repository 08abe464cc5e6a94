-- wrk script: GET /v1/verify/<code> with codes drawn from codes.txt (one per line),
-- each thread walking the list from its own offset, so most scans are first scans.
local codes = {}
for line in io.lines(os.getenv("QRMARK_CODES") or "codes.txt") do codes[#codes + 1] = line end
local i = 0
local offset = 0
local thread_id = 0

function setup(thread)
  thread:set("offset", thread_id * 7919)
  thread_id = thread_id + 1
end

function init(args)
  i = offset
end

function request()
  i = i + 1
  return wrk.format("GET", "/v1/verify/" .. codes[(i % #codes) + 1])
end
