NAME := mmu_pin_big
CATEGORY := functional
ENVS := pv64
