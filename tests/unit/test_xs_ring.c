/*
 * xenstored's shared-page ring transport and domain table, with a
 * backend whose "foreign pages" are ordinary memory.  The test plays the
 * guest: it produces requests on req and consumes replies on rsp exactly
 * as a guest kernel would, including wrap-around and messages larger
 * than the ring, and it attacks the indices.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "testing.h"

#define TEST_MFN 0x1234

static struct xenstore_domain_interface pages[4];	/* by domid */
static int notifies, unmaps;

static void *mem_map(unsigned int domid, uint64_t mfn)
{
	if (domid >= 4 || mfn != TEST_MFN)
		return NULL;
	return &pages[domid];
}

static void mem_unmap(unsigned int domid, void *page)
{
	(void)domid;
	(void)page;
	unmaps++;
}

static int mem_bind(unsigned int domid, unsigned int port)
{
	return domid * 100 + port;
}

static void mem_notify(int port)
{
	(void)port;
	notifies++;
}

static const struct domain_backend mem_backend = {
	.map = mem_map,
	.unmap = mem_unmap,
	.bind = mem_bind,
	.notify = mem_notify,
};

/* Guest side: push as much of buf as fits; returns bytes written. */
static unsigned int guest_send(struct xenstore_domain_interface *in,
			       const void *buf, unsigned int len)
{
	unsigned int done = 0;

	while (done < len && in->req_prod - in->req_cons < XENSTORE_RING_SIZE) {
		in->req[MASK_XENSTORE_IDX(in->req_prod)] =
			((const char *)buf)[done++];
		in->req_prod++;
	}
	return done;
}

static unsigned int guest_recv(struct xenstore_domain_interface *in,
			       void *buf, unsigned int max)
{
	unsigned int done = 0;

	while (done < max && in->rsp_cons != in->rsp_prod) {
		((char *)buf)[done++] =
			in->rsp[MASK_XENSTORE_IDX(in->rsp_cons)];
		in->rsp_cons++;
	}
	return done;
}

/* Send a whole request in transaction tx, serving the ring when full. */
static void guest_request_tx(struct xenstore_domain_interface *in,
			     uint32_t type, uint32_t tx, const void *payload,
			     unsigned int len)
{
	struct xsd_sockmsg h = { type, 42, tx, len };
	char msg[sizeof(h) + XENSTORE_PAYLOAD_MAX];
	unsigned int off = 0;

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), payload, len);
	while (off < sizeof(h) + len) {
		off += guest_send(in, msg + off, sizeof(h) + len - off);
		domain_poll();
	}
}

static void guest_request(struct xenstore_domain_interface *in,
			  uint32_t type, const void *payload, unsigned int len)
{
	guest_request_tx(in, type, 0, payload, len);
}

/* Read one reply (skipping watch events); returns its type. */
static int guest_reply(struct xenstore_domain_interface *in, char *body,
		       unsigned int *len)
{
	struct xsd_sockmsg h;

	for (;;) {
		if (guest_recv(in, &h, sizeof(h)) != sizeof(h))
			return -1;
		if (guest_recv(in, body, h.len) != h.len)
			return -1;
		body[h.len] = '\0';
		if (h.type != XS_WATCH_EVENT)
			break;
	}
	*len = h.len;
	return h.type;
}

/* Give domid a home directory and introduce it through c0. */
static void add_dom(struct conn *c0, unsigned int domid)
{
	char buf[64];
	unsigned int len;

	len = snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
	xt_rc(c0, XS_MKDIR, 0, buf, len + 1);
	len += sprintf(buf + len + 1, "n%u", domid) + 1;
	xt_rc(c0, XS_SET_PERMS, 0, buf, len + 1);
	len = snprintf(buf, sizeof(buf), "%u%c%u%c7", domid, 0, TEST_MFN, 0);
	CHECK_EQ(xt_rc(c0, XS_INTRODUCE, 0, buf, len + 1), 0);
}

static struct conn *setup_dom(unsigned int domid)
{
	struct conn *c0;

	xt_setup();
	domain_backend = &mem_backend;
	memset(pages, 0, sizeof(pages));
	notifies = unmaps = 0;
	c0 = xt_conn(0, true);
	add_dom(c0, domid);
	return c0;
}

static void teardown(void)
{
	xt_teardown();
	conn_reap();
}

