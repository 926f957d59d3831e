/*
 * Domain and vCPU lifecycle (xenolith/domain.h).
 *
 * The domain table maps IDs to domains; a slot is taken at create and
 * freed at destroy, so an ID is never reused while anything may still
 * name the old domain.  Page ownership is recorded twice, as in Xen: the
 * page's owner field (set by the heap when a page is allocated for d)
 * and d->page_list (kept here, so destroy can find every page).
 *
 * Destroy is Xen's two steps.  domain_kill() undoes what other
 * subsystems hold (vCPUs stopped, timers, event channels, the grants d
 * mapped) and relinquishes the memory, preemptibly.  domain_destroy()
 * (XEN_DOMCTL_destroydomain) runs it to the end; a frame somebody else
 * still holds (a grantee's mapping, a foreign mapping) loses its
 * allocation reference and goes back to the heap with its holder's last
 * put, and d stays in the table meanwhile as a zombie marked dead.  Once
 * the heap has counted its last frame back, domain_reap_zombies() (run
 * at every domctl and sysctl) frees its grant table and structures, as
 * Xen frees a domain with its last reference.
 *
 * Locking: domlist_lock protects domain_table[]; d->page_alloc_lock
 * protects d->page_list and d->tot_pages.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/grant.h>
#include <xenolith/mm.h>
#include <xenolith/sched.h>
#include <xenolith/sched_core.h>
#include <xenolith/vtime.h>
#include <asm/processor.h>
#include <asm/flush.h>
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
	bool free_shared = !arch_made || arch_domain_destroy(d);

	sched_domain_destroy(d);
	vcpus_free(d);
	if (free_shared)
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

struct domain *domain_lookup_next(domid_t id)
{
	struct domain *best = NULL;

	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = domain_table[i];

		if (d && d->domain_id >= id &&
		    (!best || d->domain_id < best->domain_id))
			best = d;
	}
	spin_unlock(&domlist_lock);
	return best;
}

void domain_pause(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		d->vcpu[i]->paused = true;
		vcpu_runnable_update(d->vcpu[i]);
	}
}

void domain_unpause(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		d->vcpu[i]->paused = false;
		vcpu_runnable_update(d->vcpu[i]);
	}
}

/* Xen limits the toolstack's count to 255 so repeated calls cannot wrap
 * it; the vCPUs stay paused while it is non-zero or the domain is shut
 * down or dying (a controller unpause never restarts a dead guest). */
long domain_pause_by_controller(struct domain *d)
{
	if (d->controller_pause_count >= 255)
		return -XEN_EOVERFLOW;
	d->controller_pause_count++;
	domain_pause(d);
	return 0;
}

long domain_unpause_by_controller(struct domain *d)
{
	if (!d->controller_pause_count)
		return -XEN_EINVAL;
	if (!--d->controller_pause_count && !d->is_shutting_down &&
	    !d->is_dying)
		domain_unpause(d);
	return 0;
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
	sched_domain_report(d);
	evtchn_notify_dom_exc();	/* hook (issue 5): tell dom0 */
	arch_domain_shutdown_hook(d);
}

void domain_crash(struct domain *d, const char *why)
{
	printk(XENLOG_G_ERR "Domain %u (vcpu#0) crashed: %s\n", d->domain_id,
	       why);
	domain_shutdown(d, SHUTDOWN_crash);
}

/* ---- destruction ---- */

/*
 * No vCPU of d may be on a CPU while its state goes: paused vCPUs are
 * never picked again, and one still running elsewhere gives up its CPU
 * at its next exit.  (Today every guest vCPU runs on the caller's CPU,
 * so this finds them all stopped at once.)  The caller's own vCPU (dom0
 * at the end of a run, machine_end.c) is not waited for.
 */
