NAME := gnttab_ring
CATEGORY := functional
ENVS := pv64
