NAME := vcpu_op
CATEGORY := functional
ENVS := pv64
