NAME := console_ring
CATEGORY := functional
ENVS := pv64
