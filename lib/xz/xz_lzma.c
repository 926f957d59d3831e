/*
 * The LZMA decoder: a range decoder driving an adaptive bit model.
 *
 * LZMA codes the output as a sequence of literals and matches.  Every
 * decision is one bit decoded against a probability (11 bits, 1024 =
 * "even") that adapts after each use, so the same bit pattern gets cheaper
 * the more often it occurs.  Which probability is used depends on context:
 * the state machine below (12 states remembering whether the last symbols
 * were literals, matches, or repeated matches), the low bits of the output
 * position (pb), and for literals the previous byte (lc) and position (lp).
 *
 * A match is a length and a distance back into what was already decoded.
 * The four most recent distances (rep0..rep3) can be reused cheaply; a
 * "short rep" copies one byte from rep0.  After a match, the next literal
 * is coded against the byte the match would have produced ("matched
 * literal"), which is how LZMA makes near-repeats cheap.
 *
 * The range decoder keeps (range, code) and narrows range at every bit;
 * when range drops below 2^24 it shifts in one more input byte.  It is
 * normalised before each bit and once at the end of a chunk, so a chunk
 * whose compressed size LZMA2 gave us must end exactly at its last byte
 * with code == 0: a cheap integrity check on top of the block's CRC.
 *
 * Every distance is checked against the bytes decoded since the last
 * dictionary reset and against the dictionary size, and every length
 * against the chunk's end, so corrupt input can neither read before the
 * output buffer nor write past the chunk.  The hot loop stays in one
 * function with the range coder in locals so the compiler keeps it in
 * registers; the kernel's 63 MiB decode in about half a second.
 */
#include "xz_internal.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define PROB_BITS     11
#define PROB_INIT     (1u << (PROB_BITS - 1))
#define MOVE_BITS     5
#define RC_TOP	      (1u << 24)
#define MATCH_LEN_MIN 2
#define LIT_STATES    7 /* states below this follow a literal */

struct rc {
	uint32_t range, code;
	const uint8_t *in, *end;
	bool overrun; /* tried to read past the chunk */
};

/*
 * The decoder's registers, copied out of struct lzma_dec for the length of
 * a chunk.  Output stores go through a uint8_t pointer, which may alias
 * anything, so values left in memory would be reloaded after every byte.
 */
struct regs {
	unsigned int state, lc, lp;
	uint32_t rep0, rep1, rep2, rep3, dict_size;
	size_t dict_start;
};

static inline void rc_normalize(struct rc *rc)
{
	if (rc->range >= RC_TOP)
		return;
	rc->range <<= 8;
	if (rc->in < rc->end)
		rc->code = rc->code << 8 | *rc->in++;
	else
		rc->overrun = true, rc->code <<= 8;
}

