NAME := virq_enomem
CATEGORY := functional
ENVS := pv64
TIMEOUT := 300
