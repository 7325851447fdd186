#!/usr/bin/env bash
# Fails when src/ calls a function that STYLE.md bans (unbounded or
# error-swallowing C library calls).
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|atoll|gets)\s*\(' src; then
  echo "banned.sh: the calls above are banned (see ../shared/STYLE.md); use snprintf, fg_buf, strtol" >&2
  exit 1
fi
echo "banned.sh: no banned calls in src/"
