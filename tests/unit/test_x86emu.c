/*
 * The writable-page-table emulator on the host: the instruction forms
 * Linux uses on PTEs with their exact register, flag and memory effects,
 * the refusals (register operands, straddling or foreign entries,
 * truncated bytes), commit failures and races, a long random run of the
 * fuzz target under ASan/UBSan, and a differential run against the host
 * CPU itself (x86emu_native.S executes the same instruction natively):
 * memory, every register and the flags the CPU defines must agree.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "check.h"
#include "fuzz_x86emu.h"

#define VA  0x7000UL
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

static const struct x86emu_ops ops = {.read = rd, .commit = commit};
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
	CHECK_EQ(EMU("\x48\x89\xc3", VA + 8), X86EMU_UNHANDLED);  /* reg dst */
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
			buf[j] =
			    random() % 3
				? interesting[random() % sizeof(interesting)]
				: (uint8_t)random();
		fuzz_x86emu_one(buf, 2 + random() % (sizeof(buf) - 1));
	}
	CHECK(1);
}

/* ---- differential: the emulator against the host CPU ---- */

struct native_state {
	uint64_t gpr[16];
	uint64_t rflags;
};
void x86emu_native_run(struct native_state *s, const void *code);

#define F_ARITH 0x8d5UL /* CF PF AF ZF SF OF */
#define F_NOAF	(F_ARITH & ~0x10UL)

enum kind { K_REG, K_GRP, K_8B };
struct form {
	uint8_t op[2];
	uint8_t oplen;
	enum kind kind;
	uint8_t grp;	/* ModRM.reg for K_GRP */
	uint8_t imm;	/* immediate bytes: 0, 1, or 4 ("iz") */
	bool byte;	/* 8-bit operand */
	bool no16;	/* no operand-size prefix */
	bool bt_reg;	/* bit offset in a register */
	uint64_t flags; /* flags the CPU defines */
};

static const struct form forms[] = {
    {{0x88}, 1, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x89}, 1, K_REG, 0, 0, false, false, false, F_ARITH},
    {{0x86}, 1, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x87}, 1, K_REG, 0, 0, false, false, false, F_ARITH},
    {{0x00}, 1, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x01}, 1, K_REG, 0, 0, false, false, false, F_ARITH},
    {{0x09}, 1, K_REG, 0, 0, false, false, false, F_NOAF},
    {{0x10}, 1, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x19}, 1, K_REG, 0, 0, false, false, false, F_ARITH},
    {{0x21}, 1, K_REG, 0, 0, false, false, false, F_NOAF},
    {{0x28}, 1, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x31}, 1, K_REG, 0, 0, false, false, false, F_NOAF},
    {{0x80}, 1, K_GRP, 4, 1, true, false, false, F_NOAF},
    {{0x80}, 1, K_GRP, 1, 1, true, false, false, F_NOAF},
    {{0x81}, 1, K_GRP, 0, 4, false, false, false, F_ARITH},
    {{0x81}, 1, K_GRP, 5, 4, false, false, false, F_ARITH},
    {{0x83}, 1, K_GRP, 2, 1, false, false, false, F_ARITH},
    {{0x83}, 1, K_GRP, 3, 1, false, false, false, F_ARITH},
    {{0x83}, 1, K_GRP, 6, 1, false, false, false, F_NOAF},
    {{0xc6}, 1, K_GRP, 0, 1, true, false, false, F_ARITH},
    {{0xc7}, 1, K_GRP, 0, 4, false, false, false, F_ARITH},
    {{0x0f, 0xb0}, 2, K_REG, 0, 0, true, false, false, F_ARITH},
    {{0x0f, 0xb1}, 2, K_REG, 0, 0, false, false, false, F_ARITH},
    {{0x0f, 0xc7}, 2, K_8B, 1, 0, false, true, false, F_ARITH},
    {{0x0f, 0xab}, 2, K_REG, 0, 0, false, true, true, 0x41},
    {{0x0f, 0xb3}, 2, K_REG, 0, 0, false, true, true, 0x41},
    {{0x0f, 0xbb}, 2, K_REG, 0, 0, false, true, true, 0x41},
    {{0x0f, 0xba}, 2, K_GRP, 5, 1, false, true, false, 0x41},
    {{0x0f, 0xba}, 2, K_GRP, 6, 1, false, true, false, 0x41},
    {{0x0f, 0xba}, 2, K_GRP, 7, 1, false, true, false, 0x41},
};

static uint64_t win[64] __attribute__((aligned(64))); /* the CPU's */
static uint64_t emu_win[64];			      /* the emulator's */

static int win_read(void *ctx, uint64_t addr, uint64_t *val)
{
	(void)ctx;
	*val = emu_win[(addr - (uint64_t)win) / 8];
	return 0;
}

static int win_commit(void *ctx, uint64_t addr, uint64_t old, uint64_t new)
{
	uint64_t *p = &emu_win[(addr - (uint64_t)win) / 8];

	(void)ctx;
	if (*p != old)
		return X86EMU_RETRY;
	*p = new;
	return 0;
}

static uint64_t rnd64(void)
{
	return ((uint64_t)random() << 33) ^ ((uint64_t)random() << 11) ^
	       (uint64_t)random();
}

