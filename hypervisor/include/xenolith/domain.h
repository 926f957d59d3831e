/*
 * struct domain: a guest, the unit of ownership.
 *
 * A domain owns pages (their struct page_info names it as owner and it
 * counts them in tot_pages), a shared_info page and its vCPUs.  Its life:
 *
 *   domain_create()    an ID, the structure and shared_info; no memory
 *   (builder)          memory, page tables, the initial vCPU state
 *   domain_unpause()   vCPUs may run
 *   domain_shutdown()  the guest (or its controller) asked to stop, with
 *                      a SHUTDOWN_* reason; vCPUs stop running
 *   domain_destroy()   every page goes back to the heap
 *
 * Domain IDs are Xen's: 0 is dom0, ordinary domains count up from 1, and
 * DOMID_FIRST_RESERVED (0x7ff0) and above are special names (DOMID_SELF,
 * DOMID_IO, DOMID_XEN...), never a real domain.
 */
#ifndef XENOLITH_DOMAIN_H
#define XENOLITH_DOMAIN_H

#include <xenolith/types.h>
#include <xenolith/page.h>
#include <xenolith/spinlock.h>
#include <xenolith/vcpu.h>
#include <xenolith/sched_ops.h>

#define MAX_DOMAINS 16
#define MAX_VCPUS 8
#define DOMAIN_CMDLINE_MAX 1024

struct domain {
	domid_t domain_id;
	bool is_privileged;		/* SIF_PRIVILEGED / control domain */
	bool is_shutting_down;
	bool is_dying;			/* destroy in progress */
	bool is_dead;			/* killed; a zombie while pages
					   are still referenced elsewhere */
	unsigned int shutdown_code;	/* SCHEDOP_shutdown_code, ~0: none */
	unsigned int shutdown_reason;	/* valid once is_shutting_down */
	unsigned int controller_pause_count;	/* domctl pausedomain */
	uint8_t handle[16];		/* toolstack's UUID (getdomaininfo) */
	spinlock_t page_alloc_lock;	/* page_list, tot_pages */
	struct page_list_head page_list;	/* pages it owns */
	unsigned long tot_pages;	/* pages it owns */
	unsigned long max_pages;	/* reservation limit */
	struct shared_info *shared_info;	/* hypervisor VA */
	struct evtchn_domain *evtchn;	/* its event state, once made
					   (evtchn_glue.c); NULL before */
	unsigned long *p2m;		/* builder's copy: pfn -> mfn */
	unsigned long nr_pfns;		/* size of the pseudo-physical space */
	unsigned int nr_vcpus;
	struct vcpu *vcpu[MAX_VCPUS];
	char cmdline[DOMAIN_CMDLINE_MAX];
	struct sched_dom sched;		/* the scheduler's view of it */
	struct arch_domain arch;
};

/* Create a domain with nr_vcpus vCPUs (all down); NULL when out of IDs
 * or memory.  The domain starts paused. */
struct domain *domain_create(domid_t id, unsigned int nr_vcpus,
			     bool privileged);
struct domain *domain_lookup(domid_t id);	/* NULL if none */
/* The domain with the lowest ID >= id, NULL if none (getdomaininfo). */
struct domain *domain_lookup_next(domid_t id);
void domain_pause(struct domain *d);
/* Round-robin order over all vCPUs of all domains (the scheduler's). */
void domain_unpause(struct domain *d);
/* The toolstack's pause (domctl), counted as Xen's: -XEN_EOVERFLOW past
 * 255, unpause without a pause -XEN_EINVAL.  A shut-down domain stays
 * stopped when its count drops to 0. */
long domain_pause_by_controller(struct domain *d);
long domain_unpause_by_controller(struct domain *d);
/* Stop d for reason (SHUTDOWN_*); prints Xen's line.  Idempotent. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* A guest error the ABI cannot report: crash the domain. */
void domain_crash(struct domain *d, const char *why);
/*
 * Take d apart (Xen's domain_kill): vCPUs stopped, timers off, ports
 * closed, the grants it mapped unmapped, then its memory given back.
 * Re-callable: -ERESTART (call again), -EBUSY (frames held by others,
 * kept) or 0.  The structures stay (machine_end.c and domain_destroy()
 * decide when they go).
 */
int domain_kill(struct domain *d);
/*
 * XEN_DOMCTL_destroydomain: domain_kill() to the end; frames still held
 * by others lose their allocation reference and d stays a zombie
 * (XEN_DOMINF_dying) until the last of them is freed, then
 * domain_reap_zombies() frees it.  -XEN_EINVAL for the caller's own
 * domain; 0 again for a dying one.
 */
long domain_destroy(struct domain *d);
/* Free every zombie whose last frame is gone (domctl/sysctl entry). */
void domain_reap_zombies(void);
/*
 * The memory part of domain_kill() (arch): drop every reference the
 * memory code holds on d's frames (base pointers, GDT/LDT, vcpu_info,
 * pins, page-table types) and free each frame held by its allocation
 * alone.  Preemptible: -ERESTART while work is left; -EBUSY while others
 * hold some frames (kept on d->page_list); 0 when all are in the heap.
 */
int domain_relinquish_memory(struct domain *d);

/* XEN_DOMCTL_getdomaininfo's answer for d (domctl.c; sysctl lists). */
struct xen_domctl_getdomaininfo;
void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info);
/* One domctl or sysctl at a time; held across a destroy (domctl.c). */
extern spinlock_t domctl_lock;

/* Submap 0 of XENVER_get_features for d (version.c). */
uint32_t xen_features_submap0(const struct domain *d);

/* Build and enter dom0 from the boot modules; returns if there are none. */
struct boot_info;
void dom0_boot(const struct boot_info *bi);

/* Arch parts of create (cannot fail) and of the final free (vCPU
 * stacks; false: shared_info must not be freed, something still maps
 * it). */
void arch_domain_create(struct domain *d);
bool arch_domain_destroy(struct domain *d);

/* What happens when a domain shuts down (e.g. dom0 ends the machine). */
void arch_domain_shutdown_hook(struct domain *d);

static inline struct domain *current_domain(void)
{
	struct vcpu *v = current_vcpu();

	return v ? v->domain : NULL;
}

#endif
