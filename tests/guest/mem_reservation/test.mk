NAME := mem_reservation
CATEGORY := functional
ENVS := pv64
