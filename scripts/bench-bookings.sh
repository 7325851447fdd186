#!/usr/bin/env bash
# Section 9 of scripts/bench.sh (transfer stations, issue 14): transfer-station
# bookings per second over HTTP under 64 concurrent clients (wrk, 2 threads),
# against the enterprise lookup on the same server in the same run, rounds
# alternating; then where a booking's time goes (perf, on the server during
# one more booking round). Each booking is a checked, audited write: the pass
# read and checked (issued, valid, route), the origin's risk level resolved,
# the slot's counter taken by a guarded UPDATE, the booking inserted with its
# audit entry, one transaction.
#   usage: scripts/bench-bookings.sh BUILD_DIR WORK_DIR DEMO_DB [ROUNDS]
# Prints, per round, "bookings/s lookups/s", then the perf summary; writes
# nothing outside WORK_DIR. Run alone, it is the section's figures by itself.
set -euo pipefail
B=$1 W=$2 demo=$3 rounds=${4:-3}
jobs=$(nproc 2>/dev/null || echo 2)
# Passes a round: each is booked once, and a thread that runs out books its
# last one again (a refusal, which fails the figure). 20,000 ran out at
# 3,900 bookings/s (one thread took more than its half); 40,000 is what one
# station's 240 places an hour hold within the 7-day booking horizon.
per_round=${BOOKING_PASSES:-40000}
db="$W/bookings.db"
cp "$demo" "$db"
rm -rf "$W/bkeys"
$B/fugong keys init --keys "$W/bkeys" --province 330000 >/dev/null
# One station and its own passes per round (and one for the perf round).
$B/bench_bookings "$db" "$W/bkeys" "$per_round" $((rounds + 1)) > "$W/bookings.rounds"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
$B/fugong serve --db "$db" --listen "127.0.0.1:$port" --threads "$jobs" --keys "$W/bkeys" 2>"$W/serve-bookings.log" &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
login() {
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$1-2022\"}" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))'
}
otoken=$(login operator.demo)
ctoken=$(login coordinator)
usccs=$(curl -sf -H "Authorization: Bearer $ctoken" "http://127.0.0.1:$port/api/v1/enterprises?limit=500" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.map(e=>JSON.stringify(e.uscc)).join(",")))')
cat > "$W/lookup-b.lua" <<LUA
local usccs = { $usccs }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/enterprises/" .. usccs[(n % #usccs) + 1],
                    { ["Authorization"] = "Bearer $ctoken" })
end
LUA
# The first slot: the next hour (no cut-off at the bench's stations); 120
# places an hour for each mode; thread 0 books trailer swaps, thread 1
# on-site transfers, each pass once.
start=$(( ($(date +%s) / 3600 + 1) * 3600 ))
booking_lua() { # STATION FIRST_NUMBER COUNT
  local first=$2
  cat <<LUA
local station, prefix, serial0, count, start = "$1", "${first:0:6}", ${first:6} - 0, $3, $start
local counter = 0
local threads = {}
function setup(thread) thread:set("tid", counter); counter = counter + 1; table.insert(threads, thread) end
function init(args) n = 0; refused = "" ; nrefused = 0 end
-- the first few refusals, said at the end (a refused booking fails the figure)
function response(status, headers, body)
  if status >= 300 then
    nrefused = nrefused + 1
    if nrefused <= 5 then refused = refused .. status .. " " .. string.sub(body, 1, 200) .. "\n" end
  end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local r = t:get("refused")
    if r and r ~= "" then io.write("refused (thread " .. t:get("tid") .. ", " .. t:get("nrefused") .. " in all):\n" .. r) end
  end
end
request = function()
  local k = n * 2 + tid
  n = n + 1
  if k >= count then k = count - 1 end -- out of passes: the double booking shows as an error
  local mode = (tid % 2 == 0) and "trailer_swap" or "on_site_transfer"
  local slot = start + math.floor(k / 240) * 3600
  local body = '{"pass":"' .. prefix .. string.format("%06d", serial0 + k) .. '","mode":"' .. mode ..
    '","starts_at":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", slot) .. '"}'
  return wrk.format("POST", "/api/v1/stations/" .. station .. "/bookings",
                    { ["Authorization"] = "Bearer $otoken", ["Content-Type"] = "application/json" }, body)
end
LUA
}
rps() { awk '/^Requests\/sec:/ { print $2 }'; }
i=0
while read -r sid first count; do
  i=$((i + 1))
  booking_lua "$sid" "$first" "$count" > "$W/book-$i.lua"
  if [ "$i" -gt "$rounds" ]; then break; fi
  out=$(wrk -t2 -c64 -d5s -s "$W/book-$i.lua" "http://127.0.0.1:$port")
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "booking benchmark got errors:" >&2; printf '%s\n' "$out" >&2; exit 1; fi
  b=$(printf '%s\n' "$out" | rps)
  out=$(wrk -t2 -c64 -d5s -s "$W/lookup-b.lua" "http://127.0.0.1:$port")
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "lookup benchmark got errors:" >&2; exit 1; fi
  l=$(printf '%s\n' "$out" | rps)
  echo "$b $l"
done < "$W/bookings.rounds"
# Where the time goes: the server's CPU samples during one more booking round.
if command -v perf >/dev/null && perf record -q -o "$W/perf.data" -F 499 -g -p "$spid" -- sleep 0.1 2>/dev/null; then
  perf record -q -o "$W/perf.data" -F 499 -g -p "$spid" -- sleep 5 2>/dev/null &
  ppid=$!
  wrk -t2 -c64 -d5s -s "$W/book-$i.lua" "http://127.0.0.1:$port" >/dev/null
  wait $ppid || true
  echo "perf: the server's samples during a booking round, by shared object, then the top symbols (self):"
  perf report -i "$W/perf.data" --stdio --no-children --sort dso 2>/dev/null | grep -E '^ +[0-9]' | head -8 || true # head stops reading early: not a failure
  perf report -i "$W/perf.data" --stdio --no-children --sort symbol -g none 2>/dev/null | grep -E '^ +[0-9]' | head -15 || true
else
  echo "perf: not available here (no permission to sample the server)"
fi
$B/fugong audit verify --db "$db" >/dev/null
