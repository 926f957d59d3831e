/*
 * Host tests of the hypercall trace mode: what each kind of hypercall
 * counts (the call, its sub-op, its batch elements, each mmuext
 * command read from guest memory), that nothing is counted from an
 * unreadable batch, and that the report lists what was counted.
 *
 * Guest memory is host memory; the NULL page is "unmapped".  The
 * hypercall table is faked with the names the report prints.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/hypercall_trace.h>
#include <public/memory.h>
#include <public/platform.h>
#include <public/sched.h>
#include "check.h"

/* ---- fakes ---- */

const struct hypercall_desc hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_mmuext_op] = { .name = "mmuext_op" },
	[__HYPERVISOR_sched_op] = { .name = "sched_op" },
	[__HYPERVISOR_memory_op] = { .name = "memory_op" },
	[__HYPERVISOR_platform_op] = { .name = "platform_op" },
	[__HYPERVISOR_multicall] = { .name = "multicall" },
};

static unsigned char key_registered;

void register_keyhandler(unsigned char key, keyhandler_fn fn, const char *desc)
{
	key_registered = key;
}

int copy_from_guest(void *dst, vaddr_t src, size_t len)
{
	if (src < 4096)
		return -XEN_EFAULT;
	memcpy(dst, (const void *)src, len);
	return 0;
}

/* ---- helpers ---- */

static void call(unsigned long nr, unsigned long a0, unsigned long a1,
		 unsigned long a2)
{
	const unsigned long args[5] = { a0, a1, a2, 0, 0 };

	hypercall_trace(nr, args);
}

static bool report_has(const char *line)
{
	return host_log_has(line);
}

/* The report's line for a sub-op counted n times. */
static bool report_has_sub(unsigned int sub, unsigned long n)
{
	char line[64];

	snprintf(line, sizeof(line), "sub-op %2u  %8lu\n", sub, n);
	return host_log_has(line);
}

/* ---- tests ---- */

static void off_by_default_and_key(void)
{
	CHECK(!opt_hypercall_trace);
	hypercall_trace_init();
	CHECK_EQ(key_registered, 0);
	host_log_clear();
	hypercall_trace_report();
	CHECK(!report_has("Hypercall trace"));
	opt_hypercall_trace = true;
	hypercall_trace_init();
	CHECK_EQ(key_registered, 'H');
}

static void subops_and_elements(void)
{
	struct mmuext_op ops[3] = {
		{ .cmd = MMUEXT_PIN_L4_TABLE },
		{ .cmd = MMUEXT_NEW_BASEPTR },
		{ .cmd = MMUEXT_NEW_BASEPTR },
	};
	struct xen_platform_op pop = { .cmd = XENPF_settime64 };

	call(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
	call(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
	/* A continued memory_op: the extent index above bit 6 is not
	 * part of the sub-op. */
	call(__HYPERVISOR_memory_op, XENMEM_exchange | (5UL << 6), 0, 0);
	call(__HYPERVISOR_mmuext_op, (unsigned long)ops, 3, 0);
	call(__HYPERVISOR_platform_op, (unsigned long)&pop, 0, 0);
	call(__HYPERVISOR_multicall, 0x1000, 7, 0);
	call(200, 0, 0, 0);

	host_log_clear();
	hypercall_trace_report();
	CHECK(report_has("Hypercall trace: 7 hypercalls"));
	CHECK(report_has("sched_op                              2"));
	CHECK(report_has_sub(1, 2));	/* block */
	CHECK(report_has_sub(11, 1));	/* exchange */
	CHECK(report_has("mmuext_op                             1  (3 el"));
	CHECK(report_has_sub(3, 1));	/* PIN_L4 */
	CHECK(report_has_sub(5, 2));	/* NEW_BASEPTR */
	CHECK(report_has_sub(62, 1));	/* settime64 */
	CHECK(report_has("multicall                             1  (7 el"));
	CHECK(report_has("(beyond the table)                    1"));
	CHECK(report_has("Hypercall trace: end"));
}

static void unreadable_batches_count_calls_only(void)
{
	host_log_clear();
	hypercall_trace_report();
	CHECK(report_has("mmuext_op                             1  (3 el"));
	/* NULL batch, and a preempted continuation: no commands read. */
	call(__HYPERVISOR_mmuext_op, 0, 2, 0);
	call(__HYPERVISOR_mmuext_op, 0x1000, 1UL << 31, 0);
	call(__HYPERVISOR_platform_op, 0, 0, 0);
	host_log_clear();
	hypercall_trace_report();
	CHECK(report_has("mmuext_op                             3  (5 el"));
	CHECK(report_has_sub(5, 2));
	CHECK(report_has("platform_op                           2"));
}

int main(void)
{
	check_prog = "hypercall_trace";
	RUN(off_by_default_and_key);
	RUN(subops_and_elements);
	RUN(unreadable_batches_count_calls_only);
	return check_exit();
}
