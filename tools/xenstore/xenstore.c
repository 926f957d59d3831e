/*
 * xenstore-read, -write, -ls, -rm, -watch, -chmod, -exists, -list.
 *
 * One program, chosen by the name it runs under (xenstore-read) or by its
 * first argument (xenstore read).  Options and output follow Xen's tools
 * byte for byte, because scripts parse that output and the xenstore
 * suite compares it with Debian's binaries:
 *
 *   - values are printed "sanitised": backslash, \t, \n and \r escaped,
 *     other control bytes as \ooo and bytes >= 0x7f as \xhh (-R: raw);
 *     xenstore-write reverses that unless -R; read -R prints the bare
 *     bytes with no newline;
 *   - a command touching several nodes runs in one transaction, retried
 *     on EAGAIN, and prints only once it committed;
 *   - xenstore-ls indents one space per level, pads permissions (-p) with
 *     ". ." to column 60 and cuts lines to the terminal width (80 when
 *     not a terminal); -f prints full paths instead.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "xs.h"

enum mode { M_READ, M_WRITE, M_LS, M_RM, M_WATCH, M_CHMOD, M_EXISTS,
	    M_LIST };

static const char *const mode_names[] = {
	[M_READ] = "read", [M_WRITE] = "write", [M_LS] = "ls",
	[M_RM] = "rm", [M_WATCH] = "watch", [M_CHMOD] = "chmod",
	[M_EXISTS] = "exists", [M_LIST] = "list",
};

static const char *const mode_usage[] = {
	[M_READ] = "[-h] [-p] [-s] [-R] key [...]",
	[M_WRITE] = "[-h] [-s] [-R] key value [...]",
	[M_LS] = "[-h] [-f] [-p] [-s] [path]",
	[M_RM] = "[-h] [-s] [-t] key [...]",
	[M_WATCH] = "[-h] [-n NR] key",
	[M_CHMOD] = "[-h] [-u] [-r] [-s] key <mode [modes...]>",
	[M_EXISTS] = "[-h] [-s] key [...]",
	[M_LIST] = "[-h] [-s] [-p] key [...]",
};

struct opts {
	enum mode mode;
	const char *prog;
	bool prefix, raw, tidy, upto, recurse, full;
	long watch_count;
	int max_width, desired_width;
};

/* Output is held back until the transaction commits. */
static char *out_buf;
static size_t out_len, out_cap;

static void output(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (out_len + n + 1 > out_cap) {
		out_cap = (out_len + n + 1) * 2;
		out_buf = realloc(out_buf, out_cap);
		if (!out_buf)
			err(1, "output");
	}
	va_start(ap, fmt);
	vsnprintf(out_buf + out_len, n + 1, fmt, ap);
	va_end(ap);
	out_len += n;
}

/* Raw bytes, NULs included (xenstore-read -R). */
static void output_bytes(const char *p, unsigned int len)
{
	if (out_len + len + 1 > out_cap) {
		out_cap = (out_len + len + 1) * 2;
		out_buf = realloc(out_buf, out_cap);
		if (!out_buf)
			err(1, "output");
	}
	memcpy(out_buf + out_len, p, len);
	out_len += len;
}

static void usage(const struct opts *o)
{
	errx(1, "Usage: %s %s", o->prog, mode_usage[o->mode]);
}

/* The printable form of a value, in a static growing buffer. */
static const char *sanitise(const char *val, unsigned int len)
{
	static char *buf;
	char *p;
	unsigned int i;

	buf = realloc(buf, len * 4 + 1);
	if (!buf)
		err(1, "malloc");
	for (i = 0, p = buf; i < len; i++) {
		unsigned char ch = val[i];

		if (ch == '\\')
			p += sprintf(p, "\\\\");
		else if (ch == '\t')
			p += sprintf(p, "\\t");
		else if (ch == '\n')
			p += sprintf(p, "\\n");
		else if (ch == '\r')
			p += sprintf(p, "\\r");
		else if (ch < ' ')
			p += sprintf(p, "\\%03o", ch);
		else if (ch >= 0x7f)
			p += sprintf(p, "\\x%02x", ch);
		else
			*p++ = ch;
	}
	*p = '\0';
	return buf;
}

static int digit(char ch, int base)
{
	int v = -1;

	if (ch >= '0' && ch <= '9')
		v = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		v = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		v = ch - 'A' + 10;
	return v < base ? v : -1;
}

