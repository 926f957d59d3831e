#!/usr/bin/env bash
# make run: boot Xenolith in QEMU with the serial console on the terminal
# (Ctrl-A X quits QEMU).
#
#   scripts/run.sh [--guest linux|hello] [--vcpus N]
#
# linux (the default): Debian's Linux 6.1 as PV dom0 with N vCPUs
# (default 2) and our initramfs, to a shell on hvc0 (fetched and built on
# first use by tests/system/boot-dom0.sh; docs/linux-dom0.md).  Type
# 'poweroff -f' to end it; Ctrl-A three times (Ctrl-A Ctrl-A under QEMU's
# mux, so six presses) switches input to Xenolith's debug keys and back.
# hello: the small PV test guest (build/guest/hello.elf), no Linux needed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
guest=linux vcpus=2
while [ $# -gt 0 ]; do
	case "$1" in
	--guest) guest=$2; shift 2 ;;
	--vcpus) vcpus=$2; shift 2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

case "$guest" in
linux)
	exec "$top/tests/system/boot-dom0.sh" --hv xenolith --vcpus "$vcpus" ;;
hello)
	args=(--hv xenolith --smp "${SMP:-2}" --mem "${MEM:-1G}" --interactive)
	if [ -f "$top/build/guest/hello.elf" ]; then
		args+=(--module "$top/build/guest/hello.elf")
	fi
	exec "$top/scripts/qemu.sh" "${args[@]}" ;;
*)
	echo "run.sh: --guest linux or hello" >&2; exit 2 ;;
esac
