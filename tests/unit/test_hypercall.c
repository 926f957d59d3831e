/*
 * Host tests of the hypercall layer: dispatch through the table,
 * multicall's per-entry results, xen_version's answers, console_io's
 * copying, vm_assist/memory_op/vcpu_op argument checks and the
 * guest_err rate limit.
 *
 * "Guest memory" is host memory: a guest address is a host pointer,
 * except inside a poisoned window (bad_lo..bad_hi) and NULL's page,
 * which fault like unmapped guest pages.  Everything the layer needs
 * from the rest of the hypervisor is faked below.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/cmdline.h>
#include <xenolith/console.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/sched.h>
#include <xenolith/softirq.h>
#include <asm/mm.h>
#include <xenolith/time.h>
#include <xenolith/vtime.h>
#include <xenolith/hypercall_trace.h>
#include <public/version.h>
#include <public/features.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "check.h"

/* ---- fakes of the rest of the hypervisor ---- */

static struct domain dom0;
static struct vcpu vcpu0, vcpu1;
static char console_out[8192];
static size_t console_len;
static char bad_window[4096];	/* "unmapped" guest memory */
static s_time_t fake_now;
static unsigned int yields;

char saved_cmdline[CMDLINE_MAX] = "console=com1 dom0_mem=64M";
struct boot_info boot_info;
unsigned long max_page = 0x20000;

static struct shared_info fake_shared;

/* Hypercall trace mode (common/hypercall/trace.c): off here. */
bool opt_hypercall_trace;

void hypercall_trace(unsigned long nr, const unsigned long args[5])
{
}

long arch_vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	if (!arg)
		return -XEN_EFAULT;
	v->is_initialised = true;
	return 0;
}

static mfn_t mapped_mfn;
static unsigned int mapped_offset;

long arch_map_vcpu_info(struct vcpu *v, mfn_t mfn, unsigned int offset)
{
	if (mfn_x(mfn) == 0xbad)
		return -XEN_EINVAL;
	mapped_mfn = mfn;
	mapped_offset = offset;
	v->vcpu_info_registered = true;
	return 0;
}

/* Timer and runstate-area sub-ops belong to common/cpu/vtimer.c. */
long vtime_vcpu_op(int cmd, struct vcpu *v, unsigned long arg)
{
	return -XEN_ENOSYS;
}

unsigned long m2p_nr_chunks(void)
{
	return 1;
}

mfn_t m2p_chunk_mfn(unsigned long i)
{
	return _mfn(0x1000 + i * 512);
}

struct vcpu *current_vcpu(void)
{
	return &vcpu0;
}

s_time_t NOW(void)
{
	return fake_now;
}

void arch_console_write(const char *s, size_t n)
{
	if (console_len + n < sizeof(console_out)) {
		memcpy(console_out + console_len, s, n);
		console_len += n;
	}
}

/* console.c's input queue for dom0, as CONSOLEIO_read sees it. */
static char input_q[64];
static size_t input_len;

size_t console_peek_guest_input(char *buf, size_t max)
{
	size_t n = input_len < max ? input_len : max;

	memcpy(buf, input_q, n);
	return n;
}

void console_drop_guest_input(size_t n)
{
	memmove(input_q, input_q + n, input_len - n);
	input_len -= n;
}

/* console_io hands guest bytes to the console under its lock. */
void console_write_guest(const char *s, size_t n)
{
	arch_console_write(s, n);
}

static bool fake_bad(vaddr_t va, size_t len)
{
	vaddr_t lo = (vaddr_t)bad_window, hi = lo + sizeof(bad_window);

	if (!len)
		return false;
	return va < 4096 || !guest_range_ok(va, len) ||
	       (va < hi && va + len > lo);
}

