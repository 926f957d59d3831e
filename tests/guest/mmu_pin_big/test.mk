NAME := mmu_pin_big
CATEGORY := functional
ENVS := pv64
# The pins and the base-pointer switches were really continued.
END_xenolith := hypercall continuations: [1-9]
