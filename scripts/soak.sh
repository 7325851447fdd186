#!/usr/bin/env bash
# make soak (issue 16, part "Durability and load"): one server on a fresh demo
# database under wrk for SOAK_SECONDS (default 600): a mix of reads (lists and
# details of enterprises, regions, orders, missing reports, as an official
# signed in with the session cookie) and writes (enterprise changes by the
# official, with the session's CSRF header and the version last read; daily
# report corrections by the demo enterprise), about 70 % reads.
# The server's resident memory (VmRSS of /proc/PID/status) is sampled every
# SOAK_SAMPLE seconds (default 5). At the end: requests, errors (answers
# other than 2xx, socket errors and timeouts; a 429 is an error, so the
# server runs with --per-address 0 and the soak signs in once), p50/p99
# latency, RSS after the first minute and at the end, and the growth between
# them. Fails when there was any error or the growth is 5 % or more.
#   SOAK_SECONDS  length of the load (default 600)
#   SOAK_CONNECTIONS, SOAK_THREADS  wrk's connections and threads (16, 2)
#   SOAK_ENTERPRISES  size of the demo database (default 20000, as make run)
#   BUILD  the build directory (default build, as make build; configured as
#          make build does when it has not been yet)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SOAK_SECONDS:-600}
conns=${SOAK_CONNECTIONS:-16}
wthreads=${SOAK_THREADS:-2}
sample=${SOAK_SAMPLE:-5}
B=${BUILD:-build}
jobs=$(nproc 2>/dev/null || echo 2)
case "$secs" in '' | *[!0-9]*) echo "soak: SOAK_SECONDS must be a number of seconds" >&2; exit 2 ;; esac
# The baseline: RSS after the first minute (a quarter of a shorter run).
warm=$((secs >= 240 ? 60 : secs / 4))

echo "== build ($B)"
[ -f "$B/CMakeCache.txt" ] || cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFG_TESTS=OFF >/dev/null
cmake --build "$B" -j "$jobs" >/dev/null

W=$(mktemp -d /tmp/fugong-soak.XXXXXX)
spid=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$spid" ] && kill "$spid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

echo "== demo database (${SOAK_ENTERPRISES:-20000} enterprises)"
$B/fugong keys init --keys "$W/keys" --province 330000 --province 310000 --province 320000 >/dev/null
$B/fugong demo --db "$W/soak.db" --keys "$W/keys" --enterprises "${SOAK_ENTERPRISES:-20000}" >/dev/null

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"
$B/fugong serve --db "$W/soak.db" --listen "127.0.0.1:$port" --threads "$jobs" --keys "$W/keys" \
  --per-address 0 2>"$W/serve.log" &
spid=$!
for i in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$base/healthz" >/dev/null || { echo "soak: the server did not start" >&2; cat "$W/serve.log" >&2; exit 1; }

