#!/usr/bin/env bash
# Fetch what the system tier (Linux as PV dom0) needs beyond the kernel:
# busybox-static for the initramfs, and Debian's own xenstored with the
# shared libraries it loads, for the reverse XenStore interop run (Debian's
# daemon in dom0, our clients against it).  Everything is unpacked with
# dpkg-deb -x into cache/system/root, nothing is installed on the host.
# The kernel itself comes from scripts/fetch-linux.sh.
# Idempotent and quick when already done (a stamp names the package set).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dest="$top/cache/system"
pkgs=(busybox-static xen-utils-4.17 libxenmisc4.17 libxenevtchn1
	libxengnttab1 libxencall1 libxenforeignmemory1 libxentoollog1
	libxentoolcore1 libxendevicemodel1 libxenhypfs1 libxenstore4 libyajl2
	libc6 zlib1g libuuid1 liblzma5 libzstd1 libbz2-1.0 liblzo2-2)
stamp="$dest/.done"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "${pkgs[*]}" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"	# apt's _apt user downloads into it
cd "$work"
if ! apt-get download "${pkgs[@]}" >/dev/null 2>&1; then
	# A fresh machine may have empty package lists.
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq
	else
		sudo -n apt-get update -qq
	fi
	apt-get download "${pkgs[@]}" >/dev/null
fi
rm -rf "$dest"
mkdir -p "$dest/root"
for deb in ./*.deb; do
	dpkg-deb -x "$deb" "$dest/root"
done
echo "${pkgs[*]}" >"$stamp"
