/*
 * Domain and vCPU lifecycle (xenolith/domain.h).
 *
 * The domain table maps IDs to domains; a slot is taken at create and
 * freed at destroy, so an ID is never reused while anything may still
 * name the old domain.  Page ownership is recorded twice, as in Xen: the
 * page's owner field (set by the heap when a page is allocated for d)
 * and d->page_list (kept here, so destroy can find every page).
 *
 * Destroy is Xen's two steps: domain_kill() undoes what other
 * subsystems hold (event channels, grant mappings) and relinquishes the
 * memory, preemptibly; domain_destroy() then frees the grant table and
 * the structures.  A domain whose frames someone else still holds stays
 * (a zombie) rather than free them under the holder.
 *
 * Locking: domlist_lock protects domain_table[]; d->page_alloc_lock
 * protects d->page_list and d->tot_pages.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/grant.h>
#include <xenolith/sched.h>
#include <xenolith/sched_core.h>
#include <public/sched.h>

static struct domain *domain_table[MAX_DOMAINS];	/* by slot */
static DEFINE_SPINLOCK(domlist_lock);			/* domain_table */

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

/* Called by the heap whenever pages are given to or taken from d. */
void domain_page_assigned(struct domain *d, long nr)
{
	unsigned long flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);

	d->tot_pages += nr;
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = alloc_xenheap_pages(order_for(sizeof(*v)));

	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->vcpu_id = id;
	v->domain = d;
	v->vcpu_info = &d->shared_info->vcpu_info[id];
	v->vcpu_info->evtchn_upcall_mask = 1;
	v->arch.guest_table = INVALID_MFN;
	v->arch.guest_table_user = INVALID_MFN;
	v->arch.kernel_mode = true;
	return v;
}

static void vcpus_free(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		if (d->vcpu[i])
			free_xenheap_pages(d->vcpu[i],
					   order_for(sizeof(struct vcpu)));
}

static struct domain *domain_alloc(domid_t id, bool privileged)
{
	struct domain *d = alloc_xenheap_pages(order_for(sizeof(*d)));

	if (!d)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info) {
		free_xenheap_pages(d, order_for(sizeof(*d)));
		return NULL;
	}
	memset(d->shared_info, 0, PAGE_SIZE);
	/* Every vcpu_info starts masked: no upcall before the guest asks. */
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	d->domain_id = id;
	d->is_privileged = privileged;
	d->shutdown_code = ~0U;
	spin_lock_init(&d->page_alloc_lock);
	page_list_init(&d->page_list);
	return d;
}

static void domain_free(struct domain *d, bool arch_made)
{
	sched_domain_destroy(d);
	vcpus_free(d);
	if (!arch_made || arch_domain_destroy(d))
		free_xenheap_page(d->shared_info);
	free_xenheap_pages(d, order_for(sizeof(*d)));
}

struct domain *domain_create(domid_t id, unsigned int nr_vcpus,
			     bool privileged)
{
	struct domain *d;
	int slot = -1;

	if (id >= DOMID_FIRST_RESERVED || nr_vcpus == 0 ||
	    nr_vcpus > MAX_VCPUS || domain_lookup(id))
		return NULL;
	d = domain_alloc(id, privileged);
	if (!d)
		return NULL;
	arch_domain_create(d);
	for (d->nr_vcpus = 0; d->nr_vcpus < nr_vcpus; d->nr_vcpus++) {
		d->vcpu[d->nr_vcpus] = vcpu_create(d, d->nr_vcpus);
		if (!d->vcpu[d->nr_vcpus])
			goto fail;
	}
	if (sched_domain_init(d))
		goto fail;
	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS && slot < 0; i++)
		if (!domain_table[i])
			slot = i;
	if (slot >= 0)
		domain_table[slot] = d;
	spin_unlock(&domlist_lock);
	if (slot >= 0) {
		domain_pause(d);
		return d;
	}
fail:
	domain_free(d, true);
	return NULL;
}

struct domain *domain_lookup(domid_t id)
{
	struct domain *found = NULL;

	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (domain_table[i] && domain_table[i]->domain_id == id)
			found = domain_table[i];
	spin_unlock(&domlist_lock);
	return found;
}

/*
 * Every vCPU of every domain in one fixed cyclic order (domain slot,
 * then vCPU number): the vCPU after v, v itself if it is the only one.
 */
struct vcpu *domain_vcpu_after(const struct vcpu *v)
{
	struct vcpu *all[MAX_DOMAINS * MAX_VCPUS];
	unsigned int n = 0, me = 0;

	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = domain_table[i];

		for (unsigned int j = 0; d && j < d->nr_vcpus; j++) {
			if (d->vcpu[j] == v)
				me = n;
			all[n++] = d->vcpu[j];
		}
	}
	spin_unlock(&domlist_lock);
	return all[(me + 1) % n];
}

void domain_pause(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		d->vcpu[i]->paused = true;
}

void domain_unpause(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		d->vcpu[i]->paused = false;
}

static const char *shutdown_name(unsigned int reason)
{
	if (reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason])
		return shutdown_names[reason];
	return "unknown";
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	if (d->is_shutting_down)
		return;
	if (d->shutdown_code != ~0U)
		reason = d->shutdown_code;
	d->is_shutting_down = true;
	d->shutdown_reason = reason;
	printk("Domain %u shutdown: reason %u (%s)\n", d->domain_id, reason,
	       shutdown_name(reason));
	domain_pause(d);
	evtchn_notify_dom_exc();	/* hook (issue 5): tell dom0 */
	arch_domain_shutdown_hook(d);
}

void domain_crash(struct domain *d, const char *why)
{
	printk(XENLOG_G_ERR "Domain %u (vcpu#0) crashed: %s\n", d->domain_id,
	       why);
	domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * Take d apart, preemptibly (Xen's domain_kill): its event channels
 * close, the grants it mapped are unmapped, then its memory goes back
 * to the heap (domain_relinquish_memory(), arch/x86/mm/relinquish.c).
 * d must be shut down with its vCPUs off every CPU.  -ERESTART: call
 * again; -EBUSY: frames of d are still held by others, a later call
 * retries them; 0: every frame of d is back in the heap.
 */
int domain_kill(struct domain *d)
{
	ASSERT(d->is_shutting_down);
	if (!d->is_dying) {
		d->is_dying = true;
		/* Hook (issue 5): close every port while peers can still
		 * find d. */
		evtchn_domain_teardown(d);
		gnttab_release_mappings(d);	/* hook (issue 6) */
	}
	return domain_relinquish_memory(d);
}

void domain_destroy(struct domain *d)
{
	int rc;

	while ((rc = domain_kill(d)) == -ERESTART)
		;
	if (rc) {
		printk(XENLOG_ERR "Domain %u: %lu pages still held; kept as a "
		       "zombie\n", d->domain_id, d->tot_pages);
		return;
	}
	gnttab_domain_teardown(d);	/* its own table, now unmapped */
	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (domain_table[i] == d)
			domain_table[i] = NULL;
	spin_unlock(&domlist_lock);
	printk("Domain %u destroyed (%lu pages left)\n", d->domain_id,
	       d->tot_pages);
	domain_free(d, true);
}
