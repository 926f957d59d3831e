/*
 * xenstored: options, the Unix socket and the poll loop.
 *
 * Local tools connect to a Unix socket and are treated as dom0 (the
 * socket's file permissions are the access control, as in Xen).  The
 * socket path is --socket-path, else $XENSTORED_PATH, else
 * $XENSTORED_RUNDIR/socket, else /var/run/xenstored/socket: the same
 * lookup libxenstore does, so clients and daemon agree by default.
 *
 * The loop polls the listening socket, every client socket (for output
 * only when something is queued, for input only while the client is
 * within its quota) and, when domains have rings, wakes at least every
 * few milliseconds to serve them.  After each round, connections marked
 * dead are freed.  SIGTERM and SIGINT end the loop; with --state-file the
 * state is saved first and loaded again by the next daemon.  Before
 * saving, the daemon drains as Xen's live update does: it lets open
 * transactions finish (for up to --restart-timeout seconds, 10 by
 * default; Xen's -F past that) and reads nobody else's requests.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "xenstored.h"

static volatile sig_atomic_t stopping;	/* set by SIGTERM/SIGINT */

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int sock_read(struct conn *c, void *buf, unsigned int len)
{
	ssize_t r = recv(c->fd, buf, len, MSG_DONTWAIT);

	if (r < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -EIO;
	return r ? (int)r : -EPIPE;
}

static int sock_write(struct conn *c, const void *buf, unsigned int len)
{
	ssize_t r = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (r < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -EIO;
	return (int)r;
}

static void sock_close(struct conn *c)
{
	close(c->fd);
}

static const struct conn_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.close = sock_close,
};

static const char *default_socket_path(void)
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

static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "xenstored: socket path too long\n");
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0600) || listen(fd, 128)) {
		perror("xenstored: socket");
		close(fd);
		return -1;
	}
	return fd;
}

static void accept_client(int lfd)
{
	static const struct caller dom0 = { 0, true, -1 };
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (!conn_new(&sock_ops, NULL, fd, &dom0))
		close(fd);
}

static int backend_fd(void)
{
	return domain_backend->pollfd ? domain_backend->pollfd() : -1;
}

static void serve_once(int lfd)
{
	struct pollfd *pfd;
	struct conn **who, *c;
	unsigned int n = 2, i;

	for (c = conn_list; c; c = c->next)
		n++;
	pfd = calloc(n, sizeof(*pfd));
	who = calloc(n, sizeof(*who));
	if (!pfd || !who)
		goto out;
	pfd[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = backend_fd(), .events = POLLIN };
	n = 2;
	for (c = conn_list; c; c = c->next) {
		if (c->fd < 0)
			continue;
		pfd[n].fd = c->fd;
		pfd[n].events = (conn_can_read(c) ? POLLIN : 0) |
				(conn_wants_write(c) ? POLLOUT : 0);
		who[n++] = c;
	}
	if (poll(pfd, n, domain_any_ring() ? 10 : 1000) < 0)
		goto out;
	if (pfd[0].revents & POLLIN)
		accept_client(lfd);
	if ((pfd[1].revents & POLLIN) && domain_backend->drain)
		domain_backend->drain();
	for (i = 2; i < n; i++) {
		if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			conn_handle_input(who[i]);
		if (pfd[i].revents & POLLOUT)
			conn_flush(who[i]);
	}
	domain_poll();
	conn_reap();
out:
	free(pfd);
	free(who);
}

/*
 * Let open transactions end before the state is saved: a transaction
 * that commits now needs no restoring.  One still open at the timeout
 * comes back doomed (EAGAIN at its end, see dump.c).
 */
static void drain(int lfd, int timeout)
{
	time_t end = time(NULL) + timeout;

	conn_draining = true;
	while (conn_open_txns() && time(NULL) < end)
		serve_once(lfd);
	if (conn_open_txns())
		fprintf(stderr, "xenstored: %u transaction(s) still open at "
			"restart: they will fail with EAGAIN\n",
			conn_open_txns());
}

struct options {
	const char *socket_path;
	const char *pid_file;
	const char *state_file;
	bool no_fork;
	bool no_domain_init;	/* -D: do not serve dom0's own ring */
	int restart_timeout;	/* seconds to let transactions end */
};

