# The console ring (hypervisor/common/conring.c): wrap-around, readers
# that fall behind, clear.
UNIT_TESTS += conring
conring_SRCS := tests/unit/test_conring.c hypervisor/common/conring.c \
	tests/unit/host/lib.c
