/*
 * libxenbus against a running xenstored: path conventions, device
 * creation (keys and permissions), the full frontend/backend handshake
 * between two threads on separate connections, teardown, waiting with a
 * timeout, and refusing to resurrect a removed device.
 *
 * Usage: xenbus_test <socket>.  Prints PASS/FAIL lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "xenbus.h"

static const char *sock;
static int failures;

static void result(const char *name, bool ok, const char *why)
{
	if (ok) {
		printf("PASS xenbus/%s\n", name);
	} else {
		printf("FAIL xenbus/%s: %s\n", name, why);
		failures++;
	}
	fflush(stdout);
}

static bool streq_free(char *s, const char *want)
{
	bool ok = s && !strcmp(s, want);

	free(s);
	return ok;
}

static void test_names(void)
{
	bool ok = !strcmp(xenbus_strstate(XenbusStateInitWait), "InitWait") &&
		  !strcmp(xenbus_strstate(XenbusStateConnected), "Connected") &&
		  !strcmp(xenbus_strstate(42), "INVALID");

	ok = ok && streq_free(xenbus_frontend_path(3, "vif", 0),
			      "/local/domain/3/device/vif/0");
	ok = ok && streq_free(xenbus_backend_path(0, "vbd", 3, 51712),
			      "/local/domain/0/backend/vbd/3/51712");
	result("names-and-paths", ok, "wrong state name or device path");
}

static void test_create(struct xs_handle *h)
{
	const char *fe = "/local/domain/3/device/vif/0";
	const char *be = "/local/domain/0/backend/vif/3/0";
	struct xs_permissions *p;
	enum xenbus_state s;
	unsigned int n;
	bool ok;

	ok = xenbus_device_create(h, 0, 3, "vif", 0) == 0;
	ok = ok && streq_free(xenbus_read(h, XBT_NULL, fe, "backend"), be);
	ok = ok && streq_free(xenbus_read(h, XBT_NULL, fe, "backend-id"), "0");
	ok = ok && streq_free(xenbus_read(h, XBT_NULL, be, "frontend"), fe);
	ok = ok && streq_free(xenbus_read(h, XBT_NULL, be, "frontend-id"), "3");
	ok = ok && streq_free(xenbus_read(h, XBT_NULL, be, "online"), "1");
	ok = ok && !xenbus_read_state(h, XBT_NULL, fe, &s) &&
	     s == XenbusStateInitialising;
	result("create-keys", ok, "device keys missing or wrong");
	p = xs_get_permissions(h, XBT_NULL, fe, &n);
	ok = p && n == 2 && p[0].id == 3 && p[0].perms == XS_PERM_NONE &&
	     p[1].id == 0 && p[1].perms == XS_PERM_READ;
	free(p);
	p = xs_get_permissions(h, XBT_NULL, be, &n);
	ok = ok && p && n == 2 && p[0].id == 0 && p[1].id == 3 &&
	     p[1].perms == XS_PERM_READ;
	free(p);
	result("create-perms", ok, "each end must own its dir, read the other");
}

struct end {
	const char *self, *peer;
	bool frontend;
	int rc;
};

static int step(struct xs_handle *h, struct end *e, enum xenbus_state wait,
		enum xenbus_state next)
{
	enum xenbus_state s;
	int rc = xenbus_wait_state(h, e->peer, XENBUS_STATE_BIT(wait), 20000,
				   &s);

	return rc ? rc : xenbus_switch_state(h, e->self, next);
}

/* Each end as a driver would run it, on its own connection. */
static void *run_end(void *arg)
{
	struct end *e = arg;
	struct xs_handle *h = xs_open_path(sock);
	enum xenbus_state s;
	int rc;

	if (!h) {
		e->rc = -errno;
		return NULL;
	}
	if (e->frontend) {
		rc = step(h, e, XenbusStateInitWait, XenbusStateInitialised);
		if (!rc)
			rc = xenbus_printf(h, XBT_NULL, e->self, "ring-ref",
					   "%d", 8);
		if (!rc)
			rc = step(h, e, XenbusStateConnected,
				  XenbusStateConnected);
		if (!rc)
			rc = xenbus_wait_state(h, e->peer, XENBUS_STATE_BIT(
						XenbusStateClosing), 20000, &s);
		if (!rc)
			rc = xenbus_switch_state(h, e->self,
						 XenbusStateClosed);
	} else {
		rc = xenbus_switch_state(h, e->self, XenbusStateInitWait);
		if (!rc)
			rc = step(h, e, XenbusStateInitialised,
				  XenbusStateConnected);
	}
	e->rc = rc;
	xs_close(h);
	return NULL;
}

static void test_handshake(struct xs_handle *h)
{
	const char *fe = "/local/domain/3/device/vif/0";
	const char *be = "/local/domain/0/backend/vif/3/0";
	struct end front = { fe, be, true, -1 }, back = { be, fe, false, -1 };
	enum xenbus_state fs, bs;
	pthread_t tf, tb;
	int rc;

	pthread_create(&tf, NULL, run_end, &front);
	pthread_create(&tb, NULL, run_end, &back);
	pthread_join(tb, NULL);
	/* Both ends must reach Connected before the toolstack closes. */
	rc = xenbus_wait_state(h, fe, XENBUS_STATE_BIT(XenbusStateConnected),
			       20000, &fs);
	result("handshake-connected", !back.rc && !rc,
	       "backend or frontend never reached Connected");
	xenbus_switch_state(h, be, XenbusStateClosing);
	pthread_join(tf, NULL);
	xenbus_read_state(h, XBT_NULL, fe, &fs);
	xenbus_read_state(h, XBT_NULL, be, &bs);
	result("handshake-close", !front.rc && fs == XenbusStateClosed &&
	       bs == XenbusStateClosing, "frontend did not close");
}

static void test_timeout(struct xs_handle *h)
{
	const char *fe = "/local/domain/3/device/vif/0";
	struct timespec a, b;
	enum xenbus_state s;
	long ms;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = xenbus_wait_state(h, fe, XENBUS_STATE_BIT(XenbusStateReconfigured),
			       300, &s);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	result("wait-timeout", rc == -ETIMEDOUT && ms >= 250 && ms < 10000,
	       "wait did not time out after ~300 ms");
}

static void test_destroy(struct xs_handle *h)
{
	const char *fe = "/local/domain/3/device/vif/0";
	enum xenbus_state s;
	bool ok;

	ok = xenbus_device_destroy(h, 0, 3, "vif", 0) == 0;
	ok = ok && xenbus_switch_state(h, fe, XenbusStateClosed) == -ENOENT;
	ok = ok && !xs_read(h, XBT_NULL, fe, NULL) && errno == ENOENT;
	ok = ok && !xenbus_read_state(h, XBT_NULL, fe, &s) &&
	     s == XenbusStateUnknown;
	result("destroy-no-resurrect", ok,
	       "switching a removed device recreated it");
}

int main(int argc, char **argv)
{
	struct xs_handle *h;

	if (argc != 2)
		return 2;
	sock = argv[1];
	h = xs_open_path(sock);
	if (!h) {
		printf("FAIL xenbus/connect: %s\n", strerror(errno));
		return 1;
	}
	test_names();
	test_create(h);
	test_handshake(h);
	test_timeout(h);
	test_destroy(h);
	xs_close(h);
	return 0;	/* failures were reported as FAIL lines */
}
