/*
 * The node store.
 *
 * XenStore is a tree of named nodes, each with a value (any bytes, often
 * empty), a permission list and children.  We keep every node in one hash
 * table keyed by its full path, and each node also carries the list of its
 * children's names.  The path index makes READ and WRITE one lookup; the
 * child lists make DIRECTORY a copy, and they are the only structure that
 * ties the tree together.
 *
 * Invariants: every node but "/" has its parent in the same table, and its
 * name appears exactly once in the parent's child list.  store.c keeps
 * them; this file only provides the table and the node helpers.  The same
 * table type holds a transaction's private overlay (transaction.c).
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

#define TREE_MIN_BUCKETS 256u

static unsigned int path_hash(const char *path)
{
	unsigned int h = 5381;

	while (*path)
		h = h * 33 + (unsigned char)*path++;
	return h;
}

int tree_init(struct tree *t)
{
	t->nbucket = TREE_MIN_BUCKETS;
	t->count = 0;
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	return t->bucket ? 0 : -ENOMEM;
}

void tree_destroy(struct tree *t)
{
	unsigned int i;

	for (i = 0; i < t->nbucket; i++) {
		while (t->bucket[i]) {
			struct node *n = t->bucket[i];

			t->bucket[i] = n->hnext;
			node_free(n);
		}
	}
	free(t->bucket);
	t->bucket = NULL;
	t->count = 0;
}

struct node *tree_find(const struct tree *t, const char *path)
{
	struct node *n = t->bucket[path_hash(path) % t->nbucket];

	for (; n; n = n->hnext)
		if (!strcmp(n->path, path))
			return n;
	return NULL;
}

/* Doubling keeps chains short; a failed allocation just keeps them long. */
static void tree_grow(struct tree *t)
{
	unsigned int i, nb = t->nbucket * 2;
	struct node **b = calloc(nb, sizeof(*b));

	if (!b)
		return;
	for (i = 0; i < t->nbucket; i++) {
		while (t->bucket[i]) {
			struct node *n = t->bucket[i];
			unsigned int h = path_hash(n->path) % nb;

			t->bucket[i] = n->hnext;
			n->hnext = b[h];
			b[h] = n;
		}
	}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = nb;
}

/* Caller ensures no node with the same path is present. */
void tree_insert(struct tree *t, struct node *n)
{
	unsigned int h;

	if (t->count >= t->nbucket)
		tree_grow(t);
	h = path_hash(n->path) % t->nbucket;
	n->hnext = t->bucket[h];
	t->bucket[h] = n;
	t->count++;
}

struct node *tree_unlink(struct tree *t, const char *path)
{
	struct node **pp = &t->bucket[path_hash(path) % t->nbucket];

	for (; *pp; pp = &(*pp)->hnext) {
		struct node *n = *pp;

		if (!strcmp(n->path, path)) {
			*pp = n->hnext;
			n->hnext = NULL;
			t->count--;
			return n;
		}
	}
	return NULL;
}

/* fn may not add or remove nodes. */
void tree_foreach(struct tree *t, void (*fn)(struct node *, void *),
		  void *arg)
{
	unsigned int i;
	struct node *n;

	for (i = 0; i < t->nbucket; i++)
		for (n = t->bucket[i]; n; n = n->hnext)
			fn(n, arg);
}

struct node *node_new(const char *path)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->path = strdup(path);
	if (!n->path) {
		free(n);
		return NULL;
	}
	return n;
}

static void *memdup(const void *p, size_t len)
{
	void *q = malloc(len ? len : 1);

	if (q && len)
		memcpy(q, p, len);
	return q;
}

struct node *node_dup(const struct node *src)
{
	struct node *n = node_new(src->path);

	if (!n)
		return NULL;
	n->value = memdup(src->value, src->vlen);
	n->perms = memdup(src->perms, src->nperms * sizeof(*src->perms));
	n->children = memdup(src->children, src->clen);
	if (!n->value || !n->perms || !n->children) {
		node_free(n);
		return NULL;
	}
	n->vlen = src->vlen;
	n->nperms = src->nperms;
	n->clen = src->clen;
	n->gen = src->gen;
	n->seen_gen = src->seen_gen;
	n->tstate = src->tstate;
	return n;
}

void node_free(struct node *n)
{
	if (!n)
		return;
	free(n->path);
	free(n->value);
	free(n->perms);
	free(n->children);
	free(n);
}

int node_set_value(struct node *n, const void *val, unsigned int len)
{
	void *v = memdup(val, len);

	if (!v)
		return -ENOMEM;
	free(n->value);
	n->value = v;
	n->vlen = len;
	return 0;
}

int node_set_perms(struct node *n, const struct node_perm *p,
		   unsigned int num)
{
	void *q = memdup(p, num * sizeof(*p));

	if (!q)
		return -ENOMEM;
	free(n->perms);
	n->perms = q;
	n->nperms = num;
	return 0;
}

/* Offset of name in the child list, or -1. */
static int child_offset(const struct node *n, const char *name)
{
	unsigned int off = 0;

	while (off < n->clen) {
		const char *c = n->children + off;

		if (!strcmp(c, name))
			return (int)off;
		off += strlen(c) + 1;
	}
	return -1;
}

bool node_has_child(const struct node *n, const char *name)
{
	return child_offset(n, name) >= 0;
}

int node_add_child(struct node *n, const char *name)
{
	unsigned int len = strlen(name) + 1;
	char *c;

	if (node_has_child(n, name))
		return 0;
	c = realloc(n->children, n->clen + len);
	if (!c)
		return -ENOMEM;
	memcpy(c + n->clen, name, len);
	n->children = c;
	n->clen += len;
	return 0;
}

void node_del_child(struct node *n, const char *name)
{
	int off = child_offset(n, name);
	unsigned int len;

	if (off < 0)
		return;
	len = strlen(name) + 1;
	memmove(n->children + off, n->children + off + len,
		n->clen - off - len);
	n->clen -= len;
}

unsigned int node_owner(const struct node *n)
{
	return n->nperms ? n->perms[0].id : 0;
}
