#!/usr/bin/env bash
# make bench: each figure beside a baseline measured in the same run, as a
# ratio (the machines are shared and noisy; absolute numbers mean little).
#   1. enterprise lookup GET /api/v1/enterprises/{uscc} (wrk, 64 connections)
#      vs nginx serving a static file of the same size         target >= 0.6
#   2. CSV import of 100,000 rows vs a plain C program inserting the same rows
#      into the same SQLite table in batched prepared transactions target >= 0.5
#   3. guidance decisions per second in-process over all demo enterprises vs
#      point lookups of the same enterprises in SQLite (information only)
#   4. 100,000 stop/limit orders driven through their full routes in-process
#      against the store (read, core check, versioned write, timeline,
#      evaluation, audit; one transaction per transition) vs plain inserts of
#      the same rows and audit entries into the same database (information only)
#   5. vehicle passes: offline verification (string in, verdict out) per
#      second on one core vs bare Ed25519 verifications of a message of the
#      same length, interleaved in the same run                    target >= 0.85
#      and issuance (serial, signature, store, audit) per second
# 1 and 2 run on SQLite and on PostgreSQL (a throw-away cluster) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc 2>/dev/null || echo 2)
B=build-bench
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DFG_TESTS=OFF -DFG_BENCH=ON >/dev/null
cmake --build $B -j "$jobs" >/dev/null

W=$(mktemp -d /tmp/fugong-bench.XXXXXX)
chmod 755 "$W"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$W"
}
source scripts/pg-cluster.sh
trap 'cleanup; fg_pg_stop' EXIT
fg_pg_start >/dev/null

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
best() { sort -g | head -n 1; }      # smallest time of several runs
most() { sort -g | tail -n 1; }      # largest rate of several runs
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rows=()
row() { rows+=("$(printf '%-36s %14s %16s %7s %8s' "$@")"); }

echo "== demo database (20,000 enterprises)"
$B/fugong demo --db "$W/demo.db" >/dev/null

echo "== 3. guidance decisions"
g_dec=() ; g_look=()
for i in 1 2 3; do
  read -r nd td nl tl _ _ < <($B/bench_guidance "$W/demo.db")
  g_dec+=("$(awk -v n="$nd" -v t="$td" 'BEGIN { printf "%.0f", n / t }')")
  g_look+=("$(awk -v n="$nl" -v t="$tl" 'BEGIN { printf "%.0f", n / t }')")
done
dec=$(printf '%s\n' "${g_dec[@]}" | most); look=$(printf '%s\n' "${g_look[@]}" | most)

echo "== 4. orders through their routes (100,000 orders)"
cp "$W/demo.db" "$W/orders.db"
read -r o_n o_t o_bn o_bt < <($B/bench_orders "$W/orders.db" 100000)
o_rate=$(awk -v n="$o_n" -v t="$o_t" 'BEGIN { printf "%.0f", n / t }')
o_base=$(awk -v n="$o_bn" -v t="$o_bt" 'BEGIN { printf "%.0f", n / t }')
$B/fugong audit verify --db "$W/orders.db" >/dev/null
rm -f "$W"/orders.db*

echo "== 5. vehicle passes (offline verification, issuance)"
p_v=(); p_i=()
for i in 1 2 3; do
  cp "$W/demo.db" "$W/passes.db"
  read -r v_n v_t b_n b_t i_n i_t q_len < <($B/bench_passes "$W/passes.db" 30000)
  p_v+=("$(awk -v a="$v_n" -v b="$v_t" -v c="$b_n" -v d="$b_t" 'BEGIN { printf "%.0f %.0f %.4f", a / b, c / d, (a / b) / (c / d) }')")
  p_i+=("$(awk -v n="$i_n" -v t="$i_t" 'BEGIN { printf "%.0f", n / t }')")
  rm -f "$W"/passes.db*
