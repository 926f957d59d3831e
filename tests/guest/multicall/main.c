/*
 * multicall: a batch of hypercalls with one result per entry.
 *
 * The batch itself returns 0 even when entries fail; each entry's
 * result field carries that hypercall's own return value, good or bad.
 * An unknown op gets -ENOSYS in its slot, a nested multicall is refused
 * with -EINVAL in its slot, and the entries after a bad one still run.
 * A batch the hypervisor cannot read fails as a whole with -EFAULT.
 */
#include "guest.h"
#include <public/version.h>
#include <public/sched.h>

const char test_title[] = "multicall: mixed good and bad entries";
const unsigned int test_needs = NEED_TRAPS;

static const char msg[] = "written from inside a multicall\n";
static char extra[16];

static void entry(struct multicall_entry *e, unsigned long op,
		  unsigned long a0, unsigned long a1, unsigned long a2)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->result = 0xdeadbeef;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
}

static void check_mixed(void)
{
	struct multicall_entry mc[8];
	long rc;

	entry(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
	entry(&mc[1], 200, 0, 0, 0);
	entry(&mc[2], __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(msg) - 1,
	      (unsigned long)msg);
	entry(&mc[3], __HYPERVISOR_console_io, CONSOLEIO_write, 10, 0);
	entry(&mc[4], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
	entry(&mc[5], __HYPERVISOR_multicall, 0, 0, 0);
	entry(&mc[6], __HYPERVISOR_xen_version, XENVER_extraversion,
	      (unsigned long)extra, 0);
	entry(&mc[7], __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);

	rc = hc_multicall(mc, ARRAY_SIZE(mc));
	CHECK_EQ(rc, 0);
	CHECK_EQ(mc[0].result, hc_xen_version(XENVER_version, NULL));
	CHECK_EQ(mc[1].result, -XEN_ENOSYS);
	CHECK_EQ(mc[2].result, 0);
	CHECK_EQ(mc[3].result, -XEN_EFAULT);
	CHECK_EQ(mc[4].result, PAGE_SIZE);
	CHECK_EQ(mc[5].result, -XEN_EINVAL);
	CHECK_EQ(mc[6].result, 0);
	CHECK(strnlen(extra, sizeof(extra)) < sizeof(extra),
	      "extraversion not written");
	CHECK_EQ(mc[7].result, 0);
	/* The op field is left alone. */
	CHECK_EQ(mc[1].op, 200);
}

static void check_hostile(void)
{
	struct multicall_entry mc[1];

	CHECK_EQ(hc_multicall(NULL, 0), 0);
	CHECK_EQ(hc_multicall(NULL, 1), -XEN_EFAULT);
	CHECK_EQ(hc_multicall((void *)HYPERVISOR_VIRT_START, 1), -XEN_EFAULT);
	CHECK_EQ(hc_multicall((void *)0x8000000000000000ul, 2), -XEN_EFAULT);
	/* Unknown op numbers far out of range, in an otherwise good batch. */
	entry(&mc[0], ~0ul, 0, 0, 0);
	CHECK_EQ(hc_multicall(mc, 1), 0);
	CHECK_EQ(mc[0].result, -XEN_ENOSYS);
	/* Still alive. */
	entry(&mc[0], __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
	CHECK_EQ(hc_multicall(mc, 1), 0);
	CHECK_EQ(mc[0].result, PAGE_SIZE);
}

void test_main(void)
{
	check_mixed();
	check_hostile();
}
