NAME := vcpu_iopl
CATEGORY := functional
ENVS := pv64
# vCPU 1 starts at IOPL 1, vCPU 2 at IOPL 0.
APPEND := dom0_max_vcpus=3
