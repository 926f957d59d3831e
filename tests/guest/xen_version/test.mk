NAME := xen_version
CATEGORY := functional
ENVS := pv64
