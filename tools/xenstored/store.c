/*
 * Store operations: read, write, mkdir, rm and set-perms over a "view".
 *
 * A view is where an operation reads and writes: straight into the live
 * store, or into a transaction's private overlay (transaction.c).  Each
 * operation is written once, against view_get/view_put/view_del, so a
 * transaction behaves exactly like the store it will later commit to.
 *
 * Every operation checks everything (path, permissions, quota) before the
 * first change, so a failed request never leaves a half-made tree.  The
 * only exception is running out of memory, which the daemon does not try
 * to survive gracefully.  Changes that watches must hear about are added
 * to v->changes; the caller fires them once they are visible to all.
 *
 * Node creation follows Xen: writing /a/b/c creates any missing /a and
 * /a/b with empty values; a new node copies its parent's permissions,
 * except that a node created by an unprivileged domain is owned by it.
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct tree store;		/* the live store */
uint64_t store_gen;		/* last generation handed out */

static bool path_char_ok(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || strchr("-/_@", ch);
}

/* Absolute paths only; '@' names only where watches allow them. */
bool path_is_valid(const char *path, bool allow_special)
{
	size_t len = strlen(path);
	size_t i;

	if (!len || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (path[0] != '/' && !(allow_special && path[0] == '@'))
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	for (i = 0; i < len; i++) {
		if (!path_char_ok(path[i]))
			return false;
		if (path[i] == '/' && path[i + 1] == '/')
			return false;
	}
	return true;
}

/* Is child equal to parent or below it? */
bool path_is_within(const char *parent, const char *child)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return child[0] == '/';
	return !strncmp(parent, child, len) &&
	       (child[len] == '\0' || child[len] == '/');
}

const char *path_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* Caller frees; path must not be "/". */
char *path_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash == path ? 1 : (size_t)(slash - path);

	return strndup(path, len);
}

uint64_t store_next_gen(void)
{
	return ++store_gen;
}

/* A fresh store holds what Xen's does: "/", "/tool", "/tool/xenstored",
 * all owned by dom0 and closed to everybody else. */
int store_init(void)
{
	static const struct node_perm root_perm = { 0, 0 };
	static const struct caller dom0 = { 0, true, -1 };
	struct view v = { .base = &store };
	struct node *root;
	int rc = tree_init(&store);

	if (rc)
		return rc;
	root = node_new("/");
	if (!root || node_set_perms(root, &root_perm, 1)) {
		node_free(root);
		return -ENOMEM;
	}
	root->gen = store_next_gen();
	tree_insert(&store, root);
	quota_nodes_add(0, 1);
	return store_mkdir(&v, &dom0, "/tool/xenstored");
}

static void count_node(struct node *n, void *arg)
{
	(void)arg;
	quota_nodes_add(node_owner(n), -1);
}

void store_fini(void)
{
	if (!store.bucket)
		return;
	tree_foreach(&store, count_node, NULL);
	tree_destroy(&store);
}

const struct node *view_get(struct view *v, const char *path)
{
	if (v->tx)
		return txn_get(v->tx, v->base, path);
	return tree_find(v->base, path);
}

/* Replace or add n (which the view now owns). */
int view_put(struct view *v, struct node *n)
{
	struct node *old;

	if (v->tx)
		return txn_put(v->tx, v->base, n);
	old = tree_unlink(v->base, n->path);
	if (old) {
		quota_nodes_add(node_owner(old), -1);
		node_free(old);
	}
	n->gen = store_next_gen();
	n->tstate = 0;
	tree_insert(v->base, n);
	quota_nodes_add(node_owner(n), 1);
	return 0;
}

int view_del(struct view *v, const char *path)
{
	struct node *old;

	if (v->tx)
		return txn_del(v->tx, v->base, path);
	old = tree_unlink(v->base, path);
	if (old) {
		quota_nodes_add(node_owner(old), -1);
		node_free(old);
	}
	return 0;
}

/*
 * Record a change to path.  A path already in the list is reported once,
 * as Xen reports each node a transaction changed once at commit.
 */
