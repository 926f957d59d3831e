/*
 * TLB flushes: the ones a guest asks for, the ones safety needs, and
 * the flush clock that tells them apart (xenolith/tlbflush.h; the rule
 * is page_type.c's rule 6).
 *
 * Every full flush of a CPU's TLB - a CR3 load, the CR4.PGE toggle -
 * that goes through here records its tick in tlbflush_time[cpu].  A
 * guest's entries are never global (page_type.c), so a CR3 load drops
 * all of them; a CPU that does not run a vCPU of a domain now holds
 * none of that domain's translations (it loaded other tables since).
 */
#include "pv_mm.h"
#include <xenolith/smp.h>
#include <xenolith/tlbflush.h>
#include <asm/processor.h>
#include <asm/flush.h>
#include <asm/smp.h>

static DEFINE_PER_CPU(uint64_t, tlbflush_time);

void tlbflush_post(uint64_t t)
{
	__atomic_store_n(&this_cpu(tlbflush_time), t, __ATOMIC_RELEASE);
}

/* Might cpu still hold translations older than stamp? */
static bool stale(unsigned int cpu, uint64_t stamp)
{
	return stamp &&
	       __atomic_load_n(&per_cpu(tlbflush_time, cpu),
			       __ATOMIC_ACQUIRE) <= stamp;
}

void write_cr3_stamped(unsigned long cr3)
{
	uint64_t t = tlbflush_pre();

	write_cr3(cr3);
	tlbflush_post(t);
}

/* Global entries too (CR4.PGE off and on): Xenolith's own are global.
 * Stamped: arch/x86/flush.c, which remote CPUs run for us. */
static void flush_tlb_all_local(void)
{
	flush_tlb_all_here();
}

void pv_flush_tlb_local(void)
{
	flush_tlb_all_local();
}

/* Does some vCPU of d run on another CPU than this one? */
static bool runs_elsewhere(const struct domain *d)
{
	unsigned int i, me = smp_processor_id();

	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->is_up &&
		    d->vcpu[i]->processor != me)
			return true;
	return false;
}

/*
 * Every CPU that may hold d's translations forgets them: the others on
 * which a vCPU of d is up (no per-CPU dirty mask yet: all of them are
 * flushed then).  A dying domain runs nowhere (domain_kill()'s
 * precondition: its vCPUs left their CPUs, which loaded other page
 * tables), and the other CPUs may be parked (pv/machine_end.c).
 */
void pv_flush_tlb_remote(const struct domain *d)
{
	if (d && d != dom_io && !d->is_dying && nr_cpus_online > 1 &&
	    runs_elsewhere(d))
		flush_tlb_others(~0UL);	/* deadlock-free: asm/flush.h */
}

void pv_flush_tlb_domain(const struct domain *d)
{
	flush_tlb_all_local();
	pv_flush_tlb_remote(d);
}

void pv_flush_tlb(void)
{
	pv_flush_tlb_domain(current_domain());
}

void pv_invlpg(unsigned long va)
{
	if ((int64_t)va >> 47 == 0 || (int64_t)va >> 47 == -1)
		invlpg((const void *)va);
}

/* Is some other online CPU stale for stamp? */
static bool others_stale(uint64_t stamp)
{
	unsigned int cpu, me = smp_processor_id();

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_is_online[cpu] && stale(cpu, stamp))
			return true;
	return false;
}

void tlbflush_filter_domain(const struct domain *d, uint64_t stamp)
{
	if (stale(smp_processor_id(), stamp))
		flush_tlb_all_local();
	if (others_stale(stamp))
		pv_flush_tlb_remote(d);
}

/*
 * The heap reuses a frame: whoever had it, any CPU may hold it.  (A CPU
 * parked by pv/machine_end.c records the time "never stale": it runs
 * nothing any more and cannot take the IPI.)
 */
void tlbflush_filter_all(uint64_t stamp)
{
	if (stale(smp_processor_id(), stamp))
		flush_tlb_all_local();
	if (nr_cpus_online > 1 && others_stale(stamp))
		flush_tlb_others(~0UL);
}
