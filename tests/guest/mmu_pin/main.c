/*
 * mmu_pin: a guest builds page tables, pins them, switches to them and
 * maps and unmaps pages through every MMU hypercall.
 *
 * New tables come from spare frames (no mapping anywhere): cleared with
 * MMUEXT_CLEAR_PAGE, filled with plain mmu_update stores while untyped,
 * then pinned, which validates the whole subtree.  The subtree is hooked
 * into our L4 at slot 3 and used; a copy of our L4 (MMUEXT_COPY_PAGE)
 * becomes the base pointer for a while.  Mappings come and go through
 * mmu_update (normal and PRESERVE_AD), update_va_mapping and
 * update_va_mapping_otherdomain, with each flush form; the M2P is
 * updated with MMU_MACHPHYS_UPDATE and read back through its read-only
 * guest view.
 */
#include "../mmu_common/mmu.h"

const char test_title[] =
    "mmu_pin: build, pin, switch and map through the MMU hypercalls";

#define NEW_VA 0x18000000000ul /* L4 slot 3 */

static unsigned long l3, l2, l1, data, data2;

static bool write_faults(unsigned long va, unsigned long val)
{
	trap_reset();
	asm volatile("1: movq %1, (%0)\n2:\n" EXTABLE("1b", "2b")
		     :
		     : "r"(va), "r"(val)
		     : "memory");
	return last_trap.count == 1 && last_trap.vector == X86_EXC_PF;
}

static bool read_faults(unsigned long va)
{
	unsigned long v = 0;

	trap_reset();
	asm volatile("1: movq (%1), %0\n2:\n" EXTABLE("1b", "2b")
		     : "+r"(v)
		     : "r"(va)
		     : "memory");
	return last_trap.count == 1 && last_trap.vector == X86_EXC_PF;
}

static void build_subtree(void)
{
	unsigned long *f[] = {&l3, &l2, &l1, &data, &data2};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		*f[i] = spare_mfn();
		CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, *f[i], 0), 0);
	}
	/* Untyped frames: plain stores, nothing validated yet. */
	CHECK_EQ(set_entry(l1, 0, (data << 12) | PT_RW), 0);
	CHECK_EQ(set_entry(l1, 1, (data2 << 12) | PT_RO), 0);
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW), 0);
	CHECK_EQ(set_entry(l3, 0, (l2 << 12) | PT_RW), 0);
	/* Pinning the L3 validates L2, L1 and the data mappings. */
	CHECK_EQ(pin(3, l3), 0);
	CHECK_EQ(pin(3, l3), -XEN_EINVAL); /* pinned twice */
	CHECK_EQ(pin(1, l2), -XEN_EINVAL); /* already an L2 */
	/* A validated L1 cannot be mapped writable, even by its owner. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)scratch,
				      (l1 << 12) | PT_RW, UVMF_INVLPG),
		 -XEN_EBUSY);
	unmap_scratch();
}

static void use_subtree(void)
{
	volatile unsigned long *p = (unsigned long *)NEW_VA;
	unsigned long *view;

	CHECK(read_faults(NEW_VA), "slot 3 mapped before we hooked it");
	CHECK_EQ(set_entry(pt_base_mfn(), 3, (l3 << 12) | PT_RW), 0);
	*p = 0x1234567890abcdeful;
	CHECK_EQ(*p, 0x1234567890abcdeful);
	view = map_scratch(data, false);
	CHECK_EQ(view[0], 0x1234567890abcdeful);
	unmap_scratch();
	/* The read-only page reads but does not write. */
	CHECK(!read_faults(NEW_VA + PAGE_SIZE), "RO page unreadable");
	CHECK(write_faults(NEW_VA + PAGE_SIZE, 1), "RO page writable");
	/* Our L4 entry as the guest sees it: US forced on. */
	view = (unsigned long *)start_info->pt_base;
	CHECK((view[3] & PTE_ADDR) == l3 << 12 && (view[3] & PTE_US),
	      "L4[3] = %#lx", view[3]);
}

