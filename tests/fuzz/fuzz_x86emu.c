/*
 * Fuzz target of the writable-page-table emulator (x86emu.c): any bytes
 * as instruction and register state.  Whatever the input, the emulator
 * must not crash, must touch only the faulting entry, and on success must
 * have advanced RIP by the instruction's length (1..15) and changed no
 * register an emulated write form cannot change.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz_x86emu.h"

#define PAGE_VA 0x7000UL

struct fake_pt {
	uint64_t e[512];
	int reject; /* commit refuses every new value */
};

static int fake_read(void *ctx, uint64_t addr, uint64_t *val)
{
	struct fake_pt *pt = ctx;

	if (addr < PAGE_VA || addr >= PAGE_VA + 4096 || (addr & 7))
		abort(); /* the emulator must only read the faulting entry */
	*val = pt->e[(addr - PAGE_VA) / 8];
	return 0;
}

static int fake_commit(void *ctx, uint64_t addr, uint64_t old, uint64_t new)
{
	struct fake_pt *pt = ctx;
	uint64_t *p;

	if (addr < PAGE_VA || addr >= PAGE_VA + 4096 || (addr & 7))
		abort();
	p = &pt->e[(addr - PAGE_VA) / 8];
	if (*p != old)
		return X86EMU_RETRY;
	if (pt->reject)
		return -22;
	*p = new;
	return 0;
}

int fuzz_x86emu_one(const uint8_t *data, size_t size)
{
	struct fake_pt pt;
	struct x86emu_regs r, before;
	uint8_t insn[X86EMU_MAX_INSN] = {0};
	uint64_t cr2;
	unsigned int n, i, changed;
	int rc;

	if (size < 2)
		return 0;
	n = data[0] % (X86EMU_MAX_INSN + 1);
	memset(&pt, 0, sizeof(pt));
	pt.reject = data[1] & 1;
	cr2 = PAGE_VA + (data[1] >> 1) * 8 % 4096 + (data[1] & 7);
	data += 2;
	size -= 2;
	memcpy(insn, data, n < size ? n : size);
	data += n < size ? n : size;
	size -= n < size ? n : size;
	memset(&r, 0, sizeof(r));
	/* Registers: point most of them near the page so EAs can hit it. */
	for (i = 0; i < 16; i++)
		r.gpr[i] = PAGE_VA + (i * 8) % 4096;
	memcpy(&r, data, size < sizeof(r) ? size : sizeof(r));
	for (i = 0; i < 512; i++)
		pt.e[i] = 0x1111111111111111ULL * (i & 15);
	before = r;
	rc = x86emu_pte_write(&r, insn, n, cr2,
			      &(struct x86emu_ops){.read = fake_read,
						   .commit = fake_commit,
						   .ctx = &pt});
	if (rc != 0) {
		if (memcmp(&r, &before, sizeof(r)))
			abort(); /* failure leaves the registers alone */
		return 0;
	}
	if (r.rip - before.rip < 1 || r.rip - before.rip > n)
		abort();
	if (r.fs_base != before.fs_base || r.gs_base != before.gs_base)
		abort();
	/* At most one register (XCHG, CMPXCHG), or RAX and RDX (8B). */
	for (i = 0, changed = 0; i < 16; i++)
		if (r.gpr[i] != before.gpr[i])
			changed |= 1U << i;
	if (__builtin_popcount(changed) > 1 && changed != 5)
		abort();
	/* Only arithmetic flags may change. */
	if ((r.rflags ^ before.rflags) & ~0x8d5ULL)
		abort();
	return 0;
}
