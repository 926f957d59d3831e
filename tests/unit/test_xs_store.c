/*
 * xenstored: the store, permissions, transactions, watches, quotas and
 * the domain messages, driven through the real framing and dispatch code
 * with in-memory connections.  After each test the store's invariants are
 * audited.  String payloads use P("a" "\0" "b"): the literal with its
 * final NUL; W() drops the final NUL (WRITE's value is not terminated).
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "testing.h"

#define P(lit) lit, sizeof(lit)
#define W(lit) lit, sizeof(lit) - 1

static char out[XT_MAX];
static unsigned int olen;

/* Read path into out (NUL-terminated); returns -errno or 0. */
static int rd(struct conn *c, uint32_t tx, const char *path)
{
	int t = xt_req(c, XS_READ, tx, path, strlen(path) + 1, out, &olen);

	out[t >= 0 ? olen : 0] = '\0';
	if (t == XS_ERROR)
		return wire_error_number(out);
	return t == XS_READ ? 0 : -9999;
}

static int wr(struct conn *c, uint32_t tx, const char *path, const char *v)
{
	char buf[XT_MAX];
	size_t pl = strlen(path) + 1;

	memcpy(buf, path, pl);
	memcpy(buf + pl, v, strlen(v));
	return xt_rc(c, XS_WRITE, tx, buf, pl + strlen(v));
}

static int one(struct conn *c, uint32_t type, uint32_t tx, const char *arg)
{
	return xt_rc(c, type, tx, arg, strlen(arg) + 1);
}

static uint32_t tx_start(struct conn *c)
{
	int t = xt_req(c, XS_TRANSACTION_START, 0, "", 1, out, &olen);

	return t == XS_TRANSACTION_START ? strtoul(out, NULL, 10) : 0;
}

