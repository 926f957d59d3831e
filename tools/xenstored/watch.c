/*
 * Watches.
 *
 * A client registers (path, token).  Whenever a node at or below path
 * changes, the client receives an XS_WATCH_EVENT carrying the changed
 * node's path and the token, so one connection can tell its watches
 * apart.  Following Xen, removing a subtree also fires the watches set
 * on nodes inside it (each with its own path), a watch fires once per
 * change however many of its nodes changed, and a client only hears about
 * nodes it may read.  A watch given as a relative path reports relative
 * paths.  Registering a watch fires it once at once (ops.c), which lets a
 * client read the initial state without a race.
 *
 * The special names @introduceDomain and @releaseDomain fire when the
 * domain table changes (domain.c), never for nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

static void watch_free(struct watch *w)
{
	free(w->path);
	free(w->abs);
	free(w->token);
	free(w);
}

unsigned int watch_count(const struct conn *c)
{
	return c->nwatches;
}

int watch_add(struct conn *c, const char *path, const char *abs,
	      const char *token)
{
	struct watch *w;

	for (w = c->watches; w; w = w->next)
		if (!strcmp(w->abs, abs) && !strcmp(w->token, token))
			return -EEXIST;
	if (!c->who.priv && c->nwatches >= quota.watches)
		return -E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->path = strdup(path);
	w->abs = strdup(abs);
	w->token = strdup(token);
	if (!w->path || !w->abs || !w->token) {
		watch_free(w);
		return -ENOMEM;
	}
	w->relative = path[0] != '/' && path[0] != '@';
	w->next = c->watches;
	c->watches = w;
	c->nwatches++;
	return 0;
}

int watch_remove(struct conn *c, const char *abs, const char *token)
{
	struct watch **pp;

	for (pp = &c->watches; *pp; pp = &(*pp)->next) {
		struct watch *w = *pp;

		if (!strcmp(w->abs, abs) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(w);
			c->nwatches--;
			return 0;
		}
	}
	return -ENOENT;
}

void watch_remove_all(struct conn *c)
{
	while (c->watches) {
		struct watch *w = c->watches;

		c->watches = w->next;
		watch_free(w);
	}
	c->nwatches = 0;
}

static void watch_send(struct conn *c, const struct watch *w,
		       const char *path)
{
	size_t plen, tlen = strlen(w->token) + 1;
	char home[32];
	size_t hlen;
	char *buf;

	if (w->relative) {
		hlen = snprintf(home, sizeof(home), "/local/domain/%u/",
				c->who.domid);
		if (!strncmp(path, home, hlen))
			path += hlen;
	}
	plen = strlen(path) + 1;
	buf = malloc(plen + tlen);
	if (!buf)
		return;
	memcpy(buf, path, plen);
	memcpy(buf + plen, w->token, tlen);
	conn_send(c, XS_WATCH_EVENT, 0, 0, buf, plen + tlen, false);
	free(buf);
}

static bool may_see(const struct conn *c, const struct change *ch)
{
	struct node n = { .perms = ch->perms, .nperms = ch->nperms };

	if (c->who.priv || !ch->nperms)
		return true;
	return perms_access(&c->who, &n) & PERM_READ;
}

static void watch_fire_conn(struct conn *c, const struct change *ch)
{
	struct watch *w;

	if (!may_see(c, ch))
		return;
	for (w = c->watches; w; w = w->next) {
		if (w->abs[0] == '@')
			continue;
		if (path_is_within(w->abs, ch->path))
			watch_send(c, w, ch->path);
		else if (ch->removed && path_is_within(ch->path, w->abs))
			watch_send(c, w, w->abs);
	}
}

/* Report every change in the list to every interested connection. */
void watch_fire(const struct change *ch)
{
	struct conn *c;

	for (; ch; ch = ch->next)
		for (c = conn_list; c; c = c->next)
			if (!c->dead)
				watch_fire_conn(c, ch);
}

void watch_fire_special(const char *name)
{
	struct conn *c;
	struct watch *w;

	for (c = conn_list; c; c = c->next) {
		if (c->dead)
			continue;
		for (w = c->watches; w; w = w->next)
			if (!strcmp(w->abs, name))
				watch_send(c, w, name);
	}
}
