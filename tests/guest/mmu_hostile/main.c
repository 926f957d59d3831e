/*
 * mmu_hostile: attacks on the page-type rules, each answered with Xen's
 * error and nothing changed.
 *
 * Mapping a page table writable, pinning a frame that has a writable
 * mapping, writing the hypervisor's L4 slots, mapping frames that are
 * not ours or do not exist, wrong levels and superpages, bad and
 * misplaced descriptors, unpinning what is not pinned, huge counts that
 * run off our memory, bad command bits and domain IDs, writable
 * recursive entries.  The harmless read-only recursive entry, and a
 * read-only link to another L4 (Xen's linear page tables), must work.
 */
#include "../mmu_common/mmu.h"

const char test_title[] =
    "mmu_hostile: page-type attacks fail with Xen's errors";

static unsigned long scratch_mfn(void)
{
	return virt_to_mfn(scratch);
}

static unsigned long max_own_mfn(void)
{
	unsigned long pfn, max = 0;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m()[pfn] > max)
			max = p2m()[pfn];
	return max;
}

static bool owned(unsigned long mfn)
{
	unsigned long pfn;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m()[pfn] == mfn)
			return true;
	return false;
}

/* A RAM frame that is not ours: just above or below our frames. */
static unsigned long foreign_ram_mfn(void)
{
	long top = memory_op(XENMEM_maximum_ram_page, NULL);
	unsigned long m;

	for (m = max_own_mfn() + 1; m < (unsigned long)top; m++)
		if (!owned(m))
			return m;
	for (m = 0x1000; m < (unsigned long)top; m++)
		if (!owned(m))
			return m;
	test_abort("no foreign RAM frame");
}

static void reserved_slots(void)
{
	static const unsigned int slots[] = {256, 257, 258, 261, 271};
	unsigned long l4 = pt_base_mfn();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		CHECK_EQ(set_entry(l4, slots[i], 0), -XEN_EINVAL);
		CHECK_EQ(set_entry(l4, slots[i], (l4 << 12) | PT_RO),
			 -XEN_EINVAL);
	}
}

static void writable_page_tables(void)
{
	unsigned long l4 = pt_base_mfn(), l1 = spare_mfn();

	/* Our live L4 mapped writable: refused, twice over. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)scratch,
				      (l4 << 12) | PT_RW, UVMF_INVLPG),
		 -XEN_EBUSY);
	/* A frame with a writable mapping cannot become a table. */
	CHECK_EQ(pin(1, scratch_mfn()), -XEN_EINVAL);
	CHECK_EQ(pin(4, scratch_mfn()), -XEN_EINVAL);
	/* A fresh L1 cannot be hooked in as an L3 or L2. */
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l1, 0), 0);
	CHECK_EQ(pin(1, l1), 0);
	CHECK_EQ(set_entry(l4, 5, (l1 << 12) | PT_RW), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_NEW_BASEPTR, l1, 0), -XEN_EINVAL);
	CHECK_EQ(unpin(l1), 0);
	CHECK_EQ(unpin(l1), -XEN_EINVAL);
	CHECK_EQ(unpin(scratch_mfn()), -XEN_EINVAL);
}

static void superpages(void)
{
	unsigned long l2 = spare_mfn(), l1 = spare_mfn();

	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l2, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l1, 0), 0);
	CHECK_EQ(pin(2, l2), 0);
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW | PTE_PSE), -XEN_EINVAL);
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW | PTE_G), -XEN_EINVAL);
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW), 0);
	/* The L1 is now typed: a second pin as L2 fails. */
	CHECK_EQ(pin(2, l1), -XEN_EINVAL);
	/* Read-only self reference (a linear map) is allowed... */
	CHECK_EQ(set_entry(l2, 1, (l2 << 12) | PT_RO), 0);
	/* ...a writable one is not. */
	CHECK_EQ(set_entry(l2, 2, (l2 << 12) | PT_RW), -XEN_EINVAL);
	CHECK_EQ(set_entry(l2, 1, 0), 0);
	CHECK_EQ(unpin(l2), 0);
}

static void recursive_l4(void)
{
	unsigned long l4 = pt_base_mfn();
	const unsigned long *self =
	    (const unsigned long *)(0xffff000000000000ul | (300ul << 39) |
				    (300ul << 30) | (300ul << 21) |
				    (300ul << 12));

	CHECK_EQ(set_entry(l4, 300, (l4 << 12) | PT_RW), -XEN_EINVAL);
	CHECK_EQ(set_entry(l4, 300, (l4 << 12) | PT_RO), 0);
	/* Through the recursive slot, our L4 reads as a page. */
	CHECK_EQ(self[3], ((unsigned long *)start_info->pt_base)[3]);
	CHECK_EQ(self[511], ((unsigned long *)start_info->pt_base)[511]);
	CHECK_EQ(set_entry(l4, 300, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	{
		unsigned long other = spare_mfn();

		/* Another L4, read-only: a linear link; writable: never. */
		CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, other, 0), 0);
		CHECK_EQ(pin(4, other), 0);
		CHECK_EQ(set_entry(l4, 301, (other << 12) | PT_RO), 0);
		CHECK_EQ(set_entry(l4, 302, (other << 12) | PT_RW),
			 -XEN_EINVAL);
		/* No chains: the target may not link back. */
		CHECK_EQ(set_entry(other, 1, (l4 << 12) | PT_RO), -XEN_EINVAL);
		CHECK_EQ(unpin(other), 0);
		CHECK_EQ(set_entry(l4, 301, 0), 0);
		/* Unlinked and unpinned: ordinary memory again. */
		map_scratch(other, true);
		unmap_scratch();
	}
}

