NAME := mmu_tlb_smp
CATEGORY := functional
ENVS := pv64
# Two vCPUs on two physical CPUs: a remote flush must reach the other one.
APPEND := dom0_max_vcpus=2
SMP := 2
