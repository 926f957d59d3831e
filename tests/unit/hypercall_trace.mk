# The hypercall trace mode (hypervisor/common/hypercall/trace.c): counts
# by number, sub-op and batch element, and the printed table.
UNIT_TESTS += hypercall_trace
hypercall_trace_SRCS := tests/unit/test_hypercall_trace.c \
	hypervisor/common/hypercall/trace.c \
	tests/unit/host/lib.c
hypercall_trace_CFLAGS := -Wno-unused-parameter \
	-I$(TOP)/hypervisor/arch/x86/include
