NAME := mmu_batch_preempt
CATEGORY := functional
ENVS := pv64
# The proof on Xenolith that the batches really were continued.
END_xenolith := hypercall continuations: [1-9]
TIMEOUT := 180