static void test_ring_roundtrip(void)
{
	struct xenstore_domain_interface *in = &pages[2];
	char body[XT_MAX];
	unsigned int len, i;

	setup_dom(2);
	CHECK(domain_find(2) && domain_find(2)->conn);
	CHECK(in->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION);
	CHECK_EQ(notifies, 1);		/* "a daemon is up" */
	domain_poll();
	CHECK_EQ(notifies, 1);		/* an idle ring is left alone */
	/* Enough traffic to wrap both rings several times. */
	for (i = 0; i < 200; i++) {
		char req[64];
		unsigned int rl = snprintf(req, sizeof(req), "k%u", i % 7);

		memcpy(req + rl + 1, "value", 5);
		guest_request(in, XS_WRITE, req, rl + 6);
		CHECK_EQ(guest_reply(in, body, &len), XS_WRITE);
		guest_request(in, XS_READ, req, rl + 1);
		CHECK_EQ(guest_reply(in, body, &len), XS_READ);
		CHECK(len == 5 && !memcmp(body, "value", 5));
	}
	CHECK(in->req_prod > 4 * XENSTORE_RING_SIZE);
	CHECK(notifies > 0);
	guest_request(in, XS_READ, "/", 2);	/* n0: not ours */
	CHECK_EQ(guest_reply(in, body, &len), XS_ERROR);
	CHECK(!strcmp(body, "EACCES"));
	guest_request(in, XS_INTRODUCE, "5\0" "1\0" "1", 6);
	CHECK_EQ(guest_reply(in, body, &len), XS_ERROR);
	CHECK(!strcmp(body, "EACCES"));
	teardown();
}

static void test_ring_big_message(void)
{
	struct xenstore_domain_interface *in = &pages[1];
	static char req[XENSTORE_PAYLOAD_MAX];
	char body[XT_MAX];
	unsigned int len;

	setup_dom(1);
	strcpy(req, "big");
	memset(req + 4, 'z', 2000);
	guest_request(in, XS_WRITE, req, 2004);
	CHECK_EQ(guest_reply(in, body, &len), XS_WRITE);
	guest_request(in, XS_READ, "big", 4);
	/* 2016 reply bytes do not fit the 1024-byte ring at once. */
	len = 0;
	{
		struct xsd_sockmsg h;
		unsigned int got = 0;

		CHECK_EQ(guest_recv(in, &h, sizeof(h)), sizeof(h));
		CHECK_EQ(h.len, 2000);
		while (got < h.len) {
			unsigned int n = guest_recv(in, body + got,
						    h.len - got);

			got += n;
			domain_poll();
			if (!n && in->rsp_prod == in->rsp_cons)
				break;
		}
		CHECK_EQ(got, 2000);
		CHECK(body[0] == 'z' && body[1999] == 'z');
	}
	teardown();
}

static void test_ring_bad_index(void)
{
	struct xenstore_domain_interface *in = &pages[3];
	struct conn *c0 = setup_dom(3);

	in->req_prod = in->req_cons + XENSTORE_RING_SIZE + 1;
	domain_poll();
	CHECK_EQ(in->error, XENSTORE_ERROR_RINGIDX);
	conn_reap();
	CHECK(domain_find(3) && !domain_find(3)->conn);
	/* Everybody else carries on. */
	CHECK_EQ(xt_rc(c0, XS_WRITE, 0, "/ok\0" "1", 5), 0);
	teardown();
}

static void test_ring_oversized_header(void)
{
	struct xenstore_domain_interface *in = &pages[2];
	struct xsd_sockmsg h = { XS_READ, 1, 0, 100000 };
	char body[XT_MAX];
	unsigned int len;

	setup_dom(2);
	guest_send(in, &h, sizeof(h));
	domain_poll();
	CHECK_EQ(guest_reply(in, body, &len), XS_ERROR);
	CHECK(!strcmp(body, "E2BIG"));
	conn_reap();
	CHECK(!domain_find(2)->conn);
	teardown();
}

static void test_ring_reconnect_release(void)
{
	struct xenstore_domain_interface *in = &pages[2];
	struct conn *c0 = setup_dom(2);
	char body[XT_MAX];
	unsigned int len;

	guest_request(in, XS_WATCH, "dev\0t", 6);
	CHECK_EQ(guest_reply(in, body, &len), XS_WATCH);
	CHECK_EQ(domain_find(2)->conn->nwatches, 1);
	in->connection = XENSTORE_RECONNECT;
	domain_poll();
	conn_reap();
	CHECK_EQ(in->connection, XENSTORE_CONNECTED);
	CHECK_EQ(in->req_prod, 0);
	CHECK(domain_find(2)->conn && domain_find(2)->conn->nwatches == 0);
	guest_request(in, XS_GET_DOMAIN_PATH, "2", 2);
	CHECK_EQ(guest_reply(in, body, &len), XS_GET_DOMAIN_PATH);
	CHECK(!strcmp(body, "/local/domain/2"));
	CHECK_EQ(xt_rc(c0, XS_RELEASE, 0, "2", 2), 0);
	CHECK_EQ(unmaps, 1);
	CHECK(!domain_find(2));
	conn_reap();
	teardown();
}

