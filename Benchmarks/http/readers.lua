-- wrk script: every request from another reader (an X-Forwarded-For address the benchmark's server trusts from
-- 127.0.0.1), so the help center logs each search: one client's repeated search counts once per half hour.
-- wrk -t2 -c64 -d10s -s Benchmarks/http/readers.lua URL
request = function()
  wrk.headers["X-Forwarded-For"] = string.format("198.18.%d.%d", math.random(0, 255), math.random(1, 254))
  return wrk.format(nil)
end
