NAME := mmu_tlb_stale
CATEGORY := functional
ENVS := pv64
