NAME := mmu_hostile
CATEGORY := functional
ENVS := pv64
