/*
 * Connections.
 *
 * A connection is one client: a local tool on the Unix socket or a domain
 * on its shared-page ring.  The transport (struct conn_ops) only moves
 * bytes; this file turns them into messages.  Input is reassembled header
 * first, then payload; a header announcing more than XENSTORE_PAYLOAD_MAX
 * bytes means the peer is broken or hostile, so the connection gets one
 * error reply and is closed, without harming anybody else.  Each complete
 * request is dispatched at once (ops.c).
 *
 * Output is a queue of whole messages, written as far as the transport
 * takes them.  An unprivileged domain that stops reading its replies
 * stops being read once quota.outstanding replies are queued: it can only
 * slow itself down.  Watch events are not requests, so they are bounded
 * by bytes instead: past CONN_OUT_MAX queued bytes an unprivileged
 * domain loses further events (as Xen drops events for a domain over
 * its quota) and a local client that stopped reading is disconnected.
 * Connections are freed by conn_reap() from the main
 * loop, never while a request is being handled, so handlers and watch
 * delivery may mark any connection dead safely.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

#define CONN_OUT_MAX (4u << 20)	/* queued output bytes, see above */

struct conn *conn_list;		/* every live connection */
FILE *trace_file;		/* -T: one line per message, or NULL */

struct conn *conn_new(const struct conn_ops *ops, void *priv, int fd,
		      const struct caller *who)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct conn **pp = &conn_list;

	if (!c)
		return NULL;
	c->ops = ops;
	c->priv = priv;
	c->fd = fd;
	c->who = *who;
	c->next_txid = 1;
	while (*pp)
		pp = &(*pp)->next;
	*pp = c;
	return c;
}

static void conn_drop_txns(struct conn *c)
{
	while (c->txns) {
		struct txn *t = c->txns;

		c->txns = t->next;
		txn_free(t);
	}
	c->ntxns = 0;
}

