# A throw-away PostgreSQL cluster for tests and benchmarks; source this file.
#   fg_pg_start        initdb in a temporary directory (as the unprivileged user
#                      postgres when run as root), start on a free port of
#                      127.0.0.1, export FG_PG_URL (no database name) and the
#                      commands FG_PG_STOP_CMD / FG_PG_START_CMD for fault tests
#   fg_pg_createdb N   create database N, print its URL
#   fg_pg_stop         stop the cluster and remove its directory (idempotent)
# The caller sets `trap fg_pg_stop EXIT` so that it goes away on failure too.
# It runs with fsync off (tests and most benchmarks measure fugong, not the
# disk) unless FG_PG_DURABLE=1: then every commit is flushed, as deployed.

fg_pg_start() {
  FG_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$FG_PG_BIN" ] || [ ! -x "$FG_PG_BIN/initdb" ]; then
    echo "pg-cluster: no PostgreSQL server binaries under /usr/lib/postgresql (scripts/deps.sh check installs them)" >&2
    return 1
  fi
  FG_PG_DIR=$(mktemp -d /tmp/fugong-pg.XXXXXX)
  FG_PG_AS=""
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$FG_PG_DIR"
    FG_PG_AS="runuser -u postgres --"
  fi
  FG_PG_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  $FG_PG_AS "$FG_PG_BIN/initdb" -D "$FG_PG_DIR/data" -E UTF8 --locale=C.UTF-8 -A trust -U fugong >"$FG_PG_DIR/initdb.log" 2>&1 \
    || { cat "$FG_PG_DIR/initdb.log" >&2; return 1; }
  local durability="-c fsync=off -c full_page_writes=off"
  [ "${FG_PG_DURABLE:-0}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on"
  local opts="-p $FG_PG_PORT -k $FG_PG_DIR -c listen_addresses=127.0.0.1 $durability -c max_connections=300"
  export FG_PG_START_CMD="$FG_PG_AS $FG_PG_BIN/pg_ctl -D $FG_PG_DIR/data -l $FG_PG_DIR/server.log -w -t 60 -o '$opts' start"
  export FG_PG_STOP_CMD="$FG_PG_AS $FG_PG_BIN/pg_ctl -D $FG_PG_DIR/data -w -m fast stop"
  sh -c "$FG_PG_START_CMD" >/dev/null || { cat "$FG_PG_DIR/server.log" >&2; return 1; }
  export FG_PG_URL="postgresql://fugong@127.0.0.1:$FG_PG_PORT"
  echo "pg-cluster: PostgreSQL $("$FG_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$FG_PG_PORT in $FG_PG_DIR"
}

fg_pg_createdb() {
  psql -q -v ON_ERROR_STOP=1 "$FG_PG_URL/postgres" -c "CREATE DATABASE \"$1\"" >/dev/null
  echo "$FG_PG_URL/$1"
}

fg_pg_stop() {
  [ -n "${FG_PG_DIR:-}" ] || return 0
  if [ -f "$FG_PG_DIR/data/postmaster.pid" ]; then
    $FG_PG_AS "$FG_PG_BIN/pg_ctl" -D "$FG_PG_DIR/data" -w -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$FG_PG_DIR"
  FG_PG_DIR=""
}
