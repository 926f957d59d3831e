NAME := hvm_param_pv
CATEGORY := functional
ENVS := pv64
# On Xenolith the same kernel also runs as boot-time domain 1, whose
# XenStore and console rings dom0 checks (HVMOP_get_param, their unbound
# ports, their grants); Xen 4.17 has no domain 1 and runs the negative
# checks only.
DOMU_xenolith := hvm_param_pv.elf domU
REQUIRE_xenolith := domain 1: store pfn [0-9]+ port [0-9]+, console pfn [0-9]+ port [0-9]+, both granted to dom0
