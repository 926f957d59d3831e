/*
 * virq_enomem: dom0 hears VIRQ_ENOMEM when free memory runs low.
 *
 * Xen 4.17 sets a threshold once the boot-time domains are built: 64
 * MiB, no more than is free, rounded down to a power of two pages; on a
 * 512 MiB machine with dom0_mem=64M that is 64 MiB, 2^14 pages.  An allocation that leaves that many pages free or fewer sends
 * the global VIRQ_ENOMEM to dom0 (and the threshold drops one power of
 * two, common/mm/low_mem.c).
 *
 * dom0 binds it (masked: the pending bit is the evidence), lifts its own
 * reservation limit (XEN_DOMCTL_max_mem) and takes memory 512 pages at a
 * time with XENMEM_increase_reservation until the VIRQ is pending or an
 * allocation fails.  It must come before the failure, once free memory
 * (physinfo) is at or below 16384 pages and not before: the batch before
 * the one that raised it started above the threshold.
 */
#include "../evtchn_common/ev.h"
#include <public/memory.h>
#include "domctl.h"

const char test_title[] = "virq_enomem: VIRQ_ENOMEM when free memory runs low";

#define BATCH 512
#define THRESHOLD 16384ul	/* 2^14 pages: 64 MiB */

static xen_pfn_t mfns[BATCH];

static long grow(unsigned long n)
{
	struct xen_memory_reservation r = {
		.extent_start = mfns,
		.nr_extents = n,
		.extent_order = 0,
		.domid = DOMID_SELF,
	};

	return hypercall2(__HYPERVISOR_memory_op, XENMEM_increase_reservation,
			  &r);
}

void test_main(void)
{
	unsigned long before = 0, at, taken = 0;
	long rc = 0;
	int p;

	if (ev_setup())
		return;
	p = ev_bind_virq(VIRQ_ENOMEM, 0);
	CHECK(p > 0, "bind VIRQ_ENOMEM: %d", p);
	if (p <= 0)
		return;
	CHECK_EQ(ev_bind_virq(VIRQ_ENOMEM, 0), -XEN_EEXIST);
	ev_mask_port(p);
	ev_clear_pending(p);
	memset(&dc, 0, sizeof(dc));
	dc.u.max_mem.max_memkb = ~0ul;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 0), 0);
	CHECK(sysctl_free_pages() > 2 * THRESHOLD, "only %lu pages free",
	      sysctl_free_pages());
	CHECK(!ev_is_pending(p), "VIRQ_ENOMEM before anything was taken");

	while (!ev_is_pending(p)) {
		before = sysctl_free_pages();
		rc = grow(BATCH);
		if (rc > 0)
			taken += (unsigned long)rc;
		if (rc != BATCH)
			break;
	}
	at = sysctl_free_pages();
	printk("took %lu pages; VIRQ_ENOMEM %s with %lu free (%lu before "
	       "the last batch), last batch rc %ld\n", taken,
	       ev_is_pending(p) ? "pending" : "NOT pending", at, before, rc);
	CHECK(ev_is_pending(p), "no VIRQ_ENOMEM before an allocation failed");
	CHECK(at <= THRESHOLD, "VIRQ_ENOMEM with %lu pages free", at);
	CHECK(before > THRESHOLD, "VIRQ_ENOMEM late: %lu free before", before);
}
