NAME := mmu_pin
CATEGORY := functional
ENVS := pv64