bool guest_range_ok(vaddr_t va, size_t len)
{
	vaddr_t last = va + len - 1;

	if (!len)
		return true;
	return last >= va && (last < HYPERVISOR_VIRT_START ||
			      va >= HYPERVISOR_VIRT_END) &&
	       (((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1);
}

int copy_from_guest(void *dst, vaddr_t src, size_t len)
{
	if (fake_bad(src, len))
		return -XEN_EFAULT;
	memcpy(dst, (const void *)src, len);
	return 0;
}

int copy_to_guest(vaddr_t dst, const void *src, size_t len)
{
	if (fake_bad(dst, len))
		return -XEN_EFAULT;
	memcpy((void *)dst, src, len);
	return 0;
}

struct domain *domain_lookup(domid_t id)
{
	return id == 0 ? &dom0 : NULL;
}

void sched_yield(struct vcpu *v)
{
	yields++;
}

void sched_block(struct vcpu *v)
{
}

void sched_stop_vcpu(struct vcpu *v)
{
	abort();
}

void sched_wait_up(struct vcpu *v)
{
	abort();	/* the tests never take down the running vCPU */
}

void vcpu_runnable_update(struct vcpu *v)
{
}

void vtime_runstate_switch(struct vcpu *v, int state)
{
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	d->is_shutting_down = true;
	d->shutdown_reason = reason;
}

#define ARCH_STUB(name)                                                 \
	long name(unsigned long a1, unsigned long a2, unsigned long a3,  \
		  unsigned long a4, unsigned long a5)                    \
	{                                                               \
		return -XEN_EPERM;                                      \
	}
ARCH_STUB(do_set_trap_table)
ARCH_STUB(do_stack_switch)
ARCH_STUB(do_set_callbacks)
ARCH_STUB(do_fpu_taskswitch)
ARCH_STUB(do_set_debugreg)
ARCH_STUB(do_get_debugreg)
ARCH_STUB(do_iret)
ARCH_STUB(do_set_segment_base)
ARCH_STUB(do_callback_op)
ARCH_STUB(do_physdev_op)
ARCH_STUB(do_platform_op)
ARCH_STUB(do_domctl)
ARCH_STUB(do_sysctl)
ARCH_STUB(do_xenpmu_op)
ARCH_STUB(do_hvm_op)

/* Preemption: the check says yes from its preempt_after-th call on; a
 * continuation is recorded as the arch would issue it. */
static unsigned int preempt_calls, preempt_after = ~0u;
static unsigned long cont_nr, cont_args[5];

bool hypercall_preempt_check(void)
{
	return ++preempt_calls >= preempt_after;
}

unsigned int arch_this_cpu(void)
{
	return 0;
}

long pv_hypercall_continue(unsigned int nr, const unsigned long args[5])
{
	if (multicall_take_continuation(nr, args))
		return nr;
	cont_nr = nr;
	memcpy(cont_args, args, sizeof(cont_args));
	return nr;
}

#define SCHEDOP_TEST_CONTINUE 0x7777 /* makes a continuation, arg + 1 */

long do_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		 unsigned long a4, unsigned long a5)
{
	if (cmd == SCHEDOP_TEST_CONTINUE) {
		unsigned long args[5] = { cmd, arg + 1, 0, 0, 0 };

		return pv_hypercall_continue(__HYPERVISOR_sched_op, args);
	}
	if (cmd == SCHEDOP_yield) {
		sched_yield(&vcpu0);
		return 0;
	}
	return -XEN_ENOSYS;
}

static void reset(void)
{
	memset(&dom0, 0, sizeof(dom0));
	memset(&vcpu0, 0, sizeof(vcpu0));
	dom0.is_privileged = true;
	memset(&vcpu1, 0, sizeof(vcpu1));
	dom0.nr_vcpus = 2;
	dom0.vcpu[0] = &vcpu0;
	dom0.vcpu[1] = &vcpu1;
	vcpu1.domain = &dom0;
	vcpu1.vcpu_id = 1;
	dom0.tot_pages = dom0.max_pages = dom0.nr_pfns = 16384;
	memset(&fake_shared, 0, sizeof(fake_shared));
	dom0.shared_info = &fake_shared;
	vcpu0.domain = &dom0;
	vcpu0.is_up = true;
	console_len = 0;
	yields = 0;
	preempt_calls = 0;
	preempt_after = ~0u;
	cont_nr = 0;
	memset(cont_args, 0, sizeof(cont_args));
	fake_now += SECONDS(10);	/* a fresh rate-limit window */
}

static long call(unsigned long nr, unsigned long a1, unsigned long a2,
		 unsigned long a3)
{
	const unsigned long args[5] = { a1, a2, a3, 0, 0 };

	return hypercall_dispatch(nr, args, false);
}

/* ---- tests ---- */

/* Xen 4.17 assigns 0-42 except 11, and 48-55 (arch_0..7). */
static void table_names_every_number(void)
{
	for (unsigned int nr = 0; nr < NR_HYPERCALLS; nr++) {
		bool xen = (nr <= 42 && nr != 11) || (nr >= 48 && nr <= 55);

		CHECK(!!hypercall_table[nr].name == xen);
		/* Only weak-linked handlers may be absent here. */
		if (!hypercall_table[nr].fn)
			CHECK(hypercall_table[nr].state == HC_ENOSYS ||
			      hypercall_table[nr].state == HC_EXTERNAL);
	}
}

static void unknown_numbers_are_enosys(void)
{
	static const unsigned long nrs[] = { 11, 43, 47, 56, 63, 64, 1000,
					     0xffffffffUL, ~0UL };

	reset();
	for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++)
		CHECK_EQ(call(nrs[i], 1, 2, 3), -XEN_ENOSYS);
	CHECK_EQ(call(__HYPERVISOR_kexec_op, 0, 0, 0), -XEN_ENOSYS);
}

