NAME := memory_op
CATEGORY := functional
ENVS := pv64
