NAME := failsafe
CATEGORY := functional
ENVS := pv64
# A second vCPU to switch to: the failsafe path runs on a context switch.
APPEND := dom0_max_vcpus=2
