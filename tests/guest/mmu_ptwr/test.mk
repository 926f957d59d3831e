NAME := mmu_ptwr
CATEGORY := functional
ENVS := pv64
