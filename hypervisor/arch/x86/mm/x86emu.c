/*
 * The writable-page-table instruction emulator (interface and purpose in
 * asm/x86emu.h).
 *
 * A guest kernel that writes its own page tables directly (Linux does,
 * with plain stores while booting and with XCHG, CMPXCHG and locked
 * AND/BTR on PTEs afterwards) faults, because Xenolith maps every page
 * table read-only.  The fault handler fetches the instruction and asks
 * this file what the write would have done.  We implement only the forms
 * that write memory: MOV (88/89/C6/C7), XCHG (86/87), the ALU group
 * (ADD OR ADC SBB AND SUB XOR, reg and imm forms), BTS/BTR/BTC (reg and
 * imm), CMPXCHG (0F B0/B1) and CMPXCHG8B (0F C7 /1), with the LOCK,
 * operand-size, segment (FS/GS bases) and REX prefixes.  Everything else
 * - a register destination, a write straddling two entries or leaving the
 * faulting entry, 32-bit addressing, REP, a truncated instruction - is
 * "unhandled", and the guest receives its page fault.
 *
 * The result is computed on a private copy of the 8-byte entry and
 * committed with one compare-and-exchange by the caller, who validates
 * it first: a concurrent change makes us retry the instruction rather
 * than write a stale value.  Registers change only after the commit.
 */
#include <xenolith/lib.h>
#include <asm/x86emu.h>

enum op {
	OP_MOV,
	OP_XCHG,
	OP_ALU,
	OP_BT,
	OP_CMPXCHG,
	OP_CMPXCHG8B,
};

enum alu { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR };
enum bt { BT_NONE, BT_BTS, BT_BTR, BT_BTC };

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

#define F_CF	(1UL << 0)
#define F_PF	(1UL << 2)
#define F_AF	(1UL << 4)
#define F_ZF	(1UL << 6)
#define F_SF	(1UL << 7)
#define F_OF	(1UL << 11)
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

struct insn {
	const uint8_t *buf;
	unsigned int len, max;
	uint8_t rex, opc;
	bool twobyte, opsize16;
	uint64_t seg_base;
	/* decoded */
	enum op op;
	unsigned int sub;   /* enum alu / enum bt */
	unsigned int width; /* bytes written */
	unsigned int reg;   /* ModRM.reg with REX.R */
	bool src_imm;
	uint64_t imm;
	uint64_t ea;
};

static bool fetch(struct insn *in, unsigned int n, uint64_t *v)
{
	unsigned int i;

	if (in->len + n > in->max)
		return false;
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (uint64_t)in->buf[in->len + i] << (8 * i);
	in->len += n;
	return true;
}

static int64_t sext(uint64_t v, unsigned int bytes)
{
	unsigned int shift = 64 - 8 * bytes;

	return (int64_t)(v << shift) >> shift;
}

static uint64_t width_mask(unsigned int width)
{
	return width == 8 ? ~0UL : (1UL << (8 * width)) - 1;
}

/* Legacy and REX prefixes; false for ones we refuse. */
static bool decode_prefixes(struct insn *in, const struct x86emu_regs *r)
{
	uint64_t b;

	for (;;) {
		if (!fetch(in, 1, &b))
			return false;
		switch (b) {
		case 0xf0: /* lock: atomicity comes from the commit */
		case 0x2e:
		case 0x36:
		case 0x3e:
		case 0x26:
			continue;
		case 0x66:
			in->opsize16 = true;
			continue;
		case 0x64:
			in->seg_base = r->fs_base;
			continue;
		case 0x65:
			in->seg_base = r->gs_base;
			continue;
		case 0x67: /* 32-bit addressing */
		case 0xf2:
		case 0xf3:
			return false;
		}
		break;
	}
	if ((b & 0xf0) == 0x40) {
		in->rex = b & 0xf;
		if (!fetch(in, 1, &b))
			return false;
	}
	in->opc = b;
	if (b == 0x0f) {
		in->twobyte = true;
		if (!fetch(in, 1, &b))
			return false;
		in->opc = b;
	}
	return true;
}

