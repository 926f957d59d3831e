/*
 * mem_reservation: giving memory back and getting it again.
 *
 * A PV guest names its frames by MFN: decrease_reservation releases
 * spare frames (the reservation shrinks), increase_reservation and
 * populate_physmap bring new ones (their MFNs written back, the M2P then
 * set by the guest), exchange swaps a frame for a fresh one.  The
 * reservation limit holds, frames that are not ours are refused, bad
 * buffers fail, and the counts always match.  Physmap edits are for
 * auto-translated guests only (-EACCES).  (Releasing a frame still
 * in use is mem_release_pinned.)
 */
#include "../mmu_common/mmu.h"

const char test_title[] =
    "mem_reservation: decrease, increase, populate, exchange";

static domid_t self = DOMID_SELF;

static long cur(void)
{
	return memory_op(XENMEM_current_reservation, &self);
}

static long resv(unsigned int cmd, xen_pfn_t *list, unsigned long nr,
		 unsigned int order)
{
	struct xen_memory_reservation r = {
	    .extent_start = list,
	    .nr_extents = nr,
	    .extent_order = order,
	    .domid = DOMID_SELF,
	};

	return memory_op(cmd, &r);
}

static void decrease_increase(void)
{
	long before = cur(), max = memory_op(XENMEM_maximum_reservation, &self);
	xen_pfn_t f[2] = {spare_mfn(), spare_mfn()}, n[3] = {0};
	unsigned long pfn = next_free_pfn - 1;

	printk("reservation %ld of %ld\n", before, max);
	CHECK_EQ(resv(XENMEM_decrease_reservation, f, 2, 0), 2);
	CHECK_EQ(cur(), before - 2);
	/* Released frames are no longer ours. */
	CHECK_EQ(pin(1, f[0]), -XEN_EINVAL);
	CHECK_EQ(resv(XENMEM_decrease_reservation, f, 1, 0), 0);
	/* One back with increase_reservation: a fresh MFN comes back. */
	CHECK_EQ(resv(XENMEM_increase_reservation, n, 1, 0), 1);
	CHECK(n[0] != 0, "no MFN written back");
	CHECK_EQ(cur(), before - 1);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, n[0], 0), 0);
	/* One back at a pfn of ours with populate_physmap. */
	n[1] = pfn;
	CHECK_EQ(resv(XENMEM_populate_physmap, &n[1], 1, 0), 1);
	CHECK(n[1] != pfn, "populate_physmap did not return an MFN");
	CHECK_EQ(cur(), before);
	CHECK_EQ(
	    mmu_update1((n[1] << 12) | MMU_MACHPHYS_UPDATE, pfn, DOMID_SELF),
	    0);
	CHECK_EQ(m2p(n[1]), pfn);
	p2m()[pfn] = n[1];
	/* The limit holds when at the maximum. */
	if (before >= max)
		CHECK_EQ(resv(XENMEM_increase_reservation, &n[2], 1, 0), 0);
	/*
	 * Hostile: bad list pointer, bad argument, a domain that does not
	 * exist.  Xen answers each with the number of extents done: 0.
	 */
	CHECK_EQ(resv(XENMEM_decrease_reservation,
		      (void *)HYPERVISOR_VIRT_START, 1, 0),
		 0);
	CHECK_EQ(memory_op(XENMEM_decrease_reservation, NULL), 0);
	{
		struct xen_memory_reservation r = {
		    .extent_start = n,
		    .nr_extents = 1,
		    .domid = 0x1234,
		};

		CHECK_EQ(memory_op(XENMEM_increase_reservation, &r), 0);
	}
	CHECK_EQ(cur(), before);
}

/* A RAM frame nobody gave us: the highest one not in our P2M. */
static xen_pfn_t max_page_not_ours(void)
{
	unsigned long m = memory_op(XENMEM_maximum_ram_page, NULL), pfn;

	while (--m) {
		for (pfn = 0; pfn < start_info->nr_pages; pfn++)
			if (p2m()[pfn] == m)
				break;
		if (pfn == start_info->nr_pages)
			return m;
	}
	test_abort("every frame is ours");
}

static void exchange(void)
{
	xen_pfn_t in = spare_mfn(), out = next_free_pfn - 1;
	long before = cur();
	struct xen_memory_exchange x = {
	    .in = {.extent_start = &in, .nr_extents = 1, .domid = DOMID_SELF},
	    .out = {.extent_start = &out, .nr_extents = 1, .domid = DOMID_SELF},
	};

	unsigned long pfn = out;

	CHECK_EQ(memory_op(XENMEM_exchange, &x), 0);
	CHECK_EQ(x.nr_exchanged, 1);
	CHECK_EQ(cur(), before);
	/* out now holds a frame of ours (maybe the same one), M2P set. */
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, out, 0), 0);
	CHECK_EQ(m2p(out), pfn);
	/* Exchanging a frame that is not ours. */
	in = max_page_not_ours();
	x.nr_exchanged = 0;
	CHECK_EQ(memory_op(XENMEM_exchange, &x), -XEN_EINVAL);
	CHECK_EQ(x.nr_exchanged, 0);
	/* Mismatched sizes. */
	x.in.nr_extents = 2;
	CHECK_EQ(memory_op(XENMEM_exchange, &x), -XEN_EINVAL);
	/*
	 * Nothing exists below 16 KiB (Linux's swiotlb starts its search at
	 * 18 bits): -ENOMEM, and the frame offered stays ours.
	 */
	in = spare_mfn();
	out = next_free_pfn - 1;
	x.in.nr_extents = 1;
	x.nr_exchanged = 0;
	x.out.mem_flags = XENMEMF_address_bits(14);
	CHECK_EQ(memory_op(XENMEM_exchange, &x), -XEN_ENOMEM);
	CHECK_EQ(x.nr_exchanged, 0);
	CHECK_EQ(cur(), before);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, in, 0), 0);
}

/* Physmap edits are for auto-translated guests; a PV guest is told so. */
static void physmap(void)
{
	struct xen_add_to_physmap a = {
	    .domid = DOMID_SELF,
	    .space = XENMAPSPACE_shared_info,
	    .idx = 0,
	    .gpfn = next_free_pfn,
	};

	struct xen_add_to_physmap_batch b = {
	    .domid = DOMID_SELF,
	    .space = XENMAPSPACE_gmfn,
	    .size = 0,
	};
	struct xen_remove_from_physmap r = {
	    .domid = DOMID_SELF,
	    .gpfn = next_free_pfn,
	};

	CHECK_EQ(memory_op(XENMEM_add_to_physmap, &a), -XEN_EACCES);
	CHECK_EQ(memory_op(XENMEM_add_to_physmap_batch, &b), -XEN_EACCES);
	CHECK_EQ(memory_op(XENMEM_remove_from_physmap, &r), -XEN_EACCES);
	CHECK_EQ(memory_op(XENMEM_add_to_physmap, NULL), -XEN_EFAULT);
}

void test_main(void)
{
	decrease_increase();
	exchange();
	physmap();
}
