NAME := evtchn_interdomain
CATEGORY := functional
ENVS := pv64
