/*
 * The PV core's small hypercalls and emulated instructions, good and
 * hostile: set_segment_base, set/get_debugreg, callback_op, physdev_op
 * set_iopl, vcpu_op, memory_op queries, vm_assist, fpu_taskswitch (lazy
 * FPU and #NM), and what the hypervisor emulates for a PV kernel in
 * ring 3 (RDMSR/WRMSR, MOV from CR3, CLI).  Every expected value is
 * Xen 4.17's answer; each hostile input must cost only an errno or a
 * fault bounced to us, never the hypervisor.
 */
#include "guest.h"
#include <public/callback.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/vcpu.h>

const char test_title[] = "pv_ops: segment bases, debug regs, callbacks, "
			  "iopl, vcpu/memory queries, FPU, emulation";
const unsigned int test_needs = NEED_TRAPS;

#define NONCANON 0x8000000000000000ul
#define MSR_FS_BASE 0xc0000100
#define MSR_IA32_CR_PAT 0x277
#define XEN_MSR_PAT 0x0000050100070406ul

static void segment_base(void)
{
	unsigned long got;

	CHECK_EQ(hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS,
			    0x12345000ul), 0);
	asm volatile("1: rdmsr; 2:" EXTABLE("1b", "2b")
		     : "=a"(got), "=d"((unsigned long){ 0 })
		     : "c"(MSR_FS_BASE));
	CHECK_EQ(got, 0x12345000ul);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0), 0);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS,
			    NONCANON), -XEN_EINVAL);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_segment_base, 99, 0),
		 -XEN_EINVAL);
}

static void debugregs(void)
{
	CHECK_EQ(hypercall2(__HYPERVISOR_set_debugreg, 0, 0x1000), 0);
	CHECK_EQ(hc_get_debugreg(0), 0x1000);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_debugreg, 0, 0), 0);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_debugreg, 0, NONCANON),
		 -XEN_EPERM);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_debugreg, 1,
			    HYPERVISOR_VIRT_START), -XEN_EPERM);
	CHECK_EQ(hypercall2(__HYPERVISOR_set_debugreg, 8, 0), -XEN_ENODEV);
	CHECK_EQ(hc_get_debugreg(8), -XEN_ENODEV);
	CHECK_EQ(hc_get_debugreg(~0u), -XEN_ENODEV);
}

static void callbacks(void)
{
	struct callback_unregister u = { .type = CALLBACKTYPE_event };

	CHECK_EQ(hc_callback_register(CALLBACKTYPE_syscall, entry_syscall,
				      CALLBACKF_mask_events), 0);
	CHECK_EQ(hc_callback_register(99, entry_syscall, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
			    &u), -XEN_EINVAL);
	u.type = 99;
	CHECK_EQ(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
			    &u), -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_callback_op, 7, &u), -XEN_ENOSYS);
}

/*
 * The old three-address form.  Xen registers each address on its own
 * and ignores their results: a non-canonical one is dropped, the call
 * still says 0, and the hypervisor survives it.
 */
static void set_callbacks(void)
{
	CHECK_EQ(hypercall3(__HYPERVISOR_set_callbacks, NONCANON, 0, 0), 0);
	CHECK_EQ(hypercall3(__HYPERVISOR_set_callbacks, 0, 0, NONCANON), 0);
	CHECK_EQ(hc_callback_register(CALLBACKTYPE_syscall, entry_syscall,
				      CALLBACKF_mask_events), 0);
}

/* vCPU control with one vCPU: nothing to start, nothing to stop. */
static void vcpu_control(void)
{
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, NULL),
		 -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			    NULL), -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 99,
			    NULL), -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_down, 7, NULL),
		 -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_up, 0, NULL), 0);
}

static void iopl(void)
{
	struct physdev_set_iopl io = { .iopl = 4 };

	CHECK_EQ(hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &io),
		 -XEN_EINVAL);
	CHECK_EQ(hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			    HYPERVISOR_VIRT_START), -XEN_EFAULT);
	/* At IOPL 0, CLI is a #GP the kernel sees. */
	trap_reset();
	asm volatile("1: cli; 2:" EXTABLE("1b", "2b"));
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.vector, X86_EXC_GP);
}

static void vcpu_and_memory(void)
{
	struct vcpu_runstate_info r;
	struct xen_machphys_mapping m;
	domid_t self = DOMID_SELF, nobody = 0x7000;
	long max_page;

	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, NULL), 1);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 100, NULL),
		 -XEN_ENOENT);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info,
			    0, &r), 0);
	CHECK_EQ(r.state, RUNSTATE_running);
	max_page = hypercall2(__HYPERVISOR_memory_op,
			      XENMEM_maximum_ram_page, NULL);
	CHECK(max_page > (long)start_info->nr_pages, "max_page %ld",
	      max_page);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op,
			    XENMEM_current_reservation, &self),
		 start_info->nr_pages);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op,
			    XENMEM_current_reservation, &nobody),
		 -XEN_ESRCH);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op,
			    XENMEM_current_reservation, NULL), -XEN_EFAULT);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op, XENMEM_machphys_mapping,
			    &m), 0);
	CHECK_EQ(m.v_start, MACH2PHYS_VIRT_START);
	CHECK(m.max_mfn >= virt_to_mfn(start_info), "max_mfn %#lx",
	      (unsigned long)m.max_mfn);
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op, XENMEM_machphys_mapping,
			    HYPERVISOR_VIRT_START), -XEN_EFAULT);
}

static void vm_assist(void)
{
	CHECK_EQ(hypercall2(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
			    VMASST_TYPE_writable_pagetables), 0);
	CHECK_EQ(hypercall2(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 63),
		 -XEN_EINVAL);
	CHECK_EQ(hypercall2(__HYPERVISOR_vm_assist, 2, 0), -XEN_ENOSYS);
}

static void lazy_fpu(void)
{
	CHECK_EQ(hypercall1(__HYPERVISOR_fpu_taskswitch, 1), 0);
	trap_reset();
	asm volatile("1: fnop; 2:" EXTABLE("1b", "2b"));
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.vector, X86_EXC_NM);
	CHECK_EQ(hypercall1(__HYPERVISOR_fpu_taskswitch, 0), 0);
	trap_reset();
	asm volatile("1: fnop; 2:" EXTABLE("1b", "2b"));
	CHECK_EQ(last_trap.count, 0);
}

static void emulated_instructions(void)
{
	unsigned long lo, hi, cr3;

	/* PAT reads as Xen's fixed value; writes and unknown MSRs #GP. */
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_IA32_CR_PAT));
	CHECK_EQ(lo | hi << 32, XEN_MSR_PAT);
	trap_reset();
	asm volatile("1: wrmsr; 2:" EXTABLE("1b", "2b")
		     : : "c"(MSR_IA32_CR_PAT), "a"(0), "d"(0));
	CHECK_EQ(last_trap.vector, X86_EXC_GP);
	trap_reset();
	asm volatile("1: rdmsr; 2:" EXTABLE("1b", "2b")
		     : "=a"(lo), "=d"(hi) : "c"(0x12345678));
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.vector, X86_EXC_GP);
	/* MOV from CR3 names our L4. */
	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	CHECK_EQ(cr3 >> 12, virt_to_mfn((void *)start_info->pt_base));
}

void test_main(void)
{
	segment_base();
	debugregs();
	callbacks();
	set_callbacks();
	vcpu_control();
	iopl();
	vcpu_and_memory();
	vm_assist();
	lazy_fpu();
	emulated_instructions();
}
