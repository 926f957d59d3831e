/*
 * Domains: the table of introduced domains and their ring connections.
 *
 * The toolstack builds a guest, gives it a page for the XenStore ring and
 * an unbound event channel, then sends INTRODUCE(domid, mfn, port).  We
 * map the page, bind the channel and start serving the ring as a
 * connection with the guest's identity.  RELEASE undoes that when the
 * guest dies: its connection, watches and transactions go, and watchers
 * of @releaseDomain hear about it (ops.c fires the special watches).
 *
 * Mapping and event channels go through struct domain_backend.  On the
 * host the default backend maps nothing: a domain is then recorded (so
 * GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED and the special watches behave)
 * but has no ring.  Unit tests install a backend over ordinary memory.
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

static void *null_map(unsigned int domid, uint64_t mfn)
{
	(void)domid;
	(void)mfn;
	return NULL;
}

static const struct domain_backend null_backend = {
	.map = null_map,
};

struct domain *domain_list;	/* every introduced domain */
const struct domain_backend *domain_backend = &null_backend;

struct domain *domain_find(unsigned int domid)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

/* Start serving d's ring, if the backend could map it. */
static int domain_connect(struct domain *d, void *page)
{
	struct caller who = { d->domid, d->domid == 0, d->target };
	struct ring *rg = calloc(1, sizeof(*rg));

	if (!rg)
		return -ENOMEM;
	rg->intf = page;
	d->conn = conn_new(&ring_ops, rg, -1, &who);
	if (!d->conn) {
		free(rg);
		return -ENOMEM;
	}
	d->conn->dom = d;
	rg->intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
				    XENSTORE_SERVER_FEATURE_ERROR;
	rg->intf->error = XENSTORE_ERROR_NONE;
	return 0;
}

/* The mapped page outlives any one connection over it. */
static struct xenstore_domain_interface *domain_page(const struct domain *d)
{
	return d->page;
}

int domain_introduce(unsigned int domid, uint64_t mfn, unsigned int port)
{
	struct domain *d = domain_find(domid);
	void *page;
	int rc;

	if (d)
		return d->mfn == mfn ? 0 : -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->domid = domid;
	d->mfn = mfn;
	d->port = port;
	d->target = -1;
	d->local_port = -1;
	page = domain_backend->map(domid, mfn);
	d->page = page;
	if (page) {
		if (domain_backend->bind)
			d->local_port = domain_backend->bind(domid, port);
		rc = domain_connect(d, page);
		if (rc) {
			if (domain_backend->unmap)
				domain_backend->unmap(domid, page);
			free(d);
			return rc;
		}
		/* As Xen's daemon does: the first event tells a guest that
		 * waits for a daemon (dom0's Linux) that one is up. */
		if (domain_backend->notify)
			domain_backend->notify(d->local_port);
	}
	d->next = domain_list;
	domain_list = d;
	return 0;
}

static void domain_unlink(struct domain *d)
{
	struct domain **pp;

	for (pp = &domain_list; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			return;
		}
	}
}

/* The connection is only marked: conn_reap() frees it later. */
static void domain_free(struct domain *d)
{
	void *page = domain_page(d);

	if (d->conn) {
		d->conn->dead = true;
		d->conn->dom = NULL;
	}
	if (d->local_port >= 0 && domain_backend->unbind)
		domain_backend->unbind(d->local_port);
	if (page && domain_backend->unmap)
		domain_backend->unmap(d->domid, page);
	free(d);
}

int domain_release(unsigned int domid)
{
	struct domain *d;

	if (domid == 0)
		return -EINVAL;
	d = domain_find(domid);
	if (!d)
		return -ENOENT;
	domain_unlink(d);
	domain_free(d);
	return 0;
}

void domain_release_all(void)
{
	while (domain_list) {
		struct domain *d = domain_list;

		domain_list = d->next;
		domain_free(d);
	}
}

int domain_resume(unsigned int domid)
{
	return domain_find(domid) ? 0 : -ENOENT;
}

int domain_set_target(unsigned int domid, unsigned int target)
{
	struct domain *d = domain_find(domid);

	if (!d || !domain_find(target))
		return -ENOENT;
	d->target = target;
	if (d->conn)
		d->conn->who.target = target;
	return 0;
}

/*
 * The guest asked for a fresh ring (XENSTORE_RECONNECT): forget its
 * watches, transactions and partial messages, and reset the indices.
 */
static void domain_reconnect(struct domain *d)
{
	struct conn *c = d->conn;
	struct xenstore_domain_interface *intf = domain_page(d);
	struct caller who = c->who;

	c->dead = true;
	c->dom = NULL;
	d->conn = NULL;
	intf->req_cons = intf->req_prod = 0;
	intf->rsp_cons = intf->rsp_prod = 0;
	if (domain_connect(d, intf))
		return;
	d->conn->who = who;
	__atomic_store_n(&intf->connection, XENSTORE_CONNECTED,
			 __ATOMIC_RELEASE);
	if (domain_backend->notify)
		domain_backend->notify(d->local_port);
}

bool domain_any_ring(void)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next)
		if (d->conn)
			return true;
	return false;
}

/*
 * Serve every ring: the event channel only says "look".  The guest is
 * notified only when we moved an index it waits on (we consumed requests
 * or produced replies): the loop runs every few milliseconds, and an
 * event each time would interrupt an idle guest (dom0's kernel) for
 * nothing.
 */
void domain_poll(void)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next) {
		struct xenstore_domain_interface *intf = domain_page(d);
		XENSTORE_RING_IDX req_cons, rsp_prod;

		if (!intf || !d->conn || d->conn->dead)
			continue;
		if (__atomic_load_n(&intf->connection, __ATOMIC_ACQUIRE) ==
		    XENSTORE_RECONNECT)
			domain_reconnect(d);
		if (!d->conn)
			continue;
		req_cons = intf->req_cons;
		rsp_prod = intf->rsp_prod;
		conn_handle_input(d->conn);
		conn_flush(d->conn);
		if (domain_backend->notify && (intf->req_cons != req_cons ||
					       intf->rsp_prod != rsp_prod ||
					       d->conn->dead))
			domain_backend->notify(d->local_port);
	}
}
