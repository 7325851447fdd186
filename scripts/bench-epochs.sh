#!/usr/bin/env bash
# What the caches' change marks cost PostgreSQL's commits (issue 17, "writes
# that do not queue"; docs/decisions.md, "Reads on PostgreSQL"). Every write
# to a watched table (enterprises, sessions, guidance, risk...) also marks
# its topic changed within its transaction, for the other servers' caches.
# The mark used to be pg_notify, whose commit holds PostgreSQL's one lock on
# its notification queue through the WAL flush; it is now an epoch counter
# of the writer's slot (fg_watch_epochs). Measured here on a durable cluster
# (fsync and synchronous_commit on, as deployed; the tests' clusters run
# with fsync off, where a flush costs nothing), pgbench with WRITERS clients,
# each transaction a write as the server's smallest: an enterprise-sized row
# into one of three tables of one shape, and its audit-sized row (the same
# for all three):
#   plain     no trigger (the baseline)
#   epochs    fugong's statement trigger (fg_cache_epoch, as `fugong
#             migrate` installs it on the watched tables)
#   notify    the trigger it replaced: pg_notify('fugong_cache', topic)
# Rounds alternate the three; each prints its transactions/s and the ratios
# epochs/plain and notify/plain of the round, then a line
#   EPOCHS_ROUND plain_tps epochs_tps notify_tps
# for make bench; last line:
#   EPOCHS epochs_tps=.. notify_tps=.. plain_tps=.. epochs_ratio=.. notify_ratio=..
# (medians over the rounds).
#   usage: scripts/bench-epochs.sh   (make bench runs it as figure 13)
# Environment: BUILD (default build), EPOCHS_ROUNDS (3), EPOCHS_SECONDS (8),
# EPOCHS_WRITERS (16).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD:-build}
rounds=${EPOCHS_ROUNDS:-3}
secs=${EPOCHS_SECONDS:-8}
writers=${EPOCHS_WRITERS:-16}
for c in psql pgbench; do
  command -v $c >/dev/null || { echo "bench-epochs: $c is missing (scripts/deps.sh bench installs it)" >&2; exit 1; }
done
[ -x "$B/fugong" ] || { echo "bench-epochs: no $B/fugong (make build)" >&2; exit 1; }

W=$(mktemp -d /tmp/fugong-epochs.XXXXXX)
chmod 755 "$W"
source scripts/pg-cluster.sh
trap 'fg_pg_stop; rm -rf "$W"' EXIT
FG_PG_DURABLE=1 fg_pg_start >/dev/null
url=$(fg_pg_createdb epochs)
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }

"$B/fugong" migrate --db "$url" >/dev/null
sql <<'SQL'
CREATE TABLE plain (id bigserial PRIMARY KEY, uscc text NOT NULL, name text NOT NULL,
  region integer NOT NULL, headcount integer NOT NULL, at bigint NOT NULL);
CREATE TABLE epochs (LIKE plain INCLUDING ALL);
CREATE TABLE notify (LIKE plain INCLUDING ALL);
CREATE TABLE audit (seq bigserial PRIMARY KEY, at bigint NOT NULL, actor text NOT NULL,
  action text NOT NULL, target text NOT NULL, detail text NOT NULL, hash text NOT NULL);
CREATE TRIGGER fg_watch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON epochs
  FOR EACH STATEMENT EXECUTE FUNCTION fg_cache_epoch('enterprises');
CREATE FUNCTION old_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('fugong_cache', TG_ARGV[0]);
  RETURN NULL;
END $f$;
CREATE TRIGGER fg_watch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notify
  FOR EACH STATEMENT EXECUTE FUNCTION old_cache_notify('enterprises');
SQL
for t in plain epochs notify; do
  cat >"$W/$t.sql" <<SQL
BEGIN;
INSERT INTO $t (uscc, name, region, headcount, at)
  VALUES ('91330106MA27' || lpad(:client_id::text, 6, '0'), '压测企业', 330106, 100, :client_id);
INSERT INTO audit (at, actor, action, target, detail, hash)
  VALUES (:client_id, 'coordinator', 'enterprise.create', '91330106MA27XK000B',
    '{"name":"压测企业","region":"330106","industry":"34","headcount":100}', md5(:client_id::text) || md5('x'));
COMMIT;
SQL
done
echo "   PostgreSQL $(sql -c 'SHOW server_version'), fsync $(sql -c 'SHOW fsync'), synchronous_commit $(sql -c 'SHOW synchronous_commit'); $writers clients, $secs s a table a round"

tps() {
  pgbench -n -r -c "$writers" -j 2 -T "$secs" -f "$W/$1.sql" "$url" 2>"$W/pgbench.err" |
    awk '/^tps =/ { printf "%.0f\n", $3 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$W/rounds"
for r in $(seq "$rounds"); do
  p=$(tps plain)
  e=$(tps epochs)
  n=$(tps notify)
  [ -n "$p" ] && [ -n "$e" ] && [ -n "$n" ] || { cat "$W/pgbench.err" >&2; exit 1; }
  echo "$p $e $n" | awk -v r="$r" '{ printf "   round %d: plain %s/s, epochs %s/s (%.2f), notify %s/s (%.2f)\n", r, $1, $2, $2 / $1, $3, $3 / $1 }'
  echo "$p $e $n" | awk '{ print $1, $2, $3, $2 / $1, $3 / $1 }' >>"$W/rounds"
  echo "EPOCHS_ROUND $p $e $n"
done
# Every row is there: a trigger that failed would have failed its inserts.
rows=$(sql -c "SELECT (SELECT COUNT(*) FROM epochs) > 0 AND (SELECT COUNT(*) FROM notify) > 0")
[ "$rows" = t ] || { echo "bench-epochs: rows missing" >&2; exit 1; }
moved=$(sql -c "SELECT SUM(epoch) FROM fg_watch_epochs WHERE topic = 'enterprises'")
[ "$moved" = "$(sql -c 'SELECT COUNT(*) FROM epochs')" ] ||
  { echo "bench-epochs: $moved epoch moves for $(sql -c 'SELECT COUNT(*) FROM epochs') transactions" >&2; exit 1; }
col() { awk -v c="$1" '{ print $c }' "$W/rounds" | median; }
printf 'EPOCHS plain_tps=%s epochs_tps=%s notify_tps=%s epochs_ratio=%.2f notify_ratio=%.2f\n' \
  "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)"
