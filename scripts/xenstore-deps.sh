#!/usr/bin/env bash
# Fetch Debian's XenStore clients (xenstore-utils, libxenstore4 and its
# libxentoolcore1 dependency) into cache/xenstore-debian, so the xenstore
# suite can run real peers that nobody on this project wrote against our
# daemon.  Nothing is installed system-wide: the suite runs the binaries
# with LD_LIBRARY_PATH.  Idempotent and quick when already done.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/cache/xenstore-debian"
stamp="$dest/.done"
[ -f "$stamp" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pkgs=(xenstore-utils libxenstore4 libxentoolcore1)
if ! apt-get download "${pkgs[@]}" >/dev/null 2>&1; then
	# A fresh machine may have empty package lists.
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq
	else
		sudo -n apt-get update -qq
	fi
	apt-get download "${pkgs[@]}" >/dev/null
fi
mkdir -p "$dest"
for deb in ./*.deb; do
	dpkg-deb -x "$deb" "$dest"
done
touch "$stamp"