/* ModRM memory operand; false for a register operand or bad bytes. */
static bool decode_modrm(struct insn *in, const struct x86emu_regs *r,
			 bool *riprel)
{
	uint64_t modrm, sib, disp = 0;
	unsigned int mod, rm, base, index;
	uint64_t ea = 0;

	if (!fetch(in, 1, &modrm))
		return false;
	mod = modrm >> 6;
	rm = modrm & 7;
	in->reg = ((modrm >> 3) & 7) | (in->rex & REX_R ? 8 : 0);
	*riprel = false;
	if (mod == 3)
		return false;
	if (rm == 4) {
		if (!fetch(in, 1, &sib))
			return false;
		index = ((sib >> 3) & 7) | (in->rex & REX_X ? 8 : 0);
		base = (sib & 7) | (in->rex & REX_B ? 8 : 0);
		if (index != 4)
			ea += r->gpr[index] << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0) {
			if (!fetch(in, 4, &disp))
				return false;
			disp = sext(disp, 4);
		} else {
			ea += r->gpr[base];
		}
	} else if (rm == 5 && mod == 0) {
		*riprel = true;
		if (!fetch(in, 4, &disp))
			return false;
		disp = sext(disp, 4);
	} else {
		ea += r->gpr[rm | (in->rex & REX_B ? 8 : 0)];
	}
	if (mod == 1) {
		if (!fetch(in, 1, &disp))
			return false;
		disp = sext(disp, 1);
	} else if (mod == 2) {
		if (!fetch(in, 4, &disp))
			return false;
		disp = sext(disp, 4);
	}
	in->ea = ea + disp + in->seg_base;
	return true;
}

static unsigned int full_width(const struct insn *in)
{
	if (in->rex & REX_W)
		return 8;
	return in->opsize16 ? 2 : 4;
}

/* Immediate of n bytes, sign-extended to the operand. */
static bool imm(struct insn *in, unsigned int n)
{
	uint64_t v;

	if (!fetch(in, n, &v))
		return false;
	in->imm = sext(v, n);
	in->src_imm = true;
	return true;
}

static unsigned int iz(const struct insn *in)
{
	return in->width == 2 ? 2 : 4;
}

/* One-byte opcodes: MOV, XCHG, ALU. */
static bool decode_onebyte(struct insn *in)
{
	uint8_t o = in->opc;

	in->width = (o & 1) ? full_width(in) : 1;
	if (o <= 0x31 && (o & 7) <= 1 && (o >> 3) != 7) {
		in->op = OP_ALU;
		in->sub = o >> 3; /* ADD OR ADC SBB AND SUB XOR */
		return true;
	}
	switch (o) {
	case 0x88:
	case 0x89:
		in->op = OP_MOV;
		return true;
	case 0x86:
	case 0x87:
		in->op = OP_XCHG;
		return true;
	case 0xc6:
	case 0xc7:
		in->op = OP_MOV;
		return (in->reg & 7) == 0 && imm(in, o == 0xc6 ? 1 : iz(in));
	case 0x80:
	case 0x81:
	case 0x83:
		if (o == 0x83)
			in->width = full_width(in);
		in->op = OP_ALU;
		in->sub = in->reg & 7;
		if (in->sub == 7) /* CMP writes nothing */
			return false;
		return imm(in, o == 0x81 ? iz(in) : 1);
	}
	return false;
}

static bool decode_twobyte(struct insn *in)
{
	static const unsigned int bt_of_reg[8] = {
	    [5] = BT_BTS,
	    [6] = BT_BTR,
	    [7] = BT_BTC,
	};

	in->width = full_width(in);
	switch (in->opc) {
	case 0xb0:
	case 0xb1:
		in->width = in->opc == 0xb0 ? 1 : in->width;
		in->op = OP_CMPXCHG;
		return true;
	case 0xc7: /* CMPXCHG8B; with REX.W it would be 16 bytes */
		in->op = OP_CMPXCHG8B;
		in->width = 8;
		return (in->reg & 7) == 1 && !(in->rex & REX_W);
	case 0xab:
	case 0xb3:
	case 0xbb:
		in->op = OP_BT;
		in->sub = in->opc == 0xab   ? BT_BTS
			  : in->opc == 0xb3 ? BT_BTR
					    : BT_BTC;
		return in->width != 2;
	case 0xba:
		in->op = OP_BT;
		in->sub = bt_of_reg[in->reg & 7];
		return in->sub != BT_NONE && in->width != 2 && imm(in, 1);
	}
	return false;
}

