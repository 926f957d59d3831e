NAME := mmu_batch_preempt
CATEGORY := functional
ENVS := pv64
# The proof on Xenolith that the batches really were continued.
END_xenolith := hypercall continuations: [1-9]
TIMEOUT := 180
# Room for a 192 MiB reservation batch (the later dom0_mem wins).
APPEND := dom0_mem=256M
