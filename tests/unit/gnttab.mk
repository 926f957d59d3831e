# Grant tables (hypervisor/common/grant/): entry pins v1/v2 and maptrack
# handles, with the auditors after every step of random runs.
UNIT_TESTS += gnttab
gnttab_SRCS := tests/unit/test_gnttab.c \
	hypervisor/common/grant/grant_entry.c \
	hypervisor/common/grant/maptrack.c tests/unit/host/lib.c

# Whole tables (gnttab.c) on the real heaps over fake RAM.
UNIT_TESTS += gnttab_table
gnttab_table_SRCS := tests/unit/test_gnttab_table.c \
	hypervisor/common/grant/gnttab.c \
	hypervisor/common/grant/grant_entry.c \
	hypervisor/common/grant/maptrack.c \
	hypervisor/common/mm/boot_alloc.c hypervisor/common/mm/frame.c \
	hypervisor/common/mm/page_alloc.c hypervisor/common/mm/heap_init.c \
	hypervisor/common/mm/heap_audit.c hypervisor/common/mm/page_ref.c \
	hypervisor/common/boot/cmdline.c \
	tests/unit/host/lib.c tests/unit/host/fake_ram.c
gnttab_table_CFLAGS := -I$(TOP)/hypervisor/arch/x86/include
