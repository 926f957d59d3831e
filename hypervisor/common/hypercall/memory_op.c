/*
 * HYPERVISOR_memory_op: the query sub-ops.
 *
 * A PV kernel asks early how big the machine and its own reservation
 * are, where the read-only M2P lives (XENMEM_machphys_mapping) and what
 * its pseudo-physical memory map is.  These are answered here; the
 * sub-ops that change memory (increase/decrease_reservation,
 * populate_physmap, exchange, add_to_physmap...) belong to the memory
 * subsystem and are -ENOSYS until it provides them.
 *
 * Reservation queries name a domain: DOMID_SELF, or any domain for a
 * privileged caller (-EPERM otherwise, -ESRCH if it does not exist).
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/page.h>
#include <public/memory.h>

static long target_domain(unsigned long arg, struct domain **out)
{
	struct domain *cur = current_domain();
	domid_t id;
	int rc = copy_from_guest(&id, arg, sizeof(id));

	if (rc)
		return rc;
	if (id == DOMID_SELF || id == cur->domain_id) {
		*out = cur;
		return 0;
	}
	if (!cur->is_privileged)
		return guest_err(-XEN_EPERM, "memory_op: domain %u", id);
	*out = domain_lookup(id);
	return *out ? 0 : -XEN_ESRCH;
}

static long mem_reservation_query(unsigned int cmd, unsigned long arg)
{
	struct domain *d = NULL;
	long rc = target_domain(arg, &d);

	if (rc)
		return rc;
	switch (cmd) {
	case XENMEM_current_reservation:
		return d->tot_pages;
	case XENMEM_maximum_reservation:
		return d->max_pages;
	default:
		/* A PV guest's highest gpfn is what it published. */
		return (d->shared_info->arch.max_pfn ?: 1) - 1;
	}
}

static long mem_machphys_mapping(unsigned long arg)
{
	struct xen_machphys_mapping m = {
		.v_start = MACH2PHYS_VIRT_START,
		.v_end = MACH2PHYS_VIRT_END,
		.max_mfn = max_page - 1,
	};

	return copy_to_guest(arg, &m, sizeof(m));
}

/*
 * The frames holding the M2P, one per 2 MiB of its virtual range (Xen
 * maps it with superpages and names their first frames).
 */
static long mem_machphys_mfn_list(unsigned long arg)
{
	struct xen_machphys_mfn_list l;
	unsigned long n = m2p_nr_chunks(), i;
	int rc = copy_from_guest(&l, arg, sizeof(l));

	if (rc)
		return rc;
	for (i = 0; i < n && i < l.max_extents; i++) {
		xen_pfn_t mfn = mfn_x(m2p_chunk_mfn(i));

		rc = copy_to_guest((vaddr_t)l.extent_start +
				   i * sizeof(mfn), &mfn, sizeof(mfn));
		if (rc)
			return rc;
	}
	l.nr_extents = i;
	return copy_to_guest(arg, &l, sizeof(l));
}

/*
 * The host's E820 map, for dom0 to lay out its physical address space.
 * As Xen: a buffer must have room for the whole map (-EINVAL), a NULL
 * buffer stores nothing, and nr_entries comes back.
 */
static long mem_machine_memory_map(unsigned long arg)
{
	struct xen_memory_map map;
	struct xen_e820_entry e;
	unsigned int n = boot_info.map.nr;
	int rc;

	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	rc = copy_from_guest(&map, arg, sizeof(map));
	if (rc)
		return rc;
	if (map.buffer && map.nr_entries < n)
		return -XEN_EINVAL;
	for (unsigned int i = 0; i < n && map.buffer; i++) {
		e.addr = boot_info.map.r[i].start;
		e.size = boot_info.map.r[i].end - boot_info.map.r[i].start;
		e.type = boot_info.map.r[i].type;
		rc = copy_to_guest((vaddr_t)map.buffer + i * sizeof(e), &e,
				   sizeof(e));
		if (rc)
			return rc;
	}
	map.nr_entries = n;
	return copy_to_guest(arg, &map, sizeof(map));
}

/* Until arch/x86/mm provides the sub-ops that change memory. */
__attribute__((weak)) long arch_memory_op(unsigned long cmd,
					  unsigned long arg)
{
	return -XEN_ENOSYS;
}

long do_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5)
{
	unsigned int op = cmd & 0x3f;
	long rc;	/* MEMOP_CMD_MASK: the rest is
					   continuation state */

	switch (op) {
	case XENMEM_maximum_ram_page:
		return max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return mem_reservation_query(op, arg);
	case XENMEM_machphys_mapping:
		return mem_machphys_mapping(arg);
	case XENMEM_machphys_mfn_list:
		return mem_machphys_mfn_list(arg);
	case XENMEM_memory_map:
		/* No toolstack set a pseudo-physical map: Xen's answer. */
		return -XEN_ENOSYS;
	case XENMEM_machine_memory_map:
		return mem_machine_memory_map(arg);
	default:
		rc = arch_memory_op(cmd, arg);
		if (rc != -XEN_ENOSYS)
			return rc;
		return guest_err(-XEN_ENOSYS, "memory_op: cmd %lu", cmd);
	}
}
