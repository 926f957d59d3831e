NAME := traps_kernel
CATEGORY := functional
ENVS := pv64
