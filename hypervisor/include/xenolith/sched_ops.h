/*
 * The scheduler plug-in point.
 *
 * A scheduler decides which vCPU each physical CPU runs next and for how
 * long; everything else (saving and loading vCPU state, timers, IPIs,
 * blocking on events) belongs to the generic layer that calls it.  The
 * two meet only through this file: the generic layer gives every vCPU a
 * struct sched_unit and every domain a struct sched_dom, and calls the
 * hooks of one struct sched_ops, chosen by "sched=" on the command line.
 *
 * Every hook is called with interrupts off: ticks and wake-ups come
 * from interrupt context, and the scheduler's locks are plain spinlocks.
 *
 * A scheduler keeps its own per-unit and per-domain data behind ->priv,
 * allocated by alloc_udata/alloc_domdata.  It never looks into struct
 * vcpu or struct domain: ->owner is an opaque back pointer for the
 * generic layer, so the same code runs in the hypervisor and in the host
 * tests' simulated machine.
 *
 * The generic layer keeps ->runnable current (true when the vCPU is up,
 * not paused and not blocked) and sets it before calling wake() and
 * clears it before calling sleep().  It asks for a decision with
 * do_schedule(cpu, now) when that CPU's slice ends or when the
 * scheduler asked for one through sched_raise(cpu), and it calls
 * tick(cpu, now) every SCHED_TICK on each CPU that runs a guest vCPU.
 *
 * ->context_live is true from the moment a unit is chosen until the
 * CPU it ran on has saved its state: no other CPU may pick it up before
 * then.  Once the state is saved, the generic layer calls
 * context_saved(), which clears it and lets the unit move.
 */
#ifndef XENOLITH_SCHED_OPS_H
#define XENOLITH_SCHED_OPS_H

#include <xenolith/types.h>
#include <xenolith/time.h>
#include <xenolith/config.h>

struct xen_domctl_scheduler_op;

/* A set of physical CPUs, one bit each; NR_CPUS fits in a word. */
#define SCHED_ALL_CPUS(n) ((n) >= 64 ? ~0UL : (1UL << (n)) - 1)
_Static_assert(NR_CPUS <= 64, "cpu masks are one unsigned long");

static inline bool cpu_in(unsigned long mask, unsigned int cpu)
{
	return (mask >> cpu) & 1;
}

/* Timing that every scheduler shares with the generic layer. */
#define SCHED_TICK MILLISECS(10) /* accounting tick on a busy CPU */
#define SCHED_SLICE_NONE (-1)	 /* do_schedule: no slice timer needed */

/* Per-domain scheduling data, embedded in struct domain. */
struct sched_dom {
	void *owner;		/* the struct domain */
	unsigned int domid;
	unsigned int nr_units;	/* units inserted, idle excluded */
	void *priv;		/* the scheduler's per-domain data */
};

/* Per-vCPU scheduling data, embedded in struct vcpu. */
struct sched_unit {
	void *owner;			/* the struct vcpu */
	struct sched_dom *dom;		/* NULL for an idle unit */
	unsigned int vcpu_id;
	unsigned int cpu;		/* CPU it runs on or is queued on */
	unsigned long hard_affinity;	/* may only run on these */
	unsigned long soft_affinity;	/* prefers these */
	bool is_idle;			/* a CPU's idle unit */
	bool runnable;			/* set by the generic layer */
	bool context_live;		/* state not yet saved by ->cpu */
	void *priv;			/* the scheduler's per-unit data */
};

/* What do_schedule() decided for one CPU. */
struct sched_decision {
	struct sched_unit *next;	/* never NULL: idle at worst */
	s_time_t slice;			/* ns, or SCHED_SLICE_NONE */
	bool migrated;			/* next last ran elsewhere */
};

struct sched_ops {
	const char *name;	/* for the boot log */
	const char *opt_name;	/* "sched=" value */
	unsigned int sched_id;	/* XEN_SCHEDULER_* */

	/* Once at boot, before any other hook; idle[cpu] never leave. */
	int (*init)(unsigned int nr_cpus, struct sched_unit *const *idle);
	void (*deinit)(void);

	int (*alloc_domdata)(struct sched_dom *sd);
	void (*free_domdata)(struct sched_dom *sd);
	int (*alloc_udata)(struct sched_unit *u);
	void (*free_udata)(struct sched_unit *u);

	/* u joins (queued if runnable) or leaves the scheduler for good. */
	void (*insert)(struct sched_unit *u, s_time_t now);
	void (*remove)(struct sched_unit *u);

	void (*sleep)(struct sched_unit *u);
	void (*wake)(struct sched_unit *u, s_time_t now);
	void (*yield)(struct sched_unit *u);

	struct sched_decision (*do_schedule)(unsigned int cpu, s_time_t now);
	/* After switching away from u, its state saved: u may move. */
	void (*context_saved)(struct sched_unit *u);
	/* Every SCHED_TICK on a CPU running a guest unit. */
	void (*tick)(unsigned int cpu, s_time_t now);
	unsigned int (*pick_cpu)(const struct sched_unit *u);

	int (*adjust)(struct sched_dom *sd, struct xen_domctl_scheduler_op *op);
	void (*adjust_affinity)(struct sched_unit *u, unsigned long hard,
				unsigned long soft);

	void (*dump_settings)(void);		/* debug key 'r' */
	void (*dump_cpu)(unsigned int cpu);	/* debug key 'r', per CPU */
};

/*
 * Provided by the generic layer (the host tests provide their own): make
 * cpu call do_schedule() soon - at once if it is the caller, by IPI and
 * SCHEDULE_SOFTIRQ otherwise.  May be called with run-queue locks held.
 */
void sched_raise(unsigned int cpu);

/*
 * Credit parameters (credit_ctl.c).  sched_credit_adjust() is the pure
 * core of XEN_DOMCTL_scheduler_op for a credit domain, with Xen 4.17's
 * rules; sched_credit_params_valid() is the toolstack's range check.
 */
int sched_credit_adjust(uint16_t *weight, uint16_t *cap,
			struct xen_domctl_scheduler_op *op);
bool sched_credit_params_valid(unsigned int weight, unsigned int cap,
			       unsigned int nr_vcpus);

extern const struct sched_ops sched_credit_ops;
extern const struct sched_ops sched_rr_ops;

/* The scheduler "sched=" names (select.c); credit for "" or unknown. */
const struct sched_ops *sched_select(const char *name);

/* XEN_DOMCTL_scheduler_op for sd under ops (adjust.c): Xen's checks,
 * then ops->adjust.  op is the domctl's local copy. */
long sched_adjust(const struct sched_ops *ops, struct sched_dom *sd,
		  struct xen_domctl_scheduler_op *op);

/* Debug key 'r' (dump.c): Xen's header, then ops' settings and CPUs. */
void sched_dump_runq(const struct sched_ops *ops, unsigned int nr_cpus,
		     s_time_t now);

#endif
