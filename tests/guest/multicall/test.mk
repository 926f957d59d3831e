NAME := multicall
CATEGORY := functional
ENVS := pv64
