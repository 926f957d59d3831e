/*
 * The microbenchmark kernel: boot-time setup, the benchmark list, the
 * timing loop and the output lines the driver (bench/run) parses.
 *
 * The kernel asks the guest library for no setup at all (test_needs = 0)
 * and does it here instead, one piece at a time, so a hypervisor that
 * lacks, say, user-mode support still runs every benchmark that does
 * not need it; the others print "unsupported" instead of a number.
 *
 * The command line (start_info->cmd_line, the module's arguments) may
 * hold "only=a,b" to run a subset and "scale=P" to run P percent of each
 * benchmark's iterations (the smoke test uses both).  A benchmark marked
 * on_request runs only when "only=" names it (bench/ctxsw/ does).
 */
#include "bench.h"
#include <public/callback.h>

const char test_title[] = "bench: PV microbenchmarks";
const unsigned int test_needs;	/* 0: main.c does its own setup */

unsigned int bench_have;
static long setup_rc[3];	/* rc of each HAVE_* setup step, by bit */

static bench_trap_fn trap_fns[BENCH_VECTORS];
static char shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

#define WARMUP_STEPS 3
/*
 * The timed steps run in BATCHES batches and the cheapest batch is
 * reported: on a shared host (wall mode) a batch that the host preempted
 * is an outlier of the host, not of the hypervisor.  Under icount all
 * batches cost the same.
 */
#define BATCHES 5

static const struct bench *const groups[] = {
	hypercall_benches, mmu_benches, trap_benches, event_benches,
	grant_benches,
};

void bench_on_trap(unsigned long vector, bench_trap_fn fn)
{
	trap_fns[vector] = fn;
}

static bool route_trap(struct trap_frame *f)
{
	if (f->vector < BENCH_VECTORS && trap_fns[f->vector])
		return trap_fns[f->vector](f);
	return false;
}

uint64_t pte_of(const void *va, unsigned long flags)
{
	return ((uint64_t)virt_to_mfn(va) << 12) | flags;
}

long make_readonly(const void *va)
{
	return hc_update_va_mapping((unsigned long)va, pte_of(va, PTE_RO),
				    UVMF_INVLPG | UVMF_LOCAL);
}

static void setup(void)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_NEW_USER_BASEPTR,
		.arg1.mfn = virt_to_mfn((void *)start_info->pt_base),
	};
	unsigned int i;

	trap_hook = route_trap;
	setup_rc[0] = traps_init();
	setup_rc[1] = hc_update_va_mapping((unsigned long)shared_page,
					   start_info->shared_info | PTE_RW,
					   UVMF_INVLPG | UVMF_LOCAL);
	if (setup_rc[1] == 0)
		shared = (shared_info_t *)shared_page;
	setup_rc[2] = hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
	for (i = 0; i < ARRAY_SIZE(setup_rc); i++)
		if (setup_rc[i] == 0)
			bench_have |= 1u << i;
	printk("BENCH-SETUP traps=%d shared=%d user=%d\n",
	       !!(bench_have & HAVE_TRAPS), !!(bench_have & HAVE_SHARED),
	       !!(bench_have & HAVE_USER));
}

/* Value of "key=" in the command line, up to the next space, or NULL. */
static const char *cmdline_arg(const char *key, size_t *len)
{
	const char *cl = (const char *)start_info->cmd_line;
	size_t klen = strlen(key);
	const char *p;

	for (p = cl; (p = strstr(p, key)) != NULL; p += klen) {
		if (p != cl && p[-1] != ' ')
			continue;
		p += klen;
		for (*len = 0; p[*len] && p[*len] != ' '; (*len)++)
			;
		return p;
	}
	return NULL;
}

/*
 * Is b selected by "only=" (a comma-separated list)?  Without "only=",
 * every benchmark but those that run on request only.
 */