static uint64_t get_reg(const struct x86emu_regs *r, const struct insn *in,
			unsigned int reg, unsigned int width)
{
	if (width == 1 && !in->rex && reg >= 4 && reg < 8)
		return (r->gpr[reg - 4] >> 8) & 0xff; /* AH CH DH BH */
	return r->gpr[reg] & width_mask(width);
}

static void set_reg(struct x86emu_regs *r, const struct insn *in,
		    unsigned int reg, unsigned int width, uint64_t v)
{
	uint64_t *g = &r->gpr[reg];

	if (width == 1 && !in->rex && reg >= 4 && reg < 8) {
		g = &r->gpr[reg - 4];
		*g = (*g & ~0xff00UL) | ((v & 0xff) << 8);
	} else if (width == 4) {
		*g = v & 0xffffffffUL; /* 32-bit writes zero-extend */
	} else {
		*g = (*g & ~width_mask(width)) | (v & width_mask(width));
	}
}

/* ZF, SF, PF of a result. */
static uint64_t flags_szp(uint64_t res, unsigned int width)
{
	uint64_t f = 0;

	res &= width_mask(width);
	if (!res)
		f |= F_ZF;
	if (res >> (8 * width - 1))
		f |= F_SF;
	if (!__builtin_parity(res & 0xff))
		f |= F_PF;
	return f;
}

static uint64_t alu_add(uint64_t a, uint64_t b, unsigned int c,
			unsigned int width, uint64_t *flags)
{
	unsigned int top = 8 * width - 1;
	uint64_t m = width_mask(width), res;
	unsigned __int128 full = (unsigned __int128)(a & m) + (b & m) + c;

	res = (uint64_t)full & m;
	*flags = flags_szp(res, width) | ((a ^ b ^ res) & F_AF);
	if ((full >> (top + 1)) & 1)
		*flags |= F_CF;
	if ((((a ^ res) & (b ^ res)) >> top) & 1)
		*flags |= F_OF;
	return res;
}

static uint64_t alu_sub(uint64_t a, uint64_t b, unsigned int c,
			unsigned int width, uint64_t *flags)
{
	unsigned int top = 8 * width - 1;
	uint64_t m = width_mask(width), res = (a - b - c) & m;

	*flags = flags_szp(res, width) | ((a ^ b ^ res) & F_AF);
	if ((unsigned __int128)(a & m) < (unsigned __int128)(b & m) + c)
		*flags |= F_CF;
	if ((((a ^ b) & (a ^ res)) >> top) & 1)
		*flags |= F_OF;
	return res;
}

static uint64_t alu(unsigned int sub, uint64_t a, uint64_t b,
		    unsigned int width, uint64_t rflags, uint64_t *flags)
{
	unsigned int cf = rflags & F_CF;

	switch (sub) {
	case ALU_ADD:
		return alu_add(a, b, 0, width, flags);
	case ALU_ADC:
		return alu_add(a, b, cf, width, flags);
	case ALU_SUB:
		return alu_sub(a, b, 0, width, flags);
	case ALU_SBB:
		return alu_sub(a, b, cf, width, flags);
	case ALU_OR:
		a |= b;
		break;
	case ALU_AND:
		a &= b;
		break;
	default:
		a ^= b;
		break;
	}
	*flags = flags_szp(a, width);
	return a & width_mask(width);
}

/* Register bit offsets may address beyond the operand (a bit string). */
static void bt_adjust(struct insn *in, const struct x86emu_regs *r)
{
	unsigned int bits = 8 * in->width;
	int64_t off;

	if (in->src_imm) {
		in->imm &= bits - 1;
		return;
	}
	off = (int64_t)get_reg(r, in, in->reg, in->width);
	if (in->width == 4)
		off = (int32_t)off;
	in->ea +=
	    (uint64_t)((off >> (bits == 64 ? 6 : 5)) * (int64_t)in->width);
	in->imm = (uint64_t)off & (bits - 1);
}

