#!/usr/bin/env bash
# A highly available Fugong on one machine over loopback (make cluster): a
# three-member etcd, three PostgreSQL 15 instances managed by Patroni with
# synchronous replication, HAProxy sending connections to whichever member
# Patroni's REST API calls the primary, and two fugong servers behind it.
#
#   scripts/cluster.sh start    start what is not running (idempotent; a member
#                               that was killed is started again and rejoins)
#   scripts/cluster.sh status   the processes, Patroni's view, the servers' health
#   scripts/cluster.sh stop     stop everything and remove the state directory
#   scripts/cluster.sh env      the addresses and URLs, as shell assignments
#
# Everything lives under CLUSTER_DIR (default var/cluster, or /var/tmp/fugong-
# cluster-* when the user postgres cannot enter the checkout): configuration,
# data, logs (log/), pid files (run/) and cluster.env. Ports are a block of 17
# from CLUSTER_PORT_BASE (default: the first free block from 27100), kept in
# cluster.env so that a later start reuses them:
#   base+0..2 etcd clients, +3..5 etcd peers, +6..8 PostgreSQL, +9..11 Patroni
#   REST, +12 HAProxy primary (read-write), +13 HAProxy replicas (read-only),
#   +14 HAProxy statistics, +15..16 fugong servers.
# Run as root, the database side (etcd, Patroni, PostgreSQL, HAProxy) runs as
# the user postgres: PostgreSQL refuses root. The fugong servers use FUGONG_BIN
# (default build/fugong; `make cluster` builds it) and load the demo once
# (CLUSTER_DEMO_ENTERPRISES, default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${CLUSTER_DIR:-$ROOT/var/cluster}
# As root the database side runs as postgres, which must reach the directory:
# a checkout it cannot enter (under /root) keeps its cluster in /var/tmp.
if [ -z "${CLUSTER_DIR:-}" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
  ! runuser -u postgres -- test -x "$ROOT"; then
  DIR=/var/tmp/fugong-cluster-$(printf %s "$ROOT" | sha256sum | cut -c1-8)
fi
BIN=${FUGONG_BIN:-$ROOT/build/fugong}
DEMO_ENTERPRISES=${CLUSTER_DEMO_ENTERPRISES:-2000}
MEMBERS=(1 2 3)
SERVERS=(1 2)
# Patroni's timing (seconds): the leader key lives TTL after its last renewal,
# every member runs its loop every LOOP_WAIT, and a DCS or PostgreSQL call is
# retried for RETRY_TIMEOUT (Patroni wants loop_wait + 2 * retry_timeout <= ttl).
# With Patroni's defaults (30/10/10) a dead primary is replaced after 30-40 s.
TTL=${CLUSTER_TTL:-6}
LOOP_WAIT=${CLUSTER_LOOP_WAIT:-1}
RETRY_TIMEOUT=${CLUSTER_RETRY_TIMEOUT:-2}

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*"; }

AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi

find_tools() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] || die "no PostgreSQL server binaries (scripts/deps.sh cluster installs them)"
  for t in etcd etcdctl patroni patronictl haproxy psql node curl; do
    command -v "$t" >/dev/null || die "$t is missing (scripts/deps.sh cluster installs it)"
  done
}

# ---- ports and the environment file ----

# Whether every port of base..base+16 on 127.0.0.1 can be bound now.
ports_free() {
  node -e '
    const net = require("net"); const base = Number(process.argv[1]); let left = 17, bad = false;
    for (let p = base; p < base + 17; p++) {
      const s = net.createServer(); s.once("error", () => { bad = true; if (--left === 0) process.exit(1); });
      s.listen(p, "127.0.0.1", () => s.close(() => { if (--left === 0) process.exit(bad ? 1 : 0); }));
    }' "$1"
}

secret() { head -c 18 /dev/urandom | base64 | tr '+/' 'xy'; }

