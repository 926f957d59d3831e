#!/usr/bin/env bash
# Fetch GRUB 2 (Debian's grub-common + grub-pc-bin) into cache/grub for
# the multiboot2 boot test (tests/boot/suite): grub-mkimage builds a GRUB
# core image holding build/xenolith.elf in a memdisk, which QEMU boots
# through GRUB's lnxboot.img.  Idempotent; quick when already done.
# Prints the GRUB root directory on success.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$top/cache/grub
if [ -x "$dest/usr/bin/grub-mkimage" ] &&
   [ -f "$dest/usr/lib/grub/i386-pc/lnxboot.img" ]; then
	echo "$dest"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download grub-common grub-pc-bin) >&2
mkdir -p "$dest"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$dest"
done
[ -x "$dest/usr/bin/grub-mkimage" ] || { echo "boot-deps: no grub-mkimage" >&2; exit 1; }
echo "$dest"