struct result {
	uint64_t val;	   /* new value of the operand */
	bool write;	   /* the entry changes */
	uint64_t flags;	   /* arithmetic flags, if set_flags */
	uint64_t mask;	   /* which flags the instruction defines */
	bool load_reg;	   /* reg (or accumulator) gets out */
	unsigned int oreg; /* which */
	uint64_t out;
};

static void execute(const struct insn *in, const struct x86emu_regs *r,
		    uint64_t cur, struct result *res)
{
	uint64_t src =
	    in->src_imm ? in->imm : get_reg(r, in, in->reg, in->width);
	uint64_t m = width_mask(in->width), acc;

	res->write = true;
	switch (in->op) {
	case OP_MOV:
		res->val = src;
		break;
	case OP_XCHG:
		res->val = src;
		res->load_reg = true;
		res->oreg = in->reg;
		res->out = cur;
		break;
	case OP_ALU:
		res->val =
		    alu(in->sub, cur, src, in->width, r->rflags, &res->flags);
		res->mask = F_ARITH;
		break;
	case OP_BT:
		res->mask = F_CF;
		res->flags = (cur >> in->imm) & 1 ? F_CF : 0;
		res->val = in->sub == BT_BTS   ? cur | (1UL << in->imm)
			   : in->sub == BT_BTR ? cur & ~(1UL << in->imm)
					       : cur ^ (1UL << in->imm);
		break;
	case OP_CMPXCHG:
		acc = r->gpr[0] & m;
		alu_sub(acc, cur, 0, in->width, &res->flags);
		res->mask = F_ARITH;
		res->val = src;
		if (acc != cur) {
			res->write = false;
			res->load_reg = true;
			res->oreg = 0;
			res->out = cur;
		}
		break;
	case OP_CMPXCHG8B:
		acc = (r->gpr[2] << 32) | (r->gpr[0] & 0xffffffffUL);
		res->mask = F_ZF;
		res->flags = acc == cur ? F_ZF : 0;
		res->val = (r->gpr[1] << 32) | (r->gpr[3] & 0xffffffffUL);
		res->write = acc == cur;
		res->out = cur;
		break;
	}
}

static void apply(struct x86emu_regs *r, const struct insn *in,
		  const struct result *res)
{
	if (in->op == OP_CMPXCHG8B && !res->write) {
		r->gpr[0] = res->out & 0xffffffffUL;
		r->gpr[2] = res->out >> 32;
	} else if (res->load_reg) {
		set_reg(r, in, res->oreg, in->width, res->out);
	}
	r->rflags = (r->rflags & ~res->mask) | (res->flags & res->mask);
	r->rip += in->len;
}

static bool decode(struct insn *in, const struct x86emu_regs *r)
{
	bool riprel;
	uint64_t ea;

	if (!decode_prefixes(in, r))
		return false;
	if (!decode_modrm(in, r, &riprel))
		return false;
	ea = in->ea;
	if (!(in->twobyte ? decode_twobyte(in) : decode_onebyte(in)))
		return false;
	/* RIP-relative counts from the end of the whole instruction. */
	in->ea = riprel ? ea + r->rip + in->len : ea;
	if (in->op == OP_BT)
		bt_adjust(in, r);
	return true;
}

int x86emu_pte_write(struct x86emu_regs *r, const uint8_t *insn,
		     unsigned int len, uint64_t cr2,
		     const struct x86emu_ops *ops)
{
	struct insn in = {.buf = insn, .max = MIN(len, X86EMU_MAX_INSN)};
	struct result res = {0};
	uint64_t entry = cr2 & ~7UL, old, cur, shift, m;
	int rc;

	if (!decode(&in, r))
		return X86EMU_UNHANDLED;
	/* The write must stay inside the entry that faulted. */
	if ((in.ea & ~7UL) != entry || (in.ea & 7) + in.width > 8)
		return X86EMU_UNHANDLED;
	rc = ops->read(ops->ctx, entry, &old);
	if (rc)
		return rc;
	shift = 8 * (in.ea & 7);
	m = width_mask(in.width);
	cur = (old >> shift) & m;
	execute(&in, r, cur, &res);
	if (res.write) {
		uint64_t new = (old & ~(m << shift)) | ((res.val & m) << shift);

		rc = ops->commit(ops->ctx, entry, old, new);
		if (rc)
			return rc;
	}
	apply(r, &in, &res);
	return 0;
}