/*
 * Releasing a dead domain frees its watches and its open transaction:
 * nothing fires towards it any more, nothing it wrote in the transaction
 * ever lands, and its connection is gone.
 */
static void test_ring_release_frees(void)
{
	struct xenstore_domain_interface *in = &pages[2];
	struct conn *c0 = setup_dom(2);
	const struct conn *c;
	char body[XT_MAX], txid[16];
	unsigned int len, prod;

	guest_request(in, XS_WATCH, "dev\0t", 6);
	CHECK_EQ(guest_reply(in, body, &len), XS_WATCH);
	guest_request(in, XS_TRANSACTION_START, "", 1);
	CHECK_EQ(guest_reply(in, txid, &len), XS_TRANSACTION_START);
	guest_request_tx(in, XS_WRITE, strtoul(txid, NULL, 10),
			 "dev/x\0" "1", 7);
	CHECK_EQ(guest_reply(in, body, &len), XS_WRITE);
	CHECK_EQ(conn_open_txns(), 1);
	CHECK_EQ(xt_rc(c0, XS_RELEASE, 0, "2", 2), 0);
	conn_reap();
	CHECK_EQ(conn_open_txns(), 0);
	for (c = conn_list; c; c = c->next)
		CHECK(c->who.domid != 2);
	prod = in->rsp_prod;
	CHECK_EQ(xt_rc(c0, XS_WRITE, 0, "/local/domain/2/dev\0" "2", 22), 0);
	domain_poll();
	CHECK_EQ(in->rsp_prod, prod);		/* no event for the dead */
	CHECK_EQ(xt_rc(c0, XS_READ, 0, "/local/domain/2/dev/x", 22), -ENOENT);
	teardown();
}

/*
 * A restarted daemon takes the ring back: the state file re-introduces
 * the domain, which maps the same page and continues from the indices
 * the guest left, so the guest sees no interruption.
 */
static void test_ring_restart(void)
{
	const char *file = "/tmp/xenolith-xs-unit-ring-state";
	struct xenstore_domain_interface *in = &pages[2];
	char body[XT_MAX];
	unsigned int len, prod;

	struct conn *c0;
	struct xsd_sockmsg h;

	setup_dom(2);
	guest_request(in, XS_WRITE, "kept\0yes", 8);
	CHECK_EQ(guest_reply(in, body, &len), XS_WRITE);
	guest_request(in, XS_WATCH, "kept\0my token", 14);
	CHECK_EQ(guest_reply(in, body, &len), XS_WATCH);
	CHECK_EQ(dump_save(file), 0);
	prod = in->req_prod;
	xt_teardown();

	xt_setup();
	domain_backend = &mem_backend;
	CHECK_EQ(dump_load(file), 0);
	CHECK(domain_find(2) && domain_find(2)->conn);
	CHECK_EQ(in->req_prod, prod);		/* ring position kept */
	guest_request(in, XS_READ, "kept", 5);
	CHECK_EQ(guest_reply(in, body, &len), XS_READ);
	CHECK(len == 3 && !memcmp(body, "yes", 3));
	/* The guest's watch came back, relative path and token intact. */
	c0 = xt_conn(0, true);
	CHECK_EQ(xt_rc(c0, XS_WRITE, 0, "/local/domain/2/kept\0new", 24), 0);
	domain_poll();
	CHECK_EQ(guest_recv(in, &h, sizeof(h)), sizeof(h));
	CHECK_EQ(h.type, XS_WATCH_EVENT);
	CHECK_EQ(guest_recv(in, body, h.len), h.len);
	CHECK(h.len == 14 && !memcmp(body, "kept\0my token", 14));
	teardown();
	remove(file);
}

/* Receive exactly len bytes, letting the daemon refill the ring. */
static bool guest_recv_all(struct xenstore_domain_interface *in, void *buf,
			   unsigned int len)
{
	unsigned int got = 0, idle = 0;

	while (got < len && idle < 100) {
		unsigned int n = guest_recv(in, (char *)buf + got, len - got);

		got += n;
		idle = n ? 0 : idle + 1;
		domain_poll();
	}
	return got == len;
}

/*
 * Messages in flight survive a restart: a reply stuck behind a full ring,
 * a request half sent, and an open transaction (which then fails with
 * EAGAIN, as its snapshot is gone).
 */
