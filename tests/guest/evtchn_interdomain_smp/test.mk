NAME := evtchn_interdomain_smp
CATEGORY := functional
ENVS := pv64
# Two physical CPUs; on Xenolith domain 1 is pinned to CPU 1 and dom0 may
# run on either (xenolith_sched_smp), so the events cross CPUs (issue 5).
# Xen 4.17 runs the loopback variant and ignores the Xenolith option.
SMP := 2
APPEND := xenolith_sched_smp
DOMU_xenolith := evtchn_interdomain_smp.elf domU cpus=1
REQUIRE_xenolith := \(d1\) 20000 round trips in [0-9]+ ms, 0 lost
TIMEOUT := 600
