NAME := hello
CATEGORY := functional
ENVS := pv64