static void bad_frames(void)
{
	unsigned long va = (unsigned long)scratch;
	unsigned long other = foreign_ram_mfn();

	printk("foreign RAM frame %#lx\n", other);
	CHECK_EQ(hc_update_va_mapping(va, (other << 12) | PT_RO, UVMF_INVLPG),
		 -XEN_EBUSY);
	CHECK_EQ(
	    hc_update_va_mapping(va, 0xffffffffff000ul | PT_RO, UVMF_INVLPG),
	    -XEN_EINVAL);
	CHECK_EQ(pin(1, other), -XEN_EINVAL);
	CHECK_EQ(unpin(other), -XEN_EINVAL);
	CHECK_EQ(pin(1, ~0ul >> 12), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, other, 0), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_COPY_PAGE, scratch_mfn(), other), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, pt_base_mfn(), 0), -XEN_EINVAL);
	/* mmu_update on a frame that is not ours, or beyond RAM. */
	CHECK_EQ(mmu_update1(other << 12, 0, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ(mmu_update1(0xfffffffff000ul, 0, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ(
	    mmu_update1((other << 12) | MMU_MACHPHYS_UPDATE, 1, DOMID_SELF),
	    -XEN_EINVAL);
	/* Unknown command bits in ptr. */
	CHECK_EQ(mmu_update1((scratch_mfn() << 12) | 5, 0, DOMID_SELF),
		 -XEN_ENOSYS);
	/* Domains that do not exist. */
	CHECK_EQ(mmu_update1(scratch_mfn() << 12, 0, 0x1234), -XEN_ESRCH);
	CHECK_EQ(hypercall4(__HYPERVISOR_mmuext_op, NULL, 0, NULL, 0x1234),
		 -XEN_ESRCH);
	CHECK_EQ(hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va, 0,
			    UVMF_INVLPG, 0x1234),
		 -XEN_ESRCH);
}

static void descriptors(void)
{
	uint64_t ma = (uint64_t)scratch_mfn() << 12;

	/* Any writable page of ours may take a checked descriptor. */
	CHECK_EQ(update_descriptor(ma + 8, 0x00cff2000000fffful), 0);
	CHECK_EQ(update_descriptor(ma + 8, 0x0000890000000067ul),
		 -XEN_EINVAL); /* a TSS */
	CHECK_EQ(update_descriptor(ma + 8, 0x00008e0000100000ul),
		 -XEN_EINVAL); /* an interrupt gate */
	CHECK_EQ(update_descriptor(ma + 8, 0x0000ec00e0080000ul),
		 -XEN_EINVAL); /* gate into Xen's GDT */
	CHECK_EQ(update_descriptor(ma + 4, 0), -XEN_EINVAL); /* unaligned */
	CHECK_EQ(update_descriptor((uint64_t)pt_base_mfn() << 12, 0),
		 -XEN_EINVAL); /* a page table */
	CHECK_EQ(update_descriptor((uint64_t)foreign_ram_mfn() << 12, 0),
		 -XEN_EINVAL);
	/* set_gdt: too many entries, a writable frame, a foreign one. */
	{
		unsigned long f = scratch_mfn();

		CHECK_EQ(set_gdt(&f, 14 * 512 + 1), -XEN_EINVAL);
		CHECK_EQ(set_gdt(&f, 16), -XEN_EINVAL);
		f = foreign_ram_mfn();
		CHECK_EQ(set_gdt(&f, 16), -XEN_EINVAL);
		CHECK_EQ(set_gdt((void *)HYPERVISOR_VIRT_START, 16),
			 -XEN_EFAULT);
	}
}

static void huge_counts(void)
{
	struct mmu_update *req = (void *)(mapped_end() - sizeof(*req));
	struct mmuext_op *op = (void *)(mapped_end() - sizeof(*op));
	unsigned int done = 77;

	/* One good request at the very end of our mapping, then nothing. */
	req->ptr = (uint64_t)scratch_mfn() << 12;
	req->val = 0;
	scratch[0] = 1;
	req->val = *(unsigned long *)scratch;
	CHECK_EQ(hypercall4(__HYPERVISOR_mmu_update, req, 0x7fffffff, &done,
			    DOMID_SELF),
		 -XEN_EFAULT);
	CHECK_EQ(done, 1);
	CHECK_EQ(hypercall4(__HYPERVISOR_mmu_update, NULL, 0x7fffffff, NULL,
			    DOMID_SELF),
		 -XEN_EFAULT);
	op->cmd = MMUEXT_TLB_FLUSH_LOCAL;
	done = 77;
	CHECK_EQ(hc_mmuext_op(op, 0x7fffffff, &done, DOMID_SELF), -XEN_EFAULT);
	CHECK_EQ(done, 1);
	/* Count 0 does nothing. */
	CHECK_EQ(hypercall4(__HYPERVISOR_mmu_update, NULL, 0, NULL, DOMID_SELF),
		 0);
	/* The done pointer itself may be bad. */
	CHECK_EQ(hypercall4(__HYPERVISOR_mmu_update, req, 1,
			    (void *)HYPERVISOR_VIRT_START, DOMID_SELF),
		 0);
}

void test_main(void)
{
	reserved_slots();
	writable_page_tables();
	superpages();
	recursive_l4();
	bad_frames();
	descriptors();
	huge_counts();
	CHECK(hc_xen_version(0, NULL) > 0, "hypervisor gone");
}
