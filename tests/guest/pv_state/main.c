/*
 * Per-vCPU state a PV kernel manages through hypercalls instead of
 * privileged instructions: lazy FPU (fpu_taskswitch sets and clears a
 * virtual CR0.TS, and the next FPU instruction raises #NM), segment
 * bases (set_segment_base for %fs, kernel %gs and user %gs, instead of
 * WRMSR), and vm_assist.  Each also with out-of-range arguments.
 */
#include "guest.h"

const unsigned int test_needs = NEED_TRAPS | NEED_USER;
const char test_title[] =
	"pv_state: fpu_taskswitch, set_segment_base, vm_assist";

static long fpu_taskswitch(int set)
{
	return hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static long set_segment_base(unsigned int which, unsigned long base)
{
	return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static long vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

/* Returns true if an FPU instruction raised #NM. */
static bool fpu_faults(void)
{
	trap_reset();
	asm volatile("1: fninit; 2:" EXTABLE("1b", "2b"));
	if (last_trap.count)
		CHECK_EQ(last_trap.vector, X86_EXC_NM);
	return last_trap.count != 0;
}

static void check_fpu(void)
{
	CHECK(!fpu_faults(), "FPU faults before fpu_taskswitch");
	CHECK_EQ(fpu_taskswitch(1), 0);
	CHECK(fpu_faults(), "no #NM with TS set");
	/* Delivering #NM clears the virtual TS (saving the guest a call). */
	CHECK(!fpu_faults(), "second #NM: TS still set after the first");
	CHECK_EQ(fpu_taskswitch(1), 0);
	CHECK_EQ(fpu_taskswitch(0), 0);
	CHECK(!fpu_faults(), "#NM after fpu_taskswitch(0)");
	/* Any nonzero argument means set. */
	CHECK_EQ(fpu_taskswitch(2), 0);
	CHECK(fpu_faults(), "no #NM after fpu_taskswitch(2)");
}

static unsigned long fs_word = 0x1234, gs_word = 0x5678, ugs_word = 0x9abc;

static unsigned long read_fs0(void)
{
	unsigned long v;

	asm volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

static unsigned long read_gs0(void)
{
	unsigned long v;

	asm volatile("mov %%gs:0, %0" : "=r"(v));
	return v;
}

static unsigned long user_read_gs0(unsigned long unused)
{
	return read_gs0();
}

static unsigned long user_read_gs_sel(unsigned long unused)
{
	unsigned long sel;

	asm volatile("mov %%gs, %0" : "=r"(sel));
	return sel & 0xffff;
}

static void check_segment_bases(void)
{
	CHECK_EQ(set_segment_base(SEGBASE_FS, (unsigned long)&fs_word), 0);
	CHECK_EQ(read_fs0(), 0x1234);
	CHECK_EQ(set_segment_base(SEGBASE_GS_KERNEL, (unsigned long)&gs_word),
		 0);
	CHECK_EQ(read_gs0(), 0x5678);
	CHECK_EQ(set_segment_base(SEGBASE_GS_USER, (unsigned long)&ugs_word),
		 0);
	/* Kernel %gs unchanged; user mode sees the user base. */
	CHECK_EQ(read_gs0(), 0x5678);
	CHECK_EQ(exec_user(user_read_gs0, 0), 0x9abc);
	CHECK_EQ(read_gs0(), 0x5678);

	CHECK_EQ(set_segment_base(4, 0), -XEN_EINVAL);
	CHECK_EQ(set_segment_base(~0u, 0), -XEN_EINVAL);
	CHECK_EQ(set_segment_base(SEGBASE_FS, 0x8000000000000000ul),
		 -XEN_EINVAL);
	CHECK_EQ(set_segment_base(SEGBASE_GS_KERNEL, 0x0000800000000000ul),
		 -XEN_EINVAL);
	/* A failed call leaves the base alone. */
	CHECK_EQ(read_fs0(), 0x1234);
	/*
	 * Selector loads for user %gs: a selector that does not load is
	 * replaced by the null selector, and the call still succeeds.
	 */
	CHECK_EQ(set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
	CHECK_EQ(set_segment_base(SEGBASE_GS_USER_SEL, 0xfff8), 0);
	CHECK_EQ(exec_user(user_read_gs_sel, 0), 0);
	CHECK_EQ(set_segment_base(SEGBASE_FS, 0), 0);
	CHECK_EQ(set_segment_base(SEGBASE_GS_KERNEL, 0), 0);
}

static void check_vm_assist(void)
{
	CHECK_EQ(vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
		 0);
	CHECK_EQ(vm_assist(VMASST_CMD_disable,
			   VMASST_TYPE_writable_pagetables), 0);
	CHECK_EQ(vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag),
		 0);
	/* Accepted (and meaningless) for a 64-bit guest. */
	CHECK_EQ(vm_assist(VMASST_CMD_enable, VMASST_TYPE_4gb_segments), 0);
	CHECK_EQ(vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);
	CHECK_EQ(vm_assist(VMASST_CMD_enable, 64), -XEN_EINVAL);
	CHECK_EQ(vm_assist(2, VMASST_TYPE_writable_pagetables), -XEN_ENOSYS);
}

void test_main(void)
{
	check_fpu();
	check_segment_bases();
	check_vm_assist();
}
