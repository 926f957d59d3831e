/*
 * libxs: the client side of the XenStore protocol over a Unix socket.
 *
 * Requests are strictly one at a time per handle (req_lock), and the
 * protocol has at most one reply outstanding, so the next non-event
 * message is always the reply.  Watch events can arrive at any time,
 * also between requests, and somebody must read them off the socket even
 * when the application is only poll()ing xs_fileno().  So, like
 * libxenstore, the first xs_watch() starts a reader thread that owns the
 * socket's input: it queues replies for the waiting requester and events
 * for xs_read_watch(), and writes one byte per event into a pipe whose
 * read end is xs_fileno().  Before any watch exists, requests simply
 * read their reply themselves.
 *
 * Lock order: req_lock, then lock.  lock guards the two queues, the
 * reader state and the pipe byte count.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "public/io/xs_wire.h"
#include "xs.h"

struct xs_msg {
	struct xs_msg *next;
	struct xsd_sockmsg hdr;
	char *body;		/* NUL-terminated for convenience */
};

struct xs_handle {
	int fd;
	bool is_socket;			/* else the kernel's xenbus device */
	pthread_mutex_t req_lock;	/* one request at a time */
	pthread_mutex_t lock;		/* queues and reader state */
	pthread_cond_t cond;		/* a queue changed or reader died */
	struct xs_msg *reply;		/* at most one */
	struct xs_msg *events, **events_tail;
	int pipe[2];			/* readable while events queued */
	bool reader;			/* reader thread running */
	bool dead;			/* socket closed or broken */
	pthread_t thread;
	uint32_t req_id;
};

const char *xs_daemon_socket(void)
{
	static char buf[256];
	const char *p = getenv("XENSTORED_PATH");

	if (p && *p)
		return p;
	p = getenv("XENSTORED_RUNDIR");
	snprintf(buf, sizeof(buf), "%s/socket",
		 p && *p ? p : "/var/run/xenstored");
	return buf;
}

static int connect_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, e;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* A connection over fd: a socket, or the kernel's xenbus device. */
static struct xs_handle *handle_new(int fd, bool is_socket)
{
	struct xs_handle *h = calloc(1, sizeof(*h));

	if (!h || pipe2(h->pipe, O_CLOEXEC | O_NONBLOCK)) {
		int e = errno;

		free(h);
		close(fd);
		errno = e;
		return NULL;
	}
	h->fd = fd;
	h->is_socket = is_socket;
	pthread_mutex_init(&h->req_lock, NULL);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	h->events_tail = &h->events;
	return h;
}

/*
 * As libxenstore does: a path that is not a socket (XENSTORED_PATH set to
 * /dev/xen/xenbus, say) is opened as the kernel's xenbus device.
 */
struct xs_handle *xs_open_path(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		return fd < 0 ? NULL : handle_new(fd, false);
	}
	fd = connect_socket(path);
	return fd < 0 ? NULL : handle_new(fd, true);
}

/*
 * The daemon's socket, as libxenstore looks for it; failing that (in a
 * guest, or in dom0 before a local daemon runs), the kernel's xenbus
 * device, which carries the same messages over the domain's ring.
 */
struct xs_handle *xs_open(unsigned long flags)
{
	struct xs_handle *h = xs_open_path(xs_daemon_socket());

	if (h || (flags & XS_OPEN_SOCKETONLY))
		return h;
	return xs_open_path("/dev/xen/xenbus");
}

static void msg_free(struct xs_msg *m)
{
	if (m)
		free(m->body);
	free(m);
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	if (h->is_socket)
		shutdown(h->fd, SHUT_RDWR);	/* wakes the reader */
	else if (h->reader)
		pthread_cancel(h->thread);	/* read() is a cancel point */
	if (h->reader)
		pthread_join(h->thread, NULL);
	close(h->fd);
	close(h->pipe[0]);
	close(h->pipe[1]);
	msg_free(h->reply);
	while (h->events) {
		struct xs_msg *m = h->events;

		h->events = m->next;
		msg_free(m);
	}
	free(h);
}

static bool io_all(int fd, void *buf, size_t len, bool wr, bool sock)
{
	char *p = buf;

	while (len) {
		ssize_t r = !wr ? read(fd, p, len) :
			    sock ? send(fd, p, len, MSG_NOSIGNAL) :
				   write(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ECONNRESET;
			return false;
		}
		p += r;
		len -= r;
	}
	return true;
}

