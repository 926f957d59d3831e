# xenstored's shared-page ring transport and domain table, over memory.
# XS_DAEMON_SRCS is defined in xs_store.mk (hence "=" below).
UNIT_TESTS += xs_ring
xs_ring_SRCS = tests/unit/test_xs_ring.c $(XS_DAEMON_SRCS)
xs_ring_CFLAGS := -I$(TOP)/tools/xenstored
