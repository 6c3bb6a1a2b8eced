-- The same-status PUT /api/v1/agents/me/availability as wrk's static request, for the tail runs
-- (server-h2-tail): wrk.method, wrk.path, wrk.headers and wrk.body set once, and no request()
-- function, so that wrk formats the request once and sends those bytes on every connection (wrk's
-- script.c: a script without a request function is "static"). The least a load generator can do
-- per request, so that what the tail shows is the server's.
--
-- Environment: BENCH_CREDENTIALS, a file whose first line is the "api_key:api_secret" to send.

local file = os.getenv("BENCH_CREDENTIALS")
assert(file, "BENCH_CREDENTIALS is not set")
local credential = io.lines(file)()
assert(credential and credential ~= "", "no credential in " .. file)

wrk.method = "PUT"
wrk.path = "/api/v1/agents/me/availability"
wrk.body = '{"status":"available"}'
wrk.headers["Authorization"] = "token " .. credential
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

done = require "report"