static void multicall_per_entry_results(void)
{
	static const char msg[] = "hello";
	struct multicall_entry mc[5];

	reset();
	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_xen_version;
	mc[0].args[0] = XENVER_pagesize;
	mc[1].op = 200;
	mc[2].op = __HYPERVISOR_multicall;
	mc[3].op = __HYPERVISOR_console_io;
	mc[3].args[0] = CONSOLEIO_write;
	mc[3].args[1] = 5;
	mc[3].args[2] = (unsigned long)msg;
	mc[4].op = __HYPERVISOR_sched_op;
	mc[4].args[0] = SCHEDOP_yield;
	CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 5, 0), 0);
	CHECK_EQ(mc[0].result, 4096);
	CHECK_EQ(mc[1].result, -XEN_ENOSYS);
	CHECK_EQ(mc[2].result, -XEN_EINVAL);
	CHECK_EQ(mc[3].result, 0);
	CHECK_EQ(mc[4].result, 0);
	CHECK_EQ(mc[1].op, 200);
	CHECK_EQ(yields, 1);
	CHECK(console_len == 5 && !memcmp(console_out, "hello", 5));
}

static void multicall_bad_batches(void)
{
	reset();
	CHECK_EQ(call(__HYPERVISOR_multicall, 0, 0, 0), 0);
	CHECK_EQ(call(__HYPERVISOR_multicall, 0, 1, 0), -XEN_EFAULT);
	CHECK_EQ(call(__HYPERVISOR_multicall, HYPERVISOR_VIRT_START, 1, 0),
		 -XEN_EFAULT);
	CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)bad_window, 1,
		      0), -XEN_EFAULT);
}

static void multicall_yield_batch(struct multicall_entry *mc, unsigned int n)
{
	memset(mc, 0, n * sizeof(*mc));
	for (unsigned int i = 0; i < n; i++) {
		mc[i].op = __HYPERVISOR_sched_op;
		mc[i].args[0] = SCHEDOP_yield;
		mc[i].result = 0x55;
	}
}

