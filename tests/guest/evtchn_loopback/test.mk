NAME := evtchn_loopback
CATEGORY := functional
ENVS := pv64