/* Undo sanitise(): spec escapes into out; returns the byte count. */
static unsigned int unsanitise(char *out, const char *spec)
{
	char *o = out;

	while (*spec) {
		int v, n;

		if (*spec != '\\' || !spec[1]) {
			*o++ = *spec++;
			continue;
		}
		spec++;
		switch (*spec) {
		case 't': *o++ = '\t'; spec++; continue;
		case 'n': *o++ = '\n'; spec++; continue;
		case 'r': *o++ = '\r'; spec++; continue;
		case 'x':
			spec++;
			for (v = 0, n = 0; n < 2 && digit(*spec, 16) >= 0; n++)
				v = v * 16 + digit(*spec++, 16);
			*o++ = v;
			continue;
		}
		if (digit(*spec, 8) >= 0) {
			for (v = 0, n = 0; n < 3 && digit(*spec, 8) >= 0; n++)
				v = v * 8 + digit(*spec++, 8);
			*o++ = v;
			continue;
		}
		*o++ = *spec++;
	}
	return o - out;
}

static int do_read(struct xs_handle *h, xs_transaction_t t,
		   const struct opts *o, const char *key)
{
	unsigned int len;
	char *val = xs_read(h, t, key, &len);

	if (!val) {
		warnx("couldn't read path %s", key);
		return 1;
	}
	if (o->prefix)
		output("%s: ", key);
	if (o->raw)
		output_bytes(val, len);	/* exactly the value, no newline */
	else
		output("%s\n", sanitise(val, len));
	free(val);
	return 0;
}

static int do_write(struct xs_handle *h, xs_transaction_t t,
		    const struct opts *o, const char *key, const char *spec)
{
	char *val = malloc(strlen(spec) + 1);
	unsigned int len;
	bool ok;

	if (!val)
		err(1, "malloc");
	if (o->raw) {
		len = strlen(spec);
		memcpy(val, spec, len);
	} else {
		len = unsanitise(val, spec);
	}
	ok = xs_write(h, t, key, val, len);
	free(val);
	if (!ok) {
		warnx("could not write path %s", key);
		return 1;
	}
	return 0;
}

static int rm_one(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	if (xs_rm(h, t, path))
		return 0;
	warnx("could not remove path %s", path);
	return 1;
}

/* -t: also remove parents left empty (no value, no children). */
static int do_rm(struct xs_handle *h, xs_transaction_t t,
		 const struct opts *o, const char *key)
{
	char *p = strdup(key), *slash;
	int rc = 0;

	if (!p)
		err(1, "malloc");
	for (;;) {
		unsigned int len, num;
		char *val;
		char **kids;

		rc = rm_one(h, t, p);
		if (rc || !o->tidy || !(slash = strrchr(p, '/')))
			break;
		*slash = '\0';
		val = xs_read(h, t, p, &len);
		free(val);
		if (!val || len)
			break;
		kids = xs_directory(h, t, p, &num);
		free(kids);
		if (!kids || num)
			break;
	}
	free(p);
	return rc;
}

static int do_list(struct xs_handle *h, xs_transaction_t t,
		   const struct opts *o, const char *key)
{
	unsigned int i, num;
	char **kids = xs_directory(h, t, key, &num);

	if (!kids) {
		warnx("could not list path %s", key);
		return 1;
	}
	for (i = 0; i < num; i++) {
		if (o->prefix)
			output("%s/", key);
		output("%s\n", kids[i]);
	}
	free(kids);
	return 0;
}

#define LS_TAG_LEN 8	/* strlen(" = \"...\"") */

static void ls_perms(struct xs_handle *h, const char *path, const char *name)
{
	unsigned int i, num;
	struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &num);
	char buf[16];

	if (!p) {
		warn("\ncould not access permissions for %s", name);
		return;
	}
	fputs("  (", stdout);
	for (i = 0; i < num; i++) {
		xs_perm_to_string(&p[i], buf, sizeof(buf));
		printf("%s%s", i ? "," : "", buf);
	}
	putchar(')');
	free(p);
}

static void ls_value(struct xs_handle *h, const struct opts *o,
		     const char *path, int linewid)
{
	unsigned int len;
	char *val = xs_read(h, XBT_NULL, path, &len);
	int stop = o->desired_width < o->max_width ? o->desired_width
						   : o->max_width;

	if (!val) {
		printf(":\n");
	} else if ((long)o->max_width < (long)linewid + len + LS_TAG_LEN) {
		printf(" = \"%.*s\\...\"", o->max_width - LS_TAG_LEN - linewid,
		       sanitise(val, len));
	} else {
		linewid += printf(" = \"%s\"", sanitise(val, len));
		if (o->prefix) {
			putchar(' ');
			for (linewid++; linewid < stop; linewid++)
				putchar(linewid & 1 ? '.' : ' ');
		}
	}
	free(val);
}

