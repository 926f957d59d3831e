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
