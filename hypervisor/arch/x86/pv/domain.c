/*
 * The x86 side of a domain's life: what common/domain/domain.c asks the
 * architecture to do when a domain is created and destroyed.
 *
 * shared_info is a xenheap page, but the guest maps it like its own
 * memory (update_va_mapping with start_info.shared_info), so at creation
 * it is "shared with the guest": owned by the domain with a permanent
 * writable type, as Xen's share_xen_page_with_guest() leaves it, which
 * is what the page-type rules (mm/page_type.c) accept in an L1 entry.
 * Before the page goes back to the xenheap the sharing is undone; a
 * mapping still holding it at that point is a reference leak we report
 * rather than free the page under it.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <asm/page_type.h>
#include <asm/pv.h>
#include <asm/xstate.h>

void arch_domain_create(struct domain *d)
{
	share_xen_page_with_guest(virt_to_page(d->shared_info), d);
}

/* The vCPUs' hypervisor stacks (switch.c): none of them is in use,
 * the domain's vCPUs were stopped and are never picked again. */
static void free_vcpu_stacks(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->arch.stack) {
			free_xenheap_pages(v->arch.stack, STACK_ORDER);
			v->arch.stack = NULL;
		}
		if (v)
			xstate_vcpu_free(v);
	}
}

bool arch_domain_destroy(struct domain *d)
{
	free_vcpu_stacks(d);
	if (unshare_xen_page(virt_to_page(d->shared_info)))
		return true;
	printk(XENLOG_ERR "d%u: shared_info still mapped at destroy; "
	       "leaking it\n", d->domain_id);
	return false;
}