static struct xs_msg *read_msg(int fd)
{
	struct xs_msg *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	if (!io_all(fd, &m->hdr, sizeof(m->hdr), false, false) ||
	    m->hdr.len > XENSTORE_PAYLOAD_MAX ||
	    !(m->body = malloc(m->hdr.len + 1)) ||
	    !io_all(fd, m->body, m->hdr.len, false, false)) {
		msg_free(m);
		return NULL;
	}
	m->body[m->hdr.len] = '\0';
	return m;
}

/* Caller holds lock. */
static void queue_msg(struct xs_handle *h, struct xs_msg *m)
{
	if (m->hdr.type == XS_WATCH_EVENT) {
		*h->events_tail = m;
		h->events_tail = &m->next;
		/* A full pipe is fine: it stays readable anyway. */
		ssize_t r = write(h->pipe[1], "", 1);

		(void)r;
	} else {
		msg_free(h->reply);
		h->reply = m;
	}
	pthread_cond_broadcast(&h->cond);
}

static void *reader_main(void *arg)
{
	struct xs_handle *h = arg;
	struct xs_msg *m;

	while ((m = read_msg(h->fd))) {
		int old;

		/* Only the blocking read may be cancelled (xs_close). */
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
		pthread_mutex_lock(&h->lock);
		queue_msg(h, m);
		pthread_mutex_unlock(&h->lock);
		pthread_setcancelstate(old, NULL);
	}
	pthread_mutex_lock(&h->lock);
	h->dead = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* Caller holds req_lock, so no synchronous reader is active. */
static bool start_reader(struct xs_handle *h)
{
	if (h->reader)
		return true;
	if (pthread_create(&h->thread, NULL, reader_main, h))
		return false;
	h->reader = true;
	return true;
}

static struct xs_msg *wait_reply(struct xs_handle *h)
{
	struct xs_msg *m = NULL;

	if (!h->reader) {
		/* Nobody else reads: take messages until the reply. */
		while ((m = read_msg(h->fd)) && m->hdr.type == XS_WATCH_EVENT) {
			pthread_mutex_lock(&h->lock);
			queue_msg(h, m);
			pthread_mutex_unlock(&h->lock);
		}
		return m;
	}
	pthread_mutex_lock(&h->lock);
	while (!h->reply && !h->dead)
		pthread_cond_wait(&h->cond, &h->lock);
	m = h->reply;
	h->reply = NULL;
	pthread_mutex_unlock(&h->lock);
	if (!m)
		errno = ECONNRESET;
	return m;
}

static int error_number(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, name))
			return xsd_errors[i].errnum;
	return EINVAL;
}

/*
 * The xenbus device wants each message in one write(); a socket does not
 * care, so both get header and payload together.
 */
static bool send_msg(struct xs_handle *h, const struct xsd_sockmsg *hdr,
		     const void *payload, unsigned int len)
{
	char buf[sizeof(*hdr) + XENSTORE_PAYLOAD_MAX];

	if (len > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return false;
	}
	memcpy(buf, hdr, sizeof(*hdr));
	memcpy(buf + sizeof(*hdr), payload, len);
	return io_all(h->fd, buf, sizeof(*hdr) + len, true, h->is_socket);
}

/*
 * Send one request and return the reply's payload (malloc'ed, with a NUL
 * after it), or NULL with errno set.
 */
void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, unsigned int *rlen)
{
	struct xsd_sockmsg hdr = { type, 0, t, len };
	struct xs_msg *m;
	char *body;

	pthread_mutex_lock(&h->req_lock);
	hdr.req_id = ++h->req_id;
	if (type == XS_WATCH && !start_reader(h)) {
		pthread_mutex_unlock(&h->req_lock);
		return NULL;
	}
	if (!send_msg(h, &hdr, payload, len)) {
		pthread_mutex_unlock(&h->req_lock);
		return NULL;
	}
	m = wait_reply(h);
	pthread_mutex_unlock(&h->req_lock);
	if (!m)
		return NULL;
	if (m->hdr.type == XS_ERROR) {
		errno = error_number(m->body);
		msg_free(m);
		return NULL;
	}
	if (m->hdr.type != type) {
		msg_free(m);
		errno = EBADMSG;
		return NULL;
	}
	body = m->body;
	if (rlen)
		*rlen = m->hdr.len;
	free(m);
	return body;
}

