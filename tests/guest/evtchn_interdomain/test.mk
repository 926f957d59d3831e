NAME := evtchn_interdomain
CATEGORY := functional
ENVS := pv64
# On Xenolith the same kernel also runs as domain 1: a million round trips
# between two domains (issue 5); Xen 4.17 runs the loopback variant.
DOMU_xenolith := evtchn_interdomain.elf domU
REQUIRE_xenolith := \(d1\) 1000000 round trips in [0-9]+ ms, 0 lost
TIMEOUT := 900
