/*
 * The end of a run: before dom0 takes the machine down, every domain
 * gives its memory back, and the heap must again hold every frame it
 * held before the first domain was built.
 *
 * Xen just resets the machine here.  We do the work because this is
 * where every guest test ends: so every test on Xenolith also checks
 * that destroying a domain returns every frame it had, whatever the
 * test left behind (pins, typed GDT/LDT frames, a vcpu_info in guest
 * memory, FIFO control blocks, grant maps and table frames, shared_info).
 *
 * Steps:
 *   0. (with 1) the page-type auditor recounts every frame's references
 *      (pv_mm_audit()): whatever the test did, the counts must be right;
 *   1. the other CPUs are parked: an IPI makes each load the idle page
 *      tables and halt with interrupts off, so no vCPU runs and no CPU
 *      still uses a guest's page tables; this CPU loads them too, and
 *      every vCPU is marked down (nothing may kick or flush a parked CPU);
 *   2. every domain is killed (domain_kill(): ports, grant maps, then its
 *      memory), domUs first, dom0 last, in rounds while one domain's
 *      mappings still hold another's frames;
 *   3. each domain's grant table and shared_info are unshared and freed,
 *      which fails if a mapping of them survived;
 *   4. the domheap's free count is compared with the one noted before
 *      dom0 was built.
 *
 * Stable lines (tests/guest/suite requires the last one on Xenolith):
 *   dN: relinquished F frames
 *   d0: relinquished F frames, heap back to M free
 * or "memory check FAILED: ..." with the reason.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/grant.h>
#include <public/sched.h>
#include <xenolith/mm.h>
#include <xenolith/smp.h>
#include <xenolith/time.h>
#include <xenolith/tlbflush.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/page_type.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/flush.h>

#define PARK_TIMEOUT_NS 1000000000LL
#define KILL_ROUNDS 4

static unsigned long heap_baseline;	/* free domheap before dom0 */
static unsigned int parked;		/* CPUs that took the park IPI */

void pv_machine_end_baseline(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	heap_baseline = st.avail[MM_POOL_DOMHEAP];
}

static unsigned long heap_free(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.avail[MM_POOL_DOMHEAP];
}

static void __attribute__((noreturn)) park_cpu(void *unused)
{
	(void)unused;
	write_cr3(virt_to_maddr(idle_l4));
	tlbflush_post(~0ULL); /* never flushed again: holds nothing */
	flush_cpu_parked();	/* flushes no longer wait for this CPU */
	__atomic_fetch_add(&parked, 1, __ATOMIC_SEQ_CST);
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/*
 * Interrupts are on while the others are asked: one of them may be in
 * smp_call_function() itself, waiting for this CPU to answer before it
 * lets go of the call lock.
 */
static bool park_others(void)
{
	s_time_t deadline = NOW() + PARK_TIMEOUT_NS;
	bool ok = true;

	local_irq_enable();
	smp_call_function((void (*)(void *))park_cpu, NULL, false);
	while (__atomic_load_n(&parked, __ATOMIC_SEQ_CST) <
	       nr_cpus_online - 1 && ok)
		ok = NOW() <= deadline;
	local_irq_disable();
	write_cr3(virt_to_maddr(idle_l4));
	return ok;
}

/* Every domain, dom0 last; returns how many. */
static unsigned int all_domains(struct domain *all[MAX_DOMAINS])
{
	unsigned int n = 0;
	struct domain *d;

	for (domid_t id = 1; id < DOMID_FIRST_RESERVED && n < MAX_DOMAINS;
	     id++)
		if ((d = domain_lookup(id)))
			all[n++] = d;
	if (n < MAX_DOMAINS && (d = domain_lookup(0)))
		all[n++] = d;
	return n;
}

static void stop_all(struct domain *all[], unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct domain *d = all[i];

		if (!d->is_shutting_down)
			domain_shutdown(d, SHUTDOWN_poweroff);
		for (unsigned int j = 0; j < d->nr_vcpus; j++)
			if (d->vcpu[j])
				d->vcpu[j]->is_up = false;
	}
}

/* Kill each domain; rounds retry frames held across domains. */
static bool kill_all(struct domain *all[], unsigned int n)
{
	unsigned int round, i, left = n;
	int rc[MAX_DOMAINS];

	for (i = 0; i < n; i++)
		rc[i] = -EBUSY;
	for (round = 0; round < KILL_ROUNDS && left; round++)
		for (i = 0; i < n; i++) {
			if (rc[i] != -EBUSY)
				continue;
			while ((rc[i] = domain_kill(all[i])) == -ERESTART)
				;
			if (!rc[i])
				left--;
		}
	return !left;
}

/* The xenheap pages d shared with itself: none may be mapped now. */
static bool unshare_all(struct domain *d)
{
	if (!gnttab_domain_teardown(d)) {
		printk(XENLOG_ERR "memory check FAILED: d%u: grant table "
		       "frames still mapped\n", d->domain_id);
		return false;
	}
	if (unshare_xen_page(virt_to_page(d->shared_info)))
		return true;
	printk(XENLOG_ERR "memory check FAILED: d%u: shared_info still "
	       "mapped\n", d->domain_id);
	return false;
}

static void report(struct domain *all[], unsigned int n, bool ok)
{
	unsigned long now = heap_free();

	/* Proof for the tests that long batches really were preempted. */
	printk("hypercall continuations: %lu\n", pv_continuations);
	for (unsigned int i = 0; i < n; i++)
		if (all[i]->arch.relmem_restarts)
			printk("d%u: relinquish restarted %lu times\n",
			       all[i]->domain_id, all[i]->arch.relmem_restarts);
	for (unsigned int i = 0; i + 1 < n; i++)
		printk("d%u: relinquished %lu frames\n", all[i]->domain_id,
		       all[i]->arch.relmem_freed);
	if (ok && now == heap_baseline)
		printk("d0: relinquished %lu frames, heap back to %lu free\n",
		       all[n - 1]->arch.relmem_freed, now);
	else if (now == heap_baseline)
		printk(XENLOG_ERR "memory check FAILED (above); heap back to "
		       "%lu free\n", now);
	else
		printk(XENLOG_ERR "memory check FAILED: heap has %lu free "
		       "frames, %lu before the domains were built\n", now,
		       heap_baseline);
}

void pv_machine_end_check(void)
{
	struct domain *all[MAX_DOMAINS];
	unsigned int n, i;
	bool ok, audited;

	if (!park_others()) {
		printk(XENLOG_ERR "memory check FAILED: a CPU did not park\n");
		return;
	}
	n = all_domains(all);
	if (!n || all[n - 1]->domain_id != 0)
		return;
	audited = pv_mm_audit();
	if (!audited)
		printk(XENLOG_ERR "memory check FAILED: the page-type audit "
		       "disagrees with the counts\n");
	stop_all(all, n);
	ok = kill_all(all, n) && audited;
	for (i = 0; i < n && ok; i++)
		ok = unshare_all(all[i]);
	report(all, n, ok);
}
