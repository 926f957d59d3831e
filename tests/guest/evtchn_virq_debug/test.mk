NAME := evtchn_virq_debug
CATEGORY := functional
ENVS := pv64
APPEND := dom0_max_vcpus=2
