/*
 * XenBus: device directories and the frontend/backend state machine.
 *
 * The handshake is driven entirely through the store: each end writes its
 * own "state" and watches the other's.  Creating a device is one
 * transaction that makes both directories, cross-links them
 * ("backend"/"frontend" and the peer's domid), sets both states to
 * Initialising and sets permissions so that each end owns its directory
 * and may only read the other's, as Xen's toolstack does.  Switching
 * state never recreates a directory that was removed (the device is
 * being torn down): it checks in the same transaction that the directory
 * still exists.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "xenbus.h"

static const char *const state_names[] = {
	[XenbusStateUnknown] = "Unknown",
	[XenbusStateInitialising] = "Initialising",
	[XenbusStateInitWait] = "InitWait",
	[XenbusStateInitialised] = "Initialised",
	[XenbusStateConnected] = "Connected",
	[XenbusStateClosing] = "Closing",
	[XenbusStateClosed] = "Closed",
	[XenbusStateReconfiguring] = "Reconfiguring",
	[XenbusStateReconfigured] = "Reconfigured",
};

const char *xenbus_strstate(enum xenbus_state s)
{
	if ((unsigned int)s < sizeof(state_names) / sizeof(state_names[0]))
		return state_names[s];
	return "INVALID";
}

char *xenbus_frontend_path(unsigned int fe_domid, const char *type,
			   unsigned int devid)
{
	char *p;

	if (asprintf(&p, "/local/domain/%u/device/%s/%u", fe_domid, type,
		     devid) < 0)
		return NULL;
	return p;
}

char *xenbus_backend_path(unsigned int be_domid, const char *type,
			  unsigned int fe_domid, unsigned int devid)
{
	char *p;

	if (asprintf(&p, "/local/domain/%u/backend/%s/%u/%u", be_domid, type,
		     fe_domid, devid) < 0)
		return NULL;
	return p;
}

int xenbus_printf(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key, const char *fmt, ...)
{
	char *path, *val;
	va_list ap;
	int n;
	bool ok;

	va_start(ap, fmt);
	n = vasprintf(&val, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	if (asprintf(&path, "%s/%s", dir, key) < 0) {
		free(val);
		return -ENOMEM;
	}
	ok = xs_write(h, t, path, val, n);
	free(path);
	free(val);
	return ok ? 0 : -errno;
}

char *xenbus_read(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key)
{
	char *path, *val;

	if (asprintf(&path, "%s/%s", dir, key) < 0)
		return NULL;
	val = xs_read(h, t, path, NULL);
	free(path);
	return val;
}

static int set_perms(struct xs_handle *h, xs_transaction_t t,
		     const char *dir, unsigned int owner, unsigned int reader)
{
	struct xs_permissions p[2] = {
		{ owner, XS_PERM_NONE },
		{ reader, XS_PERM_READ },
	};

	return xs_set_permissions(h, t, dir, p, 2) ? 0 : -errno;
}

/* Both directories, linked, Initialising, in transaction t. */
static int device_fill(struct xs_handle *h, xs_transaction_t t,
		       const char *fe, const char *be, unsigned int be_domid,
		       unsigned int fe_domid)
{
	int rc;

	if (!xs_mkdir(h, t, fe) || !xs_mkdir(h, t, be))
		return -errno;
	rc = xenbus_printf(h, t, fe, "backend", "%s", be);
	if (!rc)
		rc = xenbus_printf(h, t, fe, "backend-id", "%u", be_domid);
	if (!rc)
		rc = xenbus_printf(h, t, fe, "state", "%d",
				   XenbusStateInitialising);
	if (!rc)
		rc = xenbus_printf(h, t, be, "frontend", "%s", fe);
	if (!rc)
		rc = xenbus_printf(h, t, be, "frontend-id", "%u", fe_domid);
	if (!rc)
		rc = xenbus_printf(h, t, be, "online", "1");
	if (!rc)
		rc = xenbus_printf(h, t, be, "state", "%d",
				   XenbusStateInitialising);
	if (!rc)
		rc = set_perms(h, t, fe, fe_domid, be_domid);
	if (!rc)
		rc = set_perms(h, t, be, be_domid, fe_domid);
	return rc;
}

/* Run fn in a transaction, retrying while commits conflict. */
static int in_transaction(struct xs_handle *h,
			  int (*fn)(struct xs_handle *, xs_transaction_t,
				    void *),
			  void *arg)
{
	for (;;) {
		xs_transaction_t t = xs_transaction_start(h);
		int rc;

		if (t == XBT_NULL)
			return -errno;
		rc = fn(h, t, arg);
		if (rc) {
			xs_transaction_end(h, t, true);
			return rc;
		}
		if (xs_transaction_end(h, t, false))
			return 0;
		if (errno != EAGAIN)
			return -errno;
	}
}

