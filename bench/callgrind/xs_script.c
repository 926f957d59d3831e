/*
 * Host driver for counting xenstored's instructions on a fixed request
 * script shaped like a toolstack's work: for each of DOMAINS guests,
 * create its /local/domain/<id> subtree inside a transaction (the keys
 * xl writes for a PV guest with one disk, one NIC and a console),
 * watch its backend directory as a backend would, list and read it back,
 * then remove it.  Every request goes through the daemon's real framing
 * and dispatch, by way of the unit tests' in-memory connections
 * (tests/unit/test_xs_harness.c), so the count covers parsing, the store,
 * permissions, transactions, watches and reply encoding.
 *
 * There is no anchor yet: Debian's C xenstored would be the natural one,
 * but it speaks only over sockets and the ring; the figure is tracked on
 * its own.  Prints the number of requests, and fails (exit 1) if any
 * request did not succeed, so the count is never of an error path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testing.h"

#define DOMAINS 100

static const char *const keys[] = {
	"name", "domid", "vm", "memory/target", "memory/static-max",
	"cpu/0/availability", "console/ring-ref", "console/port",
	"console/type", "store/ring-ref", "store/port",
	"device/vbd/51712/backend", "device/vbd/51712/state",
	"device/vbd/51712/ring-ref", "device/vbd/51712/event-channel",
	"device/vif/0/backend", "device/vif/0/state", "device/vif/0/mac",
	"device/vif/0/tx-ring-ref", "device/vif/0/rx-ring-ref",
	"control/shutdown", "data/updated",
};

static unsigned long requests;
static int failures;

static void req(struct conn *c, uint32_t type, uint32_t tx, const char *p,
		unsigned int len)
{
	requests++;
	if (xt_rc(c, type, tx, p, len))
		failures++;
}

static void one(struct conn *c, uint32_t type, uint32_t tx, const char *path)
{
	req(c, type, tx, path, strlen(path) + 1);
}

static void write_key(struct conn *c, uint32_t tx, const char *path,
		      const char *value)
{
	char buf[XT_MAX];
	size_t pl = strlen(path) + 1;

	memcpy(buf, path, pl);
	memcpy(buf + pl, value, strlen(value));
	req(c, XS_WRITE, tx, buf, pl + strlen(value));
}

static uint32_t tx_start(struct conn *c)
{
	char out[XT_MAX];
	unsigned int len = 0;

	requests++;
	if (xt_req(c, XS_TRANSACTION_START, 0, "", 1, out, &len) !=
	    XS_TRANSACTION_START) {
		failures++;
		return 0;
	}
	return (uint32_t)strtoul(out, NULL, 10);
}

static void build_domain(struct conn *c, unsigned int id)
{
	char path[256], value[64];
	uint32_t tx = tx_start(c);
	unsigned int k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		snprintf(path, sizeof(path), "/local/domain/%u/%s", id, keys[k]);
		snprintf(value, sizeof(value), "%u", id * 100 + k);
		write_key(c, tx, path, value);
	}
	req(c, XS_TRANSACTION_END, tx, "T", 2);
}

static void use_domain(struct conn *c, unsigned int id)
{
	char path[256], watch[300];
	unsigned int k, n;

	n = snprintf(watch, sizeof(watch), "/local/domain/%u/device", id);
	n += 1 + snprintf(watch + n + 1, sizeof(watch) - n - 1, "tok%u", id);
	req(c, XS_WATCH, 0, watch, n + 1);
	snprintf(path, sizeof(path), "/local/domain/%u/device/vbd/51712/state",
		 id);
	write_key(c, 0, path, "4");
	snprintf(path, sizeof(path), "/local/domain/%u", id);
	one(c, XS_DIRECTORY, 0, path);
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		snprintf(path, sizeof(path), "/local/domain/%u/%s", id, keys[k]);
		one(c, XS_READ, 0, path);
	}
	req(c, XS_UNWATCH, 0, watch, n + 1);
	xt_drain(c);
}

int main(void)
{
	struct conn *c;
	char path[64];
	unsigned int id;

	xt_setup();
	c = xt_conn(0, true);
	for (id = 1; id <= DOMAINS; id++) {
		build_domain(c, id);
		use_domain(c, id);
	}
	for (id = 1; id <= DOMAINS; id++) {
		snprintf(path, sizeof(path), "/local/domain/%u", id);
		one(c, XS_RM, 0, path);
	}
	xt_teardown();
	printf("%lu requests, %d failed\n", requests, failures);
	return failures ? 1 : 0;
}
