NAME := ring_destroy
CATEGORY := functional
ENVS := pv64
# Issue 6's teardown scenario on Xenolith: a producer domain 1 is
# destroyed in the middle of a grant ring transfer while dom0 maps its
# ring and one data page; every page comes back.  CI moves 32 MiB first
# (the full run, "-- full" on dom0's line, 1 GiB).  Xen 4.17 has no
# boot-time domUs: there it checks only that it is alone.
DOMU_xenolith := ring_destroy.elf domU mem=32M
REQUIRE_xenolith := destroyed mid-transfer after [0-9]+ MiB.*0 bad sums
TIMEOUT := 300
