/*
 * Privileged instructions a PV guest kernel executes in ring 3.
 *
 * They raise #GP; before reflecting it, we decode the instruction at the
 * guest's RIP and emulate the few a PV kernel legitimately uses, as
 * Xen's emul-priv-op.c does, but only from guest kernel mode:
 *
 *   RDMSR/WRMSR       msr.c's policy
 *   MOV from/to CRn   virtual CR0.TS, CR2, CR3 (read only: loading a new
 *                     root is the MMU code's NEW_BASEPTR), CR4
 *   CLTS              clears the virtual TS
 *   WBINVD            ignored (no cache-flush permission)
 *   IN/OUT            port I/O with the virtual IOPL (PHYSDEVOP_set_iopl)
 *                     >= 1; ports Xenolith owns (PIC, PIT, COM1) read as
 *                     all-ones and ignore writes, and so does every port
 *                     for an unprivileged domain (no ioports_permit: Xen's
 *                     guest_io_read/write; Linux as a domU sets IOPL 1
 *                     and probes PCI config space at 0xcf8 early on)
 *   CLI/STI           accepted and ignored when IOPL allows, as in Xen
 *   XSETBV            xstate.c checks and loads XCR0; #UD while the
 *                     guest's CR4.OSXSAVE is clear, as on Xen
 *   MOV from/to DRn   debugreg.c's get/set_debugreg: what they refuse is
 *                     #GP; DR4/DR5 with CR4.DE and DR8+ are #UD
 *
 * Everything else (and any of these from user mode) is the guest's #GP.
 * Decoding is deliberately small: optional 0x66 and one REX prefix,
 * then a one- or two-byte opcode; string I/O, segment overrides and
 * memory operands are not emulated and get #GP.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/debugreg.h>
#include <asm/pv.h>
#include <asm/xstate.h>


#define X86_CR4_GUEST_VISIBLE (X86_CR4_PAE | (1UL << 6) /* MCE */ | \
			       X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

struct insn {
	uint8_t bytes[16];
	unsigned int len;	/* decoded so far */
	bool opsize;		/* 0x66 */
	uint8_t rex;		/* 0 or 0x40-0x4f */
	int fault;		/* exception to raise instead of #GP, or -1 */
	bool io_breakpoint;	/* #DB after the instruction (debugreg.c) */
};

static uint64_t *gpr(struct cpu_user_regs *regs, unsigned int n)
{
	uint64_t *const map[16] = {
		&regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
		&regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
		&regs->r8, &regs->r9, &regs->r10, &regs->r11,
		&regs->r12, &regs->r13, &regs->r14, &regs->r15,
	};

	return map[n & 15];
}

static bool emul_msr(struct vcpu *v, struct cpu_user_regs *regs, bool write)
{
	uint32_t msr = regs->rcx;
	uint64_t val;

	if (write) {
		val = (regs->rdx << 32) | (uint32_t)regs->rax;
		return pv_write_msr(v, msr, val) == 0;
	}
	if (pv_read_msr(v, msr, &val)) {
		if (v->arch.trap_ctxt[X86_EXC_GP].address)
			return false;
		val = 0;	/* no #GP handler yet: Xen fakes the read */
	}
	regs->rax = (uint32_t)val;
	regs->rdx = val >> 32;
	return true;
}

static uint64_t cr_read(struct vcpu *v, unsigned int cr, bool *ok)
{
	mfn_t root;

	*ok = true;
	switch (cr) {
	case 0:
		return (read_cr0() & ~X86_CR0_TS) |
		       (v->arch.fpu_ts ? X86_CR0_TS : 0);
	case 2:
		return v->arch.cr2;
	case 3:
		root = v->arch.kernel_mode ? v->arch.guest_table
					   : v->arch.guest_table_user;
		return mfn_to_maddr(root);
	case 4:
		return v->arch.cr4;
	default:
		*ok = false;
		return 0;
	}
}

