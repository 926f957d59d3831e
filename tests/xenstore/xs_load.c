/*
 * Load test for xenstored: many concurrent clients, each on its own
 * connection, doing mixed work for a bounded time:
 *
 *   - transactions that read /load/a and /load/b and write both
 *     incremented (retried on EAGAIN);
 *   - read-only transactions of a and b.  As in Xen, a transaction reads
 *     each node when it first touches it, so it may glimpse a mix of two
 *     states; but then its commit must fail with EAGAIN.  Any committed
 *     transaction that read a != b is an inconsistent read;
 *   - plain writes of unique nodes under /load/ev, which one watcher
 *     connection must see, each exactly once and in each writer's order;
 *   - directory listings and reads.
 *
 * Halfway through, a hostile client sends a header announcing an
 * oversized payload; it must get E2BIG and be disconnected while the
 * others carry on.  At the end: a == b == number of committed increments
 * (no lost update, no partial commit), no committed transaction saw
 * a != b (no inconsistent read) and every watch event arrived.
 *
 * Usage: xs_load <socket> <clients> <seconds>
 * Prints PASS/FAIL lines in the suite's format.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "public/io/xs_wire.h"
#include "xs.h"

#define MAX_CLIENTS 512

static const char *sock_path;
static volatile int stop;		/* writers stop */
static volatile int watcher_stop;
static long commits, retries, bad_reads, ops, errors;
static long written[MAX_CLIENTS];	/* events each client caused */
static long seen[MAX_CLIENTS];		/* events the watcher got */
static long out_of_order;
static pthread_mutex_t stat_lock = PTHREAD_MUTEX_INITIALIZER;

static void add(long *v, long d)
{
	__atomic_add_fetch(v, d, __ATOMIC_RELAXED);
}

static long read_num(struct xs_handle *h, xs_transaction_t t,
		     const char *path)
{
	char *v = xs_read(h, t, path, NULL);
	long n = v ? atol(v) : -1;

	free(v);
	return n;
}

static void increment(struct xs_handle *h)
{
	for (;;) {
		xs_transaction_t t = xs_transaction_start(h);
		char buf[32];
		long a, b;

		if (!t) {
			add(&errors, 1);
			return;
		}
		a = read_num(h, t, "/load/a");
		b = read_num(h, t, "/load/b");
		snprintf(buf, sizeof(buf), "%ld", a + 1);
		xs_write(h, t, "/load/a", buf, strlen(buf));
		xs_write(h, t, "/load/b", buf, strlen(buf));
		if (xs_transaction_end(h, t, false)) {
			if (a != b)
				add(&bad_reads, 1);
			add(&commits, 1);
			return;
		}
		if (errno != EAGAIN) {
			add(&errors, 1);
			return;
		}
		add(&retries, 1);
	}
}

/* A transaction may glimpse a mix of states, as in Xen, but then it
 * must not commit: a successful end vouches for what it read. */
static void check_read(struct xs_handle *h)
{
	xs_transaction_t t = xs_transaction_start(h);
	long a, b;

	if (!t)
		return;
	a = read_num(h, t, "/load/a");
	b = read_num(h, t, "/load/b");
	if (xs_transaction_end(h, t, false) && a != b)
		add(&bad_reads, 1);
}

static void *client(void *arg)
{
	long id = (long)arg, seq = 0;
	struct xs_handle *h = xs_open_path(sock_path);
	unsigned int seed = id * 7919 + 1;

	if (!h) {
		add(&errors, 1);
		return NULL;
	}
	while (!stop) {
		char path[64];
		unsigned int num;
		char **kids;

		switch (rand_r(&seed) % 4) {
		case 0:
			increment(h);
			break;
		case 1:
			snprintf(path, sizeof(path), "/load/ev/%ld-%ld", id,
				 seq);
			if (xs_write(h, XBT_NULL, path, "x", 1)) {
				seq++;
				__atomic_store_n(&written[id], seq,
						 __ATOMIC_RELEASE);
			} else {
				add(&errors, 1);
			}
			break;
		case 2:
			check_read(h);
			break;
		default:
			kids = xs_directory(h, XBT_NULL, "/load", &num);
			free(kids);
			break;
		}
		add(&ops, 1);
	}
	xs_close(h);
	return NULL;
}

