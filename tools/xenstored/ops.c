/*
 * One handler per message type.
 *
 * ops_dispatch() decodes the header, checks privilege, finds the
 * transaction named by tx_id, and calls the handler from a table indexed
 * by type.  A handler parses its arguments, does the work through
 * store.c, domain.c or watch.c, and sends its reply; a negative return
 * becomes an XS_ERROR reply with Xen's error name.  Replies go out before
 * the watch events the request caused, so a client always learns that
 * its own write succeeded before hearing about it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct req {
	struct conn *c;
	struct xsd_sockmsg *h;
	char *body;
	struct txn *tx;		/* transaction named by h->tx_id */
	struct change *changes;	/* fired after the reply if !tx */
};

/* A reply too big for one message (a huge child list) is E2BIG; the
 * client then falls back to DIRECTORY_PART. */
static void reply(struct req *r, const void *data, unsigned int len)
{
	if (len > XENSTORE_PAYLOAD_MAX) {
		conn_send_error(r->c, r->h, -E2BIG);
		return;
	}
	conn_send(r->c, r->h->type, r->h->req_id, r->h->tx_id, data, len,
		  true);
}

static void reply_str(struct req *r, const char *s)
{
	reply(r, s, strlen(s) + 1);
}

/* Exactly n NUL-terminated arguments, nothing after them. */
static int args(struct req *r, char **argv, int n)
{
	unsigned int len = r->h->len;

	if (!len || r->body[len - 1] != '\0')
		return -EINVAL;
	if (wire_count_strings(r->body, len) != n)
		return -EINVAL;
	wire_split(r->body, len, argv, n);
	return 0;
}

static struct view req_view(struct req *r)
{
	struct view v = {
		.base = &store,
		.tx = r->tx,
		.changes = r->tx ? &r->tx->changes : &r->changes,
	};
	return v;
}

/* Canonical absolute path of the single argument, or NULL (-EINVAL). */
static char *path_arg(struct req *r, const char *arg, bool special)
{
	char *abs = conn_canonical(r->c, arg);

	if (abs && !path_is_valid(abs, special)) {
		free(abs);
		return NULL;
	}
	return abs;
}

static int parse_domid(const char *s, unsigned int *domid)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	v = strtoul(s, &end, 10);
	if (*end || v >= 0x7ff0)	/* DOMID_FIRST_RESERVED */
		return -EINVAL;
	*domid = v;
	return 0;
}

/* Look up the node named by the only argument, checking read access. */
static int read_node(struct req *r, const struct node **n)
{
	struct view v = req_view(r);
	char *argv[1], *abs;
	int rc = args(r, argv, 1);

	if (rc)
		return rc;
	abs = path_arg(r, argv[0], false);
	if (!abs)
		return -EINVAL;
	rc = store_read(&v, &r->c->who, abs, n);
	free(abs);
	return rc;
}

static int op_read(struct req *r)
{
	const struct node *n;
	int rc = read_node(r, &n);

	if (!rc)
		reply(r, n->value, n->vlen);
	return rc;
}

static int op_directory(struct req *r)
{
	const struct node *n;
	int rc = read_node(r, &n);

	if (!rc)
		reply(r, n->children, n->clen);
	return rc;
}

static int op_get_perms(struct req *r)
{
	const struct node *n;
	char *buf;
	unsigned int len;
	int rc = read_node(r, &n);

	if (!rc)
		rc = perms_format(n, &buf, &len);
	if (rc)
		return rc;
	reply(r, buf, len);
	free(buf);
	return 0;
}

/*
 * A chunk of a long child list: "<gen>\0" then whole names from offset
 * that fit in one payload.  The chunk that reaches the end of the list
 * carries one more NUL (an empty name), which is how the client knows it
 * is done; an offset at or past the end yields just "<gen>\0\0".
 */
