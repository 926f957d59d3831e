NAME := gnttab_ring
CATEGORY := functional
ENVS := pv64
# On Xenolith the same kernel also runs as domain 1 (the frontend): 1 GiB
# through grants between two domains, checksummed (issue 6); Xen 4.17 runs
# the loopback variant.
DOMU_xenolith := gnttab_ring.elf domU mem=64M
REQUIRE_xenolith := 262144 pages \(1024 MiB\) in [0-9]+ ms: [0-9]+ peeks, 0 bad sums, 0 copy errors, 0 bad responses
TIMEOUT := 300