load_env() {
  if [ -f "$DIR/cluster.env" ]; then
    # shellcheck disable=SC1091
    source "$DIR/cluster.env"
    return
  fi
  local base=${CLUSTER_PORT_BASE:-}
  if [ -z "$base" ]; then
    base=27100
    until ports_free "$base"; do
      base=$((base + 20))
      [ "$base" -lt 32000 ] || die "no block of 17 free ports between 27100 and 32000"
    done
  else
    ports_free "$base" || die "ports $base..$((base + 16)) are not all free"
  fi
  mkdir -p "$DIR"
  {
    echo "# made by scripts/cluster.sh start; removed by stop"
    echo "CLUSTER_BASE=$base"
    echo "PG_SUPERUSER_PASSWORD=$(secret)"
    echo "PG_REPLICATION_PASSWORD=$(secret)"
    echo "FUGONG_PASSWORD=$(secret)"
    echo "PATRONI_REST_PASSWORD=$(secret)"
  } >"$DIR/cluster.env"
  chmod 600 "$DIR/cluster.env"
  # shellcheck disable=SC1091
  source "$DIR/cluster.env"
}

set_ports() {
  local b=$CLUSTER_BASE
  for i in "${MEMBERS[@]}"; do
    eval "ETCD_CLIENT_$i=$((b + i - 1)) ETCD_PEER_$i=$((b + 2 + i)) PG_PORT_$i=$((b + 5 + i)) REST_PORT_$i=$((b + 8 + i))"
  done
  HAPROXY_PRIMARY=$((b + 12))
  HAPROXY_REPLICAS=$((b + 13))
  HAPROXY_STATS=$((b + 14))
  for s in "${SERVERS[@]}"; do eval "FUGONG_PORT_$s=$((b + 14 + s))"; done
  DB_URL="postgresql://fugong:$FUGONG_PASSWORD@127.0.0.1:$HAPROXY_PRIMARY/fugong"
  SUPER_URL="postgresql://postgres:$PG_SUPERUSER_PASSWORD@127.0.0.1:$HAPROXY_PRIMARY/postgres"
  ETCD_HOSTS=""
  for i in "${MEMBERS[@]}"; do
    local c="ETCD_CLIENT_$i"
    ETCD_HOSTS+="${ETCD_HOSTS:+,}127.0.0.1:${!c}"
  done
}

# ---- processes ----

pid_of() { [ -f "$DIR/run/$1.pid" ] && cat "$DIR/run/$1.pid" || true; }
alive() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Starts a daemon NAME as the database user, detached, logging to log/NAME.log;
# the process itself (not a wrapper) writes run/NAME.pid.
daemon() {
  local name=$1
  shift
  setsid "${AS[@]}" sh -c 'echo $$ >"$0"; exec "$@"' "$DIR/run/$name.pid" "$@" \
    >>"$DIR/log/$name.log" 2>&1 </dev/null &
}

wait_for() { # seconds, description, command...
  local secs=$1 what=$2
  shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || die "timed out after ${secs}s waiting for $what (logs in $DIR/log)"
    sleep 0.5
  done
}

# ---- configuration files ----

write_patroni_config() {
  local i=$1 pg="PG_PORT_$1" rest="REST_PORT_$1"
  cat >"$DIR/patroni$i.yml" <<EOF
# Patroni member pg$i of the Fugong cluster (scripts/cluster.sh).
scope: fugong
namespace: /fugong/
name: pg$i
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${!rest}
  connect_address: 127.0.0.1:${!rest}
  # Reading (GET /primary, /cluster) needs nothing; changing (POST /switchover) needs this.
  authentication:
    username: patroni
    password: $PATRONI_REST_PASSWORD
etcd3:
  hosts: $ETCD_HOSTS
bootstrap:
  dcs:
    ttl: $TTL
    loop_wait: $LOOP_WAIT
    retry_timeout: $RETRY_TIMEOUT
    maximum_lag_on_failover: 1048576
    # A commit is acknowledged once a synchronous standby has it on disk, and
    # only that standby may be promoted: no acknowledged write is lost.
    synchronous_mode: true
    synchronous_mode_strict: false
    # A crashed primary is replaced at once instead of restarted in place.
    primary_start_timeout: 0
    postgresql:
      use_pg_rewind: true
      remove_data_directory_on_rewind_failure: true
      remove_data_directory_on_diverged_timelines: true
      parameters:
        max_connections: 300
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        synchronous_commit: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: 127.0.0.1:${!pg}
  connect_address: 127.0.0.1:${!pg}
  data_dir: $DIR/pg$i/data
  bin_dir: $PG_BIN
  pgpass: $DIR/pg$i/pgpass
  use_unix_socket: false
  authentication:
    superuser:
      username: postgres
      password: $PG_SUPERUSER_PASSWORD
    replication:
      username: replicator
      password: $PG_REPLICATION_PASSWORD
  parameters:
    unix_socket_directories: $DIR/pg$i
  pg_hba:
    - local all all peer
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
tags:
  nofailover: false
  noloadbalance: false
EOF
  chmod 600 "$DIR/patroni$i.yml"
}

