NAME := start_info
CATEGORY := functional
ENVS := pv64
