#!/usr/bin/env bash
# Build dom0's initramfs: busybox-static, our static tools, the Xen kernel
# modules of the same Debian kernel package, and initramfs/init.
#
#   scripts/mkinitramfs.sh              -> build/initramfs.cpio.gz
#   scripts/mkinitramfs.sh --xenstore   -> build/initramfs-xenstore.cpio.gz
#                                          (adds Debian's xenstored, its
#                                          shared libraries and our static
#                                          xenstore clients)
#   scripts/mkinitramfs.sh --domu       -> build/initramfs-domu.cpio.gz
#                                          (dom0 for a Linux domU: adds our
#                                          static xenstored, clients, domud
#                                          and /etc/systest-domu)
#   scripts/mkinitramfs.sh --guest      -> build/initramfs-guest.cpio.gz
#                                          (the domU's own: busybox, our
#                                          xenstore clients, domu-init)
#
# The archive is newc cpio compressed with gzip, which every Linux accepts
# for an initramfs.  It is deterministic: files are listed in sorted order
# with owner root, a fixed time stamp and inode numbers in that order
# (initramfs/mkcpio.c), and gzip stores no name or time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
variant=""
case "${1:-}" in
--xenstore|--domu|--guest) variant=-${1#--} ;;
esac
out=$top/build/initramfs$variant.cpio.gz
root=$top/build/initramfs$variant
sysroot=$top/cache/system/root

bash "$top/scripts/system-deps.sh"
vmlinuz=$("$top/scripts/fetch-linux.sh" | tail -n1)
kver=${vmlinuz##*/vmlinuz-}
moddir=$top/cache/linux/lib/modules/$kver
make -s -C "$top/tools/devtest"
make -s -C "$top/tools/xl"
mkdir -p "$top/build/initramfs-tools"
mkcpio=$top/build/initramfs-tools/mkcpio
gcc -O2 -Wall -Wextra -Werror -o "$mkcpio" "$top/initramfs/mkcpio.c"

rm -rf "$root"
mkdir -p "$root"
cd "$root"

# The domU's image: no modules (xenbus and hvc_xen are built in).
if [ "$variant" = -guest ]; then
	make -s -C "$top/tools/xenstore"
	mkdir -p bin sbin etc proc sys dev tmp usr/bin usr/sbin
	install -m 755 "$sysroot/bin/busybox" bin/busybox
	for a in $(bin/busybox --list-full); do
		[ -e "$a" ] || ln -s /bin/busybox "$a"
	done
	install -m 755 "$top/build/tools/static/xenstore" bin/xenstore
	for n in read write ls rm exists; do
		ln -s xenstore "bin/xenstore-$n"
	done
	install -m 755 "$top/initramfs/domu-init" init
	"$mkcpio" "$root" | gzip -9 -n >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "$out"
	exit 0
fi
mkdir -p bin sbin etc proc sys dev tmp run var/run usr/bin usr/sbin \
	lib/modules/"$kver" proc/xen

# busybox and a link per applet, made here rather than at boot so that the
# image is complete and /init's interpreter (/bin/sh) exists.
install -m 755 "$sysroot/bin/busybox" bin/busybox
for a in $(bin/busybox --list-full); do
	[ -e "$a" ] || ln -s /bin/busybox "$a"
done
install -m 755 "$top/build/tools/bin/devtest" bin/devtest
install -m 755 "$top/build/tools/bin/xl" bin/xl
install -m 755 "$top/initramfs/init" init
install -m 755 "$top/initramfs/systest" etc/systest

# The Xen modules and what they depend on (the depends= field of each
# module's .modinfo section), with a modules.dep for busybox modprobe.
modinfo_depends() {
	objcopy -O binary --only-section=.modinfo "$1" /dev/stdout |
		tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
}
module_path() {	# kernel/.../name.ko for a module name (- and _ alike)
	local n=${1//_/-}
	(cd "$moddir" && find kernel -name "$n.ko" -o -name "${1//-/_}.ko") |
		head -n1
}
declare -A seen=()
add_module() {
	local name=$1 path dep deps=""
	[ -n "${seen[$name]:-}" ] && return
	path=$(module_path "$name")
	[ -n "$path" ] || { echo "mkinitramfs: no module $name" >&2; exit 1; }
	seen[$name]=$path
	for dep in $(modinfo_depends "$moddir/$path"); do
		add_module "$dep"
		deps="$deps $(module_path "$dep")"
	done
	mkdir -p "lib/modules/$kver/$(dirname "$path")"
	cp "$moddir/$path" "lib/modules/$kver/$path"
	echo "$path:$deps" >>"lib/modules/$kver/modules.dep.unsorted"
}
for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs; do
	add_module "$m"
done
sort "lib/modules/$kver/modules.dep.unsorted" >"lib/modules/$kver/modules.dep"
rm "lib/modules/$kver/modules.dep.unsorted"

[ "$variant" = -xenstore ] && bash "$top/initramfs/add-xenstore.sh" "$root"
if [ "$variant" = -domu ]; then
	make -s -C "$top/tools/xenstore"
	make -s -C "$top/tools/xenstored"
	make -s -C "$top/tools/domud"
	install -m 755 "$top/build/tools/static/xenstored" \
		usr/sbin/xenolith-xenstored
	install -m 755 "$top/build/tools/static/domud" usr/sbin/domud
	install -m 755 "$top/build/tools/static/xenstore" usr/bin/xenstore
	for n in read write ls rm exists; do
		ln -s xenstore "usr/bin/xenstore-$n"
	done
	install -m 755 "$top/initramfs/systest-domu" etc/systest-domu
fi

"$mkcpio" "$root" | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
