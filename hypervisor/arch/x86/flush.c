/*
 * Cross-CPU TLB flushes that cannot deadlock.
 *
 * Hypercalls run with interrupts off (SYSCALL's FMASK clears IF), so a
 * CPU that asks the others to flush and waits for them can meet another
 * CPU that waits too: for its own flush, for a lock the first one holds,
 * or in a loop of SCHEDOP_block.  An IPI alone is then never taken, and
 * both CPUs wait for ever (mmu_tlb_smp hung so with vCPUs on two CPUs).
 * smp_call_function() cannot help: its request may take locks, so it
 * must not run at an arbitrary spin.
 *
 * A flush is a leaf (it takes no lock, touches no shared state), so it
 * may run anywhere.  Each CPU therefore has a request count, bumped by
 * whoever wants it flushed, and a done count, which only that CPU
 * writes, after flushing.  The asker bumps, sends FLUSH_TLB_VECTOR and
 * waits until every target's done count reaches its ticket; the target
 * flushes from the interrupt, or from flush_service(), which every
 * spin-wait of the hypervisor calls (spinlock.c, smp.c, and the waits
 * for another CPU in sched/core.c and domain.c), and so does this wait.
 * No lock: two CPUs flushing each other at once each serve the other.
 *
 * Counts, not flags: a flush that had already begun when a request came
 * may predate the change that request is about, so a target records the
 * count it saw before flushing, never a later one.
 *
 * Idle CPUs.  A CPU that switches from a vCPU to its idle loop keeps
 * that vCPU's page tables loaded (a CR3 write empties QEMU's whole soft
 * TLB: a vCPU that blocks and wakes on the same CPU would pay twice).
 * Those tables may be freed only once no CPU holds them, so, as Xen's
 * lazy switch does, a flush request that finds its CPU idle also loads
 * the hypervisor's own tables there.  The safety flushes of
 * mm/tlbflush.c (type change, frame reuse) reach every CPU whose flush
 * clock predates the frame's stamp, a lazily idle one included, and a
 * dying domain asks every CPU
 * (flush_drop_lazy_tables()) before its frames go back to the heap.
 * Parked CPUs (pv/machine_end.c) answer nothing and are skipped.
 *
 * Clean idle CPUs are skipped too.  An idle CPU that already runs on the
 * hypervisor's tables holds no guest translation (guest entries are
 * never global), and loads a guest CR3 - a full flush of guest entries -
 * before it uses one again; an IPI to it would only cost a round trip,
 * which under TCG on a loaded host is a host scheduling delay: Linux's
 * mark_rodata_ro with a second vCPU idle took a minute of such waits.
 * The handshake is Dekker's: the asker bumps the request count, then
 * reads the state; a CPU leaving idle marks itself busy, then serves
 * the requests.  One of the two sees the other's write.
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/tlbflush.h>
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/flush.h>

static unsigned long flush_req[NR_CPUS];	/* asked, by anyone */
static unsigned long flush_done[NR_CPUS];	/* served, by that CPU */
static unsigned long parked_mask;		/* CPUs halted for good */

enum { CPU_BUSY, CPU_IDLE_LAZY, CPU_IDLE_CLEAN };
static int cpu_state[NR_CPUS];		/* written by that CPU only */

/* Global entries too: guest user mappings carry G (page_type.c). */
void flush_tlb_all_here(void)
{
	unsigned long cr4 = read_cr4();
	uint64_t t = tlbflush_pre();	/* the flush clock: tlbflush.h */

	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
	tlbflush_post(t);
}

/* Serve this CPU's outstanding flush requests, if any.  Cheap when none:
 * two loads of this CPU's own counters. */
void flush_service(void)
{
	unsigned int me = smp_processor_id();
	unsigned long want = __atomic_load_n(&flush_req[me], __ATOMIC_ACQUIRE);

	if (want == __atomic_load_n(&flush_done[me], __ATOMIC_RELAXED))
		return;
	flush_tlb_all_here();
	if (__atomic_load_n(&cpu_state[me], __ATOMIC_RELAXED) ==
	    CPU_IDLE_LAZY) {
		write_cr3(virt_to_maddr(idle_l4));	/* drop lazy tables */
		__atomic_store_n(&cpu_state[me], CPU_IDLE_CLEAN,
				 __ATOMIC_SEQ_CST);
	}
	__atomic_store_n(&flush_done[me], want, __ATOMIC_RELEASE);
}

/* This CPU now runs its idle loop, on whatever tables it has. */
void flush_enter_idle(void)
{
	unsigned int me = smp_processor_id();

	__atomic_store_n(&cpu_state[me],
			 read_cr3() == virt_to_maddr(idle_l4) ? CPU_IDLE_CLEAN
							      : CPU_IDLE_LAZY,
			 __ATOMIC_SEQ_CST);
}

/* This CPU leaves its idle loop for a vCPU: askers wait for it again,
 * and what they asked while it was clean is served (trivially). */
void flush_leave_idle(void)
{
	__atomic_store_n(&cpu_state[smp_processor_id()], CPU_BUSY,
			 __ATOMIC_SEQ_CST);
	flush_service();
}

/* This CPU halts with interrupts off for good: nobody waits for it. */
void flush_cpu_parked(void)
{
	__atomic_fetch_or(&parked_mask, 1UL << smp_processor_id(),
			  __ATOMIC_SEQ_CST);
}

/* No idle CPU keeps page tables loaded that may be about to be freed. */
void flush_drop_lazy_tables(void)
{
	flush_tlb_others(~0UL);
}

/* Have every CPU in mask but this one flushed before returning. */
void flush_tlb_others(unsigned long mask)
{
	unsigned int me = smp_processor_id(), cpu;
	unsigned long ticket[NR_CPUS];

	mask &= ~(1UL << me) & ~__atomic_load_n(&parked_mask, __ATOMIC_SEQ_CST);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(mask & (1UL << cpu)) || !cpu_is_online[cpu]) {
			mask &= ~(1UL << cpu);
			continue;
		}
		ticket[cpu] = __atomic_add_fetch(&flush_req[cpu], 1,
						 __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&cpu_state[cpu], __ATOMIC_SEQ_CST) ==
		    CPU_IDLE_CLEAN) {
			mask &= ~(1UL << cpu);	/* nothing to forget */
			continue;
		}
		apic_send_ipi(cpu_to_apicid[cpu],
			      APIC_DM_FIXED | FLUSH_TLB_VECTOR);
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(mask & (1UL << cpu)))
			continue;
		while ((long)(__atomic_load_n(&flush_done[cpu],
					      __ATOMIC_ACQUIRE) -
			      ticket[cpu]) < 0)
			cpu_relax_serving();	/* ours too, meanwhile */
	}
}
