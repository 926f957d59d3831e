# VIRQ_ENOMEM's thresholds (hypervisor/common/mm/low_mem.c): Xen 4.17's
# boot value, the drop after each VIRQ, the rise when memory comes back.
UNIT_TESTS += low_mem
low_mem_SRCS := tests/unit/test_low_mem.c hypervisor/common/mm/low_mem.c \
	tests/unit/host/lib.c
low_mem_CFLAGS := -I$(TOP)/hypervisor/common/mm
