/*
 * Softirq dispatch (the idea is in xenolith/softirq.h).  The pending
 * mask is per CPU and only ever cleared by its own CPU, bit by bit with
 * an atomic AND, so raising from another CPU never loses a bit.
 */
#include <xenolith/lib.h>
#include <xenolith/config.h>
#include <xenolith/softirq.h>

static softirq_handler handlers[NR_SOFTIRQS]; /* set once at boot */
static unsigned long pending[NR_CPUS];	      /* per CPU, bit = softirq */

void open_softirq(unsigned int nr, softirq_handler h)
{
	ASSERT(nr < NR_SOFTIRQS && !handlers[nr]);
	handlers[nr] = h;
}

void raise_softirq(unsigned int nr)
{
	__atomic_fetch_or(&pending[arch_this_cpu()], 1UL << nr,
			  __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	unsigned long old =
	    __atomic_fetch_or(&pending[cpu], 1UL << nr, __ATOMIC_SEQ_CST);

	if (!(old & (1UL << nr)) && cpu != arch_this_cpu())
		arch_send_event_check(cpu);
}

bool softirq_pending(unsigned int cpu)
{
	return __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST) != 0;
}

/* Run pending softirqs, lowest number first, until none is left. */
void do_softirq(void)
{
	unsigned int cpu = arch_this_cpu();
	unsigned long p;

	while ((p = __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST))) {
		unsigned int nr = (unsigned int)__builtin_ctzl(p);

		__atomic_fetch_and(&pending[cpu], ~(1UL << nr),
				   __ATOMIC_SEQ_CST);
		if (handlers[nr])
			handlers[nr]();
	}
}

void softirq_init(void)
{
	for (unsigned int i = 0; i < NR_CPUS; i++)
		pending[i] = 0;
}