static void do_ls(struct xs_handle *h, const struct opts *o,
		  const char *path, int depth)
{
	unsigned int i, num;
	char **kids = xs_directory(h, XBT_NULL, path, &num);
	bool slash = path[strlen(path) - 1] == '/';

	if (!kids)
		err(1, "xs_directory (%s)", path);
	for (i = 0; i < num; i++) {
		char *sub;
		int linewid = 0;

		if (asprintf(&sub, "%s%s%s", path, slash ? "" : "/",
			     kids[i]) < 0)
			err(1, "malloc");
		if (o->full) {
			fputs(sub, stdout);
		} else {
			for (; linewid < depth; linewid++)
				putchar(' ');
			linewid += printf("%.*s", o->max_width - LS_TAG_LEN -
					  linewid, kids[i]);
		}
		ls_value(h, o, sub, linewid);
		if (o->prefix)
			ls_perms(h, sub, kids[i]);
		putchar('\n');
		do_ls(h, o, sub, depth + 1);
		free(sub);
	}
	free(kids);
}

static void parse_perm(const char *s, struct xs_permissions *p)
{
	const char *m = strchr("nrwb", s[0]);

	if (!s[0] || !m)
		errx(1, "Invalid permission specification: '%c'", s[0]);
	p->perms = m - "nrwb";
	p->id = atoi(s + 1);
}

static void chmod_path(struct xs_handle *h, xs_transaction_t t,
		       const struct opts *o, char *path,
		       const struct xs_permissions *p, unsigned int n,
		       bool upto, bool recurse)
{
	if (!path[0])
		return;
	if (!xs_set_permissions(h, t, path, p, n))
		err(1, "Error occurred setting permissions on '%s'", path);
	if (upto) {
		char *sep = strrchr(path, '/');

		if (!sep)
			errx(1, "Unable to locate path separator '/' in '%s'",
			     path);
		*sep = '\0';
		chmod_path(h, t, o, path, p, n, true, false);
		*sep = '/';
	}
	if (recurse) {
		unsigned int i, num;
		char **kids = xs_directory(h, t, path, &num);

		for (i = 0; kids && i < num; i++) {
			char *sub;

			if (asprintf(&sub, "%s/%s", path, kids[i]) < 0)
				err(1, "malloc");
			chmod_path(h, t, o, sub, p, n, false, true);
			free(sub);
		}
		free(kids);
	}
}

static int do_chmod(struct xs_handle *h, xs_transaction_t t,
		    const struct opts *o, int argc, char **argv)
{
	struct xs_permissions p[16];
	char *path = strdup(argv[0]);
	int i;

	if (!path)
		err(1, "malloc");
	if (argc - 1 > 16)
		errx(1, "Too many permissions specified.  "
			"Maximum per invocation is 16.");
	for (i = 1; i < argc; i++)
		parse_perm(argv[i], &p[i - 1]);
	chmod_path(h, t, o, path, p, argc - 1, o->upto, o->recurse);
	free(path);
	return 0;
}

/* Run the command over argv once, inside transaction t. */
static int perform(struct xs_handle *h, xs_transaction_t t,
		   const struct opts *o, int argc, char **argv)
{
	int i, rc = 0;

	if (o->mode == M_CHMOD)
		return do_chmod(h, t, o, argc, argv);
	for (i = 0; i < argc && !rc; i++) {
		switch (o->mode) {
		case M_READ:
			rc = do_read(h, t, o, argv[i]);
			break;
		case M_WRITE:
			rc = do_write(h, t, o, argv[i], argv[i + 1]);
			i++;
			break;
		case M_RM:
			rc = do_rm(h, t, o, argv[i]);
			break;
		case M_EXISTS: {
			char *v = xs_read(h, t, argv[i], NULL);

			rc = v ? 0 : 1;
			free(v);
			break;
		}
		case M_LIST:
			rc = do_list(h, t, o, argv[i]);
			break;
		default:
			break;
		}
	}
	return rc;
}

static int do_watch(struct xs_handle *h, const struct opts *o, int argc,
		    char **argv)
{
	long seen = 0;
	int i;

	for (i = 0; i < argc; i++)
		if (!xs_watch(h, argv[i], argv[i]))
			err(1, "xs_watch (%s)", argv[i]);
	while (o->watch_count < 0 || seen < o->watch_count) {
		unsigned int num;
		char **ev = xs_read_watch(h, &num);

		if (!ev)
			return 1;
		printf("%s\n", ev[XS_WATCH_PATH]);
		fflush(stdout);
		free(ev);
		seen++;
	}
	return 0;
}

