# xenstored's store, permissions, transactions, watches, quotas, domain
# messages and dump/reload, through the real dispatch code.
XS_DAEMON_SRCS := tools/xenstored/tree.c tools/xenstored/perms.c \
	tools/xenstored/quota.c tools/xenstored/store.c \
	tools/xenstored/transaction.c tools/xenstored/watch.c \
	tools/xenstored/wire.c tools/xenstored/conn.c tools/xenstored/ring.c \
	tools/xenstored/domain.c tools/xenstored/ops.c tools/xenstored/dump.c \
	tests/unit/test_xs_harness.c
UNIT_TESTS += xs_store
xs_store_SRCS = tests/unit/test_xs_store.c $(XS_DAEMON_SRCS)
xs_store_CFLAGS := -I$(TOP)/tools/xenstored