static void note_event(const char *path)
{
	long id, seq;

	if (sscanf(path, "/load/ev/%ld-%ld", &id, &seq) != 2 || id < 0 ||
	    id >= MAX_CLIENTS)
		return;
	pthread_mutex_lock(&stat_lock);
	if (seq != seen[id])
		out_of_order++;
	seen[id] = seq + 1;
	pthread_mutex_unlock(&stat_lock);
}

static void *watcher(void *arg)
{
	struct xs_handle *h = arg;

	while (!watcher_stop) {
		unsigned int num;
		char **ev = xs_read_watch(h, &num);

		if (!ev)
			break;
		note_event(ev[XS_WATCH_PATH]);
		free(ev);
	}
	return NULL;
}

/* A raw client that lies about its payload size. */
static int hostile_client(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct xsd_sockmsg h = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 100 };
	char buf[64];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ssize_t n, total = 0;

	strncpy(sa.sun_path, sock_path, sizeof(sa.sun_path) - 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	if (write(fd, &h, sizeof(h)) != sizeof(h))
		return -1;
	while ((n = read(fd, buf + total, sizeof(buf) - total)) > 0)
		total += n;
	close(fd);
	/* Expect exactly one error reply, then end of file. */
	if (total != (ssize_t)sizeof(h) + 6)
		return -1;
	memcpy(&h, buf, sizeof(h));
	return h.type == XS_ERROR && !strcmp(buf + sizeof(h), "E2BIG") ? 0
								     : -1;
}

static bool all_seen(int n)
{
	int i;
	bool ok = true;

	pthread_mutex_lock(&stat_lock);
	for (i = 0; i < n; i++)
		if (seen[i] != written[i])
			ok = false;
	pthread_mutex_unlock(&stat_lock);
	return ok;
}

static void result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s load/%s%s", ok ? "PASS" : "FAIL", name, ok ? "" : ": ");
	if (!ok) {
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	pthread_t th[MAX_CLIENTS], wth;
	struct xs_handle *w, *h;
	int n, secs, i, hostile;
	long a, b;
	time_t end;

	if (argc != 4)
		return 2;
	sock_path = argv[1];
	n = atoi(argv[2]);
	secs = atoi(argv[3]);
	if (n < 1 || n > MAX_CLIENTS)
		return 2;
	h = xs_open_path(sock_path);
	w = xs_open_path(sock_path);
	if (!h || !w) {
		printf("FAIL load/connect: %s\n", strerror(errno));
		return 1;
	}
	xs_rm(h, XBT_NULL, "/load");
	xs_write(h, XBT_NULL, "/load/a", "0", 1);
	xs_write(h, XBT_NULL, "/load/b", "0", 1);
	xs_mkdir(h, XBT_NULL, "/load/ev");
	if (!xs_watch(w, "/load/ev", "ev")) {
		printf("FAIL load/watch: %s\n", strerror(errno));
		return 1;
	}
	pthread_create(&wth, NULL, watcher, w);
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, client, (void *)(long)i);
	sleep(secs / 2);
	hostile = hostile_client();
	sleep(secs - secs / 2);
	stop = 1;
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	end = time(NULL) + 15;
	while (!all_seen(n) && time(NULL) < end)
		usleep(100000);
	a = read_num(h, XBT_NULL, "/load/a");
	b = read_num(h, XBT_NULL, "/load/b");
	printf("%d clients, %d s: %ld ops, %ld commits, %ld EAGAIN retries\n",
	       n, secs, ops, commits, retries);
	result(a == commits && b == commits && commits > 0, "no-lost-updates",
	       "a=%ld b=%ld commits=%ld", a, b, commits);
	result(bad_reads == 0, "consistent-reads", "%ld transactions saw a!=b",
	       bad_reads);
	result(all_seen(n) && !out_of_order, "no-lost-watch-events",
	       "missing or reordered events (%ld out of order)",
	       out_of_order);
	result(hostile == 0, "malformed-isolated",
	       "oversized header did not get E2BIG + close");
	result(errors == 0, "no-errors", "%ld unexpected errors", errors);
	watcher_stop = 1;
	xs_rm(h, XBT_NULL, "/load");
	xs_close(h);
	xs_close(w);	/* ends the watcher's xs_read_watch */
	pthread_join(wth, NULL);
	return 0;
}