static bool mode_takes(enum mode m, char opt)
{
	switch (opt) {
	case 'p':
		return m == M_READ || m == M_LIST || m == M_LS;
	case 'f':
		return m == M_LS;
	case 'R':
		return m == M_READ || m == M_WRITE;
	case 't':
		return m == M_RM;
	case 'u':
	case 'r':
		return m == M_CHMOD;
	case 'n':
		return m == M_WATCH;
	}
	return true;
}

static void parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", 0, NULL, 'h' }, { "socket", 0, NULL, 's' },
		{ "prefix", 0, NULL, 'p' }, { "tidy", 0, NULL, 't' },
		{ "upto", 0, NULL, 'u' }, { "recurse", 0, NULL, 'r' },
		{ "raw", 0, NULL, 'R' }, { NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "+fhsptuRrn:", longopts,
				 NULL)) != -1) {
		if (ch == '?' || ch == 'h' || !mode_takes(o->mode, ch))
			usage(o);
		switch (ch) {
		case 'p': o->prefix = true; break;
		case 'R': o->raw = true; break;
		case 't': o->tidy = true; break;
		case 'u': o->upto = true; break;
		case 'r': o->recurse = true; break;
		case 'n': o->watch_count = atol(optarg); break;
		case 'f':
			o->full = true;
			o->max_width = INT_MAX / 2;
			o->desired_width = 0;
			break;
		}
	}
}

static enum mode pick_mode(const char *name, const char *prog)
{
	unsigned int i;

	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(name, mode_names[i]))
			return i;
	errx(1, "unknown mode %s (run as %s <mode> ...)", name, prog);
}

static bool needs_transaction(enum mode m, int nargs)
{
	switch (m) {
	case M_READ: return nargs > 1;
	case M_WRITE: return nargs > 2;
	case M_LS: case M_WATCH: return false;
	default: return true;
	}
}

static int run_ls(struct xs_handle *h, const struct opts *o, int nargs,
		  char **argv)
{
	int i;

	if (!nargs)
		do_ls(h, o, "/", 0);
	for (i = 0; i < nargs; i++)
		do_ls(h, o, argv[i], 0);
	return 0;
}

/* Run the command, in a transaction when it touches several nodes,
 * retrying from scratch on EAGAIN; print only what the commit kept. */
static int run_txn(struct xs_handle *h, const struct opts *o, int nargs,
		   char **argv)
{
	xs_transaction_t t = XBT_NULL;
	int rc;

again:
	if (needs_transaction(o->mode, nargs)) {
		t = xs_transaction_start(h);
		if (t == XBT_NULL)
			errx(1, "couldn't start transaction");
	}
	rc = perform(h, t, o, nargs, argv);
	if (t != XBT_NULL && !xs_transaction_end(h, t, rc != 0)) {
		if (rc == 0 && errno == EAGAIN) {
			out_len = 0;
			goto again;
		}
		errx(1, "couldn't end transaction");
	}
	if (out_len)
		fwrite(out_buf, 1, out_len, stdout);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { .watch_count = -1, .max_width = 80,
			  .desired_width = 60, .prog = argv[0] };
	const char *base = strrchr(argv[0], '/');
	struct xs_handle *h;
	struct winsize ws;
	int rc, nargs;

	base = base ? base + 1 : argv[0];
	if (!strncmp(base, "xenstore-", 9)) {
		o.mode = pick_mode(base + 9, argv[0]);
	} else {
		if (argc < 2)
			errx(1, "Usage: %s <mode> [args]", argv[0]);
		o.mode = pick_mode(argv[1], argv[0]);
		argv++;
		argc--;
	}
	parse_args(&o, argc, argv);
	argv += optind;
	nargs = argc - optind;
	if ((o.mode != M_LS && nargs == 0) ||
	    (o.mode == M_WRITE && nargs % 2) ||
	    (o.mode == M_CHMOD && nargs < 2))
		usage(&o);
	if (o.mode == M_LS && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws))
		o.max_width = ws.ws_col - 2;
	h = xs_open(0);
	if (!h)
		err(1, "xs_open");
	if (o.mode == M_WATCH)
		rc = do_watch(h, &o, nargs, argv);
	else if (o.mode == M_LS)
		rc = run_ls(h, &o, nargs, argv);
	else
		rc = run_txn(h, &o, nargs, argv);
	xs_close(h);
	return rc;
}
