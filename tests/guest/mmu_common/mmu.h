/*
 * Helpers shared by the memory-virtualization guest tests (mmu_*,
 * desc_tables, reservation).  Not a test itself (no test.mk); each test
 * includes it as "../mmu_common/mmu.h".
 *
 * Spare frames: the builder maps only the start of our memory; every
 * pfn past the initial mapping has a machine frame (start_info's P2M)
 * that nothing maps, so it can become a page table or descriptor page
 * at once.  To look inside such a frame we map it at one scratch page of
 * our image (update_va_mapping) and map the scratch page back after.
 */
#ifndef MMU_COMMON_H
#define MMU_COMMON_H

#include "guest.h"
#include <public/memory.h>

#define PTE_P	 0x001ul
#define PTE_RW	 0x002ul
#define PTE_US	 0x004ul
#define PTE_A	 0x020ul
#define PTE_D	 0x040ul
#define PTE_PCD	 0x010ul
#define PTE_PSE	 0x080ul
#define PTE_G	 0x100ul
#define PTE_NX	 (1ul << 63)
#define PTE_ADDR 0x000ffffffffff000ul
#define PT_RW	 (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define PT_RO	 (PTE_P | PTE_US | PTE_A)

static char scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned long next_free_pfn;

static inline unsigned long *p2m(void)
{
	return (unsigned long *)start_info->mfn_list;
}

static inline unsigned long m2p(unsigned long mfn)
{
	return ((const unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

/* A machine frame nothing maps (pfn past the initial mapping). */
static inline unsigned long spare_mfn(void)
{
	if (!next_free_pfn)
		next_free_pfn = (mapped_end() - VIRT_BASE) / PAGE_SIZE + 16;
	if (next_free_pfn >= start_info->nr_pages)
		test_abort("out of spare frames");
	return p2m()[next_free_pfn++];
}

static inline unsigned long pt_base_mfn(void)
{
	return virt_to_mfn((void *)start_info->pt_base);
}

static inline long mmu_update1(uint64_t ptr, uint64_t val, domid_t dom)
{
	struct mmu_update req = {.ptr = ptr, .val = val};

	return hypercall4(__HYPERVISOR_mmu_update, &req, 1, NULL, dom);
}

static inline long mmuext1(unsigned int cmd, unsigned long arg1,
			   unsigned long arg2)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = arg1;
	op.arg2.nr_ents = arg2;
	if (cmd == MMUEXT_COPY_PAGE)
		op.arg2.src_mfn = arg2;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static inline long pin(unsigned int level, unsigned long mfn)
{
	return mmuext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

static inline long unpin(unsigned long mfn)
{
	return mmuext1(MMUEXT_UNPIN_TABLE, mfn, 0);
}

/* Store val at entry slot of frame mfn through mmu_update. */
static inline long set_entry(unsigned long mfn, unsigned int slot, uint64_t val)
{
	return mmu_update1(((uint64_t)mfn << 12) + 8 * slot, val, DOMID_SELF);
}

/* Map frame mfn at the scratch page (rw or read-only). */
static inline void *map_scratch(unsigned long mfn, bool rw)
{
	long rc = hc_update_va_mapping((unsigned long)scratch,
				       (mfn << 12) | (rw ? PT_RW : PT_RO),
				       UVMF_INVLPG | UVMF_LOCAL);

	if (rc)
		test_abort("map_scratch(%#lx): %ld", mfn, rc);
	return scratch;
}

static inline void unmap_scratch(void)
{
	unsigned long pfn = ((unsigned long)scratch - VIRT_BASE) / PAGE_SIZE;

	if (hc_update_va_mapping((unsigned long)scratch,
				 (p2m()[pfn] << 12) | PT_RW,
				 UVMF_INVLPG | UVMF_LOCAL))
		test_abort("unmap_scratch failed");
}

/* Fill frame mfn (not mapped anywhere else) from buf. */
static inline void write_frame(unsigned long mfn, const void *buf)
{
	memcpy(map_scratch(mfn, true), buf, PAGE_SIZE);
	unmap_scratch();
}

static inline void read_frame(unsigned long mfn, void *buf)
{
	memcpy(buf, map_scratch(mfn, false), PAGE_SIZE);
	unmap_scratch();
}

/*
 * Fill a tree for the pinning tests: the L3 l3 over nl2 L2s (l2[]),
 * each over 512 L1s (l1[], nl2 * 512 of them), every L1 mapping frame
 * data read-only in all 512 slots.  The frames are spare and untyped;
 * one L1 image is written, then copied with MMUEXT_COPY_PAGE.  table is
 * a 512-entry buffer to build each level in.
 */
static inline void mmu_fill_tree(unsigned long l3, const unsigned long *l2,
				 const unsigned long *l1, unsigned int nl2,
				 unsigned long data, uint64_t *table)
{
	unsigned int i, j;

	for (j = 0; j < 512; j++)
		table[j] = (data << 12) | PT_RO;
	write_frame(l1[0], table);
	for (i = 1; i < nl2 * 512; i++)
		CHECK_EQ(mmuext1(MMUEXT_COPY_PAGE, l1[i], l1[0]), 0);
	for (i = 0; i < nl2; i++) {
		for (j = 0; j < 512; j++)
			table[j] = (l1[i * 512 + j] << 12) | PT_RW;
		write_frame(l2[i], table);
	}
	memset(table, 0, 512 * sizeof(*table));
	for (i = 0; i < nl2; i++)
		table[i] = (l2[i] << 12) | PT_RW;
	write_frame(l3, table);
}

/* Load %es with sel; false if that faulted (the fault is in last_trap). */
static inline bool load_es(unsigned int sel)
{
	trap_reset();
	asm volatile("1: mov %0, %%es\n2:\n" EXTABLE("1b", "2b")
		     :
		     : "r"(sel)
		     : "memory");
	return last_trap.count == 0;
}

static inline long memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long update_descriptor(uint64_t maddr, uint64_t desc)
{
	return hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);
}

static inline long set_gdt(unsigned long *frames, unsigned int entries)
{
	return hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

#endif
