NAME := fpu_ctxt
CATEGORY := functional
ENVS := pv64
APPEND := dom0_max_vcpus=4
