NAME := gnttab_self
CATEGORY := functional
ENVS := pv64
