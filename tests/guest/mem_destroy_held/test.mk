NAME := mem_destroy_held
CATEGORY := functional
ENVS := pv64
