NAME := evtchn_vcpu_info
CATEGORY := functional
ENVS := pv64
