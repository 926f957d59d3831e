NAME := iret_fault
CATEGORY := functional
ENVS := pv64
