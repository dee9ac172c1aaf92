-- wrk script: each request submits an answer to a fresh open item (ids from ITEM_IDS_FILE).
-- Threads take every n-th id so no item is submitted twice; BODY holds the CSRF token.
dofile(os.getenv("WRK_REPORT_LUA"))  -- defines done()
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

function init(args)
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  ids, n, next_index = {}, tonumber(os.getenv("WRK_THREADS")), 0
  local i = 0
  for line in io.lines(os.getenv("ITEM_IDS_FILE")) do
    if i % n == tid - 1 then ids[#ids + 1] = line end
    i = i + 1
  end
end

function request()
  next_index = next_index + 1
  local id = ids[next_index] or ids[#ids]
  -- headers nil: wrk.format then sends wrk.headers (Host, the -H cookie, the type below)
  return wrk.format("POST", "/practice/items/" .. id .. "/submit", nil, os.getenv("BODY"))
end

