-- Distinct queries for wrk: each request sends a labelled question with a unique suffix,
-- so no cache (ours or anyone's) can answer it. BENCH_QUERIES names a file of
-- URL-encoded questions, one a line; BENCH_PATH is the path before the query; BENCH_SALT
-- differs in every run, so one run's queries are not another's (which caches would answer).
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
local prefix = os.getenv("BENCH_PATH")
local salt = os.getenv("BENCH_SALT") or ""
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1] .. "%20" .. salt .. tid .. "x" .. counter
  return wrk.format("GET", prefix .. q)
end
