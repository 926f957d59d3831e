/*
 * The microbenchmark kernel's own interface (on top of tests/guest/lib).
 *
 * A benchmark is a prepare step that sets up whatever state it needs
 * (and says "unsupported" through its return code when the hypervisor
 * refuses a hypercall it relies on) and a step, one timed iteration.
 * The runner in main.c does a few untimed warm-up steps, so the TLB,
 * QEMU's translated-code cache and the hypervisor's own caches are warm,
 * then times `iters` steps with RDTSC, in five batches of which the
 * cheapest counts, and prints one line:
 *
 *	BENCH <name> iters=<n> tsc=<cycles> per_iter=<x.y> batches=5
 *	BENCH <name> unsupported rc=<rc>	(prepare refused)
 *	BENCH <name> failed rc=<rc>		(a step went wrong)
 *
 * Under QEMU TCG the TSC is virtual: with -icount shift=0 it advances by
 * one per guest instruction (a deterministic instruction count, including
 * the hypervisor's instructions), without icount it follows host time.
 * Either way a figure means something only next to the same figure taken
 * on the other hypervisor in the same configuration.
 */
#ifndef BENCH_H
#define BENCH_H

#include "guest.h"

/* What the boot-time setup in main.c managed to establish. */
#define HAVE_TRAPS	(1u << 0)	/* trap table and kernel stack */
#define HAVE_SHARED	(1u << 1)	/* shared_info mapped at `shared` */
#define HAVE_USER	(1u << 2)	/* user page-table root set */
extern unsigned int bench_have;

struct bench {
	const char *name;
	unsigned long iters;	/* timed steps */
	unsigned long per_step;	/* operations in one step (default 1) */
	unsigned int needs;	/* HAVE_* the benchmark cannot do without */
	long (*prepare)(void);	/* 0, or the rc that makes it unsupported */
	long (*step)(void);	/* 0, or the rc that makes the run fail */
	bool on_request;	/* runs only when "only=" names it */
};

/* The benchmarks of each file, NULL-name terminated. */
extern const struct bench hypercall_benches[];
extern const struct bench mmu_benches[];
extern const struct bench trap_benches[];
extern const struct bench event_benches[];
extern const struct bench grant_benches[];

/*
 * Trap handling for benchmarks: a file that expects a vector installs a
 * handler for it; main.c's trap_hook routes to it.
 */
#define BENCH_VECTORS 0x103
typedef bool (*bench_trap_fn)(struct trap_frame *f);
void bench_on_trap(unsigned long vector, bench_trap_fn fn);

/* Page-table helpers for benchmarks that build their own tables. */
#define PTE_RW		0x67ul	/* present, rw, user, accessed, dirty */
#define PTE_RO		0x65ul	/* present, user, accessed, dirty */
uint64_t pte_of(const void *va, unsigned long flags);
long make_readonly(const void *va);

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

#endif /* BENCH_H */
