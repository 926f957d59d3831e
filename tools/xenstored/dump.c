/*
 * Saving and reloading the daemon's state.
 *
 * The store lives in memory, so a daemon that must restart (an upgrade,
 * a crash-and-recover) writes its state to a file and a new daemon reads
 * it back.  The file is text, one record per line, parents before
 * children so a reader can rebuild the child lists as it goes:
 *
 *   xenolith-xenstore 1
 *   N <path> <perm>[,<perm>...] <value as hex, or "-" if empty>
 *   D <domid> <mfn> <port> <target or -1>
 *   W <domid> <path as hex> <token as hex>
 *   T <domid> <transaction id>
 *   I <domid> <bytes of a partly received request, hex>
 *   Q <domid> <R for a reply, E for an event> <unsent message, hex>
 *
 * D lines re-introduce the domains, so the new daemon maps their rings
 * and binds their event channels again; W lines give each domain's
 * connection back its watches; I and Q lines put back messages in
 * flight, so no request goes unanswered.  The daemon saves only after
 * draining (main.c): open transactions normally end first.  One still
 * open at the timeout (T) comes back empty and doomed: its commit fails
 * with EAGAIN, which every client must already handle by retrying,
 * because its snapshot did not survive.  Local socket clients must
 * reconnect and watch again.  Writing goes to a temporary file renamed
 * over the old one, so a crash mid-save loses nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

#define DUMP_MAGIC "xenolith-xenstore 1"

static void save_hex(FILE *f, const char *s, unsigned int len)
{
	unsigned int i;

	if (!len)
		fputc('-', f);
	for (i = 0; i < len; i++)
		fprintf(f, "%02x", (unsigned char)s[i]);
}

static void save_in_flight(FILE *f, const struct domain *d)
{
	const struct conn *c = d->conn;
	const struct outmsg *m;
	const struct txn *t;

	for (t = c->txns; t; t = t->next)
		fprintf(f, "T %u %u\n", d->domid, t->id);
	if (c->hdr_got) {
		fprintf(f, "I %u ", d->domid);
		save_hex(f, (const char *)&c->hdr, c->hdr_got);
		if (c->body)
			save_hex(f, c->body, c->body_got);
		fputc('\n', f);
	}
	for (m = c->out_head; m; m = m->next) {
		fprintf(f, "Q %u %c ", d->domid, m->is_reply ? 'R' : 'E');
		save_hex(f, m->data + m->off, m->len - m->off);
		fputc('\n', f);
	}
}

static void save_watches(FILE *f, const struct domain *d)
{
	const struct watch *w;

	if (d->conn)
		save_in_flight(f, d);
	for (w = d->conn ? d->conn->watches : NULL; w; w = w->next) {
		fprintf(f, "W %u ", d->domid);
		save_hex(f, w->path, strlen(w->path));
		fputc(' ', f);
		save_hex(f, w->token, strlen(w->token));
		fputc('\n', f);
	}
}

static void save_perms(FILE *f, const struct node *n)
{
	static const char mode[] = "nrwb";
	unsigned int i;

	for (i = 0; i < n->nperms; i++)
		fprintf(f, "%s%c%u", i ? "," : "", mode[n->perms[i].mode & 3],
			n->perms[i].id);
}

static void save_node(FILE *f, const struct node *n)
{
	unsigned int off;

	fprintf(f, "N %s ", n->path);
	save_perms(f, n);
	fputc(' ', f);
	save_hex(f, n->value, n->vlen);
	fputc('\n', f);
	for (off = 0; off < n->clen; off += strlen(n->children + off) + 1) {
		const char *name = n->children + off;
		char *p = malloc(strlen(n->path) + strlen(name) + 2);
		const struct node *child;

		if (!p)
			continue;
		sprintf(p, "%s/%s", strcmp(n->path, "/") ? n->path : "", name);
		child = tree_find(&store, p);
		if (child)
			save_node(f, child);
		free(p);
	}
}

int dump_save(const char *file)
{
	char *tmp = malloc(strlen(file) + 5);
	struct domain *d;
	FILE *f;
	int rc = 0;

	if (!tmp)
		return -ENOMEM;
	sprintf(tmp, "%s.new", file);
	f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return -EIO;
	}
	fprintf(f, "%s\n", DUMP_MAGIC);
	save_node(f, tree_find(&store, "/"));
	for (d = domain_list; d; d = d->next)
		fprintf(f, "D %u %llu %u %d\n", d->domid,
			(unsigned long long)d->mfn, d->port, d->target);
	for (d = domain_list; d; d = d->next)
		save_watches(f, d);
	if (fflush(f) || ferror(f))
		rc = -EIO;
	if (fclose(f))
		rc = -EIO;
	if (!rc && rename(tmp, file))
		rc = -EIO;
	free(tmp);
	return rc;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Decode hex ("-": empty) into a new NUL-terminated buffer. */
static char *load_hex(const char *hex, size_t *len)
{
	size_t i;
	char *v;

	*len = strcmp(hex, "-") ? strlen(hex) / 2 : 0;
	v = malloc(*len + 1);
	if (!v)
		return NULL;
	for (i = 0; i < *len; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(v);
			return NULL;
		}
		v[i] = hi << 4 | lo;
	}
	v[*len] = '\0';
	return v;
}

