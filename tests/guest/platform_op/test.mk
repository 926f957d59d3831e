NAME := platform_op
CATEGORY := functional
ENVS := pv64