struct dev_args {
	char *fe, *be;
	unsigned int be_domid, fe_domid;
};

static int create_fn(struct xs_handle *h, xs_transaction_t t, void *arg)
{
	struct dev_args *a = arg;

	return device_fill(h, t, a->fe, a->be, a->be_domid, a->fe_domid);
}

static int destroy_fn(struct xs_handle *h, xs_transaction_t t, void *arg)
{
	struct dev_args *a = arg;

	if (!xs_rm(h, t, a->fe) || !xs_rm(h, t, a->be))
		return -errno;
	return 0;
}

static int device_op(struct xs_handle *h, unsigned int be_domid,
		     unsigned int fe_domid, const char *type,
		     unsigned int devid,
		     int (*fn)(struct xs_handle *, xs_transaction_t, void *))
{
	struct dev_args a = {
		.fe = xenbus_frontend_path(fe_domid, type, devid),
		.be = xenbus_backend_path(be_domid, type, fe_domid, devid),
		.be_domid = be_domid,
		.fe_domid = fe_domid,
	};
	int rc = a.fe && a.be ? in_transaction(h, fn, &a) : -ENOMEM;

	free(a.fe);
	free(a.be);
	return rc;
}

int xenbus_device_create(struct xs_handle *h, unsigned int be_domid,
			 unsigned int fe_domid, const char *type,
			 unsigned int devid)
{
	return device_op(h, be_domid, fe_domid, type, devid, create_fn);
}

int xenbus_device_destroy(struct xs_handle *h, unsigned int be_domid,
			  unsigned int fe_domid, const char *type,
			  unsigned int devid)
{
	return device_op(h, be_domid, fe_domid, type, devid, destroy_fn);
}

/* A missing or unparsable state reads as Unknown, as in Linux. */
int xenbus_read_state(struct xs_handle *h, xs_transaction_t t,
		      const char *dir, enum xenbus_state *state)
{
	char *val = xenbus_read(h, t, dir, "state");
	char *end;
	long v;

	*state = XenbusStateUnknown;
	if (!val)
		return errno == ENOENT ? 0 : -errno;
	v = strtol(val, &end, 10);
	if (end != val && !*end && v >= 0 && v <= XenbusStateReconfigured)
		*state = v;
	free(val);
	return 0;
}

struct switch_args {
	const char *dir;
	enum xenbus_state state;
};

static int switch_fn(struct xs_handle *h, xs_transaction_t t, void *arg)
{
	struct switch_args *a = arg;
	char *cur = xenbus_read(h, t, a->dir, "state");

	if (!cur)
		return -errno;	/* gone: never recreate it */
	free(cur);
	return xenbus_printf(h, t, a->dir, "state", "%d", a->state);
}

int xenbus_switch_state(struct xs_handle *h, const char *dir,
			enum xenbus_state state)
{
	struct switch_args a = { dir, state };

	return in_transaction(h, switch_fn, &a);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * Wait until dir's state is one of the states set in the mask, or
 * timeout_ms passes (-ETIMEDOUT; negative timeout: forever).  Uses a
 * watch on dir/state; the handle should not be watching anything else,
 * because other events are consumed.
 */
int xenbus_wait_state(struct xs_handle *h, const char *dir,
		      unsigned int states, int timeout_ms,
		      enum xenbus_state *state)
{
	long deadline = now_ms() + timeout_ms;
	char *path, token[32];
	int rc;

	if (asprintf(&path, "%s/state", dir) < 0)
		return -ENOMEM;
	snprintf(token, sizeof(token), "xenbus-wait-%p", (void *)path);
	if (!xs_watch(h, path, token)) {
		rc = -errno;
		free(path);
		return rc;
	}
	for (;;) {
		struct pollfd pfd = { .fd = xs_fileno(h), .events = POLLIN };
		long left = deadline - now_ms();
		char **ev;

		rc = xenbus_read_state(h, XBT_NULL, dir, state);
		if (rc || (states & XENBUS_STATE_BIT(*state)))
			break;
		if (timeout_ms >= 0 && left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		if (poll(&pfd, 1, timeout_ms < 0 ? -1 : (int)left) < 0 &&
		    errno != EINTR) {
			rc = -errno;
			break;
		}
		while ((ev = xs_check_watch(h)))
			free(ev);
	}
	xs_unwatch(h, path, token);
	free(path);
	return rc;
}
