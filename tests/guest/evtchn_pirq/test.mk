NAME := evtchn_pirq
CATEGORY := functional
ENVS := pv64
