#!/usr/bin/env bash
# Debian's Linux as a boot-time PV domU beside Linux dom0, on Xenolith
# only (Xen 4.17 has no boot-time domUs on x86).  The same vmlinuz boots
# as dom0 (initramfs --domu, /etc/systest-domu) and as domain 1
# (mem=256M, initramfs --guest, /init = initramfs/domu-init, console on
# hvc0, which dom0's domud relays).  Prints one PASS/FAIL line per check:
#
#   system/domu-boot            dom0 reached /init
#   system/domu-<check>         dom0's and the domU's checks (systest-domu)
#   system/domu-shutdown        the domU's poweroff reached the hypervisor
#                               ("Domain 1 shutdown: reason 0")
#
#   tests/system/boot-domu.sh [qemu.sh options]
#
# DOMU_EXTRA adds to the domU's kernel command line (earlyprintk=xen shows
# its boot through console_io, prefixed "(d1) ").
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=$top/build/system
mkdir -p "$out"
log=$out/xenolith-domu.log
. initramfs/dom0.conf

checks="domu-xenstored domu-param domu-param-dom0 domu-introduce
	domu-console domu-sysfs domu-xenstore-read domu-domid
	domu-xenstore-write domu-store-shared"

echo "INFO system/domu: Xenolith only (Xen 4.17 has no boot-time domUs on x86)"
vmlinuz=$(scripts/fetch-linux.sh | tail -n1) &&
	dom0_rd=$(scripts/mkinitramfs.sh --domu | tail -n1) &&
	domu_rd=$(scripts/mkinitramfs.sh --guest | tail -n1) || {
	echo "FAIL system/domu-setup: building the images failed"
	exit 1
}
rm -f "$log"
scripts/qemu.sh --hv xenolith --smp 2 --mem 1G --append "$HV_ARGS" \
	--module "$vmlinuz $DOM0_ARGS xenolith.domu=1" --module "$dom0_rd" \
	--module "$vmlinuz domU mem=256M -- console=hvc0 ${DOMU_EXTRA:-}" \
	--module "$domu_rd initrd" \
	--until 'SYSTEST DONE|Kernel panic|\(XEN\) \*\*\*\*|Panic on CPU' \
	--timeout 600 --log "$log" "$@" >/dev/null 2>&1

why() {
	local l
	[ -f "$log" ] || { echo "no log $log"; return; }
	l=$(tr -d '\r' <"$log" | grep -aE 'Kernel panic|\(XEN\) \*\*\*\*|Panic|BUG' |
		head -n1)
	[ -n "$l" ] && { echo "$l"; return; }
	echo "stopped or timed out; log $log"
}
if grep -aq 'XENOLITH-INITRAMFS up' "$log" 2>/dev/null; then
	echo "PASS system/domu-boot"
else
	echo "FAIL system/domu-boot: $(why)"
fi
for c in $checks; do
	line=$(tr -d '\r' <"$log" 2>/dev/null |
		grep -aE "^SYSTEST (PASS|FAIL) system/$c(:|$)" | head -n1)
	case "$line" in
	"SYSTEST PASS "*) echo "PASS system/$c" ;;
	"SYSTEST FAIL "*) echo "FAIL system/$c:${line#*:}" ;;
	*) echo "FAIL system/$c: not reached ($(why))" ;;
	esac
done
# The poweroff must be the one after the domU's checks (domu-init powers
# off after DOMUTEST DONE), not an early death (Linux halting in early
# boot is a VCPUOP_down of its last vCPU: also reason 0).  Dom0 copies the
# domU's output to the console after DONE, so the two lines' order in
# the log says nothing.
if grep -aq 'DOMUTEST DONE' "$log" 2>/dev/null &&
	grep -aq 'Domain 1 shutdown: reason 0' "$log"; then
	echo "PASS system/domu-shutdown"
else
	echo "FAIL system/domu-shutdown: no 'Domain 1 shutdown: reason 0'" \
		"after DOMUTEST DONE ($(why))"
fi