static inline unsigned int rc_bit(struct rc *rc, uint16_t *p)
{
	uint32_t bound;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * *p;
	if (rc->code < bound) {
		rc->range = bound;
		*p += ((1u << PROB_BITS) - *p) >> MOVE_BITS;
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*p -= *p >> MOVE_BITS;
	return 1;
}

/* nbits bits, most significant first, through a binary tree of probs. */
static inline unsigned int rc_tree(struct rc *rc, uint16_t *probs,
				   unsigned int nbits)
{
	unsigned int m = 1;

	while (nbits--)
		m = m << 1 | rc_bit(rc, &probs[m]);
	return m; /* with a leading 1 bit at position nbits */
}

/* The same, least significant bit first. */
static inline uint32_t rc_tree_rev(struct rc *rc, uint16_t *probs,
				   unsigned int nbits)
{
	unsigned int m = 1, i;
	uint32_t sym = 0;

	for (i = 0; i < nbits; i++) {
		unsigned int bit = rc_bit(rc, &probs[m]);

		m = m << 1 | bit;
		sym |= (uint32_t)bit << i;
	}
	return sym;
}

/* Bits with fixed probability one half. */
static inline uint32_t rc_direct(struct rc *rc, unsigned int nbits)
{
	uint32_t v = 0;

	while (nbits--) {
		rc_normalize(rc);
		rc->range >>= 1;
		if (rc->code >= rc->range) {
			rc->code -= rc->range;
			v = v << 1 | 1;
		} else {
			v <<= 1;
		}
	}
	return v;
}

static bool rc_init(struct rc *rc, const uint8_t *in, size_t len)
{
	if (len < 5 || in[0] != 0)
		return false;
	rc->code = get_le32(in + 1);
	rc->code = (rc->code >> 24) | ((rc->code >> 8) & 0xff00) |
		   ((rc->code << 8) & 0xff0000) | (rc->code << 24);
	rc->range = 0xffffffffu;
	rc->in = in + 5;
	rc->end = in + len;
	rc->overrun = false;
	return true;
}

static void probs_init(uint16_t *p, size_t n)
{
	while (n--)
		*p++ = PROB_INIT;
}

void xz_lzma_reset(struct lzma_dec *s)
{
	probs_init((uint16_t *)&s->p, sizeof(s->p) / sizeof(uint16_t));
	s->state = 0;
	s->rep0 = s->rep1 = s->rep2 = s->rep3 = 0;
}

bool xz_lzma_props(struct lzma_dec *s, uint8_t props)
{
	if (props >= 9 * 5 * 5)
		return false;
	s->lc = props % 9;
	s->lp = props / 9 % 5;
	s->pb = props / 45;
	return s->lc + s->lp <= LZMA_LCLP_MAX;
}

static inline unsigned int state_after_literal(unsigned int st)
{
	if (st < 4)
		return 0;
	return st < 10 ? st - 3 : st - 6;
}

/* A length, 0..271 (add MATCH_LEN_MIN for the real one). */
static inline uint32_t decode_len(struct rc *rc, struct lzma_len_probs *l,
				  unsigned int pos_state)
{
	if (!rc_bit(rc, &l->choice))
		return rc_tree(rc, l->low[pos_state], 3) - 8;
	if (!rc_bit(rc, &l->choice2))
		return 8 + rc_tree(rc, l->mid[pos_state], 3) - 8;
	return 16 + rc_tree(rc, l->high, 8) - 256;
}

static inline uint32_t decode_dist(struct rc *rc, struct lzma_probs *p,
				   uint32_t len)
{
	unsigned int dstate =
	    len < LZMA_DIST_STATES ? len : LZMA_DIST_STATES - 1;
	unsigned int slot = rc_tree(rc, p->dist_slot[dstate], 6) - 64;
	unsigned int nbits;
	uint32_t dist;

	if (slot < 4)
		return slot;
	nbits = (slot >> 1) - 1;
	dist = (2 | (slot & 1)) << nbits;
	if (slot < LZMA_END_POS_MODEL)
		return dist +
		       rc_tree_rev(rc, p->dist_special + dist - slot, nbits);
	dist += rc_direct(rc, nbits - LZMA_ALIGN_BITS) << LZMA_ALIGN_BITS;
	return dist + rc_tree_rev(rc, p->dist_align, LZMA_ALIGN_BITS);
}

static inline unsigned int decode_literal(struct rc *rc, struct lzma_probs *p,
					  const struct regs *r,
					  const uint8_t *out, size_t pos)
{
	size_t rel = pos - r->dict_start;
	unsigned int prev = rel ? out[pos - 1] : 0;
	unsigned int ctx =
	    (unsigned int)(((rel & ((1u << r->lp) - 1)) << r->lc) +
			   (prev >> (8 - r->lc)));
	uint16_t *probs = p->literal + LZMA_LITERAL_CODER_SIZE * ctx;
	unsigned int sym = 1, mbyte, mbit, bit;

	if (r->state >= LIT_STATES) {
		/* rep0 was checked against rel when its match was copied. */
		mbyte = out[pos - r->rep0 - 1];
		do {
			mbit = (mbyte >> 7) & 1;
			mbyte <<= 1;
			bit = rc_bit(rc, &probs[((1 + mbit) << 8) + sym]);
			sym = sym << 1 | bit;
		} while (sym < 0x100 && mbit == bit);
	}
	while (sym < 0x100)
		sym = sym << 1 | rc_bit(rc, &probs[sym]);
	return sym & 0xff;
}

/* After is_match said "match": decode which, leaving length in *len. */
static inline void decode_match(struct rc *rc, struct lzma_probs *p,
				struct regs *s, unsigned int pos_state,
				uint32_t *len)
{
	unsigned int st = s->state;
	uint32_t d;

	if (!rc_bit(rc, &p->is_rep[st])) {
		*len = decode_len(rc, &p->match_len, pos_state);
		s->state = st < LIT_STATES ? 7 : 10;
		d = decode_dist(rc, p, *len);
		s->rep3 = s->rep2;
		s->rep2 = s->rep1;
		s->rep1 = s->rep0;
		s->rep0 = d;
		return;
	}
	if (!rc_bit(rc, &p->is_rep0[st])) {
		if (!rc_bit(rc, &p->is_rep0_long[st][pos_state])) {
			s->state = st < LIT_STATES ? 9 : 11;
			*len = 1 - MATCH_LEN_MIN; /* short rep */
			return;
		}
	} else {
		if (!rc_bit(rc, &p->is_rep1[st])) {
			d = s->rep1;
		} else {
			if (!rc_bit(rc, &p->is_rep2[st])) {
				d = s->rep2;
			} else {
				d = s->rep3;
				s->rep3 = s->rep2;
			}
			s->rep2 = s->rep1;
		}
		s->rep1 = s->rep0;
		s->rep0 = d;
	}
	*len = decode_len(rc, &p->rep_len, pos_state);
	s->state = st < LIT_STATES ? 8 : 11;
}

static inline void copy_match(uint8_t *out, size_t pos, uint32_t dist,
			      uint32_t len)
{
	const uint8_t *src = out + pos - dist - 1;
	uint8_t *dst = out + pos;

	while (len--)
		*dst++ = *src++;
}

static int lzma_err(struct xz_dec *x, const char *why)
{
	x->err = why;
	return -LIB_EINVAL;
}

static void regs_load(struct regs *r, const struct lzma_dec *s)
{
	r->state = s->state;
	r->lc = s->lc;
	r->lp = s->lp;
	r->rep0 = s->rep0;
	r->rep1 = s->rep1;
	r->rep2 = s->rep2;
	r->rep3 = s->rep3;
	r->dict_size = s->dict_size;
	r->dict_start = s->dict_start;
}

static void regs_store(const struct regs *r, struct lzma_dec *s)
{
	s->state = r->state;
	s->rep0 = r->rep0;
	s->rep1 = r->rep1;
	s->rep2 = r->rep2;
	s->rep3 = r->rep3;
}

static int lzma_loop(struct xz_dec *x, struct rc *rc, struct regs *r,
		     uint8_t *out, size_t *opos, size_t end)
{
	struct lzma_probs *p = &x->lzma.p;
	uint32_t pb_mask = (1u << x->lzma.pb) - 1, len;
	size_t pos = *opos;
	unsigned int ps;

	while (pos < end) {
		ps = (unsigned int)((pos - r->dict_start) & pb_mask);
		if (!rc_bit(rc, &p->is_match[r->state][ps])) {
			out[pos] = (uint8_t)decode_literal(rc, p, r, out, pos);
			r->state = state_after_literal(r->state);
			pos++;
			continue;
		}
		decode_match(rc, p, r, ps, &len);
		len += MATCH_LEN_MIN;
		*opos = pos;
		if (r->rep0 >= pos - r->dict_start || r->rep0 >= r->dict_size)
			return lzma_err(x, "LZMA: distance beyond dictionary");
		if (len > end - pos)
			return lzma_err(x, "LZMA: match past chunk end");
		copy_match(out, pos, r->rep0, len);
		pos += len;
	}
	*opos = pos;
	return 0;
}

int xz_lzma_chunk(struct xz_dec *x, const uint8_t *in, size_t in_len,
		  uint8_t *out, size_t *opos, size_t end)
{
	struct regs r;
	struct rc rc;
	int err;

	if (!rc_init(&rc, in, in_len))
		return lzma_err(x, "LZMA chunk: bad range coder start");
	regs_load(&r, &x->lzma);
	err = lzma_loop(x, &rc, &r, out, opos, end);
	regs_store(&r, &x->lzma);
	if (err)
		return err;
	rc_normalize(&rc);
	if (rc.overrun || rc.in != rc.end || rc.code != 0)
		return lzma_err(x, "LZMA chunk: compressed size mismatch");
	return 0;
}