/* Build one instruction of form f; *ea gets the address it writes. */
static unsigned int build(const struct form *f, uint8_t *b,
			  struct native_state *s, uint64_t *ea)
{
	unsigned int n = 0, reg = 0, width, i;
	bool rexw = !f->byte && f->kind != K_8B && random() % 2;
	bool o16 = !f->byte && !f->no16 && !rexw && random() % 4 == 0;
	bool rexr = f->kind == K_REG && random() % 2;
	int disp;

	width = f->kind == K_8B ? 8 : f->byte ? 1 : rexw ? 8 : o16 ? 2 : 4;
	/* LOCK is #UD on MOV (88/89/C6/C7). */
	if (random() % 2 && f->op[0] != 0x88 && f->op[0] != 0x89 &&
	    f->op[0] != 0xc6 && f->op[0] != 0xc7)
		b[n++] = 0xf0;
	if (o16)
		b[n++] = 0x66;
	if (rexw || rexr)
		b[n++] = 0x40 | (rexw ? 8 : 0) | (rexr ? 4 : 0);
	memcpy(b + n, f->op, f->oplen);
	n += f->oplen;
	if (f->kind == K_REG)
		do
			reg = random() % 8;
		while (reg == 4 || reg == 7 || (f->byte && !rexr && reg >= 4));
	else
		reg = f->grp;
	/* [rdi + disp8], the access inside one aligned quadword */
	do
		disp = (int)(random() % 113) - 56;
	while (((64 * 8 / 2 + disp) & 7) + width > 8 ||
	       (f->bt_reg && disp % (int)width));
	b[n++] = 0x40 | (reg << 3) | 7;
	b[n++] = (uint8_t)disp;
	for (i = 0; i < (f->imm == 4 && o16 ? 2U : f->imm); i++)
		b[n++] = (uint8_t)random();
	s->gpr[7] = (uint64_t)win + 64 * 8 / 2;
	*ea = s->gpr[7] + disp;
	if (f->bt_reg) {
		/* A small signed bit offset, staying in the window. */
		unsigned int bits = 8 * width, rr = reg | (rexr ? 8 : 0);
		int64_t off = (int64_t)(random() % 256) - 128;

		s->gpr[rr] = (uint64_t)off;
		*ea += (uint64_t)((off >> (bits == 64 ? 6 : 5)) * (int)width);
	}
	b[n] = 0xc3; /* ret, not part of the instruction */
	return n;
}

static bool same_state(const struct native_state *cpu,
		       const struct x86emu_regs *emu, uint64_t flags)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		if (i != 4 && cpu->gpr[i] != emu->gpr[i])
			return false;
	return !((cpu->rflags ^ emu->rflags) & flags) &&
	       !memcmp(win, emu_win, sizeof(win));
}

static void test_against_cpu(void)
{
	const struct x86emu_ops wops = {.read = win_read, .commit = win_commit};
	uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i, ok = 0;

	CHECK(code != MAP_FAILED);
	srandom(11);
	for (i = 0; i < 200000 && !check_failed_now; i++) {
		const struct form *f =
		    &forms[random() % (sizeof(forms) / sizeof(forms[0]))];
		struct native_state cpu;
		struct x86emu_regs emu;
		unsigned int len, j;
		uint64_t ea;
		int rc;

		for (j = 0; j < 16; j++)
			cpu.gpr[j] =
			    random() % 4 ? rnd64() : (uint64_t)(random() % 3);
		cpu.rflags = 0x202 | (rnd64() & F_ARITH);
		for (j = 0; j < 64; j++)
			win[j] = random() % 4 ? rnd64() : 0;
		len = build(f, code, &cpu, &ea);
		if (f->kind == K_8B && random() % 2) {
			/* make the comparison succeed half the time */
			uint64_t cur = win[(ea - (uint64_t)win) / 8];

			cpu.gpr[0] = (uint32_t)cur;
			cpu.gpr[2] = cur >> 32;
		}
		memcpy(emu_win, win, sizeof(win));
		memset(&emu, 0, sizeof(emu));
		memcpy(emu.gpr, cpu.gpr, sizeof(emu.gpr));
		emu.rflags = cpu.rflags;
		emu.rip = 0x1000;
		rc = x86emu_pte_write(&emu, code, len, ea, &wops);
		if (getenv("X86EMU_TRACE")) {
			for (j = 0; j <= len; j++)
				fprintf(stderr, " %02x", code[j]);
			fprintf(stderr, "\n");
		}
		x86emu_native_run(&cpu, code);
		if (rc != 0 || emu.rip != 0x1000 + len ||
		    !same_state(&cpu, &emu, f->flags)) {
			printf("  insn");
			for (j = 0; j < len; j++)
				printf(" %02x", code[j]);
			printf(": rc %d, flags cpu %#lx emu %#lx\n", rc,
			       (unsigned long)cpu.rflags,
			       (unsigned long)emu.rflags);
			CHECK(0);
		}
		ok++;
	}
	printf("  %lu instructions agree with the CPU\n", ok);
	munmap(code, 4096);
}

int main(void)
{
	check_prog = "x86emu";
	RUN(test_mov_forms);
	RUN(test_rmw_forms);
	RUN(test_cmpxchg_forms);
	RUN(test_refusals);
	RUN(test_fuzz_random);
	RUN(test_against_cpu);
	return check_exit();
}