/* Preempted between entries: the rest is a continuation of the batch. */
static void multicall_preempted_between_entries(void)
{
	struct multicall_entry mc[4];

	reset();
	multicall_yield_batch(mc, 4);
	preempt_after = 2; /* asked before entries 1 and 2: yes at 2 */
	CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 4, 0),
		 __HYPERVISOR_multicall);
	CHECK_EQ(yields, 2);
	CHECK_EQ(cont_nr, __HYPERVISOR_multicall);
	CHECK_EQ(cont_args[0], (unsigned long)&mc[2]);
	CHECK_EQ(cont_args[1], 2);
	CHECK(mc[0].result == 0 && mc[1].result == 0 && mc[2].result == 0x55);
	/* The continuation finishes the batch. */
	preempt_after = ~0u;
	CHECK_EQ(call(__HYPERVISOR_multicall, cont_args[0], cont_args[1], 0),
		 0);
	CHECK_EQ(yields, 4);
	CHECK(mc[2].result == 0 && mc[3].result == 0);
}

/* An entry's own continuation rewrites the entry; the batch goes on from
 * it, and the guest's registers are not touched for the entry. */
static void multicall_entry_continuation(void)
{
	struct multicall_entry mc[3];

	reset();
	multicall_yield_batch(mc, 3);
	mc[1].args[0] = SCHEDOP_TEST_CONTINUE;
	mc[1].args[1] = 5;
	CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 3, 0),
		 __HYPERVISOR_multicall);
	CHECK_EQ(yields, 1);
	CHECK_EQ(mc[1].op, __HYPERVISOR_sched_op);
	CHECK_EQ(mc[1].args[0], SCHEDOP_TEST_CONTINUE);
	CHECK_EQ(mc[1].args[1], 6);
	CHECK_EQ(cont_nr, __HYPERVISOR_multicall);
	CHECK_EQ(cont_args[0], (unsigned long)&mc[1]);
	CHECK_EQ(cont_args[1], 2);
	CHECK_EQ(mc[2].result, 0x55);
	/* Outside a multicall the same call continues through registers. */
	cont_nr = 0;
	CHECK_EQ(call(__HYPERVISOR_sched_op, SCHEDOP_TEST_CONTINUE, 1, 0),
		 __HYPERVISOR_sched_op);
	CHECK_EQ(cont_nr, __HYPERVISOR_sched_op);
	CHECK_EQ(cont_args[1], 2);
}

static void version_answers(void)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	char buf[1024];

	reset();
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_version, 0, 0),
		 (4 << 16) | 17);
	memset(buf, 0x55, sizeof(buf));
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_capabilities,
		      (unsigned long)buf, 0), 0);
	CHECK(!strcmp(buf, "xen-3.0-x86_64"));
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_get_features,
		      (unsigned long)&fi, 0), 0);
	/* Xen 4.17's answer for a PV dom0 without the PAE note. */
	CHECK_EQ(fi.submap, 0x228e0);
	fi.submap_idx = 1;
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_get_features,
		      (unsigned long)&fi, 0), -XEN_EINVAL);
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_commandline,
		      (unsigned long)buf, 0), 0);
	CHECK(!strcmp(buf, saved_cmdline));
	CHECK_EQ(call(__HYPERVISOR_xen_version, 11, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_extraversion, 0, 0),
		 -XEN_EFAULT);
	dom0.is_privileged = false;
	CHECK_EQ(call(__HYPERVISOR_xen_version, XENVER_commandline,
		      (unsigned long)buf, 0), -XEN_EPERM);
}

static void console_io_copies_bytes(void)
{
	static const char data[] = "ab\0cd";
	static char big[300];

	reset();
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_write, 5,
		      (unsigned long)data), 0);
	CHECK(console_len == 5 && !memcmp(console_out, data, 5));
	memset(big, 'x', sizeof(big));
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_write, sizeof(big),
		      (unsigned long)big), 0);
	CHECK_EQ(console_len, 5 + sizeof(big));
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_write, 10, 0),
		 -XEN_EFAULT);
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, 16, 0), 0);
	CHECK_EQ(call(__HYPERVISOR_console_io, 2, 1, (unsigned long)data),
		 -XEN_ENOSYS);
}

