/*
 * Where the event-channel core meets the rest of Xenolith.
 *
 * The core (evtchn.c and friends) works on a struct evtchn_domain and
 * calls evtchn_env_*() for everything outside it; this file answers
 * those calls for real domains.  Each domain's event state lives in a
 * slot of a static table, made on first use from the domain's
 * shared_info and vcpu_info pointers, and released by
 * evtchn_domain_teardown() when the domain is destroyed.  d->evtchn
 * points at the slot from then on, so the hypercall path finds it
 * without a lock; lookups by domain ID still search the table.
 *
 * Kicks: when a vCPU's upcall flag rises, the arch code delivers the
 * callback on its next way back to the guest.  A vCPU running on this
 * CPU gets there by itself; one on another CPU is sent the event-check
 * IPI, which also ends a HLT in SCHEDOP_block or SCHEDOP_poll there.
 *
 * FIFO pages are the guest's own writable RAM: a general and a
 * writable-type reference is held for as long as they are mapped, so
 * the guest cannot turn them into page tables meanwhile; the direct map
 * gives the hypervisor address.
 *
 * Lock order: an evtchn_domain's lock, then domlist_lock (through
 * domain_lookup()), then slots_lock.
 */
#include <xenolith/lib.h>
#include <xenolith/sched.h>
#include <xenolith/console.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/mm.h>
#include <xenolith/page.h>
#include <xenolith/softirq.h>
#include <xenolith/vtime.h>
#include <asm/current.h>
#include <asm/page_type.h>

struct evtchn_slot {
	struct evtchn_domain ed;	/* first: slot_of() casts */
	struct domain *d;		/* NULL: slot free */
};

static struct evtchn_slot slots[MAX_DOMAINS];
static DEFINE_SPINLOCK(slots_lock);	/* slots[].d */

static struct evtchn_slot *slot_of(struct evtchn_domain *ed)
{
	return (struct evtchn_slot *)ed;
}

static int slot_init(struct evtchn_slot *s, struct domain *d)
{
	struct evtchn_domain *ed = &s->ed;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	ed->domid = d->domain_id;
	ed->privileged = d->is_privileged;
	ed->shared_info = d->shared_info;
	ed->nr_vcpus = MIN(d->nr_vcpus, EVTCHN_MAX_VCPUS);
	for (i = 0; i < ed->nr_vcpus; i++)
		ed->vcpu[i].vcpu_info = d->vcpu[i]->vcpu_info;
	if (evtchn_domain_init(ed))
		return -XEN_ENOMEM;
	s->d = d;
	return 0;
}

/*
 * VCPUOP_register_vcpu_info moves a vCPU's vcpu_info into guest memory
 * (arch/x86/pv/vcpu_info.c, which marks everything pending afterwards so
 * nothing is lost); every way into the core picks up the current
 * pointers here.  A pointer store is atomic, and both places stay
 * mapped, so a racing event lands in one of them and is re-raised.
 */
static void follow_vcpu_info(struct evtchn_slot *s)
{
	struct domain *d = s->d;
	unsigned int i;

	for (i = 0; i < s->ed.nr_vcpus; i++)
		if (s->ed.vcpu[i].vcpu_info != d->vcpu[i]->vcpu_info)
			__atomic_store_n(&s->ed.vcpu[i].vcpu_info,
					 d->vcpu[i]->vcpu_info,
					 __ATOMIC_RELEASE);
}

/*
 * The fast way in: d->evtchn, set once the slot is made (under
 * slots_lock, after the slot is complete) and cleared by teardown before
 * the slot goes.  Every hypercall and timer VIRQ starts here, so it takes
 * no lock and walks no table.
 */
static struct evtchn_domain *cached(struct domain *d)
{
	struct evtchn_domain *ed = __atomic_load_n(&d->evtchn,
						   __ATOMIC_ACQUIRE);

	if (ed)
		follow_vcpu_info(slot_of(ed));
	return ed;
}

/* d's event state if it has any yet; never allocates (IRQ context). */
struct evtchn_domain *evtchn_find(struct domain *d)
{
	struct evtchn_slot *s, *found = NULL;
	struct evtchn_domain *ed = cached(d);
	unsigned long flags;

	if (ed)
		return ed;
	spin_lock_irqsave(&slots_lock, flags);
	for (s = slots; s < slots + MAX_DOMAINS && !found; s++)
		if (s->d == d && s->ed.domid == d->domain_id)
			found = s;
	spin_unlock_irqrestore(&slots_lock, flags);
	if (!found)
		return NULL;
	follow_vcpu_info(found);
	return &found->ed;
}

/* d's event state, made on first use; NULL only when out of memory. */
struct evtchn_domain *evtchn_of(struct domain *d)
{
	struct evtchn_slot *s, *free = NULL;
	struct evtchn_domain *ed = cached(d);
	unsigned long flags;

