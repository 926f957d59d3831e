#!/usr/bin/env bash
# Add the XenStore interop pieces to a staged initramfs tree (called by
# scripts/mkinitramfs.sh --xenstore): Debian's own daemons, xenstored (C)
# and oxenstored (OCaml), and Debian's xenstore-utils clients, with the
# shared libraries they need, resolved from their DT_NEEDED entries in the
# unpacked packages (cache/system/root, cache/xenstore-debian); and our
# xenstore clients and our xenstored built static, so that only Debian's
# programs use the C library we ship.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=$1
sysroot=$top/cache/system/root
xsd=usr/lib/xen-4.17/bin/xenstored
oxsd=usr/lib/xen-4.17/bin/oxenstored
debxs=$top/cache/xenstore-debian

bash "$top/scripts/xenstore-deps.sh"
make -s -C "$top/tools/xenstore"
make -s -C "$top/tools/xenstored"
for static in "$top"/build/tools/static/xenstore{,d}; do
	[ -x "$static" ] ||
		{ echo "add-xenstore: no static $static" >&2; exit 1; }
	! readelf -d "$static" | grep -q NEEDED ||
		{ echo "add-xenstore: $static is not static" >&2; exit 1; }
done

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
for d in "$xsd" "$oxsd"; do
	cp "$sysroot/$d" "$root/$d"
	ln -sf "/$d" "$root/usr/sbin/${d##*/}"
	add_libs "$sysroot/$d"
done
cp -L "$sysroot/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$root/lib64/"

# Debian's clients pick their function from their name, as ours do; they
# live apart, in /usr/lib/debian-xs, and use the libraries above.
mkdir -p "$root/usr/lib/debian-xs"
cp "$debxs/usr/bin/xenstore" "$root/usr/lib/debian-xs/xenstore"
add_libs "$debxs/usr/bin/xenstore"
install -m 755 "$top/build/tools/static/xenstore" "$root/usr/bin/xenstore"
install -m 755 "$top/build/tools/static/xenstored" \
	"$root/usr/sbin/xenolith-xenstored"
for n in read write ls rm watch chmod exists list; do
	ln -sf xenstore "$root/usr/bin/xenstore-$n"
	ln -sf xenstore "$root/usr/lib/debian-xs/xenstore-$n"
done
install -m 755 "$top/initramfs/systest-xenstore" "$root/etc/systest-xenstore"
