/*
 * The guest's virtual IDT and the C side of every trap.
 *
 * traps_init() registers the trap table (set_trap_table, the PV "lidt")
 * and the kernel stack for entries from user mode (stack_switch, the PV
 * "tss.rsp0").  trap_dispatch() records each trap in last_trap, then
 * resumes at the extable fixup for the faulting address; a trap nobody
 * expected is a FAILURE, since our own code never faults by accident on
 * a correct hypervisor.
 */
#include "guest.h"
#include <x86/gpr_frame.h>

struct trap_record last_trap;
_Static_assert(offsetof(struct trap_record, segs) == TRAP_RECORD_SEGS,
	       "entry.S writes the failsafe segments there");
/* entry.S pushes the registers, then the stub's vector and error code. */
GPR_FRAME_CHECK(struct trap_frame);
_Static_assert(offsetof(struct trap_frame, vector) == GPR_FRAME_SIZE,
	       "entry.S pushes the vector below the error code");
bool (*trap_hook)(struct trap_frame *f);

extern const struct extable_entry __start_extable[], __stop_extable[];
extern char trap_stack_top[];

void entry_DE(void), entry_DB(void), entry_NMI(void), entry_BP(void);
void entry_OF(void), entry_BR(void), entry_UD(void), entry_NM(void);
void entry_DF(void), entry_TS(void), entry_NP(void), entry_SS(void);
void entry_GP(void), entry_PF(void), entry_MF(void), entry_AC(void);
void entry_MC(void), entry_XM(void), entry_ret_to_kernel(void);

/* flags: bits 0-1 = DPL for INT n; bit 2 = mask events on entry. */
#define TRAP(vec, dpl, fn)						\
	{ .vector = (vec), .flags = (dpl) | 4, .cs = FLAT_KERNEL_CS,	\
	  .address = (unsigned long)(fn) }

static const struct trap_info trap_table[] = {
	TRAP(X86_EXC_DE, 0, entry_DE),
	TRAP(X86_EXC_DB, 0, entry_DB),
	TRAP(X86_EXC_NMI, 0, entry_NMI),
	TRAP(X86_EXC_BP, 3, entry_BP),
	TRAP(X86_EXC_OF, 3, entry_OF),
	TRAP(X86_EXC_BR, 0, entry_BR),
	TRAP(X86_EXC_UD, 0, entry_UD),
	TRAP(X86_EXC_NM, 0, entry_NM),
	TRAP(X86_EXC_DF, 0, entry_DF),
	TRAP(X86_EXC_TS, 0, entry_TS),
	TRAP(X86_EXC_NP, 0, entry_NP),
	TRAP(X86_EXC_SS, 0, entry_SS),
	TRAP(X86_EXC_GP, 0, entry_GP),
	TRAP(X86_EXC_PF, 0, entry_PF),
	TRAP(X86_EXC_MF, 0, entry_MF),
	TRAP(X86_EXC_AC, 0, entry_AC),
	TRAP(X86_EXC_MC, 0, entry_MC),
	TRAP(X86_EXC_XM, 0, entry_XM),
	TRAP(VEC_RET_TO_KERNEL, 3, entry_ret_to_kernel),
	{ 0 },				/* terminator: address 0 */
};

int traps_init(void)
{
	long rc = hc_set_trap_table(trap_table);

	if (rc) {
		test_error("set_trap_table: %ld", rc);
		return rc;
	}
	rc = hc_stack_switch(FLAT_KERNEL_SS, (unsigned long)trap_stack_top);
	if (rc)
		test_error("stack_switch: %ld", rc);
	return rc;
}

void trap_reset(void)
{
	memset(&last_trap, 0, sizeof(last_trap));
}

static void record(const struct trap_frame *f)
{
	last_trap.count++;
	last_trap.vector = f->vector;
	last_trap.error_code = f->error_code;
	last_trap.rip = f->rip;
	last_trap.cs = f->cs;
	last_trap.rflags = f->rflags;
	last_trap.rsp = f->rsp;
	last_trap.ss = f->ss;
	last_trap.frame_addr = (unsigned long)&f->rip;
	if (f->vector == X86_EXC_PF && shared)
		last_trap.cr2 = shared->vcpu_info[0].arch.cr2;
}

static const struct extable_entry *extable_find(unsigned long rip)
{
	const struct extable_entry *e;

	for (e = __start_extable; e < __stop_extable; e++)
		if (e->fault == rip)
			return e;
	return NULL;
}

void trap_dispatch(struct trap_frame *f)
{
	const struct extable_entry *e;

	record(f);
	/* A single-step trap must not follow us back to the fixup. */
	if (f->vector == X86_EXC_DB)
		f->rflags &= ~X86_EFLAGS_TF;
	if (trap_hook && trap_hook(f))
		return;
	e = extable_find(f->rip);
	if (e) {
		f->rip = e->fixup;
		return;
	}
	test_fail("unexpected trap: vector %#lx error %#lx at %#lx cs %#lx "
		  "rflags %#lx rsp %#lx ss %#lx",
		  f->vector, f->error_code, f->rip, f->cs, f->rflags, f->rsp,
		  f->ss);
	test_finish();
}
