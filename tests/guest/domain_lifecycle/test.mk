NAME := domain_lifecycle
CATEGORY := functional
ENVS := pv64
# On Xenolith the same kernel also runs as domain 1: dom0 lists, pauses,
# unpauses and destroys it while it maps one of its grants and holds an
# interdomain channel to it; every page comes back.  Xen 4.17 (no
# boot-time domUs) runs the single-domain part.
DOMU_xenolith := domain_lifecycle.elf domU mem=16M
REQUIRE_xenolith := d1 reaped: [0-9]+ xenheap pages back, heap audit ok
TIMEOUT := 300
