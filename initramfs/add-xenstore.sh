#!/usr/bin/env bash
# Add the reverse XenStore interop pieces to a staged initramfs tree (called
# by scripts/mkinitramfs.sh --xenstore): Debian's own xenstored with the
# shared libraries it needs, resolved from its DT_NEEDED entries in the
# unpacked packages (cache/system/root), and our xenstore clients built
# static, so that only the daemon uses the C library we ship.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=$1
sysroot=$top/cache/system/root
xsd=usr/lib/xen-4.17/bin/xenstored

make -s -C "$top/tools/xenstore"
static=$top/build/tools/static/xenstore
[ -x "$static" ] || { echo "add-xenstore: no static $static" >&2; exit 1; }
! readelf -d "$static" | grep -q NEEDED ||
	{ echo "add-xenstore: $static is not static" >&2; exit 1; }

find_lib() {
	local d
	for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
		[ -e "$sysroot/$d/$1" ] && { echo "$d/$1"; return; }
	done
	echo "add-xenstore: library $1 not in $sysroot" >&2
	exit 1
}
declare -A have=()
add_libs() {	# copy the NEEDED closure of an ELF file
	local lib path
	for lib in $(readelf -d "$1" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do
		[ -n "${have[$lib]:-}" ] && continue
		have[$lib]=1
		path=$(find_lib "$lib")
		mkdir -p "$root/$(dirname "$path")"
		cp -L "$sysroot/$path" "$root/$path"
		add_libs "$sysroot/$path"
	done
}

mkdir -p "$root/$(dirname "$xsd")" "$root/lib64" "$root/var/lib/xenstored" \
	"$root/var/log/xen"
cp "$sysroot/$xsd" "$root/$xsd"
ln -sf "/$xsd" "$root/usr/sbin/xenstored"
add_libs "$sysroot/$xsd"
cp -L "$sysroot/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$root/lib64/"

install -m 755 "$static" "$root/usr/bin/xenstore"
for n in read write ls rm watch chmod exists list; do
	ln -sf xenstore "$root/usr/bin/xenstore-$n"
done
install -m 755 "$top/initramfs/systest-xenstore" "$root/etc/systest-xenstore"
