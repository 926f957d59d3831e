#!/usr/bin/env bash
# make run: boot Xenolith with its default guests, serial console on the
# terminal (Ctrl-A X quits QEMU).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
args=(--hv xenolith --smp "${SMP:-2}" --mem "${MEM:-1G}" --interactive)
if [ -f "$top/build/guest/hello.elf" ]; then
	args+=(--module "$top/build/guest/hello.elf")
fi
exec "$top/scripts/qemu.sh" "${args[@]}"
