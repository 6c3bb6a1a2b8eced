-- PUT /api/v1/agents/me/availability for wrk, with valid credentials.
--
-- Environment:
--   BENCH_CREDENTIALS  a file with one "api_key:api_secret" per line (required)
--   BENCH_MODE         "same"      every request asks for "available" (the same status each time)
--                      "alternate" an agent's requests alternate "available" and "away": with
--                                  more credentials per thread than connections per
--                                  thread, every request is a write
--   BENCH_THREADS      wrk's -t, so that each thread takes its own share of the credentials
--
-- Every request is prepared once in init() and request() only picks the next one, so the load
-- generator does as little per request as it can (it shares the machine's cores with the target).
-- Every target and every credential count goes through this same path, so that the load
-- generator's own cost is the same in every line of the table (wrk's static request, used for a
-- single credential in an earlier version, was cheaper for wrk and flattered one-agent figures).
--
-- done() prints one line, "BENCH {json}", that bench/Bench.java reads (report.lua).

local path = "/api/v1/agents/me/availability"
local bodies = {
  same = { '{"status":"available"}' },
  alternate = { '{"status":"available"}', '{"status":"away"}' },
}

local function credentials()
  local file = os.getenv("BENCH_CREDENTIALS")
  assert(file, "BENCH_CREDENTIALS is not set")
  local list = {}
  for line in io.lines(file) do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  assert(#list > 0, "no credentials in " .. file)
  return list
end

local mode = os.getenv("BENCH_MODE") or "same"
assert(bodies[mode], "BENCH_MODE must be same or alternate, not " .. mode)
local creds = credentials()

local function headers(credential)
  return {
    ["Authorization"] = "token " .. credential,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

do
  local threads = 0
  function setup(thread)
    thread:set("thread_index", threads)
    threads = threads + 1
  end

  local requests = {}
  local next_request = 1

  function init(args)
    local index = thread_index or 0
    local count = tonumber(os.getenv("BENCH_THREADS") or "1")
    -- Each thread takes its own share of the credentials (all of them if there are fewer
    -- credentials than threads), so no two threads send the same agent's requests.
    local mine = {}
    for i, credential in ipairs(creds) do
      if #creds < count or (i - 1) % count == index then
        mine[#mine + 1] = credential
      end
    end
    -- Round r sends every credential of the share once, the body alternating from round to
    -- round: with "alternate", an agent's next request always asks for the other status, and
    -- with more credentials in a share than connections in a thread, the same agent never has
    -- two requests in flight: every request is a write.
    local bodies_of_mode = bodies[mode]
    for round = 1, #bodies_of_mode do
      for _, credential in ipairs(mine) do
        requests[#requests + 1] = wrk.format("PUT", path, headers(credential), bodies_of_mode[round])
      end
    end
  end

  function request()
    local r = requests[next_request]
    next_request = next_request % #requests + 1
    return r
  end
end

done = require "report"
