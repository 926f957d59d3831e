NAME := hypercall_abi
CATEGORY := functional
ENVS := pv64
