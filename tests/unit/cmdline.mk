# Command-line parser (Xen syntax), explicit tables and section registration.
UNIT_TESTS += cmdline
cmdline_SRCS := tests/unit/test_cmdline.c hypervisor/common/boot/cmdline.c \
	tests/unit/host/lib.c
