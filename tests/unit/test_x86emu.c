/*
 * The writable-page-table emulator on the host: the instruction forms
 * Linux uses on PTEs with their exact register, flag and memory effects,
 * the refusals (register operands, straddling or foreign entries,
 * truncated bytes), commit failures and races, and a long random run of
 * the fuzz target under ASan/UBSan.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "fuzz_x86emu.h"

#define VA 0x7000UL
#define RAX 0
#define RCX 1
#define RDX 2
#define RBX 3
#define RSI 6
#define RDI 7

static uint64_t pt[512];
static int reject, race;

static int rd(void *ctx, uint64_t addr, uint64_t *val)
{
	(void)ctx;
	*val = pt[(addr - VA) / 8];
	return 0;
}

static int commit(void *ctx, uint64_t addr, uint64_t old, uint64_t new)
{
	uint64_t *p = &pt[(addr - VA) / 8];

	(void)ctx;
	if (race) {
		race = 0;
		*p ^= 0x20; /* the "MMU" set A meanwhile */
	}
	if (*p != old)
		return X86EMU_RETRY;
	if (reject)
		return -22;
	*p = new;
	return 0;
}

static const struct x86emu_ops ops = { .read = rd, .commit = commit };
static struct x86emu_regs r;

static int emu(const char *bytes, unsigned int len, uint64_t cr2)
{
	return x86emu_pte_write(&r, (const uint8_t *)bytes, len, cr2, &ops);
}

static void reset(void)
{
	memset(pt, 0, sizeof(pt));
	memset(&r, 0, sizeof(r));
	r.rip = 0xffffffff81000000UL;
	r.gpr[RDI] = VA + 8;
	r.rflags = 0x202;
	reject = race = 0;
}

#define EMU(s, cr2) emu(s, sizeof(s) - 1, cr2)

static void test_mov_forms(void)
{
	reset();
	r.gpr[RAX] = 0x8000000012345067UL;
	CHECK_EQ(EMU("\x48\x89\x07", VA + 8), 0); /* mov %rax,(%rdi) */
	CHECK_EQ(pt[1], 0x8000000012345067UL);
	CHECK_EQ(r.rip, 0xffffffff81000003UL);
	/* movl $5,4(%rdi): upper half only */
	CHECK_EQ(EMU("\xc7\x47\x04\x05\x00\x00\x00", VA + 12), 0);
	CHECK_EQ(pt[1], 0x0000000512345067UL);
	/* mov %eax,(%rdi) writes the low half */
	r.gpr[RAX] = 0xabcdef01;
	CHECK_EQ(EMU("\x89\x07", VA + 8), 0);
	CHECK_EQ(pt[1], 0x00000005abcdef01UL);
	/* movb %ah,(%rdi) */
	r.gpr[RAX] = 0x4200;
	CHECK_EQ(EMU("\x88\x27", VA + 8), 0);
	CHECK_EQ(pt[1] & 0xff, 0x42);
	/* movq $-1 sign-extended: 48 c7 07 ff ff ff ff */
	CHECK_EQ(EMU("\x48\xc7\x07\xff\xff\xff\xff", VA + 8), 0);
	CHECK_EQ(pt[1], ~0UL);
	/* mov %rax,(%rdi,%rsi,8) */
	r.gpr[RDI] = VA;
	r.gpr[RSI] = 3;
	r.gpr[RAX] = 7;
	CHECK_EQ(EMU("\x48\x89\x04\xf7", VA + 24), 0);
	CHECK_EQ(pt[3], 7);
	/* mov %rax,0x10(%rip): the entry after the instruction's end */
	r.rip = VA + 0x20 - 7 - 0x10;
	CHECK_EQ(EMU("\x48\x89\x05\x10\x00\x00\x00", VA + 0x20), 0);
	CHECK_EQ(pt[4], 7);
	/* %gs:(%rdi) with a GS base */
	r.gs_base = 0x100;
	r.gpr[RDI] = VA - 0x100 + 40;
	CHECK_EQ(EMU("\x65\x48\x89\x07", VA + 40), 0);
	CHECK_EQ(pt[5], 7);
}

static void test_rmw_forms(void)
{
	reset();
	pt[1] = 0x1067;
	r.gpr[RAX] = 0x2067;
	/* xchg %rax,(%rdi) */
	CHECK_EQ(EMU("\x48\x87\x07", VA + 8), 0);
	CHECK_EQ(pt[1], 0x2067);
	CHECK_EQ(r.gpr[RAX], 0x1067);
	/* lock andb $0xfd,(%rdi): clear RW */
	CHECK_EQ(EMU("\xf0\x80\x27\xfd", VA + 8), 0);
	CHECK_EQ(pt[1], 0x2065);
	CHECK(!(r.rflags & 1));
	/* lock btr $5,(%rdi): clear Accessed, CF = old bit */
	CHECK_EQ(EMU("\xf0\x48\x0f\xba\x37\x05", VA + 8), 0);
	CHECK_EQ(pt[1], 0x2045);
	CHECK(r.rflags & 1);
	/* lock orq $2,(%rdi) via 83 /1 */
	CHECK_EQ(EMU("\xf0\x48\x83\x0f\x02", VA + 8), 0);
	CHECK_EQ(pt[1], 0x2047);
	/* addq $1 on all ones: zero with CF and ZF */
	pt[1] = ~0UL;
	CHECK_EQ(EMU("\x48\x83\x07\x01", VA + 8), 0);
	CHECK_EQ(pt[1], 0);
	CHECK((r.rflags & 0x41) == 0x41);
	/* subl $1 from 0: CF, SF, no ZF */
	CHECK_EQ(EMU("\x83\x2f\x01", VA + 8), 0);
	CHECK_EQ(pt[1], 0xffffffffUL);
	CHECK((r.rflags & 0xc1) == 0x81);
	/* btr %rcx,(%rdi) with rcx = 64 + 3: the next entry, bit 3 */
	pt[2] = 0xf;
	r.gpr[RCX] = 67;
	CHECK_EQ(EMU("\x48\x0f\xb3\x0f", VA + 16), 0);
	CHECK_EQ(pt[2], 0x7);
}