static void test_ring_restart_in_flight(void)
{
	const char *file = "/tmp/xenolith-xs-unit-ring-flight";
	struct xenstore_domain_interface *in = &pages[2];
	static char req[1024], body[XT_MAX];
	struct xsd_sockmsg h = { XS_READ, 7, 0, 4 };
	unsigned int len, i;
	char txid[16];

	setup_dom(2);
	memcpy(req, "big\0", 4);
	memset(req + 4, 'q', 900);
	guest_request(in, XS_WRITE, req, 904);
	CHECK_EQ(guest_reply(in, body, &len), XS_WRITE);
	/* Two 916-byte replies and a third reply: the ring holds 1024. */
	guest_request(in, XS_READ, "big", 4);
	guest_request(in, XS_READ, "big", 4);
	guest_request(in, XS_TRANSACTION_START, "", 1);
	CHECK(domain_find(2)->conn->out_head != NULL);
	guest_send(in, &h, 10);			/* a request cut short */
	domain_poll();
	CHECK_EQ(dump_save(file), 0);
	xt_teardown();

	xt_setup();
	domain_backend = &mem_backend;
	CHECK_EQ(dump_load(file), 0);
	for (i = 0; i < 2; i++) {
		struct xsd_sockmsg r;

		CHECK(guest_recv_all(in, &r, sizeof(r)));
		CHECK(r.type == XS_READ && r.len == 900);
		CHECK(guest_recv_all(in, body, r.len) && body[899] == 'q');
	}
	CHECK_EQ(guest_reply(in, txid, &len), XS_TRANSACTION_START);
	guest_send(in, (char *)&h + 10, sizeof(h) - 10);
	guest_send(in, "big", 4);
	domain_poll();
	CHECK_EQ(guest_reply(in, body, &len), XS_READ);
	CHECK_EQ(len, 900);
	h.type = XS_TRANSACTION_END;
	h.tx_id = strtoul(txid, NULL, 10);
	h.len = 2;
	guest_send(in, &h, sizeof(h));
	guest_send(in, "T", 2);
	domain_poll();
	CHECK_EQ(guest_reply(in, body, &len), XS_ERROR);
	CHECK(!strcmp(body, "EAGAIN"));
	teardown();
	remove(file);
}

/*
 * Before a restart the daemon drains, as Xen's live update waits for
 * transactions: a domain inside a transaction is still served and
 * commits it; another domain's request waits in its ring and is
 * answered by the next daemon.  Nothing is lost and nothing fails.
 */
static void test_ring_restart_drain(void)
{
	const char *file = "/tmp/xenolith-xs-unit-ring-drain";
	struct xenstore_domain_interface *in2 = &pages[2], *in3 = &pages[3];
	char body[XT_MAX], txid[16];
	unsigned int len, tx, rsp3;

	add_dom(setup_dom(2), 3);
	guest_request(in2, XS_TRANSACTION_START, "", 1);
	CHECK_EQ(guest_reply(in2, txid, &len), XS_TRANSACTION_START);
	tx = strtoul(txid, NULL, 10);
	guest_request_tx(in2, XS_WRITE, tx, "a\0one", 5);
	CHECK_EQ(guest_reply(in2, body, &len), XS_WRITE);

	conn_draining = true;
	CHECK_EQ(conn_open_txns(), 1);
	rsp3 = in3->rsp_prod;
	guest_request(in3, XS_WRITE, "b\0two", 5);
	domain_poll();
	CHECK_EQ(in3->rsp_prod, rsp3);		/* dom3 waits */
	guest_request_tx(in2, XS_TRANSACTION_END, tx, "T", 2);
	CHECK_EQ(guest_reply(in2, body, &len), XS_TRANSACTION_END);
	CHECK(!strcmp(body, "OK"));
	CHECK_EQ(conn_open_txns(), 0);
	CHECK_EQ(dump_save(file), 0);
	conn_draining = false;
	xt_teardown();

	xt_setup();
	domain_backend = &mem_backend;
	CHECK_EQ(dump_load(file), 0);
	domain_poll();
	CHECK_EQ(guest_reply(in3, body, &len), XS_WRITE);
	guest_request(in2, XS_READ, "a", 2);
	CHECK_EQ(guest_reply(in2, body, &len), XS_READ);
	CHECK(len == 3 && !memcmp(body, "one", 3));
	guest_request(in3, XS_READ, "b", 2);
	CHECK_EQ(guest_reply(in3, body, &len), XS_READ);
	CHECK(len == 3 && !memcmp(body, "two", 3));
	teardown();
	remove(file);
}

int main(void)
{
	check_prog = "xs_ring";
	RUN(test_ring_roundtrip);
	RUN(test_ring_big_message);
	RUN(test_ring_bad_index);
	RUN(test_ring_oversized_header);
	RUN(test_ring_reconnect_release);
	RUN(test_ring_release_frees);
	RUN(test_ring_restart);
	RUN(test_ring_restart_in_flight);
	RUN(test_ring_restart_drain);
	return check_exit();
}
