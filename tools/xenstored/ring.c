/*
 * The shared-page ring transport of a domain.
 *
 * The page holds two byte rings (struct xenstore_domain_interface): req,
 * which the guest produces and we consume, and rsp, which we produce.
 * Indices are free-running; the fill level is prod - cons.  The guest
 * owns req_prod and rsp_cons and may scribble on them at any time, so we
 * read each index once, check that the fill level is possible, and only
 * then touch the data.  A guest that breaks that rule gets
 * XENSTORE_ERROR_RINGIDX in the error field and loses its connection; it
 * cannot make us read or write outside the page.
 *
 * Ordering: read the producer index, then the data (acquire); write the
 * data, then the producer index (release).  The event channel kick that
 * tells the guest to look comes after the index update.
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

static uint32_t load_idx(XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static int ring_broken(struct ring *rg)
{
	rg->intf->error = XENSTORE_ERROR_RINGIDX;
	rg->broken = true;
	return -EIO;
}

static unsigned int ring_chunk(uint32_t idx, unsigned int avail,
			       unsigned int len)
{
	unsigned int to_end = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(idx);

	if (len > avail)
		len = avail;
	return len < to_end ? len : to_end;
}

static int ring_read(struct conn *c, void *buf, unsigned int len)
{
	struct ring *rg = c->priv;
	struct xenstore_domain_interface *intf = rg->intf;
	uint32_t cons = load_idx(&intf->req_cons);
	uint32_t prod = load_idx(&intf->req_prod);
	unsigned int n;

	if (rg->broken)
		return -EIO;
	if (prod - cons > XENSTORE_RING_SIZE)
		return ring_broken(rg);
	n = ring_chunk(cons, prod - cons, len);
	if (!n)
		return 0;
	memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), n);
	store_idx(&intf->req_cons, cons + n);
	return n;
}

static int ring_write(struct conn *c, const void *buf, unsigned int len)
{
	struct ring *rg = c->priv;
	struct xenstore_domain_interface *intf = rg->intf;
	uint32_t cons = load_idx(&intf->rsp_cons);
	uint32_t prod = load_idx(&intf->rsp_prod);
	unsigned int n;

	if (rg->broken)
		return -EIO;
	if (prod - cons > XENSTORE_RING_SIZE)
		return ring_broken(rg);
	n = ring_chunk(prod, XENSTORE_RING_SIZE - (prod - cons), len);
	if (!n)
		return 0;
	memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, n);
	store_idx(&intf->rsp_prod, prod + n);
	return n;
}

static void ring_kick(struct conn *c)
{
	if (c->dom && domain_backend->notify)
		domain_backend->notify(c->dom->local_port);
}

/* The page itself belongs to the domain (domain.c unmaps it). */
static void ring_close(struct conn *c)
{
	if (c->dom)
		c->dom->conn = NULL;
	free(c->priv);
}

const struct conn_ops ring_ops = {
	.read = ring_read,
	.write = ring_write,
	.close = ring_close,
	.kick = ring_kick,
};
