/*
 * mem_release_pinned: decrease_reservation of a frame still in use.
 *
 * Xen 4.17 accepts it: the frame leaves the reservation only when its
 * last user (here the pin) goes, and is no longer the guest's after.
 */
#include "../mmu_common/mmu.h"

const char test_title[] = "mem_release_pinned: releasing a pinned frame";

void test_main(void)
{
	domid_t self = DOMID_SELF;
	xen_pfn_t l1 = spare_mfn();
	struct xen_memory_reservation r = {
	    .extent_start = &l1,
	    .nr_extents = 1,
	    .domid = DOMID_SELF,
	};
	long before = memory_op(XENMEM_current_reservation, &self);

	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l1, 0), 0);
	CHECK_EQ(pin(1, l1), 0);
	CHECK_EQ(memory_op(XENMEM_decrease_reservation, &r), 1);
	CHECK_EQ(memory_op(XENMEM_current_reservation, &self), before);
	CHECK_EQ(unpin(l1), 0);
	CHECK_EQ(memory_op(XENMEM_current_reservation, &self), before - 1);
	CHECK_EQ(pin(1, l1), -XEN_EINVAL);
}
