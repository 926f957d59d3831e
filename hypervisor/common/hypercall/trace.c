/*
 * Hypercall trace mode: how many of each hypercall and sub-op guests
 * issued.
 *
 * Making an unmodified guest kernel work is driven by what it asks for.
 * A log line per call would drown the console (Linux issues tens of
 * thousands during boot), so with xenolith_hypercall_trace on the
 * command line every hypercall only bumps a counter, by number and by
 * sub-op, and the table is printed when dom0 shuts down or on debug key
 * 'H'.  docs/linux-boot-trace.md records the figures of a Linux boot.
 *
 * The sub-op is the command argument for the hypercalls that multiplex
 * one (sched_op, memory_op, event_channel_op, ...), the command word in
 * guest memory for platform_op, and for mmuext_op every element's
 * command.  Batching hypercalls (mmu_update, mmuext_op, multicall,
 * grant_table_op) also count their elements, so "one multicall" and "a
 * thousand PTE writes" can be told apart.  Multicall entries go through
 * hypercall_dispatch() and so are counted under their own numbers too.
 * A preempted batch restarted by a continuation is counted again: the
 * figures are the guest's requests as the hypervisor saw them.
 */
#include <xenolith/lib.h>
#include <xenolith/hypercall.h>
#include <xenolith/guest_access.h>
#include <xenolith/cmdline.h>
#include <xenolith/console.h>
#include <xenolith/hypercall_trace.h>

bool opt_hypercall_trace;
boolean_param("xenolith_hypercall_trace", opt_hypercall_trace);

#define TRACE_SUBOPS 64			/* sub-ops 0..62; 63 counts the rest */
#define TRACE_OTHER  (TRACE_SUBOPS - 1)
#define TRACE_MAX_BATCH 4096		/* mmuext commands read per call */

/* Per-element preemption flag of mmu_update/mmuext_op counts. */
#define TRACE_PREEMPTED (1UL << 31)

struct hc_counts {
	unsigned long calls;
	unsigned long elements;		/* batch sizes summed */
	unsigned long sub[TRACE_SUBOPS];
};

/* By number; the last slot counts numbers beyond Xen's table. */
#define TRACE_BEYOND NR_HYPERCALLS
static struct hc_counts counts[NR_HYPERCALLS + 1];

static void bump(unsigned long *c, unsigned long n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

static void count_sub(unsigned long nr, unsigned long sub)
{
	bump(&counts[nr].sub[sub < TRACE_OTHER ? sub : TRACE_OTHER], 1);
}

/* mmuext_op: each 24-byte element starts with its 32-bit command. */
static void count_mmuext(unsigned long ops, unsigned long n)
{
	if (n & TRACE_PREEMPTED)
		return;
	if (n > TRACE_MAX_BATCH)
		n = TRACE_MAX_BATCH;
	for (unsigned long i = 0; i < n; i++) {
		uint32_t cmd;

		if (copy_from_guest(&cmd, ops + i * sizeof(struct mmuext_op),
				    sizeof(cmd)))
			return;
		count_sub(__HYPERVISOR_mmuext_op, cmd);
	}
}

/* platform_op and the toolstack calls: the command is the first word. */
static void count_struct_cmd(unsigned long nr, unsigned long ptr)
{
	uint32_t cmd;

	if (!copy_from_guest(&cmd, ptr, sizeof(cmd)))
		count_sub(nr, cmd);
}

/* Hypercalls whose first argument is a command. */
static bool first_arg_is_cmd(unsigned long nr)
{
	switch (nr) {
	case __HYPERVISOR_sched_op:
	case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_vcpu_op:
	case __HYPERVISOR_physdev_op:
	case __HYPERVISOR_callback_op:
	case __HYPERVISOR_xen_version:
	case __HYPERVISOR_console_io:
	case __HYPERVISOR_vm_assist:
	case __HYPERVISOR_set_segment_base:
	case __HYPERVISOR_hvm_op:
	case __HYPERVISOR_xenpmu_op:
	case __HYPERVISOR_hypfs_op:
	case __HYPERVISOR_kexec_op:
	case __HYPERVISOR_xsm_op:
		return true;
	}
	return false;
}

void hypercall_trace(unsigned long nr, const unsigned long args[5])
{
	if (nr >= NR_HYPERCALLS)
		nr = TRACE_BEYOND;
	bump(&counts[nr].calls, 1);
	switch (nr) {
	case __HYPERVISOR_memory_op:
		/* Bits 6 and up carry a continuation's extent index. */
		count_sub(nr, args[0] & 0x3f);
		break;
	case __HYPERVISOR_grant_table_op:
		/* Bits 12 and up carry a continuation (GNTTABOP_CMD_MASK). */
		count_sub(nr, args[0] & 0xfff);
		bump(&counts[nr].elements, args[2]);
		break;
	case __HYPERVISOR_mmuext_op:
		bump(&counts[nr].elements, args[1] & ~TRACE_PREEMPTED);
		count_mmuext(args[0], args[1]);
		break;
	case __HYPERVISOR_mmu_update:
	case __HYPERVISOR_multicall:
		bump(&counts[nr].elements, args[1] & ~TRACE_PREEMPTED);
		break;
	case __HYPERVISOR_platform_op:
	case __HYPERVISOR_sysctl:
	case __HYPERVISOR_domctl:
		count_struct_cmd(nr, args[0]);
		break;
	default:
		if (first_arg_is_cmd(nr))
			count_sub(nr, args[0]);
	}
}

static void print_one(unsigned long nr)
{
	const struct hc_counts *c = &counts[nr];
	const char *name = nr < NR_HYPERCALLS ? hypercall_table[nr].name :
			   "(beyond the table)";

	printk("  %2lu %-30s %8lu", nr, name ? name : "?", c->calls);
	if (c->elements)
		printk("  (%lu elements)", c->elements);
	printk("\n");
	for (unsigned int s = 0; s < TRACE_SUBOPS; s++)
		if (c->sub[s])
			printk("       sub-op %2u%s %8lu\n", s,
			       s == TRACE_OTHER ? "+" : " ", c->sub[s]);
}

void hypercall_trace_report(void)
{
	unsigned long total = 0;

	if (!opt_hypercall_trace)
		return;
	for (unsigned long nr = 0; nr <= TRACE_BEYOND; nr++)
		total += counts[nr].calls;
	printk("Hypercall trace: %lu hypercalls (number, name, count)\n",
	       total);
	for (unsigned long nr = 0; nr <= TRACE_BEYOND; nr++)
		if (counts[nr].calls)
			print_one(nr);
	printk("Hypercall trace: end\n");
}

static void trace_key(unsigned char key)
{
	printk("'%c' pressed -> hypercall counts\n", key);
	hypercall_trace_report();
}

void hypercall_trace_init(void)
{
	if (opt_hypercall_trace)
		register_keyhandler('H', trace_key, "hypercall trace counts");
}
