#!/usr/bin/env bash
# make scale (issue 17): the same workload at 1x, 4x and 16x of a base data set
# made by `fugong gen`, one table of p50/p99 latencies, each figure's growth
# against 1x, and the database's size per 1,000 enterprises.
#
# Per scale: gen --scale BASE x M (seed 2022) into a fresh database, accounts
# added with `fugong user add`, one server (`fugong serve`, 2 threads), then
# bench/scale.mjs times, one request at a time over HTTP (keep-alive):
# (the server's CPU time per request beside each: the machine's other load
# lengthens the latencies but not that)
#   enterprise lookup       GET /enterprises/{uscc}, 400 random enterprises
#   list with filters       GET /enterprises?region=CITY&category=key_industrial&limit=50,
#                           the cities of 100 random enterprises
#   guidance                GET /enterprises/{uscc}/guidance, the same 400
#   order proposal + impact POST /orders (Zhejiang's joint mechanism, a stop) for
#                           30 suppliers in Zhejiang counties designated high
#                           risk first: each loads and analyses the supply chain
#   monitoring trend        GET /monitoring/trend?region=000000&by=region (30 days
#                           by province), 30 times
#   chain analysis          GET /chain/block-points?region=000000 (the full
#                           analysis of the national chain), 8 times
#   pass check              POST /checks {number}, an online check of 400 issued
#                           passes (verified and logged)
#   report ingest           POST /enterprises/{uscc}/reports for today, 256
#                           enterprises (new reports, each with its aggregates)
# A few warm-up requests of each kind are not counted.
#
# Environment:
#   SCALE_BASE      the base as gen's --scale (default 0.05: 5,000 enterprises,
#                   20,000 edges, 1,000 passes; SCALE_BASE=1 is the issue's
#                   100,000-enterprise base, whose 16x takes hours to generate)
#   SCALE_DAYS      days of reports at 1x and 4x (default 30)
#   SCALE_DAYS_16X  days of reports at 16x (default SCALE_DAYS; fewer for a large base)
#   SCALE_FACTORS   the multiples (default "1 4 16")
#   SCALE_ENGINE    sqlite (default) or pg (a throw-away PostgreSQL cluster:
#                   scripts/pg-cluster.sh; gen is about ten times slower there)
#   BUILD           a build directory with fugong (default: build, made here as
#                   `make build` makes it)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${SCALE_BASE:-0.05}
days=${SCALE_DAYS:-30}
days16=${SCALE_DAYS_16X:-$days}
factors=${SCALE_FACTORS:-1 4 16}
engine=${SCALE_ENGINE:-sqlite}
if [ -z "${BUILD:-}" ]; then
  BUILD=build
  cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFG_TESTS=OFF >/dev/null
  cmake --build $BUILD -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
fi
B=$BUILD
case "$engine" in
  sqlite) command -v sqlite3 >/dev/null || { echo "scale: sqlite3 is missing (scripts/deps.sh installs it)" >&2; exit 1; } ;;
  pg) command -v psql >/dev/null || { echo "scale: psql is missing (scripts/deps.sh bench installs it)" >&2; exit 1; } ;;
  *) echo "scale: SCALE_ENGINE is sqlite or pg, not $engine" >&2; exit 2 ;;
esac

W=$(mktemp -d /tmp/fugong-scale.XXXXXX)
chmod 755 "$W"
spid=""
cleanup() {
  [ -n "$spid" ] && kill "$spid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$W"
}
if [ "$engine" = pg ]; then
  source scripts/pg-cluster.sh
  trap 'cleanup; fg_pg_stop' EXIT
  fg_pg_start >/dev/null
else
  trap cleanup EXIT
fi

# The issuer keys of the provinces whose passes gen issues (and the root).
$B/fugong keys init --keys "$W/keys" --province 330000 --province 320000 --province 440000 \
  --province 310000 --province 370000 >/dev/null
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
today=$(TZ=${FUGONG_TZ:-Asia/Shanghai} date +%F)
runs=()