static int op_directory_part(struct req *r)
{
	struct view v = req_view(r);
	const struct node *n;
	char *argv[2], *abs, *buf;
	unsigned int off, len = 0, glen;
	int rc = args(r, argv, 2);

	if (rc)
		return rc;
	abs = path_arg(r, argv[0], false);
	if (!abs)
		return -EINVAL;
	rc = store_read(&v, &r->c->who, abs, &n);
	free(abs);
	if (rc)
		return rc;
	off = strtoul(argv[1], NULL, 10);
	buf = malloc(XENSTORE_PAYLOAD_MAX);
	if (!buf)
		return -ENOMEM;
	glen = sprintf(buf, "%llu", (unsigned long long)n->gen) + 1;
	while (off < n->clen) {
		unsigned int l = strlen(n->children + off) + 1;

		if (glen + len + l + 1 > XENSTORE_PAYLOAD_MAX)
			break;
		memcpy(buf + glen + len, n->children + off, l);
		len += l;
		off += l;
	}
	buf[glen + len] = '\0';
	reply(r, buf, glen + len + (off >= n->clen));
	free(buf);
	return 0;
}

static int op_write(struct req *r)
{
	struct view v = req_view(r);
	char *nul = memchr(r->body, '\0', r->h->len);
	unsigned int plen;
	char *abs;
	int rc;

	if (!nul)
		return -EINVAL;
	plen = nul - r->body + 1;
	abs = path_arg(r, r->body, false);
	if (!abs)
		return -EINVAL;
	rc = store_write(&v, &r->c->who, abs, r->body + plen,
			 r->h->len - plen);
	free(abs);
	if (!rc)
		reply_str(r, "OK");
	return rc;
}

static int op_mkdir_rm(struct req *r)
{
	struct view v = req_view(r);
	char *argv[1], *abs;
	int rc = args(r, argv, 1);

	if (rc)
		return rc;
	abs = path_arg(r, argv[0], false);
	if (!abs)
		return -EINVAL;
	if (r->h->type == XS_MKDIR)
		rc = store_mkdir(&v, &r->c->who, abs);
	else
		rc = store_rm(&v, &r->c->who, abs);
	free(abs);
	if (!rc)
		reply_str(r, "OK");
	return rc;
}

static int op_set_perms(struct req *r)
{
	struct view v = req_view(r);
	unsigned int len = r->h->len, plen, num;
	struct node_perm *p;
	char *abs;
	int rc;

	if (!len || r->body[len - 1] != '\0' ||
	    wire_count_strings(r->body, len) < 2)
		return -EINVAL;
	plen = strlen(r->body) + 1;
	rc = perms_parse(r->body + plen, len - plen, &p, &num);
	if (rc)
		return rc;
	abs = path_arg(r, r->body, false);
	rc = abs ? store_set_perms(&v, &r->c->who, abs, p, num) : -EINVAL;
	free(abs);
	free(p);
	if (!rc)
		reply_str(r, "OK");
	return rc;
}

static void send_initial_event(struct req *r, const char *path,
			       const char *token)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	char *buf = malloc(pl + tl);

	if (!buf)
		return;
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	conn_send(r->c, XS_WATCH_EVENT, 0, 0, buf, pl + tl, false);
	free(buf);
}

static int op_watch(struct req *r)
{
	unsigned int len = r->h->len;
	char *argv[2], *abs;
	int rc;

	/* Later libraries may append more arguments; ignore them. */
	if (!len || r->body[len - 1] != '\0' ||
	    wire_split(r->body, len, argv, 2) != 2)
		return -EINVAL;
	abs = path_arg(r, argv[0], true);
	if (!abs)
		return -EINVAL;
	if (r->h->type == XS_WATCH)
		rc = watch_add(r->c, argv[0], abs, argv[1]);
	else
		rc = watch_remove(r->c, abs, argv[1]);
	free(abs);
	if (rc)
		return rc;
	reply_str(r, "OK");
	if (r->h->type == XS_WATCH)
		send_initial_event(r, argv[0], argv[1]);
	return 0;
}

static int op_transaction_start(struct req *r)
{
	struct conn *c = r->c;
	struct txn *t;
	char id[16];

	if (r->tx || r->h->tx_id)
		return -EBUSY;
	if (!c->who.priv && c->ntxns >= quota.transactions)
		return -ENOSPC;
	t = txn_new(c->next_txid, c->who.domid);
	if (!t)
		return -ENOMEM;
	t->priv = c->who.priv;
	if (++c->next_txid == 0)
		c->next_txid = 1;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	snprintf(id, sizeof(id), "%u", t->id);
	reply_str(r, id);
	return 0;
}

