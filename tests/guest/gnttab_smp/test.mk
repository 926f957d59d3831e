NAME := gnttab_smp
CATEGORY := functional
ENVS := pv64
APPEND := dom0_max_vcpus=2