# Sign in (one session each, cookie + CSRF token), make the enterprises the
# official changes, check every request of the mix once, write the wrk script.
SOAK_BASE=$base SOAK_THREADS=$wthreads node --input-type=module - >"$W/soak.lua" <<'JS'
const base = process.env.SOAK_BASE;
async function call(method, path, { session, body } = {}) {
  const headers = {};
  if (session) { headers.Cookie = `fg_session=${session.token}`; headers['X-Fugong-CSRF'] = session.csrf; }
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (r.status < 200 || r.status > 299) throw new Error(`soak setup: ${method} ${path}: ${r.status} ${text}`);
  return text ? Object.assign(JSON.parse(text), { __text: text }) : null;
}
async function login(u) {
  const b = await call('POST', '/api/v1/auth/login', { body: { username: u, password: `${u}-2022` } });
  return { token: b.token, csrf: b.csrf };
}
const off = await login('industry.zhejiang');
const ent = await login('enterprise.demo');
const OWN = '91330106MA27XK000B';
// USCC check character (GB 32100-2015)
const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const check = (s) => { let w = 1, sum = 0; for (const c of s) { sum += A.indexOf(c) * w; w = (w * 3) % 31; } const c = 31 - (sum % 31); return A[c === 31 ? 0 : c]; };
const writes = [];
for (let i = 0; i < 64; i++) {
  const body17 = `91330106W0AK${String(i).padStart(5, '0')}`;
  const uscc = body17 + check(body17);
  const e = await call('POST', '/api/v1/enterprises', { session: off,
    body: { uscc, name: `压力测试企业${i}有限公司`, region: '330106', industry: '34', headcount: 100 } });
  writes.push([uscc, e.version]);
}
const list = await call('GET', '/api/v1/enterprises?region=330100&limit=200', { session: off });
const reads = list.items.map((e) => e.uscc).filter((u) => !u.includes('W0AK')).slice(0, 100);
const day = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);
const GETS = [
  '/api/v1/enterprises?limit=50',
  '/api/v1/enterprises?region=330106&limit=20',
  'DETAIL',
  'DETAIL',
  'HISTORY',
  '/api/v1/regions/330100',
  '/api/v1/regions?parent=330100',
  '/api/v1/orders?limit=20',
  `/api/v1/reports/missing?region=330106&day=${day(1)}&limit=50`,
  '/api/v1/auth/me',
];
// Each request of the mix once, so that a refusal is found before the load.
for (const g of GETS) {
  const p = g === 'DETAIL' ? `/api/v1/enterprises/${reads[0]}` : g === 'HISTORY' ? `/api/v1/enterprises/${reads[0]}/history?limit=20` : g;
  await call('GET', p, { session: off });
}
const [u0, v0] = writes[0];
const patched = await call('PATCH', `/api/v1/enterprises/${u0}`, { session: off, body: { version: v0, headcount: 101 } });
// The wrk script reads the answer's uscc (after its id) and its first "version".
if (patched.__text.match(/^{"id":"[^"]*","uscc":"(\w+)"/)?.[1] !== u0 || Number(patched.__text.match(/"version":(\d+)/)?.[1]) !== v0 + 1)
  throw new Error(`soak setup: the first uscc and version of the PATCH answer are not the enterprise's and its new version: ${patched.__text}`);
writes[0][1] = patched.version;
await call('POST', `/api/v1/enterprises/${OWN}/reports`, { session: ent, body: { day: day(2), status: 'operating', capacity_pct: 80, staff_pct: 80 } });
const q = (s) => JSON.stringify(s);
console.log(`-- generated by scripts/soak.sh
local GETS = { ${GETS.map(q).join(', ')} }
local READS = { ${reads.map(q).join(', ')} }
local WRITES = { ${writes.map(([u, v]) => `{ uscc = ${q(u)}, version = ${v} }`).join(', ')} }
local DAYS = { ${[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) => q(day(n))).join(', ')} }
local OFF = { Cookie = "fg_session=${off.token}", ["X-Fugong-CSRF"] = "${off.csrf}" }
local OFF_W = { Cookie = "fg_session=${off.token}", ["X-Fugong-CSRF"] = "${off.csrf}", ["Content-Type"] = "application/json" }
local ENT_W = { Cookie = "fg_session=${ent.token}", ["X-Fugong-CSRF"] = "${ent.csrf}", ["Content-Type"] = "application/json" }
local OWN = "${OWN}"
local threads = {}
local nthreads = 0
function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end
function init(args)
  n = 0; bad = 0; reads = 0; patches = 0; reports = 0
  -- this thread's share of the enterprises it changes (none is in flight twice)
  mine = {}
  for i, w in ipairs(WRITES) do
    if (i - 1) % ${process.env.SOAK_THREADS || 2} == tid then table.insert(mine, { uscc = w.uscc, version = w.version, busy = false }) end
  end
  byuscc = {}
  for _, w in ipairs(mine) do byuscc[w.uscc] = w end
  next_w = 1
end
local function free_one()
  for k = 1, #mine do
    local w = mine[((next_w + k - 2) % #mine) + 1]
    if not w.busy then next_w = next_w + k; return w end
  end
  return nil
end
request = function()
  n = n + 1
  -- wrk calls request() once before the load to check the script and drops
  -- what it returns: the first request (slot 1) is a read.
  local slot = n % 20
  if slot >= 17 then
    local w = free_one()
    if w then
      w.busy = true
      patches = patches + 1
      return wrk.format("PATCH", "/api/v1/enterprises/" .. w.uscc, OFF_W,
        '{"version":' .. w.version .. ',"headcount":' .. (100 + n % 900) .. '}')
    end
  elseif slot >= 14 then
    reports = reports + 1
    return wrk.format("POST", "/api/v1/enterprises/" .. OWN .. "/reports", ENT_W,
      '{"day":"' .. DAYS[(n % #DAYS) + 1] .. '","status":"operating","capacity_pct":' .. (50 + n % 50) .. ',"staff_pct":80}')
  end
  reads = reads + 1
  local g = GETS[(n % #GETS) + 1]
  local e = READS[(n % #READS) + 1]
  if g == "DETAIL" then g = "/api/v1/enterprises/" .. e
  elseif g == "HISTORY" then g = "/api/v1/enterprises/" .. e .. "/history?limit=20" end
  return wrk.format("GET", g, OFF)
end
response = function(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if bad <= 5 then io.stderr:write("soak: answer " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\\n") end
  end
  -- the answer to a change (an enterprise, not a list): the new version,
  -- for the enterprise's next change
  local u = string.match(body or "", '^{"id":"[^"]*","uscc":"(%w+)"')
  local w = u and byuscc[u]
  if w and w.busy then
    local v = string.match(body, '"version":(%d+)')
    if status == 200 and v then w.version = tonumber(v) end
    w.busy = false
  end
end
done = function(summary, latency, requests)
  local b, rd, p, rp = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("bad"); rd = rd + t:get("reads"); p = p + t:get("patches"); rp = rp + t:get("reports")
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%d non2xx=%d socket=%d timeouts=%d reads=%d changes=%d reports=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\\n",
    summary.requests, b, e.connect + e.read + e.write, e.timeout, rd, p, rp,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end`);
JS

echo "== soak: $secs s, wrk -t$wthreads -c$conns against $base (server pid $spid); RSS every $sample s"
start=$(date +%s)
# Each sample: seconds, VmRSS (kB), then from /metrics the heap in use, the
# heap kept free by the allocator and SQLite's memory (bytes).
( while kill -0 "$spid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$spid/status" 2>/dev/null)
    heap=$(curl -s -m 5 "$base/metrics" | awk '$1 == "fugong_heap_in_use_bytes" { u = $2 }
      $1 == "fugong_heap_free_bytes" { f = $2 } $1 == "fugong_sqlite_cache_bytes" { q = $2 }
      END { print u + 0, f + 0, q + 0 }')
    [ -n "$rss" ] && printf '%s %s %s\n' "$(($(date +%s) - start))" "$rss" "$heap"
    sleep "$sample"
  done ) >"$W/rss" &
sampler=$!
SOAK_THREADS=$wthreads wrk -t"$wthreads" -c"$conns" -d"${secs}s" --timeout 10s -s "$W/soak.lua" "$base" >"$W/wrk.out" 2>"$W/wrk.err" || true
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""
cat "$W/wrk.err" >&2

line=$(grep '^SOAK ' "$W/wrk.out" || true)
if [ -z "$line" ]; then echo "soak: wrk gave no summary" >&2; cat "$W/wrk.out" >&2; exit 1; fi
val() { printf '%s\n' "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
requests=$(val requests) non2xx=$(val non2xx) sock=$(val socket) tmo=$(val timeouts)
errors=$((non2xx + sock + tmo))
rss_warm=$(awk -v w="$warm" '$1 >= w && $2 != "" { print $2; exit }' "$W/rss")
rss_end=$(awk '$2 != "" { v = $2 } END { print v }' "$W/rss")
rss_max=$(awk '$2 > m { m = $2 } END { print m }' "$W/rss")
growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')
# Where the memory is, at the warm sample and at the end (MB): the heap in
# use, SQLite's page caches in it (as each connection last counted them) and
# the rest, and what malloc keeps free.
split() { awk -v t="$1" '$1 == t { printf "heap in use %.1f MB (SQLite page caches %.1f MB, the rest %.1f MB), kept free by malloc %.1f MB", $3 / 1048576, $5 / 1048576, ($3 - $5) / 1048576, $4 / 1048576 }' "$W/rss"; }
t_warm=$(awk -v w="$warm" '$1 >= w { print $1; exit }' "$W/rss")
t_end=$(awk '{ v = $1 } END { print v }' "$W/rss")
# The database's size: what the page caches can grow with.
db_kb=$(du -sk "$W"/soak.db* | awk '{ s += $1 } END { print s }')

# The server ends as usual and its audit chain verifies.
kill -TERM "$spid"
status=0
wait "$spid" || status=$?
spid=""
verify=$($B/fugong audit verify --db "$W/soak.db" 2>&1 | tail -n 1) || { echo "soak: audit verify failed: $verify" >&2; exit 1; }

echo "memory by minute (MB): resident, heap in use, SQLite's page caches, the rest, kept free by malloc"
awk '{ m = int($1 / 60); if (!(m in seen)) { seen[m] = 1
       printf "  %4d s  %7.1f  %7.1f  %7.1f  %7.1f  %7.1f\n", $1, $2 / 1024, $3 / 1048576, $5 / 1048576, ($3 - $5) / 1048576, $4 / 1048576 } }' "$W/rss"
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
printf 'soak: %s s, %s connections\n' "$secs" "$conns"
printf '  requests           %s (%s reads, %s enterprise changes, %s report corrections), %.0f/s\n' \
  "$requests" "$(val reads)" "$(val changes)" "$(val reports)" "$(awk -v r="$requests" -v s="$secs" 'BEGIN { print r / s }')"
printf '  errors             %s (non-2xx %s, socket %s, timeouts %s)\n' "$errors" "$non2xx" "$sock" "$tmo"
printf '  latency            p50 %s ms, p99 %s ms, max %s ms\n' "$(val p50_ms)" "$(val p99_ms)" "$(val max_ms)"
printf '  RSS                %s after %s s, %s at the end (highest %s): growth %s %%\n' \
  "$(mb "$rss_warm")" "$warm" "$(mb "$rss_end")" "$(mb "$rss_max")" "$growth"
printf '  after %s s         %s\n' "$t_warm" "$(split "$t_warm")"
printf '  at the end         %s\n' "$(split "$t_end")"
printf '  database           %s at the end; server exit status %s; audit: %s\n' "$(mb "$db_kb")" "$status" "$verify"
fail=0
if [ "$errors" -gt 0 ]; then echo "soak: FAILED: $errors errors" >&2; fail=1; fi
if awk -v g="$growth" 'BEGIN { exit !(g >= 5) }'; then echo "soak: FAILED: resident memory grew $growth % after the first minute" >&2; fail=1; fi
if [ "$status" -ne 0 ]; then echo "soak: FAILED: the server exited with $status" >&2; fail=1; fi
[ "$fail" -eq 0 ] && echo "soak: passed"
exit "$fail"