	if (ed)
		return ed;
	spin_lock_irqsave(&slots_lock, flags);
	for (s = slots; s < slots + MAX_DOMAINS; s++) {
		if (s->d == d && s->ed.domid == d->domain_id)
			goto out;
		if (!s->d && !free)
			free = s;
	}
	s = free && !slot_init(free, d) ? free : NULL;
	if (s)
		__atomic_store_n(&d->evtchn, &s->ed, __ATOMIC_RELEASE);
out:
	spin_unlock_irqrestore(&slots_lock, flags);
	if (!s)
		return NULL;
	follow_vcpu_info(s);
	return &s->ed;
}

/* The domain is being destroyed: its peers see their ends unbound, and
 * its vCPUs' timers stop (they would send VIRQs to freed vCPUs). */
void evtchn_domain_teardown(struct domain *d)
{
	struct evtchn_slot *s;
	unsigned long flags;

	vtime_domain_teardown(d);

	for (s = slots; s < slots + MAX_DOMAINS; s++)
		if (s->d == d)
			break;
	if (s == slots + MAX_DOMAINS)
		return;
	__atomic_store_n(&d->evtchn, NULL, __ATOMIC_RELEASE);
	evtchn_domain_destroy(&s->ed);
	spin_lock_irqsave(&slots_lock, flags);
	s->d = NULL;
	spin_unlock_irqrestore(&slots_lock, flags);
}

struct report_ctx {
	void (*add)(void *acc, mfn_t mfn, bool type_ref);
	void *acc;
};

static void report_page(void *ctx, void *va)
{
	struct report_ctx *r = ctx;

	r->add(r->acc, page_to_mfn(virt_to_page(va)), true);
}

void evtchn_report_refs(void (*add)(void *acc, mfn_t mfn, bool type_ref),
			void *acc)
{
	struct report_ctx r = { add, acc };
	struct evtchn_slot *s;
	unsigned long flags;

	spin_lock_irqsave(&slots_lock, flags);
	for (s = slots; s < slots + MAX_DOMAINS; s++)
		if (s->d)
			evtchn_fifo_for_each_page(&s->ed, report_page, &r);
	spin_unlock_irqrestore(&slots_lock, flags);
}

/* The slot of the live domain with ID id, if it has event state. */
static struct evtchn_slot *slot_by_id(domid_t id)
{
	struct evtchn_slot *s, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&slots_lock, flags);
	for (s = slots; s < slots + MAX_DOMAINS && !found; s++)
		if (s->d && s->ed.domid == id)
			found = s;
	spin_unlock_irqrestore(&slots_lock, flags);
	return found;
}

/*
 * The core looks up a peer while holding an event lock (interrupts
 * off), so the usual answer comes from slots_lock alone; domain_lookup()
 * and its domlist_lock are only needed for a domain without event state
 * yet, which is never a peer (a peer has a port).
 */
struct evtchn_domain *evtchn_env_lookup(domid_t id)
{
	struct evtchn_slot *s = slot_by_id(id);
	struct domain *d;

	if (s) {
		follow_vcpu_info(s);
		return &s->ed;
	}
	d = domain_lookup(id);
	return d && !d->is_dying ? evtchn_of(d) : NULL;
}

/*
 * v has something to look at: a blocked v is woken (the scheduler puts
 * it on a CPU, and it re-checks what it waits for); one running on
 * another CPU gets an IPI so it takes the event at its next exit.
 */
static void kick_vcpu(struct vcpu *v)
{
	if (!v || !v->is_up)
		return;
	if (__atomic_load_n(&v->blocked, __ATOMIC_SEQ_CST))
		vcpu_wake(v);
	else if (v->processor != smp_processor_id())
		arch_send_event_check(v->processor);
}

void evtchn_env_kick(struct evtchn_domain *ed, unsigned int vcpu)
{
	kick_vcpu(slot_of(ed)->d->vcpu[vcpu]);
}

/*
 * Pollers re-check their ports when they wake; wake them all.  Only a
 * blocked poller needs it: one still on its way to blocking marks itself
 * blocked and then looks at its ports (sched_block), while the port's
 * pending bit was set, with a full barrier, before v->blocked is read
 * here; so one of the two sees the other.  Reading v->blocked first
 * keeps the common case (nobody asleep) to one load per vCPU.
 */
void evtchn_env_port_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct domain *d = slot_of(ed)->d;
	unsigned int i;

	for (i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && __atomic_load_n(&v->blocked, __ATOMIC_SEQ_CST) &&
		    vtime_vcpu_polling(v))
			kick_vcpu(v);
	}
}

void *evtchn_env_map_gfn(struct evtchn_domain *ed, uint64_t gfn)
{
	mfn_t mfn = _mfn(gfn);	/* PV: the guest names machine frames */

	if (gfn > ~0UL >> PAGE_SHIFT || !mfn_valid(mfn))
		return NULL;
	if (get_page_and_type_from_mfn(mfn, PGT_writable_page,
				       slot_of(ed)->d))
		return NULL;
	return page_to_virt(mfn_to_page(mfn));
}

void evtchn_env_unmap(struct evtchn_domain *ed, void *va)
{
	put_page_and_type(virt_to_page(va));
}

