#!/usr/bin/env bash
# Fetch Debian's Linux 6.1 kernel package (the dom0/domU kernel Xenolith must
# boot) into the ignored cache and print the path of its vmlinuz.
#
# The newest linux-image-6.1.0-N-amd64 (signed, non-debug) is unpacked into
# cache/linux/ with dpkg-deb -x, which also keeps lib/modules/ for later use.
# Idempotent: when cache/linux/boot/vmlinuz-* exists nothing is fetched.
#
#   scripts/fetch-linux.sh            print the vmlinuz path (fetch if needed)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir="$top/cache/linux"

find_vmlinuz() {
	ls "$dir"/boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | sort -V | tail -n1
}

newest_package() {
	apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' |
		awk '{print $1}' | sort -V | tail -n1
}

fetch() {
	local pkg
	pkg=$(newest_package)
	if [ -z "$pkg" ]; then
		apt-get update -qq
		pkg=$(newest_package)
	fi
	[ -n "$pkg" ] || { echo "fetch-linux: no linux-image-6.1 package" >&2; exit 1; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	chmod 755 "$tmp"	# apt's _apt user downloads into it
	(cd "$tmp" && apt-get download -qq "$pkg" >/dev/null)
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	dpkg-deb -x "$tmp"/*.deb "$dir.tmp"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
}

[ -n "$(find_vmlinuz)" ] || fetch
v=$(find_vmlinuz)
[ -n "$v" ] || { echo "fetch-linux: no vmlinuz after unpacking" >&2; exit 1; }
echo "$v"
