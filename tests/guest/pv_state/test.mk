NAME := pv_state
CATEGORY := functional
ENVS := pv64
