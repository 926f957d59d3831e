/*
 * HYPERVISOR_multicall: a batch of hypercalls in one transition.
 *
 * Each entry is copied in once, run through the ordinary dispatcher and
 * only its result field is written back, so the guest sees one result
 * per entry and its op and arguments untouched.  A failing entry does
 * not stop the batch (the entries are independent as far as we are
 * concerned; Linux checks each result afterwards).  A batch we cannot
 * read or whose result we cannot write fails as a whole with -EFAULT;
 * entries before it have run, as in Xen.  A multicall inside a
 * multicall is refused in its slot with -EINVAL (hypercall_dispatch).
 *
 * Xen preempts long batches with a continuation; ours are bounded by
 * the guest's own count and run to completion (a known divergence only
 * in latency).
 */
#include <xenolith/lib.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>

long do_multicall(unsigned long calls, unsigned long nr, unsigned long a3,
		  unsigned long a4, unsigned long a5)
{
	unsigned int count = nr;
	struct multicall_entry e;
	unsigned long args[5];
	int rc;

	for (unsigned int i = 0; i < count; i++) {
		vaddr_t va = calls + (vaddr_t)i * sizeof(e);

		rc = copy_from_guest(&e, va, sizeof(e));
		if (rc)
			return guest_err(rc, "multicall: entry %u unreadable",
					 i);
		for (unsigned int a = 0; a < 5; a++)
			args[a] = e.args[a];
		e.result = hypercall_dispatch(e.op, args, true);
		rc = copy_to_guest(va + offsetof(struct multicall_entry,
						 result),
				   &e.result, sizeof(e.result));
		if (rc)
			return rc;
	}
	return 0;
}