bool evtchn_env_paused(struct evtchn_domain *ed)
{
	struct domain *d = slot_of(ed)->d;

	return d->nr_vcpus && d->vcpu[0]->paused;
}

void *evtchn_env_alloc_page(void)
{
	void *p = alloc_xenheap_pages(0);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void evtchn_env_free_page(void *p)
{
	if (p)
		free_xenheap_pages(p, 0);
}

/* The arch hook: raise v's upcall (e.g. for a VIRQ sent from Xenolith
 * code that has a vCPU in hand). */
void vcpu_mark_events_pending(struct vcpu *v)
{
	struct evtchn_domain *ed = evtchn_find(v->domain);

	if (ed)
		evtchn_mark_upcall(ed, v->vcpu_id);
}

/* A global VIRQ for the hardware domain (dom0), if it bound it.  May
 * run in interrupt context: only slots_lock (IRQ-safe) is taken to find
 * it, never domlist_lock. */
void send_global_virq_dom0(unsigned int virq)
{
	struct evtchn_slot *found = slot_by_id(0);

	if (!found)
		return;
	follow_vcpu_info(found);
	send_guest_global_virq(&found->ed, virq);
}

/*
 * Debug key 'q': every vCPU of every domain gets VIRQ_DEBUG, the guests'
 * cue to dump their own state (Xen 4.17 does this at the end of its
 * domain dump, with the same line per vCPU).  Runs in softirq context on
 * CPU 0; each domain is found by ID again, so one destroyed meanwhile is
 * skipped.  Returns how many domains have event channels.
 */
unsigned int evtchn_debug_key(void)
{
	domid_t ids[MAX_DOMAINS];
	unsigned int n = 0, i, v;
	struct evtchn_slot *s;
	unsigned long flags;

	spin_lock_irqsave(&slots_lock, flags);
	for (s = slots; s < slots + MAX_DOMAINS; s++)
		if (s->d)
			ids[n++] = s->ed.domid;
	spin_unlock_irqrestore(&slots_lock, flags);
	for (i = 0; i < n; i++) {
		s = slot_by_id(ids[i]);
		if (!s)
			continue;
		follow_vcpu_info(s);
		for (v = 0; v < s->ed.nr_vcpus; v++) {
			printk("Notifying guest %u:%u (virq %u, port %u)\n",
			       ids[i], v, VIRQ_DEBUG,
			       s->ed.vcpu[v].virq_port[VIRQ_DEBUG]);
			send_guest_vcpu_virq(&s->ed, v, VIRQ_DEBUG);
		}
	}
	return n;
}

/* A physical IRQ for the domain that mapped it (traps/pirq.c), from
 * interrupt context: found through slots_lock alone, as above. */
void evtchn_send_pirq(domid_t dom, unsigned int pirq)
{
	struct evtchn_slot *found = slot_by_id(dom);

	if (!found)
		return;
	follow_vcpu_info(found);
	send_guest_pirq(&found->ed, pirq);
}

/* console.c's hook: serial input was queued for dom0 (CONSOLEIO_read);
 * Linux's hvc console waits for VIRQ_CONSOLE. */
void console_guest_input_notify(void)
{
	send_global_virq_dom0(VIRQ_CONSOLE);
}

/*
 * Global VIRQs for dom0 raised where no event lock may be taken: printk
 * (VIRQ_CON_RING: the hypervisor printed, dom0 may read the console
 * ring) runs under any lock, this file's included, and the allocator
 * (VIRQ_ENOMEM) under heap_lock.  So they are recorded in a bitmap and
 * sent from DOM0_VIRQ_SOFTIRQ, as Xen sends them from a tasklet.  Not
 * before boot ends (no CPU takes softirqs yet, and there is no dom0).
 */
static bool dom0_virq_on;
static unsigned long dom0_virqs_due;	/* bit per VIRQ (all below 64) */

static void dom0_virq_softirq(void)
{
	unsigned long due = __atomic_exchange_n(&dom0_virqs_due, 0,
						__ATOMIC_SEQ_CST);

	while (due) {
		send_global_virq_dom0((unsigned int)__builtin_ctzl(due));
		due &= due - 1;
	}
}

void send_global_virq_dom0_later(unsigned int virq)
{
	if (!__atomic_load_n(&dom0_virq_on, __ATOMIC_RELAXED) || virq >= 64)
		return;
	__atomic_fetch_or(&dom0_virqs_due, 1UL << virq, __ATOMIC_SEQ_CST);
	raise_softirq(DOM0_VIRQ_SOFTIRQ);
}

/* conring.c's hook: every write to the console ring. */
void conring_written(void)
{
	send_global_virq_dom0_later(VIRQ_CON_RING);
}

void evtchn_dom0_virq_init(void)
{
	open_softirq(DOM0_VIRQ_SOFTIRQ, dom0_virq_softirq);
	__atomic_store_n(&dom0_virq_on, true, __ATOMIC_RELEASE);
}

/* A domain shut down or crashed: dom0's toolstack hears VIRQ_DOM_EXC. */
void evtchn_notify_dom_exc(void)
{
	send_global_virq_dom0(VIRQ_DOM_EXC);
}
