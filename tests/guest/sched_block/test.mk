NAME := sched_block
CATEGORY := functional
ENVS := pv64
