NAME := sched_hog
CATEGORY := functional
ENVS := pv64
