/*
 * HYPERVISOR_multicall: a batch of hypercalls in one transition.
 *
 * Each entry is copied in once, run through the ordinary dispatcher and
 * only its result field is written back, so the guest sees one result
 * per entry and its op and arguments untouched (unless the entry was
 * preempted, below).  A failing entry does
 * not stop the batch (the entries are independent as far as we are
 * concerned; Linux checks each result afterwards).  A batch we cannot
 * read or whose result we cannot write fails as a whole with -EFAULT;
 * entries before it have run, as in Xen.  A multicall inside a
 * multicall is refused in its slot with -EINVAL (hypercall_dispatch).
 *
 * Preemption, as in Xen: between entries the batch may stop
 * (hypercall_preempt_check()) and continue later through a continuation
 * of the multicall itself, over the entries left.  An entry that makes
 * a continuation of its own (mmu_update half done, say) does not step
 * the guest's RIP back - that would re-run the whole batch - but hands
 * its number and new arguments to multicall_take_continuation(): the
 * guest's entry is rewritten with them (op and args, as Xen does; the
 * guest sees its entry changed) and the multicall continues from that
 * entry.  The per-CPU state is safe: a hypercall runs to its end (or
 * continuation) on one CPU with interrupts off.
 */
#include <xenolith/lib.h>
#include <xenolith/config.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/softirq.h>
#include <asm/mm.h>

static struct mc_state {
	bool active;	/* running a batch entry */
	bool preempted;	/* the entry made a continuation: op, args */
	unsigned long op, args[5];
} mc_state[NR_CPUS];

bool multicall_take_continuation(unsigned long nr, const unsigned long args[5])
{
	struct mc_state *m = &mc_state[arch_this_cpu()];

	if (!m->active)
		return false;
	m->preempted = true;
	m->op = nr;
	for (unsigned int a = 0; a < 5; a++)
		m->args[a] = args[a];
	return true;
}

/* Continue the multicall later from entry at va, count entries left. */
static long continue_at(vaddr_t va, unsigned long count)
{
	unsigned long args[5] = { va, count, 0, 0, 0 };

	return pv_hypercall_continue(__HYPERVISOR_multicall, args);
}

/* Run one entry; its continuation, if it made one, in *m. */
static long run_entry(struct mc_state *m, struct multicall_entry *e)
{
	unsigned long args[5];

	for (unsigned int a = 0; a < 5; a++)
		args[a] = e->args[a];
	m->active = true;
	m->preempted = false;
	e->result = hypercall_dispatch(e->op, args, true);
	m->active = false;
	return m->preempted;
}

long do_multicall(unsigned long calls, unsigned long nr, unsigned long a3,
		  unsigned long a4, unsigned long a5)
{
	struct mc_state *m = &mc_state[arch_this_cpu()];
	unsigned int count = nr;
	struct multicall_entry e;
	int rc;

	for (unsigned int i = 0; i < count; i++) {
		vaddr_t va = calls + (vaddr_t)i * sizeof(e);

		if (i && hypercall_preempt_check())
			return continue_at(va, count - i);
		rc = copy_from_guest(&e, va, sizeof(e));
		if (rc)
			return guest_err(rc, "multicall: entry %u unreadable",
					 i);
		if (run_entry(m, &e)) {
			e.op = m->op;
			for (unsigned int a = 0; a < 5; a++)
				e.args[a] = m->args[a];
			if (copy_to_guest(va, &e, sizeof(e)))
				return -XEN_EFAULT;
			return continue_at(va, count - i);
		}
		rc = copy_to_guest(va + offsetof(struct multicall_entry,
						 result),
				   &e.result, sizeof(e.result));
		if (rc)
			return rc;
	}
	return 0;
}