static void test_read_write(void)
{
	struct conn *c;

	xt_setup();
	c = xt_conn(0, true);
	CHECK_EQ(wr(c, 0, "/a/b/c", "hello"), 0);
	CHECK_EQ(rd(c, 0, "/a/b/c"), 0);
	CHECK(!strcmp(out, "hello"));
	CHECK_EQ(rd(c, 0, "/a/b"), 0);	/* created, empty */
	CHECK_EQ(olen, 0);
	CHECK_EQ(rd(c, 0, "/a/x"), -ENOENT);
	CHECK_EQ(wr(c, 0, "/a/b/c", ""), 0);
	CHECK_EQ(rd(c, 0, "/a/b/c"), 0);
	CHECK_EQ(olen, 0);
	CHECK_EQ(xt_reqs(c, XS_MKDIR, 0, P("/a/m")), 0);
	CHECK_EQ(xt_reqs(c, XS_MKDIR, 0, P("/a/m")), 0);
	CHECK_EQ(xt_req(c, XS_DIRECTORY, 0, P("/a"), out, &olen),
		 XS_DIRECTORY);
	CHECK_EQ(olen, 4);
	CHECK(!memcmp(out, "b\0m", 4) || !memcmp(out, "m\0b", 4));
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_bad_paths(void)
{
	struct conn *c;

	xt_setup();
	c = xt_conn(0, true);
	CHECK_EQ(wr(c, 0, "/a//b", "x"), -EINVAL);
	CHECK_EQ(wr(c, 0, "/a/", "x"), -EINVAL);
	CHECK_EQ(wr(c, 0, "/a b", "x"), -EINVAL);
	CHECK_EQ(wr(c, 0, "@introduceDomain", "x"), -EINVAL);
	CHECK_EQ(one(c, XS_RM, 0, "/"), -EINVAL);
	CHECK_EQ(xt_reqs(c, XS_READ, 0, W("/a")), -EINVAL);	/* no NUL */
	CHECK_EQ(xt_reqs(c, XS_READ, 0, P("/a" "\0" "/b")), -EINVAL);
	CHECK_EQ(xt_reqs(c, XS_WRITE, 0, W("/nonul")), -EINVAL);
	CHECK_EQ(xt_reqs(c, 99, 0, P("x")), -ENOSYS);
	CHECK_EQ(xt_reqs(c, XS_WATCH_EVENT, 0, P("x")), -ENOSYS);
	CHECK_EQ(xt_reqs(c, XS_RESTRICT, 0, P("1")), -ENOSYS);
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_rm(void)
{
	struct conn *c;

	xt_setup();
	c = xt_conn(0, true);
	wr(c, 0, "/a/b/c", "1");
	wr(c, 0, "/a/b/d", "2");
	wr(c, 0, "/a/e", "3");
	CHECK_EQ(one(c, XS_RM, 0, "/a/b"), 0);
	CHECK_EQ(rd(c, 0, "/a/b/c"), -ENOENT);
	CHECK_EQ(rd(c, 0, "/a/b"), -ENOENT);
	CHECK_EQ(rd(c, 0, "/a/e"), 0);
	CHECK_EQ(one(c, XS_RM, 0, "/a/b"), 0);		/* parent exists */
	CHECK_EQ(one(c, XS_RM, 0, "/a/b/c"), -ENOENT);	/* parent gone */
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_directory_part(void)
{
	struct conn *c;
	char name[64];
	unsigned int i, off, total = 0, got = 0;

	xt_setup();
	c = xt_conn(0, true);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/d/child-with-long-name-%u", i);
		wr(c, 0, name, "");
		total += strlen(name) - 3 + 1;
	}
	CHECK(total > XENSTORE_PAYLOAD_MAX);
	CHECK_EQ(xt_reqs(c, XS_DIRECTORY, 0, P("/d")), -E2BIG);
	for (off = 0; off < total + 1;) {
		char req[64];
		unsigned int len = snprintf(req, sizeof(req), "/d%c%u", 0, off);
		unsigned int glen, chunk;

		CHECK_EQ(xt_req(c, XS_DIRECTORY_PART, 0, req, len + 1, out,
				&olen), XS_DIRECTORY_PART);
		CHECK(olen <= XENSTORE_PAYLOAD_MAX);
		glen = strlen(out) + 1;
		chunk = olen - glen;
		CHECK_EQ(out[olen - 1], 0);
		/* The last chunk ends in an extra NUL: an empty name. */
		if (chunk == 1 || !out[olen - 2]) {
			got += chunk - 1;
			break;
		}
		off += chunk;
		got += chunk;
	}
	CHECK_EQ(got, total);
	xt_teardown();
}

static void test_perms(void)
{
	struct conn *c0, *c5, *c6;

	xt_setup();
	c0 = xt_conn(0, true);
	c5 = xt_conn(5, false);
	c6 = xt_conn(6, false);
	wr(c0, 0, "/local/domain/5", "");
	CHECK_EQ(xt_reqs(c0, XS_SET_PERMS, 0, P("/local/domain/5" "\0" "n5")),
		 0);
	CHECK_EQ(xt_req(c0, XS_GET_PERMS, 0, P("/local/domain/5"), out,
			&olen), XS_GET_PERMS);
	CHECK(olen == 3 && !memcmp(out, "n5", 3));
	/* Relative paths are under the domain's home. */
	CHECK_EQ(wr(c5, 0, "data", "v"), 0);
	CHECK_EQ(rd(c0, 0, "/local/domain/5/data"), 0);
	CHECK(!strcmp(out, "v"));
	/* A new node is owned by its unprivileged creator. */
	CHECK_EQ(xt_req(c0, XS_GET_PERMS, 0, P("/local/domain/5/data"), out,
			&olen), XS_GET_PERMS);
	CHECK(!strcmp(out, "n5"));
	CHECK_EQ(rd(c6, 0, "/local/domain/5/data"), -EACCES);
	/* A missing node below an unreadable one is not revealed. */
	CHECK_EQ(rd(c6, 0, "/local/domain/5/nothing"), -EACCES);
	CHECK_EQ(rd(c5, 0, "nothing"), -ENOENT);
	CHECK_EQ(wr(c6, 0, "/local/domain/5/data", "x"), -EACCES);
	CHECK_EQ(wr(c6, 0, "/local/domain/5/new", "x"), -EACCES);
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0,
			 P("data" "\0" "n5" "\0" "r6")), 0);
	CHECK_EQ(rd(c6, 0, "/local/domain/5/data"), 0);
	CHECK_EQ(wr(c6, 0, "/local/domain/5/data", "x"), -EACCES);
	CHECK_EQ(xt_reqs(c6, XS_SET_PERMS, 0,
			 P("/local/domain/5/data" "\0" "b6")), -EACCES);
	/* Only the privileged may give a node away. */
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0, P("data" "\0" "b6")), -EPERM);
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0, P("data" "\0" "x6")), -EINVAL);
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0, P("data" "\0" "b")), -EINVAL);
	/* Others' mode in perms[0] applies to unlisted domains. */
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0, P("data" "\0" "w5")), 0);
	CHECK_EQ(rd(c6, 0, "/local/domain/5/data"), -EACCES);
	CHECK_EQ(wr(c6, 0, "/local/domain/5/data", "y"), 0);
	CHECK_EQ(rd(c5, 0, "data"), 0);
	CHECK(!strcmp(out, "y"));
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_txn_isolation(void)
{
	struct conn *c, *d;
	uint32_t t;

	xt_setup();
	c = xt_conn(0, true);
	d = xt_conn(0, true);
	wr(c, 0, "/x", "old");
	t = tx_start(c);
	CHECK(t != 0);
	CHECK_EQ(wr(c, t, "/x", "new"), 0);
	CHECK_EQ(wr(c, t, "/y/z", "1"), 0);
	CHECK_EQ(rd(c, t, "/x"), 0);
	CHECK(!strcmp(out, "new"));
	CHECK_EQ(rd(d, 0, "/x"), 0);
	CHECK(!strcmp(out, "old"));
	CHECK_EQ(rd(d, 0, "/y/z"), -ENOENT);
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t, P("T")), 0);
	CHECK_EQ(rd(d, 0, "/x"), 0);
	CHECK(!strcmp(out, "new"));
	CHECK_EQ(rd(d, 0, "/y/z"), 0);
	/* Abort discards everything. */
	t = tx_start(c);
	wr(c, t, "/x", "aborted");
	one(c, XS_RM, t, "/y");
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t, P("F")), 0);
	CHECK_EQ(rd(d, 0, "/x"), 0);
	CHECK(!strcmp(out, "new"));
	CHECK_EQ(rd(d, 0, "/y/z"), 0);
	/* The transaction is gone after its end. */
	CHECK_EQ(rd(c, t, "/x"), -ENOENT);
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t, P("T")), -ENOENT);
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_START, 77, P("")), -EBUSY);
	t = tx_start(c);
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t, P("X")), -EINVAL);
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_txn_conflict(void)
{
	struct conn *c, *d;
	uint32_t t1, t2;

	xt_setup();
	c = xt_conn(0, true);
	d = xt_conn(0, true);
	wr(c, 0, "/counter", "0");
	t1 = tx_start(c);
	t2 = tx_start(d);
	rd(c, t1, "/counter");
	rd(d, t2, "/counter");
	wr(c, t1, "/counter", "1");
	wr(c, t1, "/side-a", "a");
	wr(d, t2, "/counter", "1");
	wr(d, t2, "/side-b", "b");
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t1, P("T")), 0);
	CHECK_EQ(xt_reqs(d, XS_TRANSACTION_END, t2, P("T")), -EAGAIN);
	/* No partial commit of the loser. */
	CHECK_EQ(rd(c, 0, "/side-b"), -ENOENT);
	CHECK_EQ(rd(c, 0, "/side-a"), 0);
	/* A read-only dependency conflicts too. */
	t1 = tx_start(c);
	rd(c, t1, "/side-a");
	wr(c, t1, "/derived", "x");
	wr(d, 0, "/side-a", "changed");
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t1, P("T")), -EAGAIN);
	CHECK_EQ(rd(c, 0, "/derived"), -ENOENT);
	/* Reading an absent node that appears meanwhile conflicts. */
	t1 = tx_start(c);
	CHECK_EQ(rd(c, t1, "/later"), -ENOENT);
	wr(c, t1, "/flag", "1");
	wr(d, 0, "/later", "1");
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t1, P("T")), -EAGAIN);
	/* Disjoint transactions both commit (parents exist already:
	 * adding a child changes the parent, which would conflict). */
	wr(c, 0, "/p", "");
	wr(c, 0, "/q", "");
	t1 = tx_start(c);
	t2 = tx_start(d);
	wr(c, t1, "/p/one", "1");
	wr(d, t2, "/q/two", "2");
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t1, P("T")), 0);
	CHECK_EQ(xt_reqs(d, XS_TRANSACTION_END, t2, P("T")), 0);
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_txn_rm(void)
{
	struct conn *c;
	uint32_t t;

	xt_setup();
	c = xt_conn(0, true);
	wr(c, 0, "/r/a/b", "1");
	t = tx_start(c);
	CHECK_EQ(one(c, XS_RM, t, "/r/a"), 0);
	CHECK_EQ(rd(c, t, "/r/a/b"), -ENOENT);
	CHECK_EQ(wr(c, t, "/r/a/c", "2"), 0);
	CHECK_EQ(rd(c, 0, "/r/a/b"), 0);
	CHECK_EQ(xt_reqs(c, XS_TRANSACTION_END, t, P("T")), 0);
	CHECK_EQ(rd(c, 0, "/r/a/b"), -ENOENT);
	CHECK_EQ(rd(c, 0, "/r/a/c"), 0);
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static bool ev(struct conn *c, const char *path, const char *token)
{
	char p[XT_MAX], t[XT_MAX];

	if (!xt_event(c, p, t))
		return false;
	if (strcmp(p, path) || strcmp(t, token)) {
		printf("  event %s/%s, wanted %s/%s\n", p, t, path, token);
		return false;
	}
	return true;
}

static void test_watch_basic(void)
{
	struct conn *c, *w;

	xt_setup();
	c = xt_conn(0, true);
	w = xt_conn(0, true);
	CHECK_EQ(xt_reqs(w, XS_WATCH, 0, P("/w" "\0" "tok")), 0);
	CHECK(ev(w, "/w", "tok"));		/* the initial event */
	CHECK_EQ(xt_events(w), 0);
	wr(c, 0, "/w/a/b", "1");
	CHECK(ev(w, "/w/a/b", "tok"));
	CHECK_EQ(xt_events(w), 0);
	wr(c, 0, "/other", "1");
	wr(c, 0, "/wx", "1");			/* not below /w */
	CHECK_EQ(xt_events(w), 0);
	CHECK_EQ(xt_reqs(w, XS_WATCH, 0, P("/w" "\0" "tok")), -EEXIST);
	CHECK_EQ(xt_reqs(w, XS_WATCH, 0, P("/w/a/b" "\0" "deep")), 0);
	CHECK(ev(w, "/w/a/b", "deep"));
	/* Removing /w fires the watch on /w and the one inside it. */
	one(c, XS_RM, 0, "/w");
	CHECK_EQ(xt_events(w), 2);
	CHECK_EQ(xt_reqs(w, XS_UNWATCH, 0, P("/w" "\0" "tok")), 0);
	CHECK_EQ(xt_reqs(w, XS_UNWATCH, 0, P("/w" "\0" "tok")), -ENOENT);
	CHECK_EQ(xt_reqs(w, XS_RESET_WATCHES, 0, P("")), 0);
	wr(c, 0, "/w/a/b", "1");
	CHECK_EQ(xt_events(w), 0);
	xt_teardown();
}

static void test_watch_txn_and_perms(void)
{
	struct conn *c0, *c5, *c6;
	uint32_t t;

	xt_setup();
	c0 = xt_conn(0, true);
	c5 = xt_conn(5, false);
	c6 = xt_conn(6, false);
	wr(c0, 0, "/local/domain/5", "");
	xt_reqs(c0, XS_SET_PERMS, 0, P("/local/domain/5" "\0" "n5"));
	CHECK_EQ(xt_reqs(c5, XS_WATCH, 0, P("dev" "\0" "rel")), 0);
	CHECK(ev(c5, "dev", "rel"));		/* relative stays relative */
	CHECK_EQ(xt_reqs(c6, XS_WATCH, 0, P("/local" "\0" "spy")), 0);
	CHECK(ev(c6, "/local", "spy"));
	t = tx_start(c0);
	wr(c0, t, "/local/domain/5/dev/vif", "x");
	CHECK_EQ(xt_events(c5), 0);		/* not before commit */
	xt_reqs(c0, XS_TRANSACTION_END, t, P("T"));
	CHECK(ev(c5, "dev/vif", "rel"));
	CHECK_EQ(xt_events(c6), 0);		/* may not read it */
	/* A node written twice in a transaction fires once. */
	t = tx_start(c0);
	wr(c0, t, "/local/domain/5/dev/vif", "1");
	wr(c0, t, "/local/domain/5/dev/vif", "2");
	xt_reqs(c0, XS_TRANSACTION_END, t, P("T"));
	CHECK(ev(c5, "dev/vif", "rel"));
	CHECK_EQ(xt_events(c5), 0);
	/* An aborted transaction fires nothing. */
	t = tx_start(c0);
	wr(c0, t, "/local/domain/5/dev/vif", "y");
	xt_reqs(c0, XS_TRANSACTION_END, t, P("F"));
	CHECK_EQ(xt_events(c5), 0);
	xt_teardown();
}

static void test_special_watches(void)
{
	struct conn *c0, *c5;

	xt_setup();
	c0 = xt_conn(0, true);
	c5 = xt_conn(5, false);
	CHECK_EQ(xt_reqs(c0, XS_WATCH, 0, P("@introduceDomain" "\0" "i")), 0);
	CHECK_EQ(xt_reqs(c0, XS_WATCH, 0, P("@releaseDomain" "\0" "r")), 0);
	CHECK(ev(c0, "@introduceDomain", "i"));
	CHECK(ev(c0, "@releaseDomain", "r"));
	CHECK_EQ(xt_reqs(c5, XS_INTRODUCE, 0, P("7" "\0" "1234" "\0" "3")),
		 -EACCES);
	CHECK_EQ(xt_reqs(c0, XS_INTRODUCE, 0, P("7" "\0" "1234" "\0" "3")),
		 0);
	CHECK(ev(c0, "@introduceDomain", "i"));
	CHECK_EQ(xt_events(c0), 0);
	CHECK_EQ(xt_req(c0, XS_IS_DOMAIN_INTRODUCED, 0, P("7"), out, &olen),
		 XS_IS_DOMAIN_INTRODUCED);
	CHECK(!strcmp(out, "T"));
	CHECK_EQ(xt_req(c0, XS_IS_DOMAIN_INTRODUCED, 0, P("8"), out, &olen),
		 XS_IS_DOMAIN_INTRODUCED);
	CHECK(!strcmp(out, "F"));
	CHECK_EQ(xt_req(c5, XS_GET_DOMAIN_PATH, 0, P("7"), out, &olen),
		 XS_GET_DOMAIN_PATH);
	CHECK(!strcmp(out, "/local/domain/7") && olen == 16);
	CHECK_EQ(xt_reqs(c0, XS_GET_DOMAIN_PATH, 0, P("x7")), -EINVAL);
	CHECK_EQ(xt_reqs(c0, XS_RESUME, 0, P("7")), 0);
	CHECK_EQ(xt_reqs(c0, XS_RESUME, 0, P("9")), -ENOENT);
	CHECK_EQ(xt_reqs(c0, XS_SET_TARGET, 0, P("7" "\0" "9")), -ENOENT);
	CHECK_EQ(xt_reqs(c0, XS_RELEASE, 0, P("7")), 0);
	CHECK(ev(c0, "@releaseDomain", "r"));
	CHECK_EQ(xt_reqs(c0, XS_RELEASE, 0, P("7")), -ENOENT);
	CHECK_EQ(xt_reqs(c0, XS_RELEASE, 0, P("0")), -EINVAL);
	CHECK_EQ(xt_reqs(c5, XS_CONTROL, 0, P("check")), -EACCES);
	CHECK_EQ(xt_reqs(c0, XS_CONTROL, 0, P("check")), 0);
	CHECK_EQ(xt_reqs(c0, XS_CONTROL, 0, P("bogus")), -EINVAL);
	CHECK_EQ(xt_req(c0, XS_CONTROL, 0, P("quota"), out, &olen),
		 XS_CONTROL);
	CHECK(strstr(out, "nodes 1000\n") && strstr(out, "watches 128\n"));
	CHECK_EQ(xt_reqs(c0, XS_CONTROL, 0, P("quota" "\0" "watches" "\0"
					       "3")), 0);
	CHECK_EQ(quota.watches, 3);
	CHECK_EQ(xt_reqs(c0, XS_CONTROL, 0, P("quota" "\0" "bogus" "\0"
					       "3")), -EINVAL);
	CHECK_EQ(xt_reqs(c5, XS_CONTROL, 0, P("quota")), -EACCES);
	xt_teardown();
}

static void test_quota_nodes_and_size(void)
{
	struct conn *c0, *c5;
	char path[64], big[3000];
	unsigned int i;
	int rc = 0;

	xt_setup();
	quota.nodes = 10;
	c0 = xt_conn(0, true);
	c5 = xt_conn(5, false);
	wr(c0, 0, "/local/domain/5", "");
	xt_reqs(c0, XS_SET_PERMS, 0, P("/local/domain/5" "\0" "n5"));
	/* The home node counts: 9 more fit. */
	for (i = 0; i < 9 && !rc; i++) {
		snprintf(path, sizeof(path), "n%u", i);
		rc = wr(c5, 0, path, "v");
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(wr(c5, 0, "one-too-many", "v"), -ENOSPC);
	CHECK_EQ(wr(c5, 0, "n0", "rewrite is fine"), 0);
	one(c5, XS_RM, 0, "n0");
	CHECK_EQ(wr(c5, 0, "fits-again", "v"), 0);
	/* A transaction cannot overshoot the quota with many creations. */
	one(c5, XS_RM, 0, "fits-again");
	{
		uint32_t t = tx_start(c5);

		CHECK_EQ(wr(c5, t, "tx-a", "v"), 0);
		CHECK_EQ(wr(c5, t, "tx-b", "v"), 0);	/* each fits alone */
		CHECK_EQ(xt_reqs(c5, XS_TRANSACTION_END, t, P("T")), -ENOSPC);
		CHECK_EQ(rd(c5, 0, "tx-a"), -ENOENT);
		t = tx_start(c5);
		CHECK_EQ(wr(c5, t, "tx-a", "v"), 0);
		CHECK_EQ(xt_reqs(c5, XS_TRANSACTION_END, t, P("T")), 0);
	}
	/* Entry size. */
	memset(big, 'x', sizeof(big));
	big[2049] = '\0';
	CHECK_EQ(wr(c5, 0, "n1", big), -ENOSPC);
	big[2048] = '\0';
	CHECK_EQ(wr(c5, 0, "n1", big), 0);
	big[2999] = '\0';
	CHECK_EQ(wr(c0, 0, "/big", big), 0);	/* dom0 is exempt */
	/* Permission list length. */
	CHECK_EQ(xt_reqs(c5, XS_SET_PERMS, 0, P("n1" "\0" "n5" "\0" "r1"
		"\0" "r2" "\0" "r3" "\0" "r4" "\0" "r6")), -ENOSPC);
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_quota_watches_txns(void)
{
	struct conn *c5;
	char buf[64];
	unsigned int i, len;
	int rc = 0;

	xt_setup();
	c5 = xt_conn(5, false);
	for (i = 0; i < quota.watches && !rc; i++) {
		len = snprintf(buf, sizeof(buf), "/w%c%u", 0, i);
		rc = xt_rc(c5, XS_WATCH, 0, buf, len + 1);
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(xt_reqs(c5, XS_WATCH, 0, P("/w" "\0" "extra")), -E2BIG);
	xt_events(c5);
	for (i = 0; i < quota.transactions; i++)
		CHECK(tx_start(c5) != 0);
	CHECK_EQ(xt_reqs(c5, XS_TRANSACTION_START, 0, P("")), -ENOSPC);
	xt_teardown();

	/* Nodes one transaction may touch. */
	xt_setup();
	quota.trans_nodes = 4;
	c5 = xt_conn(0, true);
	{
		uint32_t t = tx_start(c5);

		CHECK_EQ(wr(c5, t, "/q1", "1"), 0);	/* touches / and /q1 */
		CHECK_EQ(wr(c5, t, "/q2", "1"), 0);	/* and /q2 */
		CHECK_EQ(wr(c5, t, "/q3", "1"), 0);	/* and /q3: 4 */
		CHECK_EQ(wr(c5, t, "/q4", "1"), -ENOSPC);
		CHECK_EQ(xt_reqs(c5, XS_TRANSACTION_END, t, P("F")), 0);
	}
	CHECK_EQ(xt_audit(), 0);
	xt_teardown();
}

static void test_quota_outstanding(void)
{
	struct conn *c0, *c5;
	struct xsd_sockmsg h = { XS_GET_DOMAIN_PATH, 1, 0, 2 };
	char msg[sizeof(h) + 2];
	unsigned int i;

	xt_setup();
	c0 = xt_conn(0, true);
	c5 = xt_conn(5, false);
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), "5", 2);
	xt_block_output(c5, true);
	for (i = 0; i < quota.outstanding + 5; i++)
		xt_push(c5, msg, sizeof(msg));
	CHECK_EQ(c5->out_replies, quota.outstanding);
	CHECK(!conn_can_read(c5));
	/* The stalled domain slows nobody else. */
	CHECK_EQ(wr(c0, 0, "/still", "fine"), 0);
	xt_block_output(c5, false);
	CHECK_EQ(c5->out_replies, 0);
	conn_handle_input(c5);
	CHECK_EQ(c5->out_replies, 0);
	xt_teardown();
}

/* A reader that stops reading costs itself events, never the daemon's
 * memory: a domain loses events, a local client its connection. */
static void test_event_backlog_bounded(void)
{
	struct conn *c0, *w5, *w0;
	unsigned int i;
	static char req[2100];	/* "/pub\0" and a 2000-byte token */

	xt_setup();
	c0 = xt_conn(0, true);
	w5 = xt_conn(5, false);
	w0 = xt_conn(0, true);
	xt_reqs(c0, XS_MKDIR, 0, P("/pub"));
	xt_reqs(c0, XS_SET_PERMS, 0, P("/pub" "\0" "n0" "\0" "r5"));
	memcpy(req, "/pub", 5);
	memset(req + 5, 't', 2000);
	CHECK_EQ(xt_rc(w5, XS_WATCH, 0, req, 2006), 0);
	CHECK_EQ(xt_rc(w0, XS_WATCH, 0, req, 2006), 0);
	xt_block_output(w5, true);
	xt_block_output(w0, true);
	/* About 2 KiB per event: 2500 of them pass the 4 MiB cap. */
	for (i = 0; i < 2500; i++)
		wr(c0, 0, "/pub/x", "1");
	CHECK(w5->out_bytes <= (4u << 20));
	CHECK(!w5->dead);		/* the domain keeps its connection */
	CHECK(w0->dead);		/* the local client is cut off */
	/* Its replies are still queued: only events are dropped. */
	xt_reqs(w5, XS_GET_DOMAIN_PATH, 0, P("5"));
	CHECK_EQ(w5->out_replies, 1);
	xt_teardown();
}

static void test_oversized_closes(void)
{
	struct conn *bad, *good;
	struct xsd_sockmsg h = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	xt_setup();
	bad = xt_conn(0, true);
	good = xt_conn(0, true);
	xt_reqs(bad, XS_WATCH, 0, P("/" "\0" "t"));
	xt_push(bad, &h, sizeof(h));
	CHECK(bad->dead);
	CHECK_EQ(xt_req(bad, XS_READ, 0, P("/"), out, &olen), XS_ERROR);
	CHECK(!strcmp(out, "E2BIG"));
	conn_reap();
	CHECK_EQ(wr(good, 0, "/unharmed", "yes"), 0);
	CHECK_EQ(rd(good, 0, "/unharmed"), 0);
	xt_teardown();
}

static void test_dump_reload(void)
{
	const char *file = "/tmp/xenolith-xs-unit-dump";
	struct conn *c;
	static char val[] = { 'a', 0, '\n', (char)0xff, ' ' };

	xt_setup();
	c = xt_conn(0, true);
	wr(c, 0, "/vm/uuid/name", "guest one");
	xt_rc(c, XS_WRITE, 0, "/bin\0a\0\n\xff ", 10);
	wr(c, 0, "/local/domain/3/x", "");
	xt_reqs(c, XS_SET_PERMS, 0, P("/local/domain/3" "\0" "n3" "\0" "r4"));
	xt_reqs(c, XS_INTRODUCE, 0, P("3" "\0" "777" "\0" "9"));
	CHECK_EQ(dump_save(file), 0);
	xt_teardown();

	xt_setup();
	CHECK_EQ(dump_load(file), 0);
	c = xt_conn(0, true);
	CHECK_EQ(rd(c, 0, "/vm/uuid/name"), 0);
	CHECK(!strcmp(out, "guest one"));
	CHECK_EQ(rd(c, 0, "/bin"), 0);
	CHECK(olen == sizeof(val) && !memcmp(out, val, sizeof(val)));
	CHECK_EQ(xt_req(c, XS_GET_PERMS, 0, P("/local/domain/3"), out, &olen),
		 XS_GET_PERMS);
	CHECK(olen == 6 && !memcmp(out, "n3\0r4", 6));
	CHECK(domain_find(3) && domain_find(3)->mfn == 777);
	CHECK_EQ(xt_audit(), 0);
	CHECK_EQ(dump_load("/nonexistent/file"), -ENOENT);
	xt_teardown();
	remove(file);
}

int main(void)
{
	check_prog = "xs_store";
	RUN(test_read_write);
	RUN(test_bad_paths);
	RUN(test_rm);
	RUN(test_directory_part);
	RUN(test_perms);
	RUN(test_txn_isolation);
	RUN(test_txn_conflict);
	RUN(test_txn_rm);
	RUN(test_watch_basic);
	RUN(test_watch_txn_and_perms);
	RUN(test_special_watches);
	RUN(test_quota_nodes_and_size);
	RUN(test_quota_watches_txns);
	RUN(test_quota_outstanding);
	RUN(test_event_backlog_bounded);
	RUN(test_oversized_closes);
	RUN(test_dump_reload);
	return check_exit();
}
