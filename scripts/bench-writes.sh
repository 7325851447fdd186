#!/usr/bin/env bash
# Write throughput on PostgreSQL (issue 17, "measured write throughput"):
# enterprises created over HTTP (POST /api/v1/enterprises, the national
# coordinator's bearer token) by concurrent writers (wrk, a Lua script making
# unique USCCs valid by their check character, round-robin over the counties
# of eight provinces, as national load would), against fugong servers on one
# throw-away PostgreSQL cluster (scripts/pg-cluster.sh) loaded by `fugong demo`:
#   A  one server, 8 writers
#   B  two servers on the same database, 8 writers (4 on each)
#   C  two servers, 16 writers (8 on each)
# Each phase lasts WRITES_SECONDS (20). Throughput is acknowledged writes a
# second: answers 201 counted by the Lua script, divided by the seconds; the
# rows that reached the database are counted afterwards and must cover them.
# During every phase pg_stat_activity is sampled every 100 ms: the mean number
# of the servers' sessions active and idle inside a transaction, the share of
# the active ones waiting, and on what (wait_event_type:wait_event).
# Baseline, in the same run on the same cluster and database: pgbench inserting
# the same rows plainly (one enterprise row and one audit row of the sizes the
# server writes, one transaction each, prepared) into copies of the two tables
# with the same indexes (CREATE TABLE ... LIKE ... INCLUDING ALL), with as
# many clients as the phase has writers, for the same seconds. The ratio is
# fugong's acknowledged writes/s over pgbench's transactions/s.
#
#   usage: scripts/bench-writes.sh      (make bench-writes)
# Environment: BUILD (a build directory with fugong; default: build, made here
# as `make build` makes it), WRITES_SECONDS (20), WRITES_SERVER_THREADS (8: worker
# threads, each with its own database connection, per server),
# WRITES_DEMO_ENTERPRISES (2000: the demo's size; 20000 is the full demo, which
# takes minutes to load into PostgreSQL on a small machine).
# Prints one table of the phases and one of the waits; writes nothing outside
# a temporary directory it removes.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${WRITES_SECONDS:-20}
sthreads=${WRITES_SERVER_THREADS:-8}
demo_n=${WRITES_DEMO_ENTERPRISES:-2000}
if [ -z "${BUILD:-}" ]; then
  BUILD=build # what `make build` makes: the binary that is deployed
  cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFG_TESTS=OFF >/dev/null
  cmake --build $BUILD -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
fi
B=$BUILD
for c in wrk psql pgbench curl node; do
  command -v $c >/dev/null || { echo "bench-writes: $c is missing (scripts/deps.sh bench installs it)" >&2; exit 1; }
done

W=$(mktemp -d /tmp/fugong-writes.XXXXXX)
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
url=$(fg_pg_createdb writes)
dbname=writes
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }

echo "== demo ($demo_n enterprises) into PostgreSQL $(psql -X -At "$url" -c 'SHOW server_version')"
s=$(date +%s)
$B/fugong demo --db "$url" --enterprises "$demo_n" >/dev/null
# What would otherwise run under the first phase: the servers' first sweep
# (the day's policy matching, the critical-link marks) and autovacuum's
# analysis of the freshly loaded tables.
$B/fugong orders settle --db "$url" >/dev/null 2>&1
sql -c "VACUUM ANALYZE"
echo "   loaded in $(($(date +%s) - s)) s"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# serve NAME: starts a server on the database; its port in $port.
serve() {
  port=$(free_port)
  $B/fugong serve --db "$url" --listen "127.0.0.1:$port" --threads "$sthreads" --per-address 0 \
    2>"$W/serve-$1.log" &
  pids+=($!)
  for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$W/serve-$1.log" >&2; exit 1; }
}
serve one
p1=$port
token=$(curl -sf -X POST "http://127.0.0.1:$p1/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"coordinator","password":"coordinator-2022"}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')

# Four counties in each of eight provinces (Guangdong, Jiangsu, Zhejiang,
# Shandong, Shanghai, Beijing, Hubei, Sichuan), interleaved so that
# consecutive writes go to different provinces.
provinces="44 32 33 37 31 11 42 51"
counties=$(sql -c "SELECT code FROM regions WHERE level = 3 AND code / 10000 IN (${provinces// /,}) ORDER BY code" |
  awk -v order="$provinces" 'BEGIN { n = split(order, p, " ") }
    { pr = int($1 / 10000); if (c[pr] < 4) { c[pr]++; v[pr, c[pr]] = $1 } }
    END { s = ""; for (i = 1; i <= 4; i++) for (j = 1; j <= n; j++) if ((p[j], i) in v) s = s (s ? "," : "") "\"" v[p[j], i] "\""; print s }')
[ -n "$counties" ] || { echo "bench-writes: no counties in the regions table" >&2; exit 1; }

# writer_lua TAG: a wrk script whose USCCs carry TAG (one letter per wrk run),
# the wrk thread and a counter, so that no two writes of a run collide.
writer_lua() {
  cat <<LUA
local counties = { $counties }
local headers = { ["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json" }
local tag = "$1"
local ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local threads, counter = {}, 0
function setup(thread) thread:set("tid", counter); counter = counter + 1; table.insert(threads, thread) end
function init(args) n = 0; ok = 0; bad = 0 end
-- GB 32100-2015: weights 3^i mod 31, check = 31 - sum mod 31
local function check(s)
  local w, sum = 1, 0
  for i = 1, 17 do
    sum = sum + (string.find(ALPHA, string.sub(s, i, i), 1, true) - 1) * w
    w = (w * 3) % 31
  end
  local c = 31 - sum % 31
  if c == 31 then c = 0 end
  return string.sub(ALPHA, c + 1, c + 1)
end
request = function()
  n = n + 1
  local county = counties[((n + tid) % #counties) + 1]
  local body17 = "91" .. county .. tag .. string.format("%02d%06d", tid, n)
  local uscc = body17 .. check(body17)
  return wrk.format("POST", "/api/v1/enterprises", headers,
    '{"uscc":"' .. uscc .. '","name":"写入压测企业' .. tag .. tid .. "-" .. n ..
    '","region":"' .. county .. '","industry":"34","headcount":100}')
end
response = function(status, headers, body)
  if status == 201 then ok = ok + 1 else
    bad = bad + 1
    if bad <= 3 then io.stderr:write("bench-writes: answer " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\\n") end
  end
end
done = function(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format("WRITES ok=%d bad=%d socket=%d p50_ms=%.2f p99_ms=%.2f\\n", o, b,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
}

# The sampler: one psql polling pg_stat_activity every 100 ms (\watch 0.1);
# each poll prints a marker row and one row per session of the database.
sampler_start() {
  printf '%s\n' "SELECT statement_timestamp(), 'sample', '', '' UNION ALL
    SELECT statement_timestamp(), state, coalesce(wait_event_type, ''), coalesce(wait_event, '')
    FROM pg_stat_activity WHERE datname = '$dbname' AND backend_type = 'client backend'
    AND pid <> pg_backend_pid()" '\watch 0.1' | psql -X -q -At "$url" >"$W/activity-$1" 2>/dev/null &
  sampler=$!
}
sampler_stop() { kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; }
# waits PHASE: "samples active idle_in_tx waiting_share top-waits" of the samples.
waits() {
  awk -F'|' '$2 == "sample" { n++; next }
    $2 == "active" { a++; if ($3 != "") { w++; k[$3 ":" $4]++ } }
    $2 == "idle in transaction" { t++ }
    END {
      if (!n) { print "0 0 0 0 -"; exit }
      s = ""
      for (i = 0; i < 4; i++) { best = ""; for (x in k) if (best == "" || k[x] > k[best]) best = x
        if (best == "") break; s = s (s ? ", " : "") sprintf("%s %.0f%%", best, 100 * k[best] / a); delete k[best] }
      printf "%d %.2f %.2f %.2f %s\n", n, a / n, t / n, a ? w / a : 0, (s ? s : "-")
    }' "$W/activity-$1"
}

# cpu_ticks PID...: the CPU time (user + system, clock ticks) the processes
# have used so far; cpu_pg: that of the cluster's backends (the postmaster's
# children).
cpu_ticks() {
  local p t=0 v
  for p in "$@"; do
    v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
cpu_pg() { cpu_ticks $(ps -o pid= --ppid "$(head -n 1 "$FG_PG_DIR/data/postmaster.pid")"); }

# phase NAME TAG1:PORT1:CONNS1 [TAG2:PORT2:CONNS2]: the writers, the sampler,
# then "acked/s p50 p99 errors" into $W/phase-NAME.
phase() {
  local name=$1
  shift
  local outs=() wpids=() spec tag port conns c0 g0
  c0=$(cpu_ticks "${pids[@]}"); g0=$(cpu_pg)
  sampler_start "$name"
  for spec in "$@"; do
    IFS=: read -r tag port conns <<<"$spec"
    writer_lua "$tag" >"$W/w-$tag.lua"
    wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$W/w-$tag.lua" "http://127.0.0.1:$port" \
      >"$W/wrk-$tag.out" 2>"$W/wrk-$tag.err" &
    wpids+=($!)
    outs+=("$tag")
  done
  wait "${wpids[@]}" || true
  sampler_stop
  local cf cg
  cf=$(($(cpu_ticks "${pids[@]}") - c0)); cg=$(($(cpu_pg) - g0))
  local ok=0 bad=0 sock=0 p50=0 p99=0 line v
  for tag in "${outs[@]}"; do
    cat "$W/wrk-$tag.err" >&2
    line=$(grep '^WRITES ' "$W/wrk-$tag.out") || { echo "bench-writes: wrk gave no summary" >&2; cat "$W/wrk-$tag.out" >&2; exit 1; }
    val() { printf '%s\n' "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
    ok=$((ok + $(val ok))); bad=$((bad + $(val bad))); sock=$((sock + $(val socket)))
    # the slower of the runs' percentiles (each run's writers are half the phase's)
    v=$(val p50_ms); p50=$(awk -v a="$p50" -v b="$v" 'BEGIN { print (b > a ? b : a) }')
    v=$(val p99_ms); p99=$(awk -v a="$p99" -v b="$v" 'BEGIN { print (b > a ? b : a) }')
  done
  local rows
  rows=$(sql -c "SELECT count(*) FROM enterprises WHERE substr(uscc, 9, 1) IN ($(printf "'%s'," "${outs[@]}" | sed 's/,$//'))
    AND name LIKE '写入压测企业%'")
  # Every acknowledged write is in the database; at most one write per
  # connection in flight when wrk stopped may be there unacknowledged.
  if [ "$rows" -lt "$ok" ]; then
    echo "bench-writes: $ok writes acknowledged but only $rows in the database" >&2
    exit 1
  fi
  # CPU milliseconds per acknowledged write, the servers' and PostgreSQL's
  local hz
  hz=$(getconf CLK_TCK)
  echo "$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') $p50 $p99 $((bad + sock)) $ok $rows" \
    "$(awk -v c="$cf" -v g="$cg" -v n="$ok" -v hz="$hz" 'BEGIN { printf "%.2f %.2f", c * 1000 / hz / n, g * 1000 / hz / n }')" >"$W/phase-$name"
}

# The baseline's tables: copies of the two with the same indexes.
sql -c "CREATE TABLE bench_enterprises (LIKE enterprises INCLUDING ALL)" \
  -c "CREATE TABLE bench_audit (LIKE audit_log INCLUDING ALL)" \
  -c "CREATE SEQUENCE bench_seq"
# The sizes the server writes for a creation, read from the log after phase A.
baseline() { # NAME CLIENTS DETAIL_LEN ROWS_LEN
  cat >"$W/insert.sql" <<SQL
\set county random(0, 3)
BEGIN;
INSERT INTO bench_enterprises (uscc, id, name, region, industry, headcount, capacity, categories,
  service_kind, critical, plan_levels, version, created_at, updated_at)
VALUES ('91330106B' || lpad(nextval('bench_seq')::text, 9, '0'), gen_random_uuid()::text,
  '写入压测企业基线', 330106 + :county, '34', 100, 0, 0, '', 0, 0, 1, 0, 0);
INSERT INTO bench_audit (seq, id, at, actor, action, entity, entity_id, region, detail, hash,
  rows_hash, rows, chain, chain_seq, v)
VALUES (nextval('bench_seq'), gen_random_uuid()::text, 0, 'coordinator', 'enterprise.create',
  'enterprise', '91330106B000000000', 330106, repeat('x', $3), repeat('0', 64), repeat('0', 64),
  repeat('r', $4), 330000, nextval('bench_seq'), 2);
END;
SQL
  pgbench -n -M prepared -c "$2" -j 2 -T "$secs" -f "$W/insert.sql" "$url" 2>"$W/pgbench-$1.err" |
    awk '/^tps = / { printf "%.0f\n", $3 }' >"$W/base-$1"
  [ -s "$W/base-$1" ] || { cat "$W/pgbench-$1.err" >&2; exit 1; }
}

echo "== A: one server, 8 writers, ${secs} s"
phase A "A:$p1:8"
read -r dlen rlen < <(sql -F' ' -c "SELECT coalesce(avg(length(detail)), 0)::int, coalesce(avg(length(rows)), 0)::int
  FROM audit_log WHERE action = 'enterprise.create'")
echo "== baseline: pgbench, 8 clients, ${secs} s (rows of ${dlen} + ${rlen} characters of audit detail and rows)"
baseline 8 8 "$dlen" "$rlen"
serve two
p2=$port
echo "== B: two servers, 8 writers (4 + 4), ${secs} s"
phase B "B:$p1:4" "C:$p2:4"
echo "== C: two servers, 16 writers (8 + 8), ${secs} s"
phase C "D:$p1:8" "E:$p2:8"
echo "== baseline: pgbench, 16 clients, ${secs} s"
baseline 16 16 "$dlen" "$rlen"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
echo "== audit verify"
verify=$($B/fugong audit verify --db "$url" 2>&1 | tail -n 1) || { echo "bench-writes: audit verify failed: $verify" >&2; exit 1; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
echo
echo "write throughput on PostgreSQL $(psql -X -At "$url" -c 'SHOW server_version'), commit $commit, $(nproc) cores," \
  "$sthreads server threads each, ${secs} s a phase, demo of $demo_n enterprises"
printf '%-24s %7s %8s %9s %6s %7s %7s %6s %11s\n' "phase" "writers" "acked/s" "pgbench/s" "ratio" \
  "p50 ms" "p99 ms" "errors" "CPU ms/w"
show() { # LABEL WRITERS PHASE BASE
  local r b p50 p99 err cf cg
  read -r r p50 p99 err _ _ cf cg <"$W/phase-$3"
  b=$(cat "$W/base-$4")
  printf '%-24s %7s %8s %9s %6.2f %7s %7s %6s %11s\n' "$1" "$2" "$r" "$b" \
    "$(awk -v a="$r" -v b="$b" 'BEGIN { print a / b }')" "$p50" "$p99" "$err" "$cf+$cg"
}
show "A one server" 8 A 8
show "B two servers (4 + 4)" 8 B 8
show "C two servers (8 + 8)" 16 C 16
echo
echo "database sessions of the servers, pg_stat_activity every 100 ms:"
printf '%-26s %7s %7s %7s %8s  %s\n' "phase" "samples" "active" "idle-tx" "waiting" "waits (share of active)"
for ph in A B C; do
  read -r n a t w top < <(waits "$ph")
  label=$(case $ph in A) echo "A one server, 8 writers" ;; B) echo "B two servers, 8 writers" ;; C) echo "C two servers, 16 writers" ;; esac)
  printf '%-26s %7s %7s %7s %7.0f%%  %s\n' "$label" "$n" "$a" "$t" "$(awk -v w="$w" 'BEGIN { print w * 100 }')" "$top"
done
echo
echo "acked/s: answers 201 over the phase's seconds (every one found in the database afterwards);"
echo "pgbench/s: plain INSERTs of the same enterprise and audit rows, one transaction each, as many clients;"
echo "CPU ms/w: CPU time per acknowledged write of the fugong servers + of PostgreSQL's backends;"
echo "active/idle-tx: mean sessions per sample; waiting: share of active sessions with a wait event."
echo "audit: $verify"