write_haproxy_config() {
  {
    cat <<EOF
# HAProxy for the Fugong cluster (scripts/cluster.sh): connections to
# 127.0.0.1:$HAPROXY_PRIMARY reach the member whose Patroni answers 200 to
# GET /primary, those to :$HAPROXY_REPLICAS a streaming replica.
global
    maxconn 2000
    pidfile $DIR/run/haproxy.pid
defaults
    mode tcp
    retries 2
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout check 1s
listen stats
    mode http
    bind 127.0.0.1:$HAPROXY_STATS
    stats enable
    stats uri /
    stats refresh 2s
listen primary
    bind 127.0.0.1:$HAPROXY_PRIMARY
    option httpchk
    http-check send meth GET uri /primary
    http-check expect status 200
    # A member is checked twice a second; two failures take it out and cut its
    # connections at once, so clients reconnect to the new primary.
    default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
EOF
    for i in "${MEMBERS[@]}"; do
      local pg="PG_PORT_$i" rest="REST_PORT_$i"
      echo "    server pg$i 127.0.0.1:${!pg} maxconn 300 check port ${!rest}"
    done
    cat <<EOF
listen replicas
    bind 127.0.0.1:$HAPROXY_REPLICAS
    balance roundrobin
    option httpchk
    http-check send meth GET uri /replica
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
EOF
    for i in "${MEMBERS[@]}"; do
      local pg="PG_PORT_$i" rest="REST_PORT_$i"
      echo "    server pg$i 127.0.0.1:${!pg} maxconn 300 check port ${!rest}"
    done
  } >"$DIR/haproxy.cfg"
}

# ---- the parts ----

