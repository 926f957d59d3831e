NAME := evtchn_timer
CATEGORY := functional
ENVS := pv64