static bool cr_write(struct vcpu *v, unsigned int cr, uint64_t val)
{
	switch (cr) {
	case 0:
		if ((val ^ read_cr0()) & ~X86_CR0_TS)
			return false;
		v->arch.fpu_ts = val & X86_CR0_TS;
		if (v->arch.fpu_ts)
			write_cr0(read_cr0() | X86_CR0_TS);
		return true;
	case 4:
		v->arch.cr4 = (val & ~X86_CR4_GUEST_VISIBLE) |
			      (read_cr4() & X86_CR4_GUEST_VISIBLE);
		v->arch.cr4 &= ~(X86_CR4_PGE | (1UL << 4) /* PSE */);
		if (!xstate_available())
			v->arch.cr4 &= ~X86_CR4_OSXSAVE;
		return true;
	default:
		return false;	/* CR3 loads belong to the MMU code */
	}
}

/* 0f 20 /r (read) and 0f 22 /r (write); register operand only. */
static bool emul_mov_cr(struct vcpu *v, struct cpu_user_regs *regs,
			struct insn *in, bool write)
{
	uint8_t modrm = in->bytes[in->len++];
	unsigned int cr = ((modrm >> 3) & 7) | ((in->rex & 4) ? 8 : 0);
	unsigned int reg = (modrm & 7) | ((in->rex & 1) ? 8 : 0);
	uint64_t val;
	bool ok;

	if ((modrm >> 6) != 3)
		return false;
	if (write)
		return cr_write(v, cr, *gpr(regs, reg));
	val = cr_read(v, cr, &ok);
	if (ok)
		*gpr(regs, reg) = val;
	return ok;
}

/* Ports Xenolith drives itself: the guest sees a floating bus. */
static bool port_is_ours(unsigned int port)
{
	return port == 0x20 || port == 0x21 || port == 0xa0 || port == 0xa1 ||
	       (port >= 0x40 && port <= 0x43) ||
	       (port >= 0x3f8 && port <= 0x3ff);
}

static void emul_in(struct cpu_user_regs *regs, unsigned int port,
		    unsigned int size, bool hw)
{
	uint32_t val = 0xffffffff;

	if (hw && !port_is_ours(port)) {
		if (size == 1)
			val = inb(port);
		else if (size == 2)
			__asm__ __volatile__("inw %w1, %w0"
					     : "=a"(val) : "Nd"(port));
		else
			__asm__ __volatile__("inl %w1, %0"
					     : "=a"(val) : "Nd"(port));
	}
	if (size == 4)
		regs->rax = val;
	else if (size == 2)
		regs->rax = (regs->rax & ~0xffffUL) | (val & 0xffff);
	else
		regs->rax = (regs->rax & ~0xffUL) | (val & 0xff);
}

static void emul_out(struct cpu_user_regs *regs, unsigned int port,
		     unsigned int size, bool hw)
{
	uint32_t val = regs->rax;

	if (!hw || port_is_ours(port))
		return;
	if (size == 1)
		outb(val, port);
	else if (size == 2)
		__asm__ __volatile__("outw %w0, %w1" : : "a"(val), "Nd"(port));
	else
		outl(val, port);
}

/* e4-e7 (imm8 port), ec-ef (port in %dx). */
static bool emul_io(struct vcpu *v, struct cpu_user_regs *regs,
		    struct insn *in, uint8_t op)
{
	unsigned int size = (op & 1) ? (in->opsize ? 2 : 4) : 1;
	unsigned int port;
	bool hw = v->domain->is_privileged;	/* else a floating bus */

	if (v->arch.iopl < 1)
		return false;
	if (op < 0xec)
		port = in->bytes[in->len++];
	else
		port = regs->rdx & 0xffff;
	if (op & 2)
		emul_out(regs, port, size, hw);
	else
		emul_in(regs, port, size, hw);
	in->io_breakpoint = debugreg_io_hit(v, port, size);
	return true;
}

