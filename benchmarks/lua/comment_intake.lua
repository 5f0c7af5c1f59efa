-- wrk script for the comment intake (benchmarks/consultations_load.py): each request is the
-- next citizen's next comment — the citizens in turn, each at most his per-minute allowance —
-- with its own Idempotency-Key, on the units u1 … u20 in turn.
--   wrk -s comment_intake.lua URL -- TOKENS_FILE CSRF PER_MINUTE
-- TOKENS_FILE holds one session token per line. At the end, one line per thread:
--   "answers <thread> <status>=<count> …", which the benchmark adds up.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  csrf = args[2]
  per_minute = tonumber(args[3])
  -- Threads take turns through the citizens: thread t sends the comments n ≡ t (mod threads).
  nthreads = tonumber(args[4])
  n = id
  answers = {}
end

function request()
  local citizen = n % #tokens
  local k = math.floor(n / #tokens)
  if k >= per_minute then
    -- Every citizen has used his allowance: a health check, counted apart (not a comment).
    return wrk.format("GET", "/api/health")
  end
  local unit = 1 + (citizen + k) % 20
  local body = '{"target":"don_vi","unit_key":"u' .. unit .. '","text":"Góp ý thứ ' .. k ..
    ' về điểm này: cần nêu rõ nguồn lực."}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("wrk-%d-%d", id, n),
    ["x-csrftoken"] = csrf,
    ["Cookie"] = "dangbo_session=" .. tokens[citizen + 1] .. "; csrftoken=" .. csrf,
  }
  n = n + nthreads
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  answers[status] = (answers[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local id = thread:get("id")
    local line = "answers " .. id
    local seen = thread:get("answers")
    for status, count in pairs(seen) do
      line = line .. " " .. status .. "=" .. count
    end
    print(line)
  end
end
