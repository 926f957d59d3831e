# Per-CPU timer queues (hypervisor/common/cpu/timer.c) against a fake
# clock, a fake hardware timer and a captured TIMER_SOFTIRQ handler.
UNIT_TESTS += timer
timer_SRCS := tests/unit/test_timer.c hypervisor/common/cpu/timer.c \
	tests/unit/host/lib.c
