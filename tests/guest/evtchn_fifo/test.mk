NAME := evtchn_fifo
CATEGORY := functional
ENVS := pv64
