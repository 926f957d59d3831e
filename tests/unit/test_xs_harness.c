/*
 * In-memory connections and a store auditor for the xenstored unit tests
 * (see tools/xenstored/testing.h).
 */
#include <stdlib.h>
#include <string.h>
#include "testing.h"

struct memconn {
	char in[XT_MAX * 2];
	unsigned int in_len, in_off;
	char out[XT_MAX * 8];
	unsigned int out_len;
	bool blocked;
};

static int mem_read(struct conn *c, void *buf, unsigned int len)
{
	struct memconn *m = c->priv;
	unsigned int n = m->in_len - m->in_off;

	if (n > len)
		n = len;
	memcpy(buf, m->in + m->in_off, n);
	m->in_off += n;
	if (m->in_off == m->in_len)
		m->in_off = m->in_len = 0;
	return n;
}

static int mem_write(struct conn *c, const void *buf, unsigned int len)
{
	struct memconn *m = c->priv;

	if (m->blocked)
		return 0;
	if (len > sizeof(m->out) - m->out_len)
		return -EIO;
	memcpy(m->out + m->out_len, buf, len);
	m->out_len += len;
	return len;
}

static void mem_close(struct conn *c)
{
	free(c->priv);
}

static const struct conn_ops mem_ops = {
	.read = mem_read,
	.write = mem_write,
	.close = mem_close,
};

void xt_setup(void)
{
	quota_reset();
	store_gen = 0;
	store_init();
}

void xt_teardown(void)
{
	domain_release_all();
	while (conn_list)
		conn_free(conn_list);
	store_fini();
}

struct conn *xt_conn(unsigned int domid, bool priv)
{
	struct caller who = { domid, priv, -1 };
	struct memconn *m = calloc(1, sizeof(*m));

	return conn_new(&mem_ops, m, -1, &who);
}

void xt_push(struct conn *c, const void *bytes, unsigned int len)
{
	struct memconn *m = c->priv;

	memcpy(m->in + m->in_len, bytes, len);
	m->in_len += len;
	conn_handle_input(c);
}

void xt_block_output(struct conn *c, bool blocked)
{
	((struct memconn *)c->priv)->blocked = blocked;
	conn_flush(c);
}

/* Remove and return the first message (type filter: reply or event). */
static int take_msg(struct memconn *m, bool event, char *out,
		    unsigned int *outlen, uint32_t *type)
{
	unsigned int off = 0;

	while (off + sizeof(struct xsd_sockmsg) <= m->out_len) {
		struct xsd_sockmsg h;
		unsigned int total;

		memcpy(&h, m->out + off, sizeof(h));
		total = sizeof(h) + h.len;
		if ((h.type == XS_WATCH_EVENT) == event) {
			if (out)
				memcpy(out, m->out + off + sizeof(h), h.len);
			if (outlen)
				*outlen = h.len;
			*type = h.type;
			memmove(m->out + off, m->out + off + total,
				m->out_len - off - total);
			m->out_len -= total;
			return 0;
		}
		off += total;
	}
	return -1;
}

/* Send one request; returns the reply's type (-1: no reply). */
int xt_req(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
	   unsigned int len, char *out, unsigned int *outlen)
{
	static uint32_t req_id;
	struct xsd_sockmsg h = { type, ++req_id, tx, len };
	char buf[sizeof(h) + XT_MAX];
	uint32_t rtype;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	xt_push(c, buf, sizeof(h) + len);
	if (take_msg(c->priv, false, out, outlen, &rtype))
		return -1;
	return rtype;
}

/* As xt_req, but 0 for success and -errno for an XS_ERROR reply. */
int xt_rc(struct conn *c, uint32_t type, uint32_t tx, const char *payload,
	  unsigned int len)
{
	char out[XT_MAX];
	unsigned int olen = 0;
	int t = xt_req(c, type, tx, payload, len, out, &olen);

	if (t < 0)
		return -9999;
	if (t == XS_ERROR)
		return wire_error_number(out);
	return 0;
}

/* Convenience: payload given as a C string literal with embedded NULs. */
int xt_reqs(struct conn *c, uint32_t type, uint32_t tx, const char *payload,
	    unsigned int len)
{
	return xt_rc(c, type, tx, payload, len);
}

/* Throw away everything the daemon sent to c. */
void xt_drain(struct conn *c)
{
	((struct memconn *)c->priv)->out_len = 0;
	conn_flush(c);
}

bool xt_event(struct conn *c, char *path, char *token)
{
	char out[XT_MAX];
	unsigned int len;
	uint32_t type;

	if (take_msg(c->priv, true, out, &len, &type))
		return false;
	strcpy(path, out);
	strcpy(token, out + strlen(out) + 1);
	return true;
}

unsigned int xt_events(struct conn *c)
{
	char p[XT_MAX], t[XT_MAX];
	unsigned int n = 0;

	while (xt_event(c, p, t))
		n++;
	return n;
}

struct audit {
	int bad;
	unsigned int owned[16];
};

static void audit_node(struct node *n, void *arg)
{
	struct audit *a = arg;
	unsigned int off;
	char *parent;

	if (n->nperms && n->perms[0].id < 16)
		a->owned[n->perms[0].id]++;
	if (!n->nperms)
		a->bad++;
	if (strcmp(n->path, "/")) {
		parent = path_parent(n->path);
		if (!tree_find(&store, parent) ||
		    !node_has_child(tree_find(&store, parent),
				    path_basename(n->path)))
			a->bad++;
		free(parent);
	}
	for (off = 0; off < n->clen; off += strlen(n->children + off) + 1) {
		char p[XENSTORE_ABS_PATH_MAX + 64];

		snprintf(p, sizeof(p), "%s/%s",
			 strcmp(n->path, "/") ? n->path : "",
			 n->children + off);
		if (!tree_find(&store, p))
			a->bad++;
	}
	if (n->clen && n->children[n->clen - 1] != '\0')
		a->bad++;
}

/*
 * Check the store's invariants: parents exist and list their children,
 * child lists name only existing nodes, and the quota's node counts
 * match ownership.  Returns the number of problems.
 */
int xt_audit(void)
{
	struct audit a = { 0 };
	unsigned int i;

	tree_foreach(&store, audit_node, &a);
	for (i = 0; i < 16; i++)
		if (a.owned[i] != quota_nodes_of(i))
			a.bad++;
	return a.bad;
}
