# Memory manager: boot allocator, frame table, buddy heaps (host, fake RAM).
MM_SRCS := hypervisor/common/mm/boot_alloc.c hypervisor/common/mm/frame.c \
	hypervisor/common/mm/page_alloc.c hypervisor/common/mm/heap_init.c \
	hypervisor/common/mm/heap_audit.c hypervisor/common/mm/page_ref.c \
	hypervisor/common/boot/cmdline.c \
	tests/unit/host/lib.c tests/unit/host/fake_ram.c

UNIT_TESTS += mm_boot mm_heap
mm_boot_SRCS := tests/unit/test_mm_boot.c $(MM_SRCS)
mm_boot_CFLAGS := -I$(TOP)/hypervisor/common/mm
mm_heap_SRCS := tests/unit/test_mm_heap.c $(MM_SRCS)
mm_heap_CFLAGS := -I$(TOP)/hypervisor/common/mm
