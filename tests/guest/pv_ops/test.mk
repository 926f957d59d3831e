NAME := pv_ops
CATEGORY := hostile
ENVS := pv64
