NAME := cpuid
CATEGORY := functional
ENVS := pv64
