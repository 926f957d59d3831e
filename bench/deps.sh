#!/usr/bin/env bash
# Install what the benchmarks need beyond scripts/deps.sh: gnuplot (the
# PNG plot) and valgrind (callgrind instruction counts).  Idempotent and
# quick when both are present; prints nothing then.
set -euo pipefail

missing=()
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v valgrind >/dev/null || missing+=(valgrind)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "bench-deps: need root to install ${missing[*]}" >&2
	exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null
echo "bench-deps: installed ${missing[*]}"
