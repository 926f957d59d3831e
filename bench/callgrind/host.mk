# Host programs whose instructions bench/run counts with callgrind, built
# from other trees' sources into build/bench/host/ (never touching them).
TOP ?= $(abspath ../..)
H := $(TOP)/build/bench/host
CC := gcc
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/lib

XZ_SRCS := $(wildcard $(TOP)/lib/xz/*.c) $(TOP)/lib/bzimage/bzimage.c

.PHONY: all
all: $(H)/xz_kernel

$(H)/xz_kernel: callgrind/xz_kernel.c $(XZ_SRCS) $(wildcard $(TOP)/lib/xz/*.h)
	@mkdir -p $(H)
	$(CC) $(CFLAGS) -o $@ callgrind/xz_kernel.c $(XZ_SRCS)

# xenstored's daemon modules with the unit tests' in-memory connections.
XS_SRCS := $(addprefix $(TOP)/tools/xenstored/,tree.c perms.c quota.c \
	store.c transaction.c watch.c wire.c conn.c ring.c domain.c ops.c \
	dump.c) $(TOP)/tests/unit/test_xs_harness.c
XS_CFLAGS := -std=gnu11 -O2 -g -Wall -Werror -I$(TOP)/include -I$(TOP)/tools/xenstored

all: $(H)/xs_script

$(H)/xs_script: callgrind/xs_script.c $(XS_SRCS) \
		$(wildcard $(TOP)/tools/xenstored/*.h)
	@mkdir -p $(H)
	$(CC) $(XS_CFLAGS) -o $@ callgrind/xs_script.c $(XS_SRCS)
