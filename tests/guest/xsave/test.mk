NAME := xsave
CATEGORY := functional
ENVS := pv64
# Two vCPUs on one physical CPU: their AVX registers must survive each
# other (the context switch saves and restores them with XSAVE/XRSTOR).
APPEND := dom0_max_vcpus=2
