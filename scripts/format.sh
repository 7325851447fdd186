#!/usr/bin/env bash
# Holds the C sources of src/ and tests/ to the committed .clang-format.
#   scripts/format.sh --check   fails, naming each file whose layout differs
#                               (clang-format --dry-run -Werror; run that on
#                               one file to see the lines)
#   scripts/format.sh --fix     rewrites those files in place
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
if [ "$mode" != --check ] && [ "$mode" != --fix ]; then
  echo "usage: scripts/format.sh --check | --fix" >&2
  exit 2
fi
if ! command -v clang-format >/dev/null; then
  echo "format.sh: clang-format is not installed (apt-get install clang-format)" >&2
  exit 1
fi
mapfile -d '' files < <(find src tests -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
if [ "$mode" = --fix ]; then
  clang-format -i --style=file "${files[@]}"
  echo "format.sh: ${#files[@]} files formatted"
  exit 0
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! clang-format --dry-run -Werror --style=file "${files[@]}" 2>"$report"; then
  grep -E '^[^ ].*: (error|warning):' "$report" | cut -d: -f1 | sort | uniq -c |
    awk '{ printf "  %s (%d places)\n", $2, $1 }' >&2
  echo "format.sh: the files above differ from .clang-format; run scripts/format.sh --fix (make format)" >&2
  exit 1
fi
echo "format.sh: ${#files[@]} files match .clang-format"