start_etcd() {
  local cluster="" i
  for i in "${MEMBERS[@]}"; do
    local peer="ETCD_PEER_$i"
    cluster+="${cluster:+,}etcd$i=http://127.0.0.1:${!peer}"
  done
  for i in "${MEMBERS[@]}"; do
    alive "etcd$i" && continue
    local client="ETCD_CLIENT_$i" peer="ETCD_PEER_$i" state=new
    [ -d "$DIR/etcd$i/member" ] && state=existing
    mkdir -p "$DIR/etcd$i"
    [ ${#AS[@]} -eq 0 ] || chown postgres:postgres "$DIR/etcd$i"
    chmod 700 "$DIR/etcd$i"
    daemon "etcd$i" etcd --name "etcd$i" --data-dir "$DIR/etcd$i" \
      --listen-client-urls "http://127.0.0.1:${!client}" \
      --advertise-client-urls "http://127.0.0.1:${!client}" \
      --listen-peer-urls "http://127.0.0.1:${!peer}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${!peer}" \
      --initial-cluster "$cluster" --initial-cluster-state "$state" \
      --initial-cluster-token "fugong-$CLUSTER_BASE" \
      --heartbeat-interval 100 --election-timeout 1000
    say "etcd$i on 127.0.0.1:${!client} (peer ${!peer})"
  done
  wait_for 60 "etcd to be healthy" env ETCDCTL_API=3 etcdctl --endpoints "$ETCD_HOSTS" endpoint health
}

start_patroni() {
  for i in "${MEMBERS[@]}"; do
    alive "patroni$i" && continue
    # A member killed with its PostgreSQL still running would find the data
    # directory in use: stop what is left of it first.
    stop_postgres "$i"
    write_patroni_config "$i"
    mkdir -p "$DIR/pg$i"
    [ ${#AS[@]} -eq 0 ] || chown postgres:postgres "$DIR/pg$i" "$DIR/patroni$i.yml"
    chmod 700 "$DIR/pg$i"
    daemon "patroni$i" patroni "$DIR/patroni$i.yml"
    local pg="PG_PORT_$i" rest="REST_PORT_$i"
    say "patroni pg$i: PostgreSQL on 127.0.0.1:${!pg}, REST on 127.0.0.1:${!rest}"
  done
  wait_for 120 "a primary elected by Patroni" primary_member
}

# Prints the number of the member Patroni's REST API calls the primary.
primary_member() {
  local i
  for i in "${MEMBERS[@]}"; do
    local rest="REST_PORT_$i"
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${!rest}/primary"; then
      echo "$i"
      return 0
    fi
  done
  return 1
}

# Whether every member runs and the primary has a synchronous standby.
all_members_up() {
  local rest="REST_PORT_1"
  curl -sf --max-time 2 "http://127.0.0.1:${!rest}/cluster" | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      const m = JSON.parse(s).members || [];
      const ok = m.length === 3 && m.every((x) => ["running", "streaming"].includes(x.state)) &&
        m.some((x) => x.role === "leader") && m.some((x) => x.role === "sync_standby");
      process.exit(ok ? 0 : 1);
    });'
}

start_haproxy() {
  write_haproxy_config
  if ! alive haproxy; then
    [ ${#AS[@]} -eq 0 ] || chown postgres:postgres "$DIR/haproxy.cfg"
    daemon haproxy haproxy -db -f "$DIR/haproxy.cfg"
    say "haproxy: primary on 127.0.0.1:$HAPROXY_PRIMARY, replicas on :$HAPROXY_REPLICAS, statistics on http://127.0.0.1:$HAPROXY_STATS/"
  fi
  wait_for 60 "HAProxy to reach the primary" \
    psql -At "$SUPER_URL" -c "SELECT 1 WHERE NOT pg_is_in_recovery()"
}

start_database() {
  local q="SELECT 1 FROM pg_roles WHERE rolname = 'fugong'"
  if [ -z "$(psql -At "$SUPER_URL" -c "$q")" ]; then
    psql -q -v ON_ERROR_STOP=1 "$SUPER_URL" \
      -c "CREATE ROLE fugong LOGIN PASSWORD '$FUGONG_PASSWORD'" \
      -c "CREATE DATABASE fugong OWNER fugong" >/dev/null
  fi
  if [ ! -f "$DIR/demo.done" ]; then
    say "loading the demo ($DEMO_ENTERPRISES enterprises) through HAProxy"
    mkdir -p "$DIR/keys"
    "$BIN" keys init --keys "$DIR/keys" --province 330000 --province 310000 --province 320000 >/dev/null
    "$BIN" demo --db "$DB_URL" --enterprises "$DEMO_ENTERPRISES" --keys "$DIR/keys" \
      >"$DIR/log/demo.log" 2>&1 || { cat "$DIR/log/demo.log" >&2; die "fugong demo failed"; }
    touch "$DIR/demo.done"
  fi
}

start_servers() {
  local web=()
  [ -f "$ROOT/web/dist/index.html" ] && web=(--web "$ROOT/web/dist")
  for s in "${SERVERS[@]}"; do
    alive "fugong$s" && continue
    local port="FUGONG_PORT_$s"
    # The servers run as the invoking user (they need no database files).
    setsid sh -c 'echo $$ >"$0"; exec "$@"' "$DIR/run/fugong$s.pid" \
      "$BIN" serve --db "$DB_URL" --listen "127.0.0.1:${!port}" --keys "$DIR/keys" "${web[@]}" \
      >>"$DIR/log/fugong$s.log" 2>&1 </dev/null &
  done
  for s in "${SERVERS[@]}"; do
    local port="FUGONG_PORT_$s"
    wait_for 30 "fugong server $s" curl -sf -o /dev/null "http://127.0.0.1:${!port}/healthz"
    say "fugong server $s on http://127.0.0.1:${!port}"
  done
}

# Stops (SIGKILL) what is left of member i's PostgreSQL after its Patroni died.
stop_postgres() {
  local pidfile="$DIR/pg$1/data/postmaster.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    local kids
    kids=$(ps -o pid= --ppid "$pid" || true)
    kill -9 "$pid" $kids 2>/dev/null || true
    local end=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
  fi
}

# ---- commands ----

cmd_start() {
  find_tools
  [ -x "$BIN" ] || die "no fugong binary at $BIN (make build, or set FUGONG_BIN)"
  mkdir -p "$DIR"
  load_env
  set_ports
  mkdir -p "$DIR/run" "$DIR/log"
  if [ ${#AS[@]} -gt 0 ]; then
    chown postgres:postgres "$DIR" "$DIR/run" "$DIR/log"
    "${AS[@]}" test -w "$DIR" || die "the user postgres cannot write $DIR (set CLUSTER_DIR to a directory it can reach)"
  fi
  start_etcd
  start_patroni
  start_haproxy
  start_database
  start_servers
  wait_for 120 "all three members running with a synchronous standby" all_members_up
  say "up: fugong on http://127.0.0.1:$FUGONG_PORT_1 and http://127.0.0.1:$FUGONG_PORT_2, database $DB_URL"
  say "scripts/cluster.sh status shows the members; scripts/cluster.sh stop removes it all"
}

cmd_status() {
  [ -f "$DIR/cluster.env" ] || { echo "cluster: not started ($DIR)"; exit 3; }
  find_tools
  load_env
  set_ports
  local n
  for n in etcd1 etcd2 etcd3 patroni1 patroni2 patroni3 haproxy fugong1 fugong2; do
    if alive "$n"; then printf '  %-9s running (pid %s)\n' "$n" "$(pid_of "$n")"; else printf '  %-9s stopped\n' "$n"; fi
  done
  "${AS[@]}" patronictl -c "$DIR/patroni1.yml" list 2>/dev/null || echo "  (patronictl: no answer)"
  for s in "${SERVERS[@]}"; do
    local port="FUGONG_PORT_$s"
    printf '  fugong%s http://127.0.0.1:%s/healthz: %s\n' "$s" "${!port}" \
      "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:${!port}/healthz" || true)"
  done
}

cmd_env() {
  [ -f "$DIR/cluster.env" ] || die "not started ($DIR)"
  load_env
  set_ports
  echo "CLUSTER_DIR=$DIR"
  echo "CLUSTER_DB_URL=$DB_URL"
  echo "CLUSTER_SUPER_URL=$SUPER_URL"
  echo "CLUSTER_HAPROXY_STATS=http://127.0.0.1:$HAPROXY_STATS/"
  echo "CLUSTER_REST_AUTH=patroni:$PATRONI_REST_PASSWORD"
  for i in "${MEMBERS[@]}"; do
    local pg="PG_PORT_$i" rest="REST_PORT_$i"
    echo "CLUSTER_PG_PORT_$i=${!pg}"
    echo "CLUSTER_REST_PORT_$i=${!rest}"
  done
  for s in "${SERVERS[@]}"; do
    local port="FUGONG_PORT_$s"
    echo "CLUSTER_FUGONG_$s=http://127.0.0.1:${!port}"
  done
}

# Stops NAME with SIGTERM, then SIGKILL after `secs`.
stop_one() {
  local name=$1 secs=${2:-20} pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local end=$((SECONDS + secs))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/run/$name.pid"
}

cmd_stop() {
  [ -d "$DIR" ] || { say "nothing to stop ($DIR)"; return 0; }
  local s i
  for s in "${SERVERS[@]}"; do stop_one "fugong$s"; done
  stop_one haproxy 5
  # Patroni stops its PostgreSQL on SIGTERM: all three at once, so that no
  # replica is promoted in place of a primary that is going away.
  for i in "${MEMBERS[@]}"; do
    local pid
    pid=$(pid_of "patroni$i")
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  done
  for i in "${MEMBERS[@]}"; do stop_one "patroni$i" 30; done
  for i in "${MEMBERS[@]}"; do stop_postgres "$i"; done
  for i in "${MEMBERS[@]}"; do stop_one "etcd$i" 10; done
  rm -rf "$DIR"
  say "stopped; $DIR removed"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: scripts/cluster.sh start|status|stop|env" >&2; exit 2 ;;
esac
