NAME := gnttab_batch
CATEGORY := functional
ENVS := pv64
APPEND := xenolith_gnttab_audit
