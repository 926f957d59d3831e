NAME := linux_cpu
CATEGORY := functional
ENVS := pv64
