NAME := gnttab_batch
CATEGORY := functional
ENVS := pv64
