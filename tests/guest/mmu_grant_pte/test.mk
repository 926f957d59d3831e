NAME := mmu_grant_pte
CATEGORY := functional
ENVS := pv64
# Xenolith: relinquishing the domain at the end stops after every batch of
# frames, as if preempted; the memory check must still come out right.
APPEND := xenolith_relmem_preempt
