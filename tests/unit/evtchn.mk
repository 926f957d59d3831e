# Event channels (hypervisor/common/event/): ports, 2-level and FIFO ABIs,
# VIRQs, against a pretend hypervisor (tests/unit/evtchn_env.c).
EVTCHN_SRCS := hypervisor/common/event/evtchn.c \
	hypervisor/common/event/evtchn_2l.c \
	hypervisor/common/event/evtchn_fifo.c \
	hypervisor/common/event/virq.c \
	tests/unit/evtchn_env.c tests/unit/host/lib.c

UNIT_TESTS += evtchn evtchn_audit
evtchn_SRCS := tests/unit/test_evtchn.c $(EVTCHN_SRCS)
evtchn_audit_SRCS := tests/unit/test_evtchn_audit.c $(EVTCHN_SRCS)
evtchn_audit_CFLAGS := -I$(TOP)/hypervisor/common/event

# The same core on two threads (real concurrency), with thread-safe locks.
UNIT_TESTS += evtchn_mt
evtchn_mt_SRCS := tests/unit/test_evtchn_mt.c \
	hypervisor/common/event/evtchn.c hypervisor/common/event/evtchn_2l.c \
	hypervisor/common/event/evtchn_fifo.c hypervisor/common/event/virq.c \
	tests/unit/evtchn_env.c tests/unit/evtchn_mt_host.c
evtchn_mt_CFLAGS := -pthread -I$(TOP)/hypervisor/common/event
