/*
 * fpu_ctxt: the FPU/SSE state VCPUOP_initialise gives a new vCPU.
 *
 * With VGCF_i387_valid the context's fpu_ctxt (an FXSAVE image) is the
 * new vCPU's x87/SSE state; without it the vCPU starts in the init state
 * (FCW 0x37f, MXCSR 0x1f80, XMM zero).  An image whose MXCSR sets bits
 * the CPU does not have must not hurt the hypervisor (XRSTOR/FXRSTOR
 * would fault): the vCPU starts, with what Xen makes of it.
 */
#include "guest.h"
#include "vcpu.h"
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "fpu_ctxt: VCPUOP_initialise's FXSAVE image";

struct report {
	volatile bool done;
	uint32_t mxcsr;
	uint16_t fcw;
	uint8_t xmm0[16], xmm7[16];
};

static char stacks[4][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_guest_context ctxt;
static struct report rep[4];

static void __attribute__((noreturn, used)) vcpu_main(unsigned long id)
{
	struct report *r = &rep[id];

	asm volatile("stmxcsr %0" : "=m"(r->mxcsr));
	asm volatile("fnstcw %0" : "=m"(r->fcw));
	asm volatile("movdqu %%xmm0, %0" : "=m"(r->xmm0));
	asm volatile("movdqu %%xmm7, %0" : "=m"(r->xmm7));
	r->done = true;
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void start(unsigned int id, bool valid, uint32_t mxcsr)
{
	uint8_t *fx;

	vcpu_context_kernel(&ctxt, (unsigned long)vcpu_main,
			    (unsigned long)stacks[id] + PAGE_SIZE);
	ctxt.user_regs.rdi = id;
	fx = (uint8_t *)ctxt.fpu_ctxt.x;
	*(uint16_t *)fx = 0x27f;		/* FCW: double precision */
	*(uint32_t *)(fx + 24) = mxcsr;
	for (unsigned int i = 0; i < 16; i++) {
		fx[160 + i] = 0xa0 + i;		/* XMM0 */
		fx[160 + 7 * 16 + i] = 0x70 + i;	/* XMM7 */
	}
	if (valid)
		ctxt.flags |= VGCF_i387_valid;
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_initialise, id, &ctxt), 0);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_up, id, NULL), 0);
	for (unsigned int i = 0; i < 1000000 && !rep[id].done; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK(rep[id].done, "vCPU %u did not report", id);
	printk("vCPU %u (%s, mxcsr %#x): fcw %#x mxcsr %#x xmm0[0] %#x "
	       "xmm7[15] %#x\n", id, valid ? "i387_valid" : "no image",
	       mxcsr, rep[id].fcw, rep[id].mxcsr, rep[id].xmm0[0],
	       rep[id].xmm7[15]);
}

void test_main(void)
{
	start(1, false, 0x1f80);
	CHECK_EQ(rep[1].fcw, 0x37f);
	CHECK_EQ(rep[1].mxcsr, 0x1f80);
	CHECK_EQ(rep[1].xmm0[0], 0);
	start(2, true, 0x1f80 | (1u << 15));	/* FZ */
	CHECK_EQ(rep[2].fcw, 0x27f);
	CHECK_EQ(rep[2].mxcsr, 0x1f80 | (1u << 15));
	CHECK_EQ(rep[2].xmm0[0], 0xa0);
	CHECK_EQ(rep[2].xmm7[15], 0x7f);
	start(3, true, 0xffffffff);
}
