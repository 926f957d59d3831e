NAME := mmu_pin_dying
CATEGORY := functional
ENVS := pv64
# The pin was really continued (and then abandoned by the dying domain).
END_xenolith := hypercall continuations: [1-9]
