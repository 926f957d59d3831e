/*
 * HYPERVISOR_grant_table_op(cmd, uop, count): the dispatcher.
 *
 * Every sub-op has the shape of house style §3: copy one element in,
 * work on the local copy, copy it back.  The batch sub-ops (map, unmap,
 * unmap_and_replace, copy, transfer, swap) take an array of count
 * elements and report per element in its status field; the hypercall
 * itself fails only for what has no per-element place: a bad command,
 * a count the sub-op does not allow, an element it cannot read or
 * write back (-EFAULT, elements before it done).  The table sub-ops
 * take one element; setup_table, query_size and get_status_frames
 * insist (count != 1: -EINVAL), set_version and get_version ignore
 * count, as in Xen.  cache_flush is a batch that stops at its first
 * error.  Bits above the command's low 12 are refused (-EINVAL) except
 * for cache_flush, where Xen keeps continuation state.
 *
 * Long batches yield: between elements, when the scheduler wants the
 * CPU back, the hypercall is re-issued with uop advanced past the done
 * elements and count reduced, so the guest sees one call done in
 * several slices (Xen continues the same way; the command's high bits
 * stay zero, Xenolith needs no opaque progress field).
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>
#include <xenolith/cmdline.h>
#include <asm/mm.h> /* preemption, continuations, the frame auditor */

/* The command's low bits; the rest is continuation state (Xen's split). */
#define GNTTABOP_CONT_SHIFT 12
#define GNTTABOP_CMD_MASK   ((1UL << GNTTABOP_CONT_SHIFT) - 1)

/* xenolith_gnttab_audit: audit frames and grants after every grant op */
static bool opt_gnttab_audit;
boolean_param("xenolith_gnttab_audit", opt_gnttab_audit);

/* A batch sub-op: one element in, handled, out. */
struct batch_op {
	size_t size;
	long (*fn)(void *elem);
};

#define BATCH(cmd, type, handler)                                              \
	[cmd] = {sizeof(type), (long (*)(void *))(handler)}

static const struct batch_op batch_ops[] = {
    BATCH(GNTTABOP_map_grant_ref, struct gnttab_map_grant_ref, gnttab_map),
    BATCH(GNTTABOP_unmap_grant_ref, struct gnttab_unmap_grant_ref,
	  gnttab_unmap),
    BATCH(GNTTABOP_unmap_and_replace, struct gnttab_unmap_and_replace,
	  gnttab_unmap_and_replace),
    BATCH(GNTTABOP_copy, struct gnttab_copy, gnttab_copy),
    BATCH(GNTTABOP_transfer, struct gnttab_transfer, gnttab_transfer),
    BATCH(GNTTABOP_swap_grant_ref, struct gnttab_swap_grant_ref, gnttab_swap),
};

/* Large enough for any element. */
union any_elem {
	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	struct gnttab_unmap_and_replace replace;
	struct gnttab_copy copy;
	struct gnttab_transfer transfer;
	struct gnttab_swap_grant_ref swap;
	struct gnttab_setup_table setup;
	struct gnttab_query_size query;
	struct gnttab_set_version set_version;
	struct gnttab_get_version get_version;
	struct gnttab_get_status_frames status;
};

static long run_batch(unsigned int cmd, unsigned long uop, unsigned long count)
{
	const struct batch_op *b = &batch_ops[cmd];
	union any_elem e;
	unsigned long i;

	for (i = 0; i < count; i++) {
		unsigned long at = uop + i * b->size;

		if (i && hypercall_preempt_check()) {
			unsigned long args[5] = {cmd, at, count - i, 0, 0};

			return pv_hypercall_continue(
			    __HYPERVISOR_grant_table_op, args);
		}
		if (copy_from_guest(&e, at, b->size))
			return -EFAULT;
		b->fn(&e);
		if (copy_to_guest(at, &e, b->size))
			return -EFAULT;
	}
	return 0;
}

