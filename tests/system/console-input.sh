#!/usr/bin/env bash
# Console input: type at the serial console of a Linux dom0 booted to its
# interactive shell, as a newcomer does after `make run`, and read the
# answers.  The same on Xen 4.17 and Xenolith.
#
#   tests/system/console-input.sh HV VCPUS LOG
#
# Serial input goes to dom0 after boot; Linux's hvc0 reads it with
# CONSOLEIO_read when VIRQ_CONSOLE says there is some.  Checks, one
# PASS/FAIL line each, tagged [HV,Nvcpu]:
#
#   console-input  a typed command runs: "echo CI-$((6*7))" prints CI-42
#                  (the echoed line itself says $((6*7)), so only the
#                  shell's answer matches);
#   console-switch Ctrl-A three times gives input to the hypervisor
#                  ("*** Serial input to Xen"), three more give it back
#                  ("*** Serial input to DOM0"), and the shell still
#                  answers.  QEMU's stdio mux takes Ctrl-A itself, so each
#                  Ctrl-A for the hypervisor is sent as Ctrl-A Ctrl-A.
#
# QEMU's stdin is a FIFO we write to; lines end in \r as a terminal's do.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
hv=$1 vcpus=$2 log=$3
tag="$hv,${vcpus}vcpu"
fifo=$(mktemp -u)
mkfifo "$fifo"
trap 'rm -f "$fifo"' EXIT

# On Xenolith through scripts/run.sh, which is what `make run` runs.
if [ "$hv" = xenolith ]; then
	boot=("$top/scripts/run.sh" --guest linux --vcpus "$vcpus")
else
	boot=("$top/tests/system/boot-dom0.sh" --hv "$hv" --vcpus "$vcpus")
fi
"${boot[@]}" <"$fifo" >"$log" 2>&1 &
qpid=$!
exec 3>"$fifo"

# wait_for REGEX SECONDS: true once the log matches.
wait_for() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		tr -d '\r' <"$log" | grep -aEq "$1" && return 0
		kill -0 $qpid 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# ask LINE REGEX: type LINE until the answer matches (the first line may
# arrive before the shell reads its terminal), at most 60 s.
ask() {
	local i
	for i in $(seq 20); do
		printf '%s\r' "$1" >&3
		wait_for "$2" 3 && return 0
	done
	return 1
}

result() {	# result CHECK OK REASON
	if [ "$2" = 0 ]; then
		echo "PASS system/$1[$tag]"
	else
		echo "FAIL system/$1[$tag]: $3"
	fi
}

if wait_for "Xenolith dom0 shell" 300; then
	ask 'echo CI-$((6*7))' '^CI-42$'
	result console-input $? "no answer to a typed command (log $log)"
	ok=1
	printf '\001\001\001\001\001\001' >&3
	if wait_for 'Serial input to Xen' 10; then
		printf '\001\001\001\001\001\001' >&3
		wait_for 'Serial input to DOM0' 10 &&
			ask 'echo CS-$((6*8))' '^CS-48$' && ok=0
	fi
	result console-switch $ok "Ctrl-A x3 did not switch input and back"
else
	for c in console-input console-switch; do
		result $c 1 "the shell never started (log $log)"
	done
fi
printf 'poweroff -f\r' >&3
for i in $(seq 60); do
	kill -0 $qpid 2>/dev/null || break
	sleep 0.5
done
kill $qpid 2>/dev/null
exec 3>&-
wait $qpid 2>/dev/null
exit 0
