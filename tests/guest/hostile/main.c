/*
 * Hostile inputs to the core hypercalls: every one must come back with
 * Xen's error and leave the hypervisor running.
 *
 * Three kinds: hypercall numbers nobody implements (-ENOSYS, through
 * the hypercall page and through direct SYSCALL, including numbers with
 * high bits set), buffers the hypervisor must not touch (NULL, the
 * hypervisor's own range, non-canonical, running off our mapping:
 * -EFAULT), and out-of-range commands and values (Xen's -ENOSYS,
 * -EINVAL, -ESRCH...).  After each group a good hypercall must still
 * work.  The expected values are what Xen 4.17 answers.
 */
#include "guest.h"
#include <public/sched.h>
#include <public/callback.h>
#include <public/vcpu.h>
#include <public/event_channel.h>
#include <public/version.h>

const unsigned int test_needs = NEED_TRAPS;
const char test_title[] = "hostile: bad numbers, pointers and arguments";

static const unsigned long bad_ptrs[] = {
	0,
	8,
	HYPERVISOR_VIRT_START,
	HYPERVISOR_VIRT_START + 0x1000000,	/* Xen's own text region */
	HYPERVISOR_VIRT_END - 8,
	0x8000000000000000ul,			/* non-canonical */
	0x0000800000000000ul,			/* first non-canonical */
	~0ul - 7,
};

static void alive(const char *after)
{
	CHECK(hc_xen_version(0, NULL) > 0, "no answer after %s", after);
}

static void unknown_numbers(void)
{
	static const unsigned long nrs[] = {
		11, 43, 44, 45, 46, 47, 56, 63, 64, 100, 127, 128, 1000,
		0xffffffff, 0x100000011ul, ~0ul,
	};
	unsigned int i;
	bool direct = hypercall_direct;

	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		hypercall_direct = false;
		CHECK(hypercall6(nrs[i], 1, 2, 3, 4, 5) == -XEN_ENOSYS,
		      "hypercall %#lx (page): %ld", nrs[i],
		      hypercall6(nrs[i], 1, 2, 3, 4, 5));
		hypercall_direct = true;
		CHECK(hypercall6(nrs[i], 1, 2, 3, 4, 5) == -XEN_ENOSYS,
		      "hypercall %#lx (syscall): %ld", nrs[i],
		      hypercall6(nrs[i], 1, 2, 3, 4, 5));
	}
	hypercall_direct = direct;
	alive("unknown hypercalls");
}

/* Hypercalls whose buffer argument is each bad pointer in turn. */
static void bad_pointers(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_ptrs); i++) {
		unsigned long p = bad_ptrs[i];

		/* NULL is not an error there: it clears the table. */
		CHECK(hc_set_trap_table((void *)p) == (p ? -XEN_EFAULT : 0),
		      "set_trap_table(%#lx)", p);
		if (!p && traps_init())
			test_abort("cannot reinstall the trap table");
		CHECK(hc_multicall((void *)p, 1) == -XEN_EFAULT,
		      "multicall(%#lx)", p);
		CHECK(hc_mmuext_op((void *)p, 1, NULL, DOMID_SELF) ==
		      -XEN_EFAULT, "mmuext_op(%#lx)", p);
		CHECK(hc_sched_op(SCHEDOP_shutdown, (void *)p) == -XEN_EFAULT,
		      "sched_op(shutdown, %#lx)", p);
		CHECK(hc_sched_op(SCHEDOP_shutdown_code, (void *)p) ==
		      -XEN_EFAULT, "sched_op(shutdown_code, %#lx)", p);
		CHECK(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register,
				 p) == -XEN_EFAULT, "callback_op(%#lx)", p);
		CHECK(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info,
				 0, p) == -XEN_EFAULT, "vcpu_op(%#lx)", p);
		CHECK(hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 1,
				 p) == -XEN_EFAULT, "console_io(%#lx)", p);
	}
	alive("bad pointers");
}

/*
 * Output buffers the guest may read but not write: its own L4, which the
 * domain builder maps read-only (start_info->pt_base).  The hypervisor's
 * copy to the guest must fail as the guest's own store would, and leave
 * the table as it was.
 */
static void read_only_targets(void)
{
	volatile uint64_t *l4 = (volatile uint64_t *)start_info->pt_base;
	uint64_t first = l4[0], last = l4[511];

	CHECK_EQ(hc_xen_version(XENVER_extraversion, (void *)l4),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info,
			    0, (unsigned long)l4), -XEN_EFAULT);
	CHECK(l4[0] == first && l4[511] == last, "L4 changed: %#lx %#lx",
	      (unsigned long)l4[0], (unsigned long)l4[511]);
	alive("read-only targets");
}

static void out_of_range(void)
{
	struct sched_remote_shutdown rs = {
		.domain_id = 0x7000, .reason = SHUTDOWN_poweroff,
	};
	struct mmuext_op op = { .cmd = 100 };
	unsigned int done = 77;

	CHECK_EQ(hc_sched_op(100, NULL), -XEN_ENOSYS);
	CHECK_EQ(hc_sched_op(-1, NULL), -XEN_ENOSYS);
	CHECK_EQ(hc_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH);
	CHECK_EQ(hc_mmuext_op(&op, 1, &done, DOMID_SELF), -XEN_ENOSYS);
	CHECK_EQ(done, 0);
	CHECK_EQ(hc_mmuext_op(&op, 0, NULL, DOMID_SELF), 0);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info,
			    100, NULL), -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, 1000, 0, NULL),
		 -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op, 1000, NULL), -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_vm_assist, 7, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_vm_assist, 0, 31), -XEN_EINVAL);
	/* A non-canonical handler in the trap table is refused. */
	{
		struct trap_info t[2] = {
			{ .vector = X86_EXC_UD, .cs = FLAT_KERNEL_CS,
			  .address = 0x8000000000000000ul },
			{ 0 },
		};

		CHECK_EQ(hc_set_trap_table(t), -XEN_EINVAL);
	}
	/* A non-canonical callback address is refused too. */
	CHECK_EQ(hc_callback_register(CALLBACKTYPE_syscall,
				      (void (*)(void))0x8000000000000000ul, 0),
		 -XEN_EINVAL);
	/*
	 * stack_switch takes any %rsp (it is only used, and checked, when
	 * a bounce frame is built); put ours back at once.
	 */
	CHECK_EQ(hc_stack_switch(FLAT_KERNEL_SS, HYPERVISOR_VIRT_START + 4096),
		 0);
	if (traps_init())
		test_abort("cannot restore the kernel stack");
	/* Mapping over the hypervisor's range. */
	CHECK_EQ(hc_update_va_mapping(HYPERVISOR_VIRT_START, 0, UVMF_INVLPG),
		 -XEN_EINVAL);
	alive("out-of-range arguments");
}

void test_main(void)
{
	unknown_numbers();
	bad_pointers();
	read_only_targets();
	out_of_range();
	/* The traps we installed still work after all that. */
	trap_reset();
	asm volatile("1: ud2; 2:" EXTABLE("1b", "2b"));
	CHECK_EQ(last_trap.vector, X86_EXC_UD);
}