done
read -r pv_rate pv_base pv_ratio < <(printf '%s\n' "${p_v[@]}" | sort -k3 -g | tail -n 1)
pi_rate=$(printf '%s\n' "${p_i[@]}" | most)

echo "== 2. CSV import (100,000 rows)"
node bench/gen-enterprises.mjs 100000 "$W/enterprises.csv"
imp_t=(); base_t=()
for i in 1 2 3; do
  rm -f "$W"/imp.db* "$W"/base.db*
  $B/fugong import regions --db "$W/imp.db" >/dev/null
  s=$(date +%s.%N)
  $B/fugong import enterprises "$W/enterprises.csv" --db "$W/imp.db" >/dev/null
  e=$(date +%s.%N)
  imp_t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')")
  s=$(date +%s.%N)
  $B/sqlite_baseline "$W/enterprises.csv" "$W/base.db" >/dev/null
  e=$(date +%s.%N)
  base_t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')")
done
$B/fugong audit verify --db "$W/imp.db" >/dev/null
pg_t=()
for i in 1 2 3; do
  url=$(fg_pg_createdb "imp$i")
  $B/fugong import regions --db "$url" >/dev/null
  s=$(date +%s.%N)
  $B/fugong import enterprises "$W/enterprises.csv" --db "$url" >/dev/null
  e=$(date +%s.%N)
  pg_t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')")
done
$B/fugong audit verify --db "$url" >/dev/null
it=$(printf '%s\n' "${imp_t[@]}" | best); bt=$(printf '%s\n' "${base_t[@]}" | best)
pt=$(printf '%s\n' "${pg_t[@]}" | best)
pg_rate=$(awk -v t="$pt" 'BEGIN { printf "%.0f", 100000 / t }')
imp_rate=$(awk -v t="$it" 'BEGIN { printf "%.0f", 100000 / t }')
base_rate=$(awk -v t="$bt" 'BEGIN { printf "%.0f", 100000 / t }')

echo "== 1. enterprise lookup (wrk, 64 connections, 2 threads, 10 s each)"
port=$(free_port)
$B/fugong serve --db "$W/demo.db" --listen "127.0.0.1:$port" --threads "$jobs" 2>"$W/serve.log" &
pids+=($!)
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"coordinator","password":"coordinator-2022"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
usccs=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/enterprises?limit=500" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.map(e=>JSON.stringify(e.uscc)).join(",")))')
sample=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/enterprises/91330106MA27XK000B")
mkdir -p "$W/www"
printf '%s' "$sample" > "$W/www/enterprise.json"
size=$(stat -c %s "$W/www/enterprise.json")
cat > "$W/lookup.lua" <<LUA
local usccs = { $usccs }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/enterprises/" .. usccs[(n % #usccs) + 1],
                    { ["Authorization"] = "Bearer $token" })