static void map_unmap_forms(void)
{
	unsigned long va = NEW_VA + 2 * PAGE_SIZE, mask = 1;
	struct mmu_update req[3];
	unsigned int done = 99;

	/* update_va_mapping, then unmap with each flush form. */
	CHECK_EQ(hc_update_va_mapping(va, (data2 << 12) | PT_RW, UVMF_INVLPG),
		 0);
	CHECK(!write_faults(va, 7), "new RW mapping faults");
	CHECK_EQ(hc_update_va_mapping(va, 0, UVMF_INVLPG | UVMF_ALL), 0);
	CHECK(read_faults(va), "unmapped page still readable");
	CHECK_EQ(hc_update_va_mapping(va, (data2 << 12) | PT_RO,
				      UVMF_TLB_FLUSH | UVMF_LOCAL),
		 0);
	CHECK(!read_faults(va), "RO mapping unreadable");
	CHECK_EQ(
	    hc_update_va_mapping(va, 0, UVMF_TLB_FLUSH | (unsigned long)&mask),
	    0);
	CHECK(read_faults(va), "unmapped page still readable (multi)");
	/* The other-domain form with DOMID_SELF. */
	CHECK_EQ(hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va,
			    (data2 << 12) | PT_RO, UVMF_INVLPG, DOMID_SELF),
		 0);
	CHECK(!read_faults(va), "otherdomain mapping unreadable");
	/* No L1 maps a VA in slot 4: -EINVAL. */
	CHECK_EQ(hc_update_va_mapping(0x20000000000ul, 0, UVMF_INVLPG),
		 -XEN_EINVAL);

	/* mmu_update batch: unmap, PRESERVE_AD remap, then a bad one. */
	req[0].ptr = (l1 << 12) + 8 * 2;
	req[0].val = 0;
	req[1].ptr = ((l1 << 12) + 8 * 3) | MMU_PT_UPDATE_PRESERVE_AD;
	req[1].val = (data2 << 12) | PTE_P | PTE_US;
	req[2].ptr = (l1 << 12) + 8 * 4;
	req[2].val = (l1 << 12) | PT_RW; /* the L1 itself, writable */
	CHECK_EQ(hypercall4(__HYPERVISOR_mmu_update, req, 3, &done, DOMID_SELF),
		 -XEN_EBUSY);
	CHECK_EQ(done, 2);
	CHECK_EQ(mmuext1(MMUEXT_INVLPG_LOCAL, va, 0), 0);
	CHECK(read_faults(va), "mmu_update unmap not effective");
	CHECK(!read_faults(va + PAGE_SIZE), "PRESERVE_AD mapping unreadable");
}

static void flushes(void)
{
	unsigned long mask = 1;
	struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_MULTI};

	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_INVLPG_ALL, NEW_VA, 0), 0);
	op.arg2.vcpumask = &mask;
	CHECK_EQ(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.cmd = MMUEXT_INVLPG_MULTI;
	op.arg1.linear_addr = NEW_VA;
	CHECK_EQ(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.arg2.vcpumask = (void *)HYPERVISOR_VIRT_START;
	CHECK_EQ(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_MARK_SUPER, data, 0), -XEN_EOPNOTSUPP);
	CHECK_EQ(mmuext1(99, 0, 0), -XEN_ENOSYS);
}

static void machphys(void)
{
	unsigned long old = m2p(data);

	CHECK_EQ(
	    mmu_update1((data << 12) | MMU_MACHPHYS_UPDATE, 0x4242, DOMID_SELF),
	    0);
	CHECK_EQ(m2p(data), 0x4242);
	CHECK_EQ(
	    mmu_update1((data << 12) | MMU_MACHPHYS_UPDATE, old, DOMID_SELF),
	    0);
	CHECK_EQ(m2p(data), old);
}

static void switch_base(void)
{
	unsigned long nl4 = spare_mfn();
	unsigned long *copy;

	CHECK_EQ(mmuext1(MMUEXT_COPY_PAGE, nl4, pt_base_mfn()), 0);
	copy = map_scratch(nl4, false);
	CHECK_EQ(copy[3], ((unsigned long *)start_info->pt_base)[3]);
	unmap_scratch();
	CHECK_EQ(pin(4, nl4), 0);
	CHECK_EQ(mmuext1(MMUEXT_NEW_BASEPTR, nl4, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_NEW_USER_BASEPTR, nl4, 0), 0);
	printk("running on the copied L4 %#lx\n", nl4);
	CHECK_EQ(*(volatile unsigned long *)NEW_VA, 0x1234567890abcdeful);
	/* Unpinning the L4 in use is fine: CR3 keeps it valid. */
	CHECK_EQ(unpin(nl4), 0);
	CHECK_EQ(unpin(nl4), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_NEW_BASEPTR, pt_base_mfn(), 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_NEW_USER_BASEPTR, pt_base_mfn(), 0), 0);
	/* Nothing holds the copy now: it can be written as data again. */
	map_scratch(nl4, true);
	unmap_scratch();
}

static void teardown(void)
{
	CHECK_EQ(unpin(l3), 0); /* L4[3] still holds it */
	CHECK_EQ(set_entry(pt_base_mfn(), 3, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	CHECK(read_faults(NEW_VA), "NEW_VA still mapped");
	/* Every frame is ordinary memory again. */
	map_scratch(l1, true);
	unmap_scratch();
	map_scratch(l3, true);
	unmap_scratch();
}

void test_main(void)
{
	build_subtree();
	use_subtree();
	map_unmap_forms();
	flushes();
	machphys();
	switch_base();
	teardown();
}
