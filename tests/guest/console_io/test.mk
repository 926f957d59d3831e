NAME := console_io
CATEGORY := functional
ENVS := pv64