static void vcpus_stop(struct domain *d)
{
	struct vcpu_runstate_info rs;

	domain_pause(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		s_time_t give_up = NOW() + SECONDS(1);

		if (!v || v == current_vcpu())
			continue;
		for (;;) {	/* domain_pause asked its CPU to switch */
			vtime_vcpu_runstate(v, &rs);
			if (rs.state != RUNSTATE_running)
				break;
			if (NOW() > give_up) {	/* a stale record, not a CPU */
				printk("d%uv%u: runstate still running\n",
				       d->domain_id, v->vcpu_id);
				break;
			}
			cpu_relax_serving();
		}
	}
}

/*
 * Take d apart, preemptibly (Xen's domain_kill): vCPUs stopped, timers
 * off, ports closed (a peer's interdomain port goes back to unbound),
 * the grants d mapped unmapped, then its memory goes back to the heap
 * (domain_relinquish_memory(), arch/x86/mm/relinquish.c).  -ERESTART:
 * call again; -EBUSY: frames of d are still held by others, a later
 * call retries them; 0: every frame of d is back in the heap.
 */
int domain_kill(struct domain *d)
{
	if (!d->is_dying) {
		d->is_dying = true;
		vcpus_stop(d);
		/* A CPU its vCPUs left for the idle loop may still have
		 * d's page tables loaded; they are freed below. */
		flush_drop_lazy_tables();
		vtime_domain_teardown(d);
		/* Hook (issue 5): close every port while peers can still
		 * find d. */
		evtchn_domain_teardown(d);
		gnttab_release_mappings(d);	/* hook (issue 6) */
	}
	return domain_relinquish_memory(d);
}

/*
 * The frames others still hold lose their allocation reference: each
 * goes back to the heap with its holder's last put_page(), counted off
 * d->tot_pages then (domain_page_assigned()).
 */
static void release_held(struct domain *d)
{
	struct page_info *pg;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&d->page_alloc_lock, flags);
		pg = page_list_remove_head(&d->page_list);
		spin_unlock_irqrestore(&d->page_alloc_lock, flags);
		if (!pg)
			break;
		put_page_alloc_ref(pg);
	}
}

long domain_destroy(struct domain *d)
{
	int rc;

	if (d == current_domain())
		return -EINVAL;
	if (d->is_dead)
		return 0;
	while ((rc = domain_kill(d)) == -ERESTART)
		;
	if (rc == -EBUSY)
		release_held(d);
	else if (rc)
		return rc;
	d->is_dead = true;
	printk("Domain %u destroyed: %lu frames still held by others\n",
	       d->domain_id, d->tot_pages);
	evtchn_notify_dom_exc();	/* Xen: VIRQ_DOM_EXC once dead */
	domain_reap_zombies();
	return 0;
}

/*
 * The last of d goes: it leaves the table, its grant table (no longer
 * mapped: its page tables are gone) and structures are freed, and the
 * heap is audited (rare, and the one moment a leak or a double free of
 * d's frames would show).
 */
static void domain_reap(struct domain *d)
{
	domid_t id = d->domain_id;
	struct mm_stats before, after;

	mm_get_stats(&before);
	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (domain_table[i] == d)
			domain_table[i] = NULL;
	spin_unlock(&domlist_lock);
	gnttab_domain_teardown(d);
	domain_free(d, true);
	mm_get_stats(&after);
	printk("d%u reaped: %lu xenheap pages back, heap audit %s\n", id,
	       after.avail[MM_POOL_XENHEAP] - before.avail[MM_POOL_XENHEAP],
	       mm_audit() ? "ok" : "FAILED");
}

/* A dead domain whose frames all came back, or NULL. */
static struct domain *zombie_done(void)
{
	struct domain *found = NULL;

	spin_lock(&domlist_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS && !found; i++) {
		struct domain *d = domain_table[i];

		if (d && d->is_dead && !d->tot_pages)
			found = d;
	}
	spin_unlock(&domlist_lock);
	return found;
}

void domain_reap_zombies(void)
{
	struct domain *d;

	while ((d = zombie_done()))
		domain_reap(d);
}
