NAME := debugreg
CATEGORY := functional
ENVS := pv64
# A second vCPU shares the one physical CPU: vCPU 0's breakpoints must
# follow it across the switches and never fire for vCPU 1.
APPEND := dom0_max_vcpus=2
