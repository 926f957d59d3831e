# The credit scheduler (hypervisor/common/sched/) on a simulated machine
# with a simulated clock: fairness, caps, BOOST, affinity, stealing,
# idle, the domctl parameters and the 'r' dump.
UNIT_TESTS += sched
sched_SRCS := tests/unit/test_sched.c tests/unit/sched_sim.c \
	hypervisor/common/sched/credit.c \
	hypervisor/common/sched/credit_acct.c \
	hypervisor/common/sched/credit_ctl.c \
	hypervisor/common/sched/sched_rr.c \
	hypervisor/common/sched/select.c \
	hypervisor/common/sched/dump.c \
	hypervisor/common/sched/adjust.c \
	tests/unit/host/lib.c
sched_CFLAGS := -I$(TOP)/hypervisor/common/sched