/* 0f 21 /r (read) and 0f 23 /r (write); the mod field is ignored. */
static bool emul_mov_dr(struct vcpu *v, struct cpu_user_regs *regs,
			struct insn *in, bool write)
{
	uint8_t modrm = in->bytes[in->len++];
	unsigned int dr = (modrm >> 3) & 7;
	uint64_t *reg = gpr(regs, (modrm & 7) | ((in->rex & 1) ? 8 : 0));
	long val;

	if ((in->rex & 4) ||
	    ((v->arch.cr4 & X86_CR4_DE) && (dr == 4 || dr == 5))) {
		in->fault = X86_EXC_UD;
		return false;
	}
	if (write)
		return pv_set_debugreg(v, dr, *reg) == 0;
	val = pv_get_debugreg(v, dr);
	if (val < 0 && val >= -4095)
		return false;
	*reg = val;
	return true;
}

/* 0f 01 d1: XSETBV, XCR[ECX] = EDX:EAX. */
static bool emul_xsetbv(struct vcpu *v, struct cpu_user_regs *regs,
			struct insn *in)
{
	if (in->bytes[in->len++] != 0xd1)
		return false;
	if (!(v->arch.cr4 & X86_CR4_OSXSAVE)) {
		in->fault = X86_EXC_UD;
		return false;
	}
	return xstate_set_xcr(v, regs->rcx,
			      (regs->rdx << 32) | (uint32_t)regs->rax);
}

static bool emul_twobyte(struct vcpu *v, struct cpu_user_regs *regs,
			 struct insn *in)
{
	uint8_t op = in->bytes[in->len++];

	switch (op) {
	case 0x01:
		return emul_xsetbv(v, regs, in);
	case 0x06:	/* clts */
		v->arch.fpu_ts = false;
		return true;
	case 0x09:	/* wbinvd */
		return true;
	case 0x20:
		return emul_mov_cr(v, regs, in, false);
	case 0x22:
		return emul_mov_cr(v, regs, in, true);
	case 0x21:
		return emul_mov_dr(v, regs, in, false);
	case 0x23:
		return emul_mov_dr(v, regs, in, true);
	case 0x30:
		return emul_msr(v, regs, true);
	case 0x32:
		return emul_msr(v, regs, false);
	default:
		return false;
	}
}

static bool emul_decode(struct vcpu *v, struct cpu_user_regs *regs,
			struct insn *in)
{
	uint8_t op;

	if (in->bytes[in->len] == 0x66) {
		in->opsize = true;
		in->len++;
	}
	if ((in->bytes[in->len] & 0xf0) == 0x40)
		in->rex = in->bytes[in->len++];
	op = in->bytes[in->len++];
	switch (op) {
	case 0x0f:
		return emul_twobyte(v, regs, in);
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
	case 0xec: case 0xed: case 0xee: case 0xef:
		return emul_io(v, regs, in, op);
	case 0xfa:	/* cli */
	case 0xfb:	/* sti */
		return v->arch.iopl >= 1;
	default:
		return false;
	}
}

bool pv_emulate_privileged_op(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct insn in = { .len = 0, .fault = -1 };

	if (!v->arch.kernel_mode || regs->error_code)
		return false;
	/* Fetch what is readable: an instruction may end a mapping. */
	for (unsigned int n = sizeof(in.bytes); n; n--)
		if (!copy_from_guest(in.bytes, regs->rip, n))
			break;
	if (!emul_decode(v, regs, &in)) {
		if (in.fault < 0)
			return false;
		/* Raised at the instruction, as the hardware would. */
		return pv_inject_trap(v, regs, in.fault, false, 0);
	}
	regs->rip += in.len;
	if (in.io_breakpoint)	/* a trap: reported after the instruction */
		pv_inject_trap(v, regs, X86_EXC_DB, false, 0);
	return true;
}
