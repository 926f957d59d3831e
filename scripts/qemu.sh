#!/usr/bin/env bash
# Boot a hypervisor (Xenolith or Debian's Xen 4.17) with modules in QEMU TCG.
# The same invocation serves both, so differential tests compare like with
# like.  The serial console goes to stdout (and to --log FILE if given).
#
#   scripts/qemu.sh [options] [-- extra qemu args]
#     --hv xenolith|xen|native
#                           which hypervisor (default xenolith); native boots
#                           --kernel directly, with --append as its command
#                           line (for native baselines in bench/)
#     --kernel FILE         the image to boot instead of the hypervisor's
#     --smp N               CPUs (default 1)
#     --mem SIZE            RAM, QEMU syntax (default 512M)
#     --append "ARGS"       extra hypervisor command-line arguments
#     --module "FILE ARGS"  a multiboot module with its command line
#                           (repeat; the first is dom0's kernel)
#     --until REGEX         stop QEMU once the serial output matches REGEX
#     --timeout SECONDS     safety net only (default 120); exit code 124
#     --icount              deterministic instruction counting (the RTC
#                           then follows virtual time too)
#     --log FILE            also keep the serial output in FILE
#     --interactive         serial console on the terminal (make run)
#
# Exit status: QEMU's (isa-debug-exit at port 0xf4 gives (value<<1)|1),
# 0 when --until matched, 124 on timeout.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
hv=xenolith kernel="" smp=1 mem=512M append="" until="" timeout=120 icount="" log=""
interactive="" modules=() extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--hv) hv=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--module) modules+=("$2"); shift 2 ;;
	--until) until=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--log) log=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--) shift; extra=("$@"); break ;;
	*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

case "$hv" in
xenolith) kernel=${kernel:-$top/build/xenolith.elf} ;;
xen) kernel=${kernel:-$top/cache/xen-4.17.elf} ;;
native) [ -n "$kernel" ] || { echo "qemu.sh: native needs --kernel" >&2; exit 2; } ;;
*) echo "qemu.sh: unknown hypervisor $hv" >&2; exit 2 ;;
esac
[ -f "$kernel" ] || { echo "qemu.sh: $kernel missing (make / make deps)" >&2; exit 2; }

# One command line for both: Xen's syntax.  smap=hvm keeps Xen 4.17 from
# tripping over -cpu max; Xenolith accepts and ignores it.
cmdline="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all smap=hvm$append"
[ "$hv" = native ] && cmdline="${append# }"

cpu=max
if [ -n "$icount" ]; then
	cpu=max,-x2apic  # x2APIC timer reads abort QEMU under icount
	# Without clock=vm a guest that waits on the RTC (Xen's boot does)
	# takes a different path on every run.
	extra+=(-icount shift=0,sleep=off -rtc clock=vm)
fi

# -initrd takes "file args,file args"; a comma inside args is doubled.
initrd=""
for m in "${modules[@]}"; do
	m=${m//,/,,}
	initrd="${initrd:+$initrd,}$m"
done

args=(-accel tcg -cpu "$cpu" -smp "$smp" -m "$mem" -display none
	-no-reboot -kernel "$kernel" -append "$cmdline"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)
[ -n "$initrd" ] && args+=(-initrd "$initrd")

if [ -n "$interactive" ]; then
	exec qemu-system-x86_64 "${args[@]}" -serial mon:stdio "${extra[@]}"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
serial=$tmp/serial
: >"$serial"
qemu-system-x86_64 "${args[@]}" -monitor none -serial "file:$serial" \
	"${extra[@]}" </dev/null >"$tmp/qemu.out" 2>&1 &
qpid=$!
tail -n +1 -f "$serial" --pid=$qpid &
tpid=$!

rc=""
deadline=$((SECONDS + timeout))
while kill -0 $qpid 2>/dev/null; do
	if [ -n "$until" ] && grep -Eq "$until" "$serial"; then
		sleep 0.2  # let the rest of the line arrive
		kill $qpid 2>/dev/null
		wait $qpid 2>/dev/null
		rc=0
		break
	fi
	if [ $SECONDS -ge $deadline ]; then
		kill $qpid 2>/dev/null
		wait $qpid 2>/dev/null
		echo "qemu.sh: timeout after ${timeout}s" >&2
		rc=124
		break
	fi
	sleep 0.1
done
if [ -z "$rc" ]; then
	wait $qpid
	rc=$?
	[ -n "$until" ] && grep -Eq "$until" "$serial" && rc=0
fi
sleep 0.2
kill $tpid 2>/dev/null
wait $tpid 2>/dev/null
[ -s "$tmp/qemu.out" ] && sed 's/^/qemu: /' "$tmp/qemu.out" >&2
[ -n "$log" ] && cp "$serial" "$log"
exit $rc
