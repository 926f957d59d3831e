/*
 * A fuzzer for xenstored's wire parsing and request handling.
 *
 * Byte streams built from valid requests of every type, then mutated
 * (flipped bytes, truncated or inflated lengths, random types and
 * transaction ids, cut at random points), are pushed through the real
 * framing code on privileged and unprivileged connections.  Sanitizers
 * catch memory errors; the auditor checks after every batch that the
 * store is still a consistent tree with correct quota counts.
 *
 * Built two ways: by default a bounded, seeded mutation loop for the
 * unit tier; with -DXS_LIBFUZZER and clang -fsanitize=fuzzer, a libFuzzer
 * target (tests/xenstore/suite runs it briefly when clang is present).
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "testing.h"

static const struct seed {
	uint32_t type;
	const char *body;
	unsigned int len;
} seeds[] = {
#define S(t, lit) { t, lit, sizeof(lit) }
#define SW(t, lit) { t, lit, sizeof(lit) - 1 }
	S(XS_READ, "/a/b"),
	SW(XS_WRITE, "/a/b\0value"),
	SW(XS_WRITE, "rel/path\0v"),
	S(XS_MKDIR, "/a/c/d"),
	S(XS_RM, "/a/c"),
	S(XS_DIRECTORY, "/a"),
	S(XS_DIRECTORY_PART, "/a\0" "0"),
	S(XS_GET_PERMS, "/a/b"),
	S(XS_SET_PERMS, "/a/b\0" "n5\0" "r6"),
	S(XS_WATCH, "/a\0tok"),
	S(XS_WATCH, "@releaseDomain\0r"),
	S(XS_UNWATCH, "/a\0tok"),
	S(XS_TRANSACTION_START, ""),
	S(XS_TRANSACTION_END, "T"),
	S(XS_TRANSACTION_END, "F"),
	S(XS_INTRODUCE, "5\0" "4660\0" "3"),
	S(XS_RELEASE, "5"),
	S(XS_GET_DOMAIN_PATH, "5"),
	S(XS_IS_DOMAIN_INTRODUCED, "5"),
	S(XS_RESUME, "5"),
	S(XS_SET_TARGET, "5\0" "6"),
	S(XS_RESET_WATCHES, ""),
	S(XS_CONTROL, "check"),
#undef S
#undef SW
};
#define NSEEDS (sizeof(seeds) / sizeof(seeds[0]))

static unsigned int rng_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

/* Append one (possibly mutated) message to buf; returns its length. */
static unsigned int make_msg(char *buf, unsigned int room)
{
	const struct seed *s = &seeds[rnd(NSEEDS)];
	struct xsd_sockmsg h = { s->type, rnd(100), rnd(4) ? 0 : rnd(4),
				 s->len };
	unsigned int len, i;

	if (room < sizeof(h) + s->len + 64)
		return 0;
	memcpy(buf + sizeof(h), s->body, s->len);
	len = s->len;
	switch (rnd(8)) {
	case 0:		/* flip bytes in the payload */
		for (i = 0; len && i < 1 + rnd(4); i++)
			buf[sizeof(h) + rnd(len)] = rnd(256);
		break;
	case 1:		/* extend the payload with junk */
		for (i = 0; i < 1 + rnd(60); i++)
			buf[sizeof(h) + len++] = rnd(4) ? 'a' + rnd(26) : 0;
		break;
	case 2:		/* truncate */
		len = rnd(len + 1);
		break;
	case 3:		/* random type */
		h.type = rnd(4) ? rnd(XS_TYPE_COUNT + 2) : rnd(0xffffffffu);
		break;
	}
	h.len = len;
	if (rnd(50) == 0)	/* a lying or huge length */
		h.len = rnd(2) ? XENSTORE_PAYLOAD_MAX + 1 + rnd(100000)
			       : len + rnd(8);
	memcpy(buf, &h, sizeof(h));
	return sizeof(h) + len;
}

/* Feed a stream in random-sized pieces to a connection. */
static void feed(struct conn *c, const char *buf, unsigned int len)
{
	unsigned int off = 0;

	while (off < len && !c->dead) {
		unsigned int n = 1 + rnd(len - off);

		xt_push(c, buf + off, n);
		off += n;
		/* Drain output so the in-memory buffer never fills. */
		xt_drain(c);
	}
}

