NAME := gnttab_self
CATEGORY := functional
ENVS := pv64
APPEND := xenolith_gnttab_audit