static bool selected(const struct bench *b)
{
	const char *name = b->name;
	size_t len, n = strlen(name);
	const char *p = cmdline_arg("only=", &len), *end;

	if (!p)
		return !b->on_request;
	for (end = p + len; p < end; p++) {
		if (!strncmp(p, name, n) && (p + n == end || p[n] == ','))
			return true;
		while (p < end && *p != ',')
			p++;
	}
	return false;
}

static unsigned long scale_percent(void)
{
	size_t len, i;
	const char *p = cmdline_arg("scale=", &len);
	unsigned long v = 0;

	if (!p)
		return 100;
	for (i = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
		v = v * 10 + (p[i] - '0');
	return v ? v : 100;
}

static void report(const struct bench *b, unsigned long iters, uint64_t tsc)
{
	unsigned long ops = iters * (b->per_step ? b->per_step : 1);
	unsigned long tenths = ops ? (tsc * 10 + ops / 2) / ops : 0;

	printk("BENCH %s iters=%lu tsc=%lu per_iter=%lu.%lu batches=%u\n",
	       b->name, ops, (unsigned long)tsc, tenths / 10, tenths % 10,
	       BATCHES);
}

/* One timed batch of n steps; *rc gets the first error. */
static uint64_t time_batch(const struct bench *b, unsigned long n, long *rc)
{
	uint64_t t0 = rdtsc();
	unsigned long i;

	for (i = 0; i < n && !*rc; i++)
		*rc = b->step();
	return rdtsc() - t0;
}

static void run_one(const struct bench *b, unsigned long iters)
{
	unsigned int missing = b->needs & ~bench_have;
	unsigned long n = (iters + BATCHES - 1) / BATCHES, i;
	uint64_t best = ~0ull, t;
	long rc = 0;

	if (missing) {
		printk("BENCH %s unsupported rc=%ld (boot setup)\n", b->name,
		       setup_rc[__builtin_ctz(missing)]);
		return;
	}
	if (b->prepare)
		rc = b->prepare();
	if (rc) {
		printk("BENCH %s unsupported rc=%ld\n", b->name, rc);
		return;
	}
	for (i = 0; i < WARMUP_STEPS && !rc; i++)
		rc = b->step();
	/* Refused outright on the first try: the hypercall is missing. */
	if (rc == -XEN_ENOSYS && i == 1) {
		printk("BENCH %s unsupported rc=%ld\n", b->name, rc);
		return;
	}
	for (i = 0; i < BATCHES && !rc; i++) {
		t = time_batch(b, n, &rc);
		if (t < best)
			best = t;
	}
	if (rc)
		printk("BENCH %s failed rc=%ld\n", b->name, rc);
	else
		report(b, n, best);
}

static void list_all(void)
{
	const struct bench *b;
	unsigned int g;

	printk("BENCH-LIST");
	for (g = 0; g < ARRAY_SIZE(groups); g++)
		for (b = groups[g]; b->name; b++)
			if (selected(b))
				printk(" %s", b->name);
	printk("\n");
}

/*
 * The TSC when our first C code runs: how long the hypervisor took from
 * machine reset to entering its first guest (QEMU's TSC starts at 0, and
 * neither hypervisor offsets a PV guest's TSC by default).
 */
static void report_boot(void)
{
	unsigned long t = rdtsc();

	printk("BENCH boot_to_guest iters=1 tsc=%lu per_iter=%lu.0\n", t, t);
}

static const struct bench boot_bench = { .name = "boot_to_guest" };

void test_main(void)
{
	unsigned long scale = scale_percent(), iters;
	const struct bench *b;
	unsigned int g;

	if (selected(&boot_bench))
		report_boot();
	setup();
	list_all();
	for (g = 0; g < ARRAY_SIZE(groups); g++) {
		for (b = groups[g]; b->name; b++) {
			if (!selected(b))
				continue;
			iters = b->iters * scale / 100;
			run_one(b, iters ? iters : 1);
		}
	}
	printk("BENCH-END\n");
}