for m in $factors; do
  scale=$(awk -v b="$base" -v m="$m" 'BEGIN { printf "%g", b * m }')
  d=$days
  [ "$m" = 16 ] && d=$days16
  if [ "$engine" = pg ]; then
    db=$(fg_pg_createdb "scale$m")
    q() { psql -X -q -At -F'|' "$db" -c "$1"; }
  else
    db="$W/scale$m.db"
    q() { sqlite3 -separator '|' "$db" "$1"; }
  fi
  echo "== ${m}x: fugong gen --scale $scale --days $d ($engine)"
  s=$(date +%s.%N)
  $B/fugong gen --db "$db" --scale "$scale" --days "$d" --keys "$W/keys" >"$W/gen$m.out" 2>"$W/gen$m.err" ||
    { cat "$W/gen$m.err" "$W/gen$m.out" >&2; exit 1; }
  gen_s=$(awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  if [ "$engine" = pg ]; then
    bytes=$(q "SELECT pg_database_size(current_database())")
  else
    bytes=$(du -cb "$db"* | awk 'END { print $1 }')
  fi
  read -r n_ent n_edges n_pass n_rep < <(q "SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM supply_edges),
    (SELECT count(*) FROM passes WHERE state = 'issued'), (SELECT count(*) FROM daily_reports)" | tr '|' ' ')
  echo "   $n_ent enterprises, $n_edges edges, $n_pass passes, $n_rep reports in $gen_s s; $((bytes / 1048576)) MB"

  # Accounts: the nation's coordinator, Zhejiang's health authority and joint
  # mechanism, a checkpoint officer, and enterprise accounts for the reports.
  user() { $B/fugong user add "$1" --password "$1-scale-2022" --db "$db" "${@:2}" >/dev/null; }
  user coordinator --role national_coordinator --region 000000
  user health.zj --role health_authority --region 330000
  user joint.zj --role joint_mechanism --region 330000
  user checkpoint --role checkpoint_officer --region 330000
  mapfile -t rep < <(q "SELECT uscc FROM enterprises ORDER BY random() LIMIT 256")
  for a in $(seq 0 7); do
    args=()
    for u in "${rep[@]:$((a * 32)):32}"; do args+=(--enterprise "$u"); done
    user "ent$a" --role enterprise "${args[@]}"
  done
  # Suppliers in Zhejiang for the orders; their counties are designated high.
  mapfile -t ord < <(q "SELECT e.uscc || '|' || e.region FROM enterprises e WHERE e.region BETWEEN 330000 AND 339999
    AND EXISTS (SELECT 1 FROM supply_edges s WHERE s.supplier = e.uscc) ORDER BY random() LIMIT 32")
  [ "${#ord[@]}" -ge 8 ] || { echo "scale: too few suppliers in Zhejiang (${#ord[@]}) for the orders" >&2; exit 1; }
  node -e '
    const [lookups, cities, passes, rep, ord] = [1, 2, 3, 4, 5].map((i) => process.argv[i].split("\n").filter(Boolean));
    const accounts = { coordinator: 0, "health.zj": 0, "joint.zj": 0, checkpoint: 0 };
    for (let a = 0; a < 8; a++) accounts[`ent${a}`] = 0;
    for (const u of Object.keys(accounts)) accounts[u] = `${u}-scale-2022`;
    const meta = JSON.parse(process.argv[6]);
    console.log(JSON.stringify({
      meta, accounts, coordinator: "coordinator", joint: "joint.zj", checkpoint: "checkpoint",
      lookups, cities, passes,
      reports: rep.map((u, i) => [`ent${Math.floor(i / 32)}`, u]),
      orders: ord.map((l) => l.split("|")[0]),
      counties: [...new Set(ord.map((l) => l.split("|")[1]))],
      day: process.argv[7], trendN: 30, chainN: 8,
    }));' \
    "$(q "SELECT uscc FROM enterprises ORDER BY random() LIMIT 420")" \
    "$(q "SELECT region / 100 * 100 FROM enterprises ORDER BY random() LIMIT 105")" \
    "$(q "SELECT number FROM passes WHERE state = 'issued' ORDER BY random() LIMIT 410")" \
    "$(printf '%s\n' "${rep[@]}")" "$(printf '%s\n' "${ord[@]}")" \
    "{\"label\":\"${m}x\",\"scale\":$scale,\"enterprises\":$n_ent,\"edges\":$n_edges,\"passes\":$n_pass,\"reports\":$n_rep,\"days\":$d,\"db_mb\":$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }'),\"gen_s\":$gen_s,\"engine\":\"$engine\"}" \
    "$today" >"$W/samples$m.json"

  # The sweeps a server runs first (the day's policy matching of every
  # enterprise, the critical-link marks from the whole chain) once, now, so
  # that they do not run under the timing; the server's own sweeps during the
  # timing are listed after it.
  $B/fugong orders settle --db "$db" >/dev/null 2>"$W/settle$m.err" || { cat "$W/settle$m.err" >&2; exit 1; }
  port=$(free_port)
  $B/fugong serve --db "$db" --listen "127.0.0.1:$port" --threads 2 --keys "$W/keys" 2>"$W/serve$m.log" &
  spid=$!
  for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  # The order counties high risk (set by Zhejiang's health authority).
  node -e '
    const base = process.argv[1], s = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    (async () => {
      const r = await fetch(base + "/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "health.zj", password: s.accounts["health.zj"] }) });
      const { token } = await r.json();
      for (const c of s.counties) {
        const d = await fetch(`${base}/api/v1/regions/${c}/risk`, { method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body: JSON.stringify({ level: "high", reason: "聚集性疫情 cluster of cases (scale run)" }) });
        if (!d.ok) throw new Error(`designation of ${c}: ${d.status} ${await d.text()}`);
      }
    })().catch((e) => { console.error(e.message); process.exit(1); });' "http://127.0.0.1:$port" "$W/samples$m.json"
  echo "   timing (one request at a time)"
  node bench/scale.mjs measure "http://127.0.0.1:$port" "$W/samples$m.json" "$W/run$m.json" "$spid" ||
    { tail -20 "$W/serve$m.log" >&2; exit 1; }
  grep 'event=sweep' "$W/serve$m.log" | sed 's/^.*event=sweep /   a sweep during the timing: /' || true
  kill -TERM "$spid"
  wait "$spid" || { echo "scale: the server exited with an error" >&2; tail -20 "$W/serve$m.log" >&2; exit 1; }
  spid=""
  runs+=("$W/run$m.json")
  [ "$engine" = sqlite ] && rm -f "$db"*
done

echo
echo "make scale: $engine, base gen --scale $base (seed 2022), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores"
node bench/scale.mjs table "${runs[@]}"
