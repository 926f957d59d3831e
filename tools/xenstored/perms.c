/*
 * Node permissions.
 *
 * A node's permission list is a sequence of entries "<mode><domid>" where
 * mode is n (none), r (read), w (write) or b (both).  The first entry is
 * special: its domid is the node's owner, and its mode is what every
 * domain not named later gets.  The owner itself may always read, write
 * and change the permissions; later entries grant a named domain exactly
 * their mode.  Privileged callers (dom0, local tools) pass every check.
 * A domain that was given a target with SET_TARGET (a device model acting
 * for its guest) is treated as that guest too.
 *
 * Nodes inherit their parent's list when created; store.c applies that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

static int mode_from_char(char ch)
{
	switch (ch) {
	case 'n':
		return 0;
	case 'r':
		return PERM_READ;
	case 'w':
		return PERM_WRITE;
	case 'b':
		return PERM_READ | PERM_WRITE;
	}
	return -1;
}

static char mode_to_char(unsigned int mode)
{
	static const char map[] = "nrwb";

	return map[mode & (PERM_READ | PERM_WRITE)];
}

static int perm_parse_one(const char *s, struct node_perm *p)
{
	int mode = mode_from_char(s[0]);
	unsigned long id;
	char *end;

	if (mode < 0 || s[1] < '0' || s[1] > '9')
		return -EINVAL;
	id = strtoul(s + 1, &end, 10);
	if (*end || id >= DOMID_COUNT)
		return -EINVAL;
	p->id = id;
	p->mode = mode;
	return 0;
}

/*
 * Parse len bytes of NUL-terminated permission strings.  On success *out
 * is a new array the caller frees.
 */
int perms_parse(const char *strs, unsigned int len, struct node_perm **out,
		unsigned int *num)
{
	int n = wire_count_strings(strs, len);
	struct node_perm *p;
	unsigned int i, off = 0;

	if (n <= 0)
		return -EINVAL;
	p = calloc(n, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < (unsigned int)n; i++) {
		if (perm_parse_one(strs + off, &p[i])) {
			free(p);
			return -EINVAL;
		}
		off += strlen(strs + off) + 1;
	}
	*out = p;
	*num = n;
	return 0;
}

/* The GET_PERMS payload: each entry as a NUL-terminated string. */
int perms_format(const struct node *n, char **out, unsigned int *len)
{
	char *buf = malloc(n->nperms * 8 + 1);
	unsigned int i, used = 0;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < n->nperms; i++)
		used += sprintf(buf + used, "%c%u",
				mode_to_char(n->perms[i].mode),
				n->perms[i].id) + 1;
	*out = buf;
	*len = used;
	return 0;
}

static bool caller_is(const struct caller *c, unsigned int domid)
{
	return c->domid == domid || (c->target >= 0 &&
				     (unsigned int)c->target == domid);
}

/* The PERM_* bits caller c holds on node n. */
unsigned int perms_access(const struct caller *c, const struct node *n)
{
	unsigned int i;

	if (c->priv)
		return PERM_READ | PERM_WRITE | PERM_OWNER;
	if (!n->nperms)
		return 0;
	if (caller_is(c, n->perms[0].id))
		return PERM_READ | PERM_WRITE | PERM_OWNER;
	for (i = 1; i < n->nperms; i++)
		if (caller_is(c, n->perms[i].id))
			return n->perms[i].mode;
	return n->perms[0].mode;
}