/* The one-element sub-ops. */
static long run_single(unsigned int cmd, unsigned long uop)
{
	union any_elem e;
	size_t size;
	long rc;

	switch (cmd) {
	case GNTTABOP_setup_table:
		size = sizeof(e.setup);
		break;
	case GNTTABOP_query_size:
		size = sizeof(e.query);
		break;
	case GNTTABOP_set_version:
		size = sizeof(e.set_version);
		break;
	case GNTTABOP_get_version:
		size = sizeof(e.get_version);
		break;
	case GNTTABOP_get_status_frames:
		size = sizeof(e.status);
		break;
	default:
		return -ENOSYS;
	}
	if (copy_from_guest(&e, uop, size))
		return -EFAULT;
	switch (cmd) {
	case GNTTABOP_setup_table:
		rc = gnttab_setup_table(&e.setup,
					(unsigned long)e.setup.frame_list);
		break;
	case GNTTABOP_query_size:
		rc = gnttab_query_size(&e.query);
		break;
	case GNTTABOP_set_version:
		rc = gnttab_set_version(&e.set_version);
		break;
	case GNTTABOP_get_version:
		rc = gnttab_get_version(&e.get_version);
		break;
	default:
		rc = gnttab_get_status_frames(
		    &e.status, (unsigned long)e.status.frame_list);
		break;
	}
	if (copy_to_guest(uop, &e, size))
		return -EFAULT;
	return rc;
}

static bool is_batch(unsigned int cmd)
{
	return cmd < ARRAY_SIZE(batch_ops) && batch_ops[cmd].fn;
}

/* cache_flush: a batch without per-element status, first error ends it. */
static long run_cache_flush(unsigned long uop, unsigned long count)
{
	struct gnttab_cache_flush op;
	unsigned long i;
	long rc;

	for (i = 0; i < count; i++) {
		unsigned long at = uop + i * sizeof(op);

		if (i && hypercall_preempt_check()) {
			unsigned long args[5] = {GNTTABOP_cache_flush, at,
						 count - i, 0, 0};

			return pv_hypercall_continue(
			    __HYPERVISOR_grant_table_op, args);
		}
		if (copy_from_guest(&op, at, sizeof(op)))
			return -EFAULT;
		rc = gnttab_cache_flush(&op);
		if (rc)
			return rc;
	}
	return 0;
}

/* Sub-ops that insist on exactly one element (the others ignore it). */
static bool wants_one(unsigned int cmd)
{
	return cmd == GNTTABOP_setup_table || cmd == GNTTABOP_query_size ||
	       cmd == GNTTABOP_get_status_frames;
}

/*
 * The test mode's check after a grant op: every frame's counts against
 * what page tables, pins and grants hold (pv_mm_audit, which asks us for
 * the pins), the caller's in-use bits against its pins, and its handles.
 * A failure crashes the caller, so a guest test sees it.
 */
static void audit(void)
{
	struct domain *d = current_domain();
	struct grant_table *gt = gnttab_of(d);
	unsigned int bad_ref = 0;
	bool handles_ok = true;

	if (gt) {
		spin_lock(&gt->lock);
		bad_ref = gnttab_check_entries(gt);
		spin_unlock(&gt->lock);
		spin_lock(&gt->maptrack_lock);
		handles_ok = maptrack_audit(gt);
		spin_unlock(&gt->maptrack_lock);
	}
	if (pv_mm_audit() && !bad_ref && handles_ok)
		return;
	printk(XENLOG_ERR "d%u: grant audit failed (ref %d, handles %s)\n",
	       d->domain_id, (int)bad_ref - 1, handles_ok ? "ok" : "bad");
	domain_crash(d, "grant audit");
}

static long dispatch(unsigned long cmd, unsigned long uop, unsigned long count)
{
	unsigned int op = cmd & GNTTABOP_CMD_MASK;

	/* High bits carry continuation state, for cache_flush only. */
	if ((op != GNTTABOP_cache_flush && (cmd & ~GNTTABOP_CMD_MASK)) ||
	    (int)count < 0)
		return guest_err(-EINVAL, "grant_table_op: cmd %#lx count %ld",
				 cmd, (long)count);
	if (is_batch(op))
		return run_batch(op, uop, count);
	if (op == GNTTABOP_cache_flush)
		return run_cache_flush(uop, count);
	if (wants_one(op) && count != 1)
		return guest_err(-EINVAL, "grant_table_op %u: count %lu", op,
				 count);
	return run_single(op, uop);
}

long do_grant_table_op(unsigned long cmd, unsigned long uop,
		       unsigned long count, unsigned long a4, unsigned long a5)
{
	long rc = dispatch(cmd, uop, count);

	if (opt_gnttab_audit)
		audit();
	return rc;
}