static void usage(void)
{
	fprintf(stderr,
"Usage: xenstored [options]\n"
"  -N, --no-fork            stay in the foreground\n"
"  -D, --no-domain-init     do not serve dom0's own ring\n"
"  -T, --trace-file FILE    log every message to FILE\n"
"  -F, --pid-file FILE      write the daemon's pid to FILE\n"
"      --socket-path PATH   listen on PATH (default: $XENSTORED_PATH)\n"
"      --state-file FILE    load state from FILE, save it on exit\n"
"      --restart-timeout N  before saving, wait up to N s (10) for open\n"
"                           transactions to end\n"
"  -E, --entry-nb N         nodes per domain (1000)\n"
"  -W, --watch-nb N         watches per domain (128)\n"
"  -S, --entry-size N       bytes per value (2048)\n"
"  -t, --transaction N      transactions per domain (10)\n"
"  -A, --perm-nb N          permission entries per node (5)\n"
"  -M, --path-max N         relative path length (2048)\n");
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "no-fork", 0, NULL, 'N' },
		{ "no-domain-init", 0, NULL, 'D' },
		{ "trace-file", 1, NULL, 'T' },
		{ "pid-file", 1, NULL, 'F' },
		{ "socket-path", 1, NULL, 's' },
		{ "state-file", 1, NULL, 'L' },
		{ "restart-timeout", 1, NULL, 'U' },
		{ "entry-nb", 1, NULL, 'E' },
		{ "watch-nb", 1, NULL, 'W' },
		{ "entry-size", 1, NULL, 'S' },
		{ "transaction", 1, NULL, 't' },
		{ "perm-nb", 1, NULL, 'A' },
		{ "path-max", 1, NULL, 'M' },
		{ "verbose", 0, NULL, 'V' },
		{ "help", 0, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "NDT:F:E:W:S:t:A:M:VHIR",
				 longopts, NULL)) != -1) {
		switch (ch) {
		case 'N': o->no_fork = true; break;
		case 'T':
			trace_file = fopen(optarg, "a");
			if (!trace_file)
				perror(optarg);
			break;
		case 'F': o->pid_file = optarg; break;
		case 's': o->socket_path = optarg; break;
		case 'L': o->state_file = optarg; break;
		case 'U': o->restart_timeout = atoi(optarg); break;
		case 'E': quota.nodes = atoi(optarg); break;
		case 'W': quota.watches = atoi(optarg); break;
		case 'S': quota.entry_size = atoi(optarg); break;
		case 't': quota.transactions = atoi(optarg); break;
		case 'A': quota.perms = atoi(optarg); break;
		case 'M': quota.path_max = atoi(optarg); break;
		case 'D': o->no_domain_init = true; break;
		case 'V': case 'I': case 'R': break;
		default:
			usage();
			return -1;
		}
	}
	return 0;
}

static void daemonize(const char *pid_file)
{
	pid_t pid = fork();
	FILE *f;

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if (pid_file && (f = fopen(pid_file, "w"))) {
		fprintf(f, "%d\n", getpid());
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	struct options o = { .restart_timeout = 10 };
	int lfd, rc;

	quota_reset();
	if (parse_options(argc, argv, &o))
		return 1;
	if (!o.socket_path)
		o.socket_path = default_socket_path();
	if (store_init())
		return 1;
	/* In a Linux dom0 serve the domains' rings; on a bare host the
	 * devices are missing and only the socket is served. */
	rc = backend_linux_init(!o.no_domain_init);
	if (rc && rc != -ENODEV)
		fprintf(stderr, "xenstored: dom0's own ring not served\n");
	if (o.state_file && access(o.state_file, F_OK) == 0 &&
	    dump_load(o.state_file)) {
		fprintf(stderr, "xenstored: cannot load %s\n", o.state_file);
		return 1;
	}
	lfd = listen_on(o.socket_path);
	if (lfd < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (!o.no_fork)
		daemonize(o.pid_file);
	while (!stopping)
		serve_once(lfd);
	if (o.state_file)
		drain(lfd, o.restart_timeout);
	if (o.state_file && dump_save(o.state_file))
		fprintf(stderr, "xenstored: cannot save %s\n", o.state_file);
	unlink(o.socket_path);
	return 0;
}