/* Requests whose arguments are NUL-terminated strings (up to three). */
static void *talk_strs(struct xs_handle *h, xs_transaction_t t,
		       uint32_t type, const char *a, const char *b,
		       const char *c, unsigned int *rlen)
{
	const char *args[3] = { a, b, c };
	char buf[XENSTORE_PAYLOAD_MAX];
	unsigned int len = 0, i;

	for (i = 0; i < 3 && args[i]; i++) {
		size_t l = strlen(args[i]) + 1;

		if (len + l > sizeof(buf)) {
			errno = E2BIG;
			return NULL;
		}
		memcpy(buf + len, args[i], l);
		len += l;
	}
	return xs_talk(h, t, type, buf, len, rlen);
}

static bool talk_ok(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		    const char *a, const char *b, const char *c)
{
	char *r = talk_strs(h, t, type, a, b, c, NULL);

	free(r);
	return r != NULL;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len)
{
	return talk_strs(h, t, XS_READ, path, NULL, NULL, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1;
	char *r;

	if (pl + len > sizeof(buf)) {
		errno = E2BIG;
		return false;
	}
	memcpy(buf, path, pl);
	memcpy(buf + pl, data, len);
	r = xs_talk(h, t, XS_WRITE, buf, pl + len, NULL);
	free(r);
	return r != NULL;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return talk_ok(h, t, XS_MKDIR, path, NULL, NULL);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return talk_ok(h, t, XS_RM, path, NULL, NULL);
}

/* Turn n NUL-terminated strings into one malloc'ed char* vector. */
static char **split_strings(const char *buf, unsigned int len,
			    unsigned int *num)
{
	unsigned int n = 0, i, off;
	char **vec, *copy;

	for (i = 0; i < len; i++)
		if (!buf[i])
			n++;
	vec = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!vec)
		return NULL;
	copy = (char *)(vec + n + 1);
	memcpy(copy, buf, len);
	for (i = 0, off = 0; i < n; i++) {
		vec[i] = copy + off;
		off += strlen(copy + off) + 1;
	}
	vec[n] = NULL;
	*num = n;
	return vec;
}

/* Long child lists come in DIRECTORY_PART chunks of one generation. */
static char **directory_parts(struct xs_handle *h, xs_transaction_t t,
			      const char *path, unsigned int *num)
{
	char *all = NULL, *gen = NULL, off_s[16];
	unsigned int total = 0, rlen;
	char **vec = NULL;

	for (;;) {
		char *r, *next;
		unsigned int glen;

		snprintf(off_s, sizeof(off_s), "%u", total);
		r = talk_strs(h, t, XS_DIRECTORY_PART, path, off_s, NULL,
			      &rlen);
		if (!r)
			goto out;
		glen = strlen(r) + 1;
		if (gen && strcmp(gen, r)) {	/* changed meanwhile */
			free(r);
			free(gen);
			free(all);
			return directory_parts(h, t, path, num);
		}
		if (!gen)
			gen = strdup(r);
		next = realloc(all, total + rlen - glen + 1);
		if (!next || rlen < glen) {
			free(r);
			goto out;
		}
		all = next;
		memcpy(all + total, r + glen, rlen - glen);
		total += rlen - glen;
		free(r);
		/* The last chunk ends with an extra NUL (an empty name). */
		if (total == 0 || (total == 1 && !all[0]) ||
		    (total >= 2 && !all[total - 1] && !all[total - 2]))
			break;
	}
	if (total)
		total--;	/* drop the empty name */
	vec = split_strings(all ? all : "", total, num);
out:
	free(gen);
	free(all);
	return vec;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
		    const char *path, unsigned int *num)
{
	unsigned int len;
	char *r = talk_strs(h, t, XS_DIRECTORY, path, NULL, NULL, &len);
	char **vec;

	if (!r)
		return errno == E2BIG ? directory_parts(h, t, path, num) : NULL;
	vec = split_strings(r, len, num);
	free(r);
	return vec;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buf,
		       unsigned int len)
{
	static const char mode[] = "nrwb";

	return (unsigned int)snprintf(buf, len, "%c%u", mode[perm->perms & 3],
				      perm->id) < len;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
			 const char *strings)
{
	unsigned int i;

	for (i = 0; i < num; i++, strings += strlen(strings) + 1) {
		const char *m = strchr("nrwb", strings[0]);
		char *end;

		if (!strings[0] || !m)
			goto bad;
		perms[i].perms = m - "nrwb";
		perms[i].id = strtoul(strings + 1, &end, 10);
		if (end == strings + 1 || *end)
			goto bad;
	}
	return true;
bad:
	errno = EINVAL;
	return false;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t,
					  const char *path, unsigned int *num)
{
	unsigned int len, n, i;
	char *r = talk_strs(h, t, XS_GET_PERMS, path, NULL, NULL, &len);
	struct xs_permissions *p;

	if (!r)
		return NULL;
	for (i = 0, n = 0; i < len; i++)
		if (!r[i])
			n++;
	p = calloc(n ? n : 1, sizeof(*p));
	if (p && !xs_strings_to_perms(p, n, r)) {
		free(p);
		p = NULL;
	}
	free(r);
	*num = n;
	return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, const struct xs_permissions *perms,
			unsigned int num)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	unsigned int len = strlen(path) + 1, i;
	char *r;

	if (len + num * 8 > sizeof(buf)) {
		errno = E2BIG;
		return false;
	}
	memcpy(buf, path, len);
	for (i = 0; i < num; i++) {
		xs_perm_to_string(&perms[i], buf + len, 8);
		len += strlen(buf + len) + 1;
	}
	r = xs_talk(h, t, XS_SET_PERMS, buf, len, NULL);
	free(r);
	return r != NULL;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	return talk_ok(h, XBT_NULL, XS_WATCH, path, token, NULL);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	return talk_ok(h, XBT_NULL, XS_UNWATCH, path, token, NULL);
}

