/*
 * Transactions: optimistic, all-or-nothing groups of operations.
 *
 * A transaction never touches the live store until it commits.  The first
 * time it reads or writes a node, it takes a private copy into its
 * overlay and remembers the node's generation at that moment (seen_gen,
 * 0 for "did not exist").  Later reads and writes see the copy, so the
 * transaction has a stable snapshot of everything it looked at.
 *
 * Commit validates, then applies.  If any node in the overlay now has a
 * different generation in the store, somebody else changed what this
 * transaction based its decisions on, and the commit fails with EAGAIN
 * having changed nothing; the client retries from the start.  Otherwise
 * every written node replaces its store copy and every deleted one goes.
 * Because the daemon is single-threaded, validation and application are
 * atomic: nobody can observe a partial commit.  Watches fire only after
 * the commit, with the changes recorded while the transaction ran.
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct txn *txn_new(uint32_t id, unsigned int domid)
{
	struct txn *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (tree_init(&t->overlay)) {
		free(t);
		return NULL;
	}
	t->id = id;
	t->domid = domid;
	return t;
}

void txn_free(struct txn *t)
{
	if (!t)
		return;
	tree_destroy(&t->overlay);
	change_list_free(t->changes);
	free(t);
}

static uint64_t base_gen(struct tree *base, const char *path)
{
	const struct node *b = tree_find(base, path);

	return b ? b->gen : 0;
}

/* Record path in the overlay as read, copying the store's node. */
static struct node *txn_snapshot(struct txn *t, struct tree *base,
				 const char *path)
{
	const struct node *b = tree_find(base, path);
	struct node *o = b ? node_dup(b) : node_new(path);

	if (!o)
		return NULL;
	o->seen_gen = b ? b->gen : 0;
	o->tstate = b ? TX_READ : TX_DELETED;
	tree_insert(&t->overlay, o);
	return o;
}

/*
 * Once a transaction has touched quota.trans_nodes nodes it is doomed:
 * further reads go straight to the store unrecorded (so a client cannot
 * grow the overlay without bound), and every later write and the commit
 * fail with ENOSPC.
 */
const struct node *txn_get(struct txn *t, struct tree *base,
			   const char *path)
{
	struct node *o = tree_find(&t->overlay, path);

	if (!o && t->overlay.count >= quota.trans_nodes) {
		t->too_big = true;
		return tree_find(base, path);
	}
	if (!o)
		o = txn_snapshot(t, base, path);
	if (!o || o->tstate == TX_DELETED)
		return NULL;
	return o;
}

/* The generation this transaction first saw path at. */
static uint64_t txn_seen(struct txn *t, struct tree *base, const char *path)
{
	struct node *o = tree_unlink(&t->overlay, path);
	uint64_t seen;

	if (!o)
		return base_gen(base, path);
	seen = o->seen_gen;
	node_free(o);
	return seen;
}

static int txn_room(struct txn *t, const char *path)
{
	if (t->too_big || (t->overlay.count >= quota.trans_nodes &&
			   !tree_find(&t->overlay, path))) {
		t->too_big = true;
		return -ENOSPC;
	}
	return 0;
}

int txn_put(struct txn *t, struct tree *base, struct node *n)
{
	int rc = txn_room(t, n->path);

	if (rc) {
		node_free(n);
		return rc;
	}
	n->seen_gen = txn_seen(t, base, n->path);
	n->tstate = TX_WRITTEN;
	tree_insert(&t->overlay, n);
	return 0;
}

int txn_del(struct txn *t, struct tree *base, const char *path)
{
	struct node *n;
	int rc = txn_room(t, path);

	if (rc)
		return rc;
	n = node_new(path);
	if (!n)
		return -ENOMEM;
	n->seen_gen = txn_seen(t, base, path);
	n->tstate = TX_DELETED;
	tree_insert(&t->overlay, n);
	return 0;
}

struct validate_ctx {
	struct tree *base;
	bool conflict;
};

static void validate_one(struct node *o, void *arg)
{
	struct validate_ctx *vc = arg;

	if (base_gen(vc->base, o->path) != o->seen_gen)
		vc->conflict = true;
}

struct quota_ctx {
	struct tree *base;
	unsigned int domid;
	int delta;		/* nodes domid would gain */
};

static void count_owned(struct node *o, void *arg)
{
	struct quota_ctx *qc = arg;
	const struct node *b = tree_find(qc->base, o->path);

	if (o->tstate == TX_READ)
		return;
	if (b && node_owner(b) == qc->domid)
		qc->delta--;
	if (o->tstate == TX_WRITTEN && node_owner(o) == qc->domid)
		qc->delta++;
}

/*
 * Each operation checked the node quota against the store as it was,
 * so several creations in one transaction could together overshoot it:
 * check the transaction's net effect once more before applying it.
 */
static int txn_check_quota(struct txn *t)
{
	struct quota_ctx qc = { &store, t->domid, 0 };

	if (t->priv)
		return 0;
	tree_foreach(&t->overlay, count_owned, &qc);
	if (qc.delta > 0 &&
	    quota_nodes_of(t->domid) + qc.delta > quota.nodes)
		return -ENOSPC;
	return 0;
}

static void apply_one(struct txn *t, struct node *o)
{
	struct view v = { .base = &store };

	if (o->tstate == TX_WRITTEN)
		view_put(&v, o);
	else {
		if (o->tstate == TX_DELETED)
			view_del(&v, o->path);
		node_free(o);
	}
	(void)t;
}

/*
 * Validate and apply t to the store.  On success *fired receives the
 * changes to report (the caller frees them); on -EAGAIN (conflict) or
 * -ENOSPC (too many nodes touched) nothing changed.
 * Either way the caller still frees t.
 */
int txn_commit(struct txn *t, struct change **fired)
{
	struct validate_ctx vc = { .base = &store };
	unsigned int i;

	*fired = NULL;
	if (t->too_big)
		return -ENOSPC;
	if (t->doomed)
		return -EAGAIN;
	tree_foreach(&t->overlay, validate_one, &vc);
	if (vc.conflict)
		return -EAGAIN;
	if (txn_check_quota(t))
		return -ENOSPC;
	for (i = 0; i < t->overlay.nbucket; i++) {
		while (t->overlay.bucket[i]) {
			struct node *o = t->overlay.bucket[i];

			t->overlay.bucket[i] = o->hnext;
			t->overlay.count--;
			o->hnext = NULL;
			apply_one(t, o);
		}
	}
	*fired = t->changes;
	t->changes = NULL;
	return 0;
}