end
LUA
# The baseline's requests are made the same way (a Lua request() building each
# request with the same header), so that wrk spends the same per request on both.
cat > "$W/static.lua" <<LUA
local usccs = { $usccs }
local n = 0
request = function()
  n = n + 1
  local _ = usccs[(n % #usccs) + 1]
  return wrk.format("GET", "/enterprise.json", { ["Authorization"] = "Bearer $token" })
end
LUA
nport=$(free_port)
mkdir -p "$W/nginx"
cat > "$W/nginx/nginx.conf" <<NGINX
worker_processes $jobs;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $W/nginx;
  proxy_temp_path $W/nginx;
  fastcgi_temp_path $W/nginx;
  uwsgi_temp_path $W/nginx;
  scgi_temp_path $W/nginx;
  keepalive_requests 1000000;
  types { application/json json; }
  server {
    listen 127.0.0.1:$nport;
    root $W/www;
  }
}
NGINX
/usr/sbin/nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" 2>"$W/nginx/stderr" &
pids+=($!)
for i in $(seq 50); do curl -sf "http://127.0.0.1:$nport/enterprise.json" >/dev/null && break; sleep 0.1; done
trace=$(curl -sv -o /dev/null -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/enterprises/91330106MA27XK000B" \
  "http://127.0.0.1:$port/api/v1/enterprises/91330106MA27XK001E" 2>&1)
if grep -q 'Re-using existing connection' <<<"$trace"; then
  echo "keep-alive: the server kept the connection open between requests"
else
  echo "keep-alive: the connection was closed between requests" >&2
  exit 1
fi
echo "   (the same demo in PostgreSQL for the lookup on that engine)"
pgdemo=$(fg_pg_createdb demo)
$B/fugong demo --db "$pgdemo" >/dev/null
pport=$(free_port)
$B/fugong serve --db "$pgdemo" --listen "127.0.0.1:$pport" --threads "$jobs" 2>"$W/serve-pg.log" &
pids+=($!)
for i in $(seq 50); do curl -sf "http://127.0.0.1:$pport/healthz" >/dev/null && break; sleep 0.1; done
ptoken=$(curl -sf -X POST "http://127.0.0.1:$pport/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"coordinator","password":"coordinator-2022"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
sed "s/$token/$ptoken/" "$W/lookup.lua" > "$W/lookup-pg.lua"
rps() { awk '/^Requests\/sec:/ { print $2 }'; }
f_r=(); n_r=(); p_r=()
for i in 1 2; do
  n_r+=("$(wrk -t2 -c64 -d10s -s "$W/static.lua" "http://127.0.0.1:$nport" | rps)")
  out=$(wrk -t2 -c64 -d10s -s "$W/lookup.lua" "http://127.0.0.1:$port")
  f_r+=("$(printf '%s\n' "$out" | rps)")
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "lookup benchmark got errors:"; printf '%s\n' "$out"; exit 1; fi
  out=$(wrk -t2 -c64 -d10s -s "$W/lookup-pg.lua" "http://127.0.0.1:$pport")
  p_r+=("$(printf '%s\n' "$out" | rps)")
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "lookup benchmark (PostgreSQL) got errors:"; printf '%s\n' "$out"; exit 1; fi
done
fr=$(printf '%s\n' "${f_r[@]}" | most); nr=$(printf '%s\n' "${n_r[@]}" | most)
pr=$(printf '%s\n' "${p_r[@]}" | most)

echo
printf '%-36s %14s %16s %7s %8s\n' "benchmark" "fugong" "baseline" "ratio" "target"
row "enterprise lookup, req/s (SQLite)" "$fr" "$nr (nginx)" "$(ratio "$fr" "$nr")" ">= 0.60"
row "enterprise lookup, req/s (PG)" "$pr" "$nr (nginx)" "$(ratio "$pr" "$nr")" "-"
row "CSV import, rows/s (SQLite)" "$imp_rate" "$base_rate (C)" "$(ratio "$imp_rate" "$base_rate")" ">= 0.50"
row "CSV import, rows/s (PG)" "$pg_rate" "$base_rate (C)" "$(ratio "$pg_rate" "$base_rate")" "-"
row "guidance decisions/s" "$dec" "$look (SQL)" "$(ratio "$dec" "$look")" "-"
row "order transitions/s (SQLite)" "$o_rate" "$o_base (inserts)" "$(ratio "$o_rate" "$o_base")" "-"
row "pass offline verifications/s" "$pv_rate" "$pv_base (Ed25519)" "$(ratio "$pv_rate" "$pv_base")" ">= 0.85"
row "pass issuance/s (SQLite)" "$pi_rate" "-" "-" "-"
printf '%s\n' "${rows[@]}"
echo
echo "PostgreSQL beside SQLite: lookup $(ratio "$pr" "$fr"), import $(ratio "$pg_rate" "$imp_rate")"
echo "a pass with two crew and a three-county route is ${q_len} characters (QR version: see test_pass)"
echo "answer size ${size} bytes; ${jobs} server threads, ${jobs} nginx workers; best of 2-3 runs each"
