# Grant tables (hypervisor/common/grant/): entry pins v1/v2 and maptrack
# handles, with the auditors after every step of random runs.
UNIT_TESTS += gnttab
gnttab_SRCS := tests/unit/test_gnttab.c \
	hypervisor/common/grant/grant_entry.c \
	hypervisor/common/grant/maptrack.c tests/unit/host/lib.c
