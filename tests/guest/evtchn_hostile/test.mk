NAME := evtchn_hostile
CATEGORY := functional
ENVS := pv64