/* CONSOLEIO_read: what is queued, at most count bytes, nothing lost
 * when the buffer faults; 0 when nothing is queued; dom0 only. */
static void console_read_hands_over_input(void)
{
	char buf[16] = { 0 };

	reset();
	memcpy(input_q, "hello", 5);
	input_len = 5;
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, 4, 0),
		 -XEN_EFAULT);
	CHECK_EQ(input_len, 5);
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, 3,
		      (unsigned long)buf), 3);
	CHECK(!memcmp(buf, "hel", 3) && !buf[3]);
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(buf),
		      (unsigned long)buf), 2);
	CHECK(!memcmp(buf, "lo", 2));
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(buf),
		      (unsigned long)buf), 0);
	input_len = 1;
	dom0.is_privileged = false;
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(buf),
		      (unsigned long)buf), -XEN_EPERM);
	CHECK_EQ(input_len, 1);
	input_len = 0;
}

static void domu_console_is_prefixed(void)
{
	reset();
	dom0.domain_id = 3;
	CHECK_EQ(call(__HYPERVISOR_console_io, CONSOLEIO_write, 4,
		      (unsigned long)"a\nb\n"), 0);
	console_out[console_len] = '\0';
	CHECK(!strcmp(console_out, "(d3) a\n(d3) b\n"));
}

static void vm_assist_checks(void)
{
	reset();
	CHECK_EQ(call(__HYPERVISOR_vm_assist, 7, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(call(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 31, 0),
		 -XEN_EINVAL);
	CHECK_EQ(call(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
		      VMASST_TYPE_writable_pagetables, 0), 0);
	CHECK(dom0.arch.vm_assist & (1UL << VMASST_TYPE_writable_pagetables));
	CHECK_EQ(call(__HYPERVISOR_vm_assist, VMASST_CMD_disable,
		      VMASST_TYPE_writable_pagetables, 0), 0);
	CHECK_EQ(dom0.arch.vm_assist, 0);
}

static void memory_op_queries(void)
{
	struct xen_machphys_mapping m;
	domid_t self = DOMID_SELF, other = 5;

	reset();
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_maximum_ram_page, 0, 0),
		 max_page);
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_current_reservation,
		      (unsigned long)&self, 0), 16384);
	/* A PV guest's highest gpfn is the max_pfn it published. */
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_maximum_gpfn,
		      (unsigned long)&self, 0), 0);
	fake_shared.arch.max_pfn = 16384;
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_maximum_gpfn,
		      (unsigned long)&self, 0), 16383);
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_current_reservation,
		      (unsigned long)&other, 0), -XEN_ESRCH);
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_machphys_mapping,
		      (unsigned long)&m, 0), 0);
	CHECK_EQ(m.v_start, MACH2PHYS_VIRT_START);
	CHECK_EQ(m.max_mfn, max_page - 1);
	CHECK_EQ(call(__HYPERVISOR_memory_op, 1000, 0, 0), -XEN_ENOSYS);
	dom0.is_privileged = false;
	CHECK_EQ(call(__HYPERVISOR_memory_op, XENMEM_current_reservation,
		      (unsigned long)&other, 0), -XEN_EPERM);
}

