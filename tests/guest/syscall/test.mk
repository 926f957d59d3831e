NAME := syscall
CATEGORY := functional
ENVS := pv64