static int load_value(struct node *n, const char *hex)
{
	size_t len;
	char *v = load_hex(hex, &len);
	int rc;

	if (!v)
		return -EINVAL;
	rc = node_set_value(n, v, len);
	free(v);
	return rc;
}

static struct conn *domain_conn(const char *domid)
{
	struct domain *d = domain_find(strtoul(domid, NULL, 10));

	return d ? d->conn : NULL;
}

/* "T": an open transaction, back as a doomed empty one. */
static int load_txn(const char *domid, const char *id)
{
	struct conn *c = domain_conn(domid);
	struct txn *t;

	if (!c)
		return 0;
	t = txn_new(strtoul(id, NULL, 10), c->who.domid);
	if (!t)
		return -ENOMEM;
	t->doomed = true;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	if (c->next_txid <= t->id)
		c->next_txid = t->id + 1;
	return 0;
}

/* "I" and "Q": messages in flight. */
static int load_bytes(const char *kind, const char *domid, const char *what,
		      const char *hex)
{
	struct conn *c = domain_conn(domid);
	size_t len;
	char *buf = load_hex(hex, &len);

	if (!buf)
		return -EINVAL;
	if (c && kind[0] == 'I')
		conn_restore_input(c, buf, len);
	else if (c)
		conn_restore_output(c, buf, len, what[0] == 'R');
	free(buf);
	return 0;
}

/* One "W" record: a watch of a domain's ring connection. */
static int load_watch(const char *domid, const char *hpath,
		      const char *htoken)
{
	struct domain *d = domain_find(strtoul(domid, NULL, 10));
	size_t plen, tlen;
	char *path = load_hex(hpath, &plen), *token = load_hex(htoken, &tlen);
	char *abs = NULL;
	int rc = -EINVAL;

	if (d && d->conn && path && token) {
		abs = conn_canonical(d->conn, path);
		rc = abs ? watch_add(d->conn, path, abs, token) : -EINVAL;
	} else if (d && path && token) {
		rc = 0;		/* ring not mapped here: nothing to restore */
	}
	free(abs);
	free(path);
	free(token);
	return rc;
}

static int load_perms(struct node *n, char *list)
{
	struct node_perm *p;
	unsigned int num;
	char *s;
	int rc;

	for (s = list; *s; s++)
		if (*s == ',')
			*s = '\0';
	rc = perms_parse(list, s - list + 1, &p, &num);
	if (rc)
		return rc;
	rc = node_set_perms(n, p, num);
	free(p);
	return rc;
}

/* One "N" record: the parent must already be loaded. */
static int load_node(char *path, char *perms, char *hex)
{
	struct view v = { .base = &store };
	struct node *n = node_new(path), *parent = NULL;
	char *ppath;
	int rc;

	if (!n || !path_is_valid(path, false)) {
		node_free(n);
		return -EINVAL;
	}
	rc = load_perms(n, perms);
	if (!rc)
		rc = load_value(n, hex);
	if (!rc && strcmp(path, "/")) {
		ppath = path_parent(path);
		parent = ppath ? tree_find(&store, ppath) : NULL;
		free(ppath);
		rc = parent ? node_add_child(parent, path_basename(path))
			    : -EINVAL;
	}
	if (rc) {
		node_free(n);
		return rc;
	}
	if (!strcmp(path, "/")) {
		struct node *root = tree_find(&store, "/");

		n->children = root->children;
		n->clen = root->clen;
		root->children = NULL;
		root->clen = 0;
	}
	return view_put(&v, n);
}

static int load_line(char *line)
{
	char *f[5];
	int n = 0;
	char *tok = strtok(line, " \n");

	while (tok && n < 5) {
		f[n++] = tok;
		tok = strtok(NULL, " \n");
	}
	if (n == 4 && !strcmp(f[0], "N"))
		return load_node(f[1], f[2], f[3]);
	if (n == 4 && !strcmp(f[0], "W"))
		return load_watch(f[1], f[2], f[3]);
	if (n == 3 && !strcmp(f[0], "T"))
		return load_txn(f[1], f[2]);
	if (n == 3 && !strcmp(f[0], "I"))
		return load_bytes(f[0], f[1], "", f[2]);
	if (n == 4 && !strcmp(f[0], "Q"))
		return load_bytes(f[0], f[1], f[2], f[3]);
	if (n == 5 && !strcmp(f[0], "D")) {
		unsigned int domid = strtoul(f[1], NULL, 10);
		int rc = domain_introduce(domid, strtoull(f[2], NULL, 10),
					  strtoul(f[3], NULL, 10));

		if (!rc && atoi(f[4]) >= 0 && domain_find(domid))
			domain_find(domid)->target = atoi(f[4]);
		return rc;
	}
	return -EINVAL;
}

/* Replace the (fresh) store with the file's contents. */
int dump_load(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f)
		return -ENOENT;
	if (getline(&line, &cap, f) < 0 || strncmp(line, DUMP_MAGIC,
						   strlen(DUMP_MAGIC)))
		rc = -EINVAL;
	while (!rc && getline(&line, &cap, f) > 0)
		rc = load_line(line);
	free(line);
	fclose(f);
	return rc;
}
