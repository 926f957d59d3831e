NAME := physdev_apic
CATEGORY := functional
ENVS := pv64
