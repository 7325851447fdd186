#!/usr/bin/env bash
# Runs a command with the clock of every process it starts (node, the server,
# Chromium) moved to the next HH:MM in the deployment's zone, and running on
# from there: libfaketime (Debian's faketime), preloaded with an offset.
# For tests whose path depends on the hour, so that each path is taken at
# every run and not only when CI happens to run at that hour.
#   scripts/clock-at.sh HH:MM command [args...]
# FUGONG_TZ names the zone (Asia/Shanghai by default).
set -euo pipefail
if [ $# -lt 2 ] || ! [[ $1 =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]]; then
  echo "usage: scripts/clock-at.sh HH:MM command [args...]" >&2
  exit 2
fi
lib=$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1 || true)
if [ -z "$lib" ]; then
  echo "clock-at: libfaketime is not installed (scripts/deps.sh check installs faketime)" >&2
  exit 1
fi
zone="${FUGONG_TZ:-Asia/Shanghai}"
at=$1
shift
now=$(date +%s)
target=$(TZ="$zone" date -d "today $at" +%s)
[ "$target" -gt "$now" ] || target=$(TZ="$zone" date -d "tomorrow $at" +%s)
# Chromium needs its monotonic clock moved with the wall clock (libfaketime's
# default): with FAKETIME_DONT_FAKE_MONOTONIC its pages never finish loading.
export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="+$((target - now))"
echo "clock-at: $(date -d "@$target" -u +%FT%TZ) ($at in $zone), an offset of $((target - now)) s" >&2
exec "$@"
