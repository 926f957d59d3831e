# PV page types, entry updates, descriptors and the pt_audit() auditor
# (hypervisor/arch/x86/mm/), on fake RAM with the real memory manager.
PT_SRCS := hypervisor/arch/x86/mm/page_type.c \
	hypervisor/arch/x86/mm/pt_update.c hypervisor/arch/x86/mm/pt_audit.c \
	hypervisor/arch/x86/mm/desc_check.c \
	hypervisor/arch/x86/mm/pt_prevalidate.c \
	hypervisor/common/mm/boot_alloc.c hypervisor/common/mm/frame.c \
	hypervisor/common/mm/page_alloc.c hypervisor/common/mm/heap_init.c \
	hypervisor/common/mm/heap_audit.c hypervisor/common/mm/page_ref.c \
	hypervisor/common/boot/cmdline.c \
	tests/unit/host/lib.c tests/unit/host/fake_ram.c

UNIT_TESTS += pagetype
pagetype_SRCS := tests/unit/test_pagetype.c tests/unit/pt_harness.c $(PT_SRCS)
pagetype_CFLAGS := -I$(TOP)/hypervisor/arch/x86/include