static void vcpu_op_basics(void)
{
	struct vcpu_runstate_info r;

	reset();
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0), 1);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 2, 0), -XEN_ENOENT);
	/* A second vCPU: up needs initialise first, once. */
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 0);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0), -XEN_EINVAL);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1, 0),
		 -XEN_EFAULT);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1, 8), 0);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1, 8),
		 -XEN_EEXIST);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0), 0);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 1);
	/* Down another vCPU: the domain lives on. */
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_down, 1, 0), 0);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 0);
	CHECK(!dom0.is_shutting_down);
	struct vcpu_register_vcpu_info reg = { .mfn = 0x1234, .offset = 64 };

	reg.offset = PAGE_SIZE - 32;
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
		      (unsigned long)&reg), -XEN_ENXIO);
	reg.offset = 64;
	reg.mfn = 0xbad;
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
		      (unsigned long)&reg), -XEN_EINVAL);
	reg.mfn = 0x1234;
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
		      (unsigned long)&reg), 0);
	CHECK(mfn_x(mapped_mfn) == 0x1234 && mapped_offset == 64);
	/* Once per vCPU. */
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
		      (unsigned long)&reg), -XEN_EINVAL);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, 0),
		 -XEN_EFAULT);
	/* Handed to guest time (faked here as -ENOSYS). */
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0,
		      (unsigned long)&r), -XEN_ENOSYS);
	CHECK_EQ(call(__HYPERVISOR_vcpu_op, 1000, 0, 0), -XEN_ENOSYS);
}

static void guest_err_is_rate_limited(void)
{
	reset();
	host_log_clear();
	for (unsigned int i = 0; i < 1000; i++)
		CHECK_EQ(call(999, 0, 0, 0), -XEN_ENOSYS);
	/* The burst, then nothing while time stands still. */
	CHECK(strstr(host_log, "not implemented") != NULL);
	{
		unsigned int lines = 0;

		for (const char *p = host_log; (p = strstr(p, "hypercall 999"));
		     p++)
			lines++;
		CHECK(lines >= 1 && lines <= 25);
	}
}

/* ---- docs/abi/coverage.md, generated from the table ---- */

static const char *const state_names[] = {
	[HC_ENOSYS] = "-ENOSYS", [HC_PARTIAL] = "partial",
	[HC_FULL] = "implemented",
	[HC_EXTERNAL] = "other subsystem",
};

static void print_coverage(FILE *f)
{
	fprintf(f, "# Hypercall coverage\n\n"
		"Generated by `scripts/gen-coverage.sh` from "
		"`hypervisor/common/hypercall/table.c`; do not edit.\n"
		"`tests/unit/test_hypercall.c` fails when this file is stale.\n"
		"\n| nr | hypercall | state | notes |\n|---|---|---|---|\n");
	for (unsigned int nr = 0; nr < NR_HYPERCALLS; nr++) {
		const struct hypercall_desc *h = &hypercall_table[nr];

		if (!h->name)
			continue;
		fprintf(f, "| %u | %s | %s | %s |\n", nr, h->name,
			state_names[h->state], h->note ? h->note : "");
	}
	fprintf(f, "\nAny other number, and any sub-op not listed as "
		"implemented, returns -ENOSYS (with one rate-limited log "
		"line).\n");
}

static void coverage_doc_is_current(void)
{
	static char want[16384], have[16384];
	FILE *f = fmemopen(want, sizeof(want) - 1, "w");
	FILE *doc = fopen(TOP_DIR "/docs/abi/coverage.md", "r");
	size_t n;

	CHECK(f && doc);
	if (!f || !doc)
		return;
	print_coverage(f);
	fclose(f);
	n = fread(have, 1, sizeof(have) - 1, doc);
	have[n] = '\0';
	fclose(doc);
	if (strcmp(want, have))
		printf("  docs/abi/coverage.md is stale: run "
		       "scripts/gen-coverage.sh\n");
	CHECK(!strcmp(want, have));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--coverage")) {
		print_coverage(stdout);
		return 0;
	}
	check_prog = "hypercall";
	RUN(table_names_every_number);
	RUN(unknown_numbers_are_enosys);
	RUN(multicall_per_entry_results);
	RUN(multicall_bad_batches);
	RUN(multicall_preempted_between_entries);
	RUN(multicall_entry_continuation);
	RUN(version_answers);
	RUN(console_io_copies_bytes);
	RUN(console_read_hands_over_input);
	RUN(domu_console_is_prefixed);
	RUN(vm_assist_checks);
	RUN(memory_op_queries);
	RUN(vcpu_op_basics);
	RUN(guest_err_is_rate_limited);
	RUN(coverage_doc_is_current);
	return check_exit();
}