void change_add(struct change **list, const char *path, bool removed,
		const struct node *n)
{
	struct change *ch;

	for (ch = *list; ch; ch = ch->next) {
		if (!strcmp(ch->path, path)) {
			ch->removed |= removed;
			return;
		}
	}
	ch = calloc(1, sizeof(*ch));
	if (!ch)
		return;
	ch->path = strdup(path);
	ch->removed = removed;
	if (n && n->nperms) {
		ch->perms = malloc(n->nperms * sizeof(*n->perms));
		if (ch->perms) {
			memcpy(ch->perms, n->perms,
			       n->nperms * sizeof(*n->perms));
			ch->nperms = n->nperms;
		}
	}
	while (*list)
		list = &(*list)->next;
	*list = ch;
}

void change_list_free(struct change *ch)
{
	while (ch) {
		struct change *next = ch->next;

		free(ch->path);
		free(ch->perms);
		free(ch);
		ch = next;
	}
}

static void note_change(struct view *v, const char *path, bool removed,
			const struct node *n)
{
	if (v->changes)
		change_add(v->changes, path, removed, n);
}

static const struct node *existing_ancestor(struct view *v, const char *path,
					    unsigned int *missing);

/*
 * Why path is missing, as Xen tells it: ENOENT only to a caller who may
 * access (perm) the nearest node that exists above it, EACCES otherwise,
 * so that a guest cannot probe for nodes it may not see.
 */
static int missing_errno(struct view *v, const struct caller *c,
			 const char *path, unsigned int perm)
{
	unsigned int missing;
	const struct node *anc = existing_ancestor(v, path, &missing);

	if (anc && (perms_access(c, anc) & perm))
		return -ENOENT;
	return -EACCES;
}

int store_read(struct view *v, const struct caller *c, const char *path,
	       const struct node **out)
{
	const struct node *n;

	if (!path_is_valid(path, false))
		return -EINVAL;
	n = view_get(v, path);
	if (!n)
		return missing_errno(v, c, path, PERM_READ);
	if (!(perms_access(c, n) & PERM_READ))
		return -EACCES;
	*out = n;
	return 0;
}

/* Nearest existing ancestor of path, and how many levels are missing. */
static const struct node *existing_ancestor(struct view *v, const char *path,
					    unsigned int *missing)
{
	char *p = strdup(path);
	const struct node *n = NULL;

	*missing = 0;
	while (p && !(n = view_get(v, p))) {
		char *up = path_parent(p);

		free(p);
		p = up;
		(*missing)++;
	}
	free(p);
	return n;
}

/* Add one node below an existing parent. */
static int create_one(struct view *v, const struct caller *c,
		      const char *path, const void *val, unsigned int len)
{
	char *ppath = path_parent(path);
	const struct node *parent = ppath ? view_get(v, ppath) : NULL;
	struct node *n = node_new(path);
	struct node *np = parent ? node_dup(parent) : NULL;
	int rc = -ENOMEM;

	free(ppath);
	if (!n || !np)
		goto fail;
	if (node_set_value(n, val, len) ||
	    node_set_perms(n, parent->perms, parent->nperms) ||
	    node_add_child(np, path_basename(path)))
		goto fail;
	if (!c->priv)
		n->perms[0].id = c->domid;
	rc = view_put(v, np);
	if (rc) {
		node_free(n);
		return rc;
	}
	return view_put(v, n);
fail:
	node_free(n);
	node_free(np);
	return rc;
}

/* Create path and any missing ancestors; path's value is val. */
static int create_path(struct view *v, const struct caller *c,
		       const char *path, const void *val, unsigned int len)
{
	unsigned int missing, i;
	const struct node *anc = existing_ancestor(v, path, &missing);
	unsigned int owner;
	int rc;

	if (!anc)
		return -ENOENT;
	if (!(perms_access(c, anc) & PERM_WRITE))
		return -EACCES;
	owner = c->priv ? node_owner(anc) : c->domid;
	rc = quota_check_new_nodes(c, owner, missing);
	if (rc)
		return rc;
	for (i = missing; i > 0; i--) {
		char *p = strdup(path);
		unsigned int up;

		if (!p)
			return -ENOMEM;
		for (up = 1; up < i; up++)
			*strrchr(p, '/') = '\0';
		rc = i == 1 ? create_one(v, c, p, val, len)
			    : create_one(v, c, p, "", 0);
		free(p);
		if (rc)
			return rc;
	}
	return 0;
}

