/*
 * Per-domain quotas.
 *
 * The store is shared by every domain, so one guest must not be able to
 * exhaust it.  Like Xen's xenstored we count, per unprivileged domain,
 * the nodes it owns, its watches, its open transactions, the nodes a
 * transaction touches and the replies it has not read yet, and we bound
 * the size of a value and of a permission list.  The defaults are Xen
 * 4.17's; main.c can change them with Xen's option letters.  Privileged
 * callers are never limited.
 *
 * Node ownership is counted on the live store only (perms[0].id of each
 * node): store.c reports every node that appears or disappears there.
 */
#include <string.h>
#include "xenstored.h"

struct quota_limits quota;

static unsigned int nodes_owned[DOMID_COUNT];	/* live nodes by owner */

void quota_reset(void)
{
	quota.nodes = 1000;
	quota.watches = 128;
	quota.transactions = 10;
	quota.entry_size = 2048;
	quota.perms = 5;
	quota.outstanding = 20;
	quota.trans_nodes = 1024;
	quota.path_max = XENSTORE_REL_PATH_MAX;
	memset(nodes_owned, 0, sizeof(nodes_owned));
}

unsigned int quota_nodes_of(unsigned int domid)
{
	return domid < DOMID_COUNT ? nodes_owned[domid] : 0;
}

void quota_nodes_add(unsigned int domid, int delta)
{
	if (domid >= DOMID_COUNT)
		return;
	if (delta < 0 && nodes_owned[domid] < (unsigned int)-delta)
		nodes_owned[domid] = 0;
	else
		nodes_owned[domid] += delta;
}

/* May caller c create count more nodes owned by owner? */
int quota_check_new_nodes(const struct caller *c, unsigned int owner,
			  unsigned int count)
{
	if (c->priv)
		return 0;
	if (quota_nodes_of(owner) + count > quota.nodes)
		return -ENOSPC;
	return 0;
}