bool xs_reset_watches(struct xs_handle *h)
{
	char *r = xs_talk(h, XBT_NULL, XS_RESET_WATCHES, "", 1, NULL);

	free(r);
	return r != NULL;
}

int xs_fileno(struct xs_handle *h)
{
	return h->pipe[0];
}

/* Caller holds lock and an event is queued. */
static char **pop_event(struct xs_handle *h, unsigned int *num)
{
	struct xs_msg *m = h->events;
	char **vec;
	char byte;
	ssize_t r;

	h->events = m->next;
	if (!h->events)
		h->events_tail = &h->events;
	r = read(h->pipe[0], &byte, 1);	/* may be lost to a full pipe */
	(void)r;
	vec = split_strings(m->body, m->hdr.len, num);
	msg_free(m);
	return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	char **vec = NULL;

	pthread_mutex_lock(&h->req_lock);
	start_reader(h);
	pthread_mutex_unlock(&h->req_lock);
	pthread_mutex_lock(&h->lock);
	while (!h->events && !h->dead)
		pthread_cond_wait(&h->cond, &h->lock);
	if (h->events)
		vec = pop_event(h, num);
	else
		errno = ECONNRESET;
	pthread_mutex_unlock(&h->lock);
	return vec;
}

char **xs_check_watch(struct xs_handle *h)
{
	unsigned int num;
	char **vec = NULL;

	pthread_mutex_lock(&h->lock);
	if (h->events)
		vec = pop_event(h, &num);
	else
		errno = EAGAIN;
	pthread_mutex_unlock(&h->lock);
	return vec;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	char *r = xs_talk(h, XBT_NULL, XS_TRANSACTION_START, "", 1, NULL);
	xs_transaction_t t;

	if (!r)
		return XBT_NULL;
	t = strtoul(r, NULL, 10);
	free(r);
	return t;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	return talk_ok(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL,
		       NULL);
}

static bool domid_op(struct xs_handle *h, uint32_t type, unsigned int domid)
{
	char d[16];

	snprintf(d, sizeof(d), "%u", domid);
	return talk_ok(h, XBT_NULL, type, d, NULL, NULL);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int port)
{
	char d[16], m[24], p[16];

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(m, sizeof(m), "%lu", mfn);
	snprintf(p, sizeof(p), "%u", port);
	return talk_ok(h, XBT_NULL, XS_INTRODUCE, d, m, p);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	return domid_op(h, XS_RELEASE, domid);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
	return domid_op(h, XS_RESUME, domid);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid,
		   unsigned int target)
{
	char d[16], tg[16];

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(tg, sizeof(tg), "%u", target);
	return talk_ok(h, XBT_NULL, XS_SET_TARGET, d, tg, NULL);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	char d[16], *r;
	bool yes;

	snprintf(d, sizeof(d), "%u", domid);
	r = talk_strs(h, XBT_NULL, XS_IS_DOMAIN_INTRODUCED, d, NULL, NULL,
		      NULL);
	yes = r && !strcmp(r, "T");
	free(r);
	return yes;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char d[16];

	snprintf(d, sizeof(d), "%u", domid);
	return talk_strs(h, XBT_NULL, XS_GET_DOMAIN_PATH, d, NULL, NULL, NULL);
}

char *xs_control_command(struct xs_handle *h, const char *cmd,
			 const char *arg)
{
	return talk_strs(h, XBT_NULL, XS_CONTROL, cmd, arg, NULL, NULL);
}