int store_write(struct view *v, const struct caller *c, const char *path,
		const void *val, unsigned int len)
{
	const struct node *old;
	struct node *n;
	int rc;

	if (!path_is_valid(path, false))
		return -EINVAL;
	if (!c->priv && len > quota.entry_size)
		return -ENOSPC;
	old = view_get(v, path);
	if (!old) {
		rc = create_path(v, c, path, val, len);
	} else {
		if (!(perms_access(c, old) & PERM_WRITE))
			return -EACCES;
		n = node_dup(old);
		if (!n || node_set_value(n, val, len)) {
			node_free(n);
			return -ENOMEM;
		}
		rc = view_put(v, n);
	}
	if (!rc)
		note_change(v, path, false, view_get(v, path));
	return rc;
}

int store_mkdir(struct view *v, const struct caller *c, const char *path)
{
	const struct node *old;
	int rc;

	if (!path_is_valid(path, false))
		return -EINVAL;
	old = view_get(v, path);
	if (old)
		return (perms_access(c, old) & PERM_WRITE) ? 0 : -EACCES;
	rc = create_path(v, c, path, "", 0);
	if (!rc)
		note_change(v, path, false, view_get(v, path));
	return rc;
}

/* Delete n's subtree below it, children first. */
static int delete_subtree(struct view *v, const struct node *n)
{
	char *kids, *path;
	unsigned int off, clen = n->clen;
	int rc = 0;

	kids = malloc(clen ? clen : 1);
	path = strdup(n->path);
	if (!kids || !path) {
		free(kids);
		free(path);
		return -ENOMEM;
	}
	if (clen)
		memcpy(kids, n->children, clen);
	for (off = 0; off < clen && !rc; off += strlen(kids + off) + 1) {
		size_t plen = strlen(path);
		char *cp = malloc(plen + strlen(kids + off) + 2);
		const struct node *child;

		if (!cp) {
			rc = -ENOMEM;
			break;
		}
		sprintf(cp, "%s/%s", plen == 1 ? "" : path, kids + off);
		child = view_get(v, cp);
		if (child)
			rc = delete_subtree(v, child);
		if (!rc)
			rc = view_del(v, cp);
		free(cp);
	}
	free(kids);
	free(path);
	return rc;
}

int store_rm(struct view *v, const struct caller *c, const char *path)
{
	const struct node *n, *parent;
	struct node *np, *snapshot;
	char *ppath;
	int rc;

	if (!path_is_valid(path, false) || !strcmp(path, "/"))
		return -EINVAL;
	ppath = path_parent(path);
	if (!ppath)
		return -ENOMEM;
	parent = view_get(v, ppath);
	free(ppath);
	n = view_get(v, path);
	if (!n && parent)
		return 0;
	if (!n)
		return missing_errno(v, c, path, PERM_WRITE);
	if (!(perms_access(c, n) & PERM_WRITE))
		return -EACCES;
	snapshot = node_dup(n);
	np = node_dup(parent);
	if (!snapshot || !np) {
		node_free(snapshot);
		node_free(np);
		return -ENOMEM;
	}
	node_del_child(np, path_basename(path));
	rc = delete_subtree(v, n);
	if (!rc)
		rc = view_del(v, path);
	if (!rc)
		rc = view_put(v, np);
	else
		node_free(np);
	if (!rc)
		note_change(v, path, true, snapshot);
	node_free(snapshot);
	return rc;
}

int store_set_perms(struct view *v, const struct caller *c,
		    const char *path, const struct node_perm *p,
		    unsigned int num)
{
	const struct node *old;
	struct node *n;
	int rc;

	if (!path_is_valid(path, false) || !num)
		return -EINVAL;
	if (!c->priv && num > quota.perms)
		return -ENOSPC;
	old = view_get(v, path);
	if (!old)
		return missing_errno(v, c, path, PERM_WRITE);
	if ((perms_access(c, old) & (PERM_WRITE | PERM_OWNER)) !=
	    (PERM_WRITE | PERM_OWNER))
		return -EACCES;
	if (!c->priv && p[0].id != node_owner(old))
		return -EPERM;
	n = node_dup(old);
	if (!n || node_set_perms(n, p, num)) {
		node_free(n);
		return -ENOMEM;
	}
	rc = view_put(v, n);
	if (!rc)
		note_change(v, path, false, view_get(v, path));
	return rc;
}
