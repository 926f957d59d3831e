# The arch-neutral hypercall layer (hypervisor/common/hypercall/): the
# table and dispatcher, multicall bookkeeping, xen_version, console_io,
# sched_op and the guest_err rate limit, against fake guest memory.
UNIT_TESTS += hypercall
hypercall_SRCS := tests/unit/test_hypercall.c \
	hypervisor/common/hypercall/table.c \
	hypervisor/common/hypercall/multicall.c \
	hypervisor/common/hypercall/version.c \
	hypervisor/common/hypercall/console_io.c \
	hypervisor/common/hypercall/guest_err.c \
	hypervisor/common/hypercall/vm_assist.c \
	hypervisor/common/hypercall/memory_op.c \
	hypervisor/common/hypercall/vcpu_op.c \
	tests/unit/host/lib.c
hypercall_CFLAGS := -Wno-unused-parameter -I$(TOP)/hypervisor/arch/x86/include \
	-DXENOLITH_VERSION='"test"' -DTOP_DIR='"$(TOP)"'
