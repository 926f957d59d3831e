/*
 * A simulated machine for scheduler tests: N CPUs, a clock advanced in
 * fixed steps, and vCPUs that either burn CPU forever (hogs) or run a
 * short burst and block for a while, like I/O (sleepers).  It drives a
 * struct sched_ops exactly as the hypervisor's generic layer will:
 * ticks every SCHED_TICK on busy CPUs, do_schedule() at slice end or
 * when the scheduler raised the CPU, sleep()/wake() around blocking,
 * context_saved() after each switch.  It records who ran where and how
 * long, and how long each wake-up waited for a CPU.
 */
#ifndef XENOLITH_SCHED_SIM_H
#define XENOLITH_SCHED_SIM_H

#include <xenolith/sched_ops.h>

#define SIM_MAX_VCPUS 32
#define SIM_MAX_DOMS 8
#define SIM_STEP MICROSECS(100)

enum sim_kind { SIM_HOG, SIM_SLEEPER, SIM_BLOCKED };

struct sim_dom {
	struct sched_dom sd;
	s_time_t ran;
};

struct sim_vcpu {
	struct sched_unit u;
	struct sim_dom *d;
	enum sim_kind kind;
	s_time_t burst, nap;	/* sleepers: run burst, block nap */
	s_time_t left;		/* of the current burst */
	s_time_t wake_at;	/* while blocked */
	s_time_t woke_at;	/* waiting for a CPU since; -1 if not */
	s_time_t ran;
	s_time_t lat_max, lat_sum;
	unsigned int lat_n;
	unsigned long ran_on;	/* CPUs it ever ran on */
};

struct sim {
	const struct sched_ops *ops;
	unsigned int nr_cpus;
	s_time_t now;
	struct sched_unit idle[NR_CPUS];
	struct sched_unit *curr[NR_CPUS];
	s_time_t slice_end[NR_CPUS];
	bool raised[NR_CPUS];
	s_time_t busy[NR_CPUS];
	unsigned long nr_schedules;
	unsigned long nr_nonidle_picks;
	struct sim_vcpu v[SIM_MAX_VCPUS];
	unsigned int nr_vcpus;
	struct sim_dom d[SIM_MAX_DOMS];
	unsigned int nr_doms;
	int (*audit)(struct sim *s, char *why, size_t len);
	unsigned long audits;
	char audit_fail[256];	/* first failure, empty if none */
};

void sim_init(struct sim *s, const struct sched_ops *ops,
	      unsigned int nr_cpus);
struct sim_dom *sim_add_dom(struct sim *s, unsigned int weight,
			    unsigned int cap);
struct sim_vcpu *sim_add_vcpu(struct sim *s, struct sim_dom *d,
			      enum sim_kind kind, unsigned long hard);
void sim_run(struct sim *s, s_time_t for_ns);
void sim_reset_counters(struct sim *s);
void sim_done(struct sim *s);

#endif
