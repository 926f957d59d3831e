NAME := xenpmu_op
CATEGORY := functional
ENVS := pv64
