-- wrk script: each connection waits a random 0–2×(connections ÷ RATE) s before each request, so all of them
-- together offer about RATE requests per second (below saturation, where a p99 says something about the tail).
-- RATE=300 CONNS=64 wrk -t2 -c64 -d10s --latency -s Benchmarks/http/paced.lua URL
local rate = tonumber(os.getenv("RATE") or "400")
local conns = tonumber(os.getenv("CONNS") or "64")
function delay()
  return math.random(0, 2 * 1000 * conns / rate)
end
