NAME := sched_domctl
CATEGORY := functional
ENVS := pv64
# Both hypervisors run credit1 (Xen 4.17's default is credit2) on two
# CPUs: dom0 sets its own weight, cap and affinity, and the errors.  On
# Xenolith the same kernel also runs as domain 1, and dom0 moves it
# between the CPUs by affinity and sets its weight and cap.
APPEND := sched=credit dom0_max_vcpus=1
SMP := 2
DOMU_xenolith := sched_domctl.elf domU mem=16M
REQUIRE_xenolith := d1: weight 512 cap 30, ran on CPU 1 then CPU 0
