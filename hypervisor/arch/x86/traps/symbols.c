/*
 * Address-to-name lookup for stack traces.  The table is generated at
 * build time from the first link's `nm -n` (hypervisor/tools/gensyms.sh)
 * and linked into the second; addresses are sorted, so a binary search
 * finds the last symbol at or below an address.  Text includes the
 * boot-only code (.init.text), which the linker script puts in .text.
 */
#include <xenolith/lib.h>
#include <asm/traps.h>

extern const uint64_t symtab_nr;
extern const uint64_t symtab_addrs[];
extern const uint32_t symtab_names[];
extern const char symtab_strings[];
extern const char _stext[], _etext[];

const char *symbol_lookup(unsigned long addr, unsigned long *offset,
			  unsigned long *size)
{
	uint64_t lo = 0, hi = symtab_nr;

	if (!symtab_nr || addr < symtab_addrs[0] ||
	    addr >= (unsigned long)_etext)
		return NULL;
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;

		if (symtab_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Several names may share an address: report the first. */
	while (lo && symtab_addrs[lo - 1] == symtab_addrs[lo])
		lo--;
	*offset = addr - symtab_addrs[lo];
	hi = lo + 1;
	while (hi < symtab_nr && symtab_addrs[hi] == symtab_addrs[lo])
		hi++;
	*size = (hi < symtab_nr ? symtab_addrs[hi] : (uint64_t)_etext) -
		symtab_addrs[lo];
	return symtab_strings + symtab_names[lo];
}
