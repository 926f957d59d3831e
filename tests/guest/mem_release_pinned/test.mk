NAME := mem_release_pinned
CATEGORY := functional
ENVS := pv64