static void test_cmpxchg_forms(void)
{
	reset();
	pt[1] = 0x1067;
	r.gpr[RAX] = 0x1067;
	r.gpr[RCX] = 0x5067;
	/* lock cmpxchg %rcx,(%rdi): success */
	CHECK_EQ(EMU("\xf0\x48\x0f\xb1\x0f", VA + 8), 0);
	CHECK_EQ(pt[1], 0x5067);
	CHECK(r.rflags & 0x40);
	/* failure: RAX gets the value, memory unchanged, ZF clear */
	r.gpr[RCX] = 0x9067;
	CHECK_EQ(EMU("\xf0\x48\x0f\xb1\x0f", VA + 8), 0);
	CHECK_EQ(pt[1], 0x5067);
	CHECK_EQ(r.gpr[RAX], 0x5067);
	CHECK(!(r.rflags & 0x40));
	/* lock cmpxchg8b (%rdi) */
	r.gpr[RAX] = 0x5067;
	r.gpr[RDX] = 0;
	r.gpr[RBX] = 0x7067;
	r.gpr[RCX] = 0x80000000;
	CHECK_EQ(EMU("\xf0\x0f\xc7\x0f", VA + 8), 0);
	CHECK_EQ(pt[1], 0x8000000000007067UL);
	CHECK(r.rflags & 0x40);
	CHECK_EQ(EMU("\xf0\x0f\xc7\x0f", VA + 8), 0);
	CHECK(!(r.rflags & 0x40));
	CHECK_EQ(r.gpr[RDX], 0x80000000);
	CHECK_EQ(r.gpr[RAX], 0x7067);
}

static void test_refusals(void)
{
	struct x86emu_regs before;

	reset();
	before = r;
	CHECK_EQ(EMU("\x48\x89\xc3", VA + 8), X86EMU_UNHANDLED); /* reg dst */
	CHECK_EQ(EMU("\x48\x89\x07", VA + 16), X86EMU_UNHANDLED); /* other */
	r.gpr[RDI] = VA + 6;
	CHECK_EQ(EMU("\x89\x07", VA + 6), X86EMU_UNHANDLED); /* straddles */
	r.gpr[RDI] = VA + 8;
	CHECK_EQ(emu("\x48\x89\x07", 2, VA + 8), X86EMU_UNHANDLED);
	CHECK_EQ(EMU("\x48\x8b\x07", VA + 8), X86EMU_UNHANDLED); /* a load */
	CHECK_EQ(EMU("\x67\x48\x89\x07", VA + 8), X86EMU_UNHANDLED);
	CHECK_EQ(EMU("\xf3\x48\xab", VA + 8), X86EMU_UNHANDLED); /* rep stos */
	CHECK_EQ(EMU("\x48\x83\x3f\x01", VA + 8), X86EMU_UNHANDLED); /* cmp */
	CHECK_EQ(EMU("\x48\x0f\xc7\x0f", VA + 8), X86EMU_UNHANDLED); /* 16B */
	CHECK(!memcmp(&r, &before, sizeof(r)));
	/* Commit refused: nothing changes. */
	reject = 1;
	r.gpr[RAX] = 0x1234;
	before = r;
	CHECK_EQ(EMU("\x48\x87\x07", VA + 8), -22);
	CHECK(!memcmp(&r, &before, sizeof(r)));
	CHECK_EQ(pt[1], 0);
	/* A race with the MMU: retry, nothing changes. */
	reject = 0;
	race = 1;
	CHECK_EQ(EMU("\x48\x87\x07", VA + 8), X86EMU_RETRY);
	CHECK(!memcmp(&r, &before, sizeof(r)));
}

static void test_fuzz_random(void)
{
	uint8_t buf[2 + X86EMU_MAX_INSN + sizeof(struct x86emu_regs)];
	static const uint8_t interesting[] = {
		0x48, 0x4c, 0x41, 0xf0, 0x66, 0x65, 0x0f, 0x89, 0x87, 0xb1,
		0xc7, 0xba, 0x83, 0x80, 0x81, 0x21, 0x09, 0x07, 0x47, 0x04,
	};
	unsigned long i, j;

	srandom(7);
	for (i = 0; i < 400000 && !check_failed_now; i++) {
		for (j = 0; j < sizeof(buf); j++)
			buf[j] = random() % 3 ?
					 interesting[random() %
						     sizeof(interesting)] :
					 (uint8_t)random();
		fuzz_x86emu_one(buf, 2 + random() % (sizeof(buf) - 1));
	}
	CHECK(1);
}

int main(void)
{
	check_prog = "x86emu";
	RUN(test_mov_forms);
	RUN(test_rmw_forms);
	RUN(test_cmpxchg_forms);
	RUN(test_refusals);
	RUN(test_fuzz_random);
	return check_exit();
}
