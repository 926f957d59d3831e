#!/usr/bin/env bash
# Install what Xenolith's build and tests need, and fetch Debian's Xen 4.17
# (the differential reference) into the ignored cache.  Idempotent: a second
# run on a prepared machine does nothing but checks.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/cache"
mkdir -p "$cache"

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps: need root to install $* (run: sudo $0)" >&2
		exit 1
	fi
}

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	apt-get update -qq
	apt_updated=1
}

# QEMU 7.2 in bookworm gives a wrong #GP error code for a software
# interrupt from user mode; QEMU 10 from bookworm-backports gets it right.
# The backports entry reuses the mirror already configured on this machine.
enable_backports() {
	local list=/etc/apt/sources.list.d/xenolith-backports.sources
	[ -f "$list" ] && return 0
	local uri
	uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '{print $2}' | grep -v security | head -n1 || true)
	if [ -z "$uri" ]; then
		uri=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null |
			awk '{print $2}' | grep -v security | head -n1 || true)
	fi
	[ -n "$uri" ] || { echo "deps: no Debian mirror configured" >&2; exit 1; }
	cat >"$list" <<EOT
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	apt_updated=
}

qemu_ok() {
	command -v qemu-system-x86_64 >/dev/null || return 1
	local v
	v=$(qemu-system-x86_64 --version | head -n1 | sed 's/.*version \([0-9]*\).*/\1/')
	[ "${v:-0}" -ge 8 ]
}

install_tools() {
	local missing=()
	for t in gcc make objcopy python3 xxd; do
		command -v $t >/dev/null || missing+=($t)
	done
	if ! qemu_ok || [ ${#missing[@]} -gt 0 ]; then
		need_root qemu-system-x86
		enable_backports
		apt_update
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-t bookworm-backports qemu-system-x86 >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			gcc make binutils python3 xxd >/dev/null
	fi
	qemu_ok || { echo "deps: QEMU >= 8 not available" >&2; exit 1; }
}

# fetch_deb PACKAGE-PATTERN DIR: download the newest matching package and
# unpack it into $cache/DIR (skipped when DIR already exists).
fetch_deb() {
	local pkg=$1 dir=$cache/$2
	[ -d "$dir" ] && return 0
	apt_update
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$pkg" >/dev/null)
	mkdir -p "$dir.tmp"
	dpkg-deb -x "$tmp"/*.deb "$dir.tmp"
	rm -rf "$tmp"
	mv "$dir.tmp" "$dir"
}

fetch_xen() {
	local out=$cache/xen-4.17.elf
	[ -f "$out" ] && return 0
	fetch_deb xen-hypervisor-4.17-amd64 xen-hypervisor
	local gz
	gz=$(ls "$cache"/xen-hypervisor/boot/xen-4.17*.gz | head -n1)
	zcat "$gz" >"$out.tmp"
	mv "$out.tmp" "$out"
}

# libFuzzer's runtime for tests/fuzz (optional: that tier skips without it).
install_fuzzer() {
	command -v clang >/dev/null || return 0
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)
		{ return 0; }' | clang -x c -fsanitize=fuzzer - -o /dev/null \
		2>/dev/null && return 0
	[ "$(id -u)" = 0 ] || return 0
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		libclang-rt-14-dev >/dev/null 2>&1 || true
}

install_tools
install_fuzzer
fetch_xen
[ "${1:-}" = "--linux" ] && "$top/scripts/fetch-linux.sh"
echo "deps: ok ($(qemu-system-x86_64 --version | head -n1))"
