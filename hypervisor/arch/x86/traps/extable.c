/*
 * The exception table: where a ring-0 fault may be survived.
 *
 * Guest memory is copied with plain loads and stores (entry/guest_copy.S);
 * the few instructions that touch it are listed in __ex_table with the
 * address to resume at.  Only #PF (absent or read-only guest page) and
 * #GP (kept for safety: the callers already refuse non-canonical ranges)
 * are survivable; any other ring-0 exception stays fatal, wherever it is.
 * The table is a handful of entries, so a linear search is enough.
 */
#include <xenolith/lib.h>
#include <asm/traps.h>

struct ex_entry {
	unsigned long insn, fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

bool fixup_exception(struct cpu_user_regs *regs)
{
	const struct ex_entry *e;

	if (regs->entry_vector != X86_EXC_PF &&
	    regs->entry_vector != X86_EXC_GP)
		return false;
	for (e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}
