#!/usr/bin/env bash
# Fails when a C file of src/ or tests/ calls a function that STYLE.md bans
# (unbounded or error-swallowing C library calls). The list, with the reason
# for each, is scripts/banned.txt. One grep over every file: fast.
set -euo pipefail
cd "$(dirname "$0")/.."
names=$(sed -e 's/#.*//' scripts/banned.txt | awk 'NF { print $1 }' | paste -sd '|' -)
if [ -z "$names" ]; then
  echo "banned.sh: scripts/banned.txt lists no names" >&2
  exit 1
fi
if grep -rnE --include='*.c' --include='*.h' "\\b($names)\\s*\\(" src tests; then
  echo "banned.sh: the calls above are banned; scripts/banned.txt says why and what to use" >&2
  exit 1
fi
echo "banned.sh: no calls of $(echo "$names" | tr '|' ' ') in src/ or tests/"
