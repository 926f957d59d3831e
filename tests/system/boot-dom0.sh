#!/usr/bin/env bash
# Boot Debian's Linux kernel as PV dom0 with our initramfs, on Xen 4.17 or
# Xenolith, with the command lines of initramfs/dom0.conf.
#
#   tests/system/boot-dom0.sh [--hv xen|xenolith] [--vcpus N] [--xenstore]
#                             [--systest] [-- qemu.sh options]
#
# Without --systest the boot ends in a shell on the serial console (hvc0;
# Ctrl-A X quits QEMU).  With --systest /init runs the scripted test
# (initramfs/systest) and the serial output goes to stdout; pass --until,
# --timeout, --log after "--" as for scripts/qemu.sh.  --xenstore uses the
# initramfs that also holds Debian's xenstored.  Extra kernel arguments can
# be given in DOM0_EXTRA.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
hv=xen vcpus=1 variant="" systest=""
while [ $# -gt 0 ]; do
	case "$1" in
	--hv) hv=$2; shift 2 ;;
	--vcpus) vcpus=$2; shift 2 ;;
	--xenstore) variant=--xenstore; shift ;;
	--systest) systest=1; shift ;;
	--) shift; break ;;
	*) echo "boot-dom0: unknown option $1" >&2; exit 2 ;;
	esac
done
. "$top/initramfs/dom0.conf"

vmlinuz=$("$top/scripts/fetch-linux.sh" | tail -n1)
initrd=$("$top/scripts/mkinitramfs.sh" $variant | tail -n1)
args="$DOM0_ARGS ${DOM0_EXTRA:-}"
if [ -n "$systest" ]; then
	args="$args xenolith.systest=1 xenolith.vcpus=$vcpus"
	mode=()
else
	mode=(--interactive)
fi
# Xen gives dom0 at most as many vCPUs as there are CPUs; at least two
# CPUs so that the hypervisor itself always runs SMP.
exec "$top/scripts/qemu.sh" --hv "$hv" --smp $((vcpus > 2 ? vcpus : 2)) \
	--mem "$QEMU_MEM" --append "$HV_ARGS dom0_max_vcpus=$vcpus" \
	--module "$vmlinuz $args" --module "$initrd" "${mode[@]}" "$@"