static void unlink_txn(struct conn *c, struct txn *t)
{
	struct txn **pp;

	for (pp = &c->txns; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			c->ntxns--;
			return;
		}
	}
}

static int op_transaction_end(struct req *r)
{
	struct change *fired = NULL;
	struct txn *t = r->tx;
	char *argv[1];
	int rc = args(r, argv, 1);

	if (rc)
		return rc;
	if (!t)
		return -ENOENT;
	if (strcmp(argv[0], "T") && strcmp(argv[0], "F"))
		return -EINVAL;
	unlink_txn(r->c, t);
	r->tx = NULL;
	if (argv[0][0] == 'T')
		rc = txn_commit(t, &fired);
	txn_free(t);
	if (rc)
		return rc;
	reply_str(r, "OK");
	r->changes = fired;
	return 0;
}

static int domid_args(struct req *r, char **argv, int n,
		      unsigned int *domid)
{
	int rc = args(r, argv, n);

	return rc ? rc : parse_domid(argv[0], domid);
}

static int op_introduce(struct req *r)
{
	char *argv[3], *end;
	unsigned int domid;
	unsigned long long mfn;
	unsigned long port;
	int rc = domid_args(r, argv, 3, &domid);

	if (rc)
		return rc;
	mfn = strtoull(argv[1], &end, 0);
	if (*end || !argv[1][0])
		return -EINVAL;
	port = strtoul(argv[2], &end, 0);
	if (*end || !argv[2][0])
		return -EINVAL;
	rc = domain_introduce(domid, mfn, port);
	if (rc)
		return rc;
	reply_str(r, "OK");
	watch_fire_special("@introduceDomain");
	return 0;
}

static int op_domid_only(struct req *r)
{
	char *argv[1];
	unsigned int domid;
	char path[32];
	int rc = domid_args(r, argv, 1, &domid);

	if (rc)
		return rc;
	switch (r->h->type) {
	case XS_GET_DOMAIN_PATH:
		snprintf(path, sizeof(path), "/local/domain/%u", domid);
		reply_str(r, path);
		return 0;
	case XS_IS_DOMAIN_INTRODUCED:
		reply_str(r, domid == 0 || domain_find(domid) ? "T" : "F");
		return 0;
	case XS_RELEASE:
		rc = domain_release(domid);
		if (!rc) {
			reply_str(r, "OK");
			watch_fire_special("@releaseDomain");
		}
		return rc;
	default:	/* XS_RESUME */
		rc = domain_resume(domid);
		if (!rc)
			reply_str(r, "OK");
		return rc;
	}
}

static int op_set_target(struct req *r)
{
	char *argv[2];
	unsigned int domid, target;
	int rc = domid_args(r, argv, 2, &domid);

	if (!rc)
		rc = parse_domid(argv[1], &target);
	if (!rc)
		rc = domain_set_target(domid, target);
	if (!rc)
		reply_str(r, "OK");
	return rc;
}

static int op_reset_watches(struct req *r)
{
	struct conn *c = r->c;

	watch_remove_all(c);
	while (c->txns) {
		struct txn *t = c->txns;

		unlink_txn(c, t);
		txn_free(t);
	}
	r->tx = NULL;
	reply_str(r, "OK");
	return 0;
}

static const struct quota_name {
	const char *name;
	unsigned int *value;
} quota_names[] = {
	{ "nodes", &quota.nodes },
	{ "watches", &quota.watches },
	{ "transactions", &quota.transactions },
	{ "entry-size", &quota.entry_size },
	{ "permissions", &quota.perms },
	{ "outstanding", &quota.outstanding },
	{ "transaction-nodes", &quota.trans_nodes },
	{ "path-max", &quota.path_max },
};

/* "quota": list the limits; "quota <name> <value>": change one. */
static int control_quota(struct req *r, char **argv, int n)
{
	char buf[512];
	unsigned int i, len = 0;

	for (i = 0; i < sizeof(quota_names) / sizeof(quota_names[0]); i++) {
		const struct quota_name *q = &quota_names[i];

		if (n == 1)
			len += snprintf(buf + len, sizeof(buf) - len, "%s %u\n",
					q->name, *q->value);
		else if (n == 3 && !strcmp(argv[1], q->name))
			break;
	}
	if (n == 1) {
		reply_str(r, buf);
		return 0;
	}
	if (n != 3 || i == sizeof(quota_names) / sizeof(quota_names[0]) ||
	    argv[2][0] < '0' || argv[2][0] > '9')
		return -EINVAL;
	*quota_names[i].value = strtoul(argv[2], NULL, 10);
	reply_str(r, "OK");
	return 0;
}