static struct conn *fuzz_conn(void)
{
	switch (rnd(3)) {
	case 0:
		return xt_conn(0, true);
	case 1:
		return xt_conn(5, false);
	default:
		return xt_conn(6, false);
	}
}

static void test_fuzz_wire(void)
{
	static char buf[XT_MAX];
	unsigned int iter, bad = 0;

	xt_setup();
	for (iter = 0; iter < 6000; iter++) {
		struct conn *c = fuzz_conn();
		unsigned int len = 0, m, n = 1 + rnd(8);

		for (m = 0; m < n; m++)
			len += make_msg(buf + len, sizeof(buf) - len);
		feed(c, buf, len);
		if (rnd(3) == 0 || c->dead)
			c->dead = true;
		conn_reap();
		if (iter % 200 == 0)
			bad += xt_audit();
	}
	bad += xt_audit();
	CHECK_EQ(bad, 0);
	CHECK(store.count > 1);	/* the fuzzer did reach the store */
	xt_teardown();
}

/*
 * The ring as a hostile guest drives it: valid and mutated messages, and
 * now and then indices set to random values.  The daemon may drop the
 * guest, but must never touch memory outside the page.
 */
static struct xenstore_domain_interface *fuzz_page;
static unsigned long ring_replied;	/* reply bytes the guest saw */

static void *page_map(unsigned int domid, uint64_t mfn)
{
	(void)domid;
	(void)mfn;
	return fuzz_page;
}

static const struct domain_backend page_backend = { .map = page_map };

static void ring_feed(struct xenstore_domain_interface *in, const char *buf,
		      unsigned int len)
{
	unsigned int off = 0, spins = 0;

	while (off < len && spins++ < 64) {
		while (off < len &&
		       in->req_prod - in->req_cons < XENSTORE_RING_SIZE)
			in->req[MASK_XENSTORE_IDX(in->req_prod++)] = buf[off++];
		if (rnd(20) == 0)
			in->req_prod += rnd(0xffffffffu);
		if (rnd(20) == 0)
			in->rsp_cons += rnd(0xffffffffu);
		domain_poll();
		ring_replied += in->rsp_prod - in->rsp_cons;
		in->rsp_cons = in->rsp_prod;	/* the guest reads it all */
	}
}

static void test_fuzz_ring(void)
{
	static char buf[XT_MAX];
	unsigned int iter, bad = 0;
	struct conn *c0;

	const struct domain_backend *saved = domain_backend;

	xt_setup();
	fuzz_page = calloc(1, 4096);
	domain_backend = &page_backend;
	c0 = xt_conn(0, true);
	xt_rc(c0, XS_MKDIR, 0, "/local/domain/5", 16);
	xt_rc(c0, XS_SET_PERMS, 0, "/local/domain/5\0n5", 19);
	for (iter = 0; iter < 1500; iter++) {
		unsigned int len = 0, m, n = 1 + rnd(6);

		if (!domain_find(5) || !domain_find(5)->conn) {
			xt_rc(c0, XS_RELEASE, 0, "5", 2);
			memset(fuzz_page, 0, 4096);
			xt_rc(c0, XS_INTRODUCE, 0, "5\0" "1\0" "1", 6);
			xt_drain(c0);
			conn_reap();
		}
		for (m = 0; m < n; m++)
			len += make_msg(buf + len, sizeof(buf) - len);
		ring_feed(fuzz_page, buf, len);
		conn_reap();
		if (iter % 100 == 0)
			bad += xt_audit();
	}
	bad += xt_audit();
	CHECK_EQ(bad, 0);
	CHECK(ring_replied > 10000);	/* the daemon did serve the ring */
	xt_teardown();
	domain_backend = saved;
	free(fuzz_page);
}

#ifdef XS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conn *c;

	if (size > XT_MAX)
		return 0;
	xt_setup();
	c = xt_conn(size && data[0] & 1 ? 5 : 0, !(size && data[0] & 1));
	feed(c, (const char *)data, size);
	if (xt_audit())
		abort();
	xt_teardown();
	return 0;
}
#else
int main(void)
{
	check_prog = "xs_fuzz";
	RUN(test_fuzz_wire);
	RUN(test_fuzz_ring);
	return check_exit();
}
#endif