void conn_free(struct conn *c)
{
	struct conn **pp;

	for (pp = &conn_list; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	watch_remove_all(c);
	conn_drop_txns(c);
	while (c->out_head) {
		struct outmsg *m = c->out_head;

		c->out_head = m->next;
		free(m);
	}
	free(c->body);
	if (c->ops->close)
		c->ops->close(c);
	free(c);
}

void conn_reap(void)
{
	struct conn *c = conn_list;

	while (c) {
		struct conn *next = c->next;

		if (c->dead)
			conn_free(c);
		c = next;
	}
}

/*
 * Before a restart the daemon drains, as Xen's live update waits for
 * transactions to end: only connections inside a transaction are still
 * read, until they commit or abort.  Everyone else's requests wait (in
 * the ring, or in conn's partial input, which the state file keeps) for
 * the new daemon.
 */
bool conn_draining;

bool conn_can_read(const struct conn *c)
{
	if (c->dead || (conn_draining && !c->ntxns))
		return false;
	return c->who.priv || c->out_replies < quota.outstanding;
}

unsigned int conn_open_txns(void)
{
	const struct conn *c;
	unsigned int n = 0;

	for (c = conn_list; c; c = c->next)
		if (!c->dead)
			n += c->ntxns;
	return n;
}

bool conn_wants_write(const struct conn *c)
{
	return c->out_head != NULL;
}

void conn_flush(struct conn *c)
{
	bool moved = false;

	while (c->out_head && !c->dead) {
		struct outmsg *m = c->out_head;
		int r = c->ops->write(c, m->data + m->off, m->len - m->off);

		if (r < 0) {
			c->dead = true;
			break;
		}
		if (r == 0)
			break;
		moved = true;
		m->off += r;
		if (m->off < m->len)
			continue;
		c->out_head = m->next;
		if (!c->out_head)
			c->out_tail = NULL;
		if (m->is_reply)
			c->out_replies--;
		c->out_bytes -= m->len;
		free(m);
	}
	if (moved && c->ops->kick)
		c->ops->kick(c);
}

void conn_send(struct conn *c, uint32_t type, uint32_t req_id,
	       uint32_t tx_id, const void *data, unsigned int len,
	       bool is_reply)
{
	struct xsd_sockmsg h = { type, req_id, tx_id, len };
	struct outmsg *m;

	if (c->dead)
		return;
	if (c->out_bytes + len > CONN_OUT_MAX) {
		if (c->who.priv)
			c->dead = true;
		if (c->who.priv || !is_reply)
			return;
	}
	m = malloc(sizeof(*m) + sizeof(h) + len);
	if (!m) {
		c->dead = true;
		return;
	}
	m->next = NULL;
	m->len = sizeof(h) + len;
	m->off = 0;
	m->is_reply = is_reply;
	memcpy(m->data, &h, sizeof(h));
	if (len)
		memcpy(m->data + sizeof(h), data, len);
	trace_msg(c, "OUT", &h, m->data + sizeof(h));
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_bytes += m->len;
	if (is_reply)
		c->out_replies++;
	conn_flush(c);
}

void conn_send_error(struct conn *c, const struct xsd_sockmsg *req, int err)
{
	const char *name = wire_error_name(err);

	conn_send(c, XS_ERROR, req->req_id, req->tx_id, name,
		  strlen(name) + 1, true);
}

/* The header is complete: check it, and make room for the payload. */
static bool conn_start_body(struct conn *c)
{
	if (!wire_header_ok(&c->hdr)) {
		conn_send_error(c, &c->hdr, -E2BIG);
		c->dead = true;
		return false;
	}
	c->body = malloc(c->hdr.len + 1);
	if (!c->body) {
		c->dead = true;
		return false;
	}
	c->body_got = 0;
	return true;
}

/* Read once; returns false when nothing more can be read now. */
static bool conn_read_step(struct conn *c)
{
	int r;

	if (c->hdr_got < sizeof(c->hdr)) {
		r = c->ops->read(c, (char *)&c->hdr + c->hdr_got,
				 sizeof(c->hdr) - c->hdr_got);
		if (r <= 0)
			goto out;
		c->hdr_got += r;
		if (c->hdr_got < sizeof(c->hdr) || !conn_start_body(c))
			return !c->dead;
	}
	if (c->body_got < c->hdr.len) {
		r = c->ops->read(c, c->body + c->body_got,
				 c->hdr.len - c->body_got);
		if (r <= 0)
			goto out;
		c->body_got += r;
		if (c->body_got < c->hdr.len)
			return true;
	}
	c->body[c->hdr.len] = '\0';
	trace_msg(c, "IN", &c->hdr, c->body);
	ops_dispatch(c, &c->hdr, c->body);
	free(c->body);
	c->body = NULL;
	c->hdr_got = 0;
	return true;
out:
	if (r < 0)
		c->dead = true;
	return false;
}

/*
 * Restart support (dump.c): put back the bytes of a request that was
 * only partly received, and whole queued messages not yet sent.
 */
void conn_restore_input(struct conn *c, const char *buf, unsigned int len)
{
	unsigned int n = len < sizeof(c->hdr) ? len : sizeof(c->hdr);

	memcpy(&c->hdr, buf, n);
	c->hdr_got = n;
	if (n < sizeof(c->hdr) || !conn_start_body(c))
		return;
	if (len - n > c->hdr.len)
		len = n + c->hdr.len;
	memcpy(c->body, buf + n, len - n);
	c->body_got = len - n;
}

void conn_restore_output(struct conn *c, const char *buf, unsigned int len,
			 bool is_reply)
{
	struct outmsg *m = malloc(sizeof(*m) + len);

	if (!m)
		return;
	m->next = NULL;
	m->len = len;
	m->off = 0;
	m->is_reply = is_reply;
	memcpy(m->data, buf, len);
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_bytes += len;
	if (is_reply)
		c->out_replies++;
}

void conn_handle_input(struct conn *c)
{
	while (conn_can_read(c) && conn_read_step(c))
		;
}

/* Absolute form of a client's path; NULL if it is too long. */
char *conn_canonical(const struct conn *c, const char *path)
{
	char *abs;

	if (path[0] == '/' || path[0] == '@')
		return strdup(path);
	if (!c->who.priv && strlen(path) > quota.path_max)
		return NULL;
	abs = malloc(strlen(path) + 32);
	if (abs)
		sprintf(abs, "/local/domain/%u/%s", c->who.domid, path);
	return abs;
}

struct txn *conn_find_txn(struct conn *c, uint32_t id)
{
	struct txn *t;

	for (t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

void trace_msg(const struct conn *c, const char *dir,
	       const struct xsd_sockmsg *h, const char *body)
{
	unsigned int i;

	if (!trace_file)
		return;
	fprintf(trace_file, "%s %p %s (req %u tx %u len %u) ", dir,
		(const void *)c, wire_type_name(h->type), h->req_id,
		h->tx_id, h->len);
	for (i = 0; i < h->len && i < 256; i++) {
		unsigned char ch = body[i];

		fputc(ch >= 32 && ch < 127 ? ch : '.', trace_file);
	}
	fputc('\n', trace_file);
	fflush(trace_file);
}
