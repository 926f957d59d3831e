NAME := desc_tables
CATEGORY := functional
ENVS := pv64
