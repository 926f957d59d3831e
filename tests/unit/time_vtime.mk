# Guest time arithmetic (hypervisor/common/cpu/vtime.c): the PV clock's
# TSC scale and snapshot protocol, runstate accounting, periodic ticks.
UNIT_TESTS += vtime
vtime_SRCS := tests/unit/test_vtime.c hypervisor/common/cpu/vtime.c \
	tests/unit/host/lib.c
