NAME := traps_user
CATEGORY := functional
ENVS := pv64