/* The few daemon commands a test or an operator needs. */
static int op_control(struct req *r)
{
	char *argv[4];
	int n;

	if (!r->h->len || r->body[r->h->len - 1] != '\0')
		return -EINVAL;
	n = wire_split(r->body, r->h->len, argv, 4);
	if (n < 1)
		return -EINVAL;
	if (!strcmp(argv[0], "check") || !strcmp(argv[0], "log")) {
		reply_str(r, "OK");
	} else if (!strcmp(argv[0], "print")) {
		if (n > 1 && trace_file)
			fprintf(trace_file, "print: %s\n", argv[1]);
		reply_str(r, "OK");
	} else if (!strcmp(argv[0], "save")) {
		if (n < 2)
			return -EINVAL;
		if (dump_save(argv[1]))
			return -EIO;
		reply_str(r, "OK");
	} else if (!strcmp(argv[0], "quota")) {
		return control_quota(r, argv, n);
	} else if (!strcmp(argv[0], "help")) {
		reply_str(r, "check\nlog\nprint <text>\nsave <file>\n"
			  "quota [<name> <value>]\nhelp\n");
	} else {
		return -EINVAL;
	}
	return 0;
}

enum { OP_PRIV = 1, OP_TXN = 2 };

static const struct op {
	int (*fn)(struct req *r);
	unsigned int flags;
} op_table[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { op_control, OP_PRIV },
	[XS_DIRECTORY] = { op_directory, OP_TXN },
	[XS_READ] = { op_read, OP_TXN },
	[XS_GET_PERMS] = { op_get_perms, OP_TXN },
	[XS_WATCH] = { op_watch, 0 },
	[XS_UNWATCH] = { op_watch, 0 },
	[XS_TRANSACTION_START] = { op_transaction_start, 0 },
	[XS_TRANSACTION_END] = { op_transaction_end, OP_TXN },
	[XS_INTRODUCE] = { op_introduce, OP_PRIV },
	[XS_RELEASE] = { op_domid_only, OP_PRIV },
	[XS_GET_DOMAIN_PATH] = { op_domid_only, 0 },
	[XS_WRITE] = { op_write, OP_TXN },
	[XS_MKDIR] = { op_mkdir_rm, OP_TXN },
	[XS_RM] = { op_mkdir_rm, OP_TXN },
	[XS_SET_PERMS] = { op_set_perms, OP_TXN },
	[XS_IS_DOMAIN_INTRODUCED] = { op_domid_only, OP_PRIV },
	[XS_RESUME] = { op_domid_only, OP_PRIV },
	[XS_SET_TARGET] = { op_set_target, OP_PRIV },
	[XS_RESET_WATCHES] = { op_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { op_directory_part, OP_TXN },
};

void ops_dispatch(struct conn *c, struct xsd_sockmsg *h, char *body)
{
	struct req r = { .c = c, .h = h, .body = body };
	const struct op *op = h->type < XS_TYPE_COUNT ? &op_table[h->type]
						      : NULL;
	int rc;

	if (!op || !op->fn) {
		/* As Xen: unknown (or obsolete, or daemon-only) types are
		 * ENOSYS, which libxenstore reads as "not supported". */
		conn_send_error(c, h, -ENOSYS);
		return;
	}
	if ((op->flags & OP_PRIV) && !c->who.priv) {
		conn_send_error(c, h, -EACCES);
		return;
	}
	if (h->tx_id && (op->flags & OP_TXN)) {
		r.tx = conn_find_txn(c, h->tx_id);
		if (!r.tx) {
			conn_send_error(c, h, -ENOENT);
			return;
		}
	}
	rc = op->fn(&r);
	if (rc)
		conn_send_error(c, h, rc);
	else
		watch_fire(r.changes);
	change_list_free(r.changes);
}
