NAME := hostile
CATEGORY := hostile
ENVS := pv64
