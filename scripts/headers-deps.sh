#!/usr/bin/env bash
# Fetch Debian's Xen 4.17 development headers (package libxen-dev) into
# cache/libxen-dev.  tests/headers compares our include/public/ against
# them, item by item.  Nothing is installed system-wide: the package is
# only unpacked.  Idempotent and quick when the headers are already there.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/cache/libxen-dev"
stamp="$dest/usr/include/xen/xen.h"
[ -f "$stamp" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! apt-get download -q libxen-dev >/dev/null 2>&1; then
	apt-get update -qq
	apt-get download -q libxen-dev >/dev/null
fi
rm -rf "$dest"
mkdir -p "$dest"
dpkg-deb -x libxen-dev_*.deb "$dest"
[ -f "$stamp" ] || { echo "headers-deps: no xen.h in libxen-dev" >&2; exit 1; }
