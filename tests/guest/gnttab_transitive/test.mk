NAME := gnttab_transitive
CATEGORY := functional
ENVS := pv64
APPEND := xenolith_gnttab_audit
# On Xenolith the same kernel also runs as domain 1, which re-grants
# dom0's grants back to it: copies through v2 transitive grants (issue 6).
# Xen 4.17 (one domain) and Xenolith alike run the refusals.
DOMU_xenolith := gnttab_transitive.elf domU
REQUIRE_xenolith := transitive: 6 copies through domain 1, 0 bad
