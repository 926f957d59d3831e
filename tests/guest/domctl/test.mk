NAME := domctl
CATEGORY := functional
ENVS := pv64
