/*
 * The toolstack's side of the domain messages, for the suite:
 *   xs_domctl introduce <domid> <mfn> <port>
 *   xs_domctl release <domid>
 *   xs_domctl is-introduced <domid>     prints T or F
 *   xs_domctl path <domid>              prints the domain's home path
 *   xs_domctl txn-hold <path> <value>   writes in a transaction, prints
 *                                       "open", waits for a line on stdin,
 *                                       commits, prints "committed"
 * Exit status 1 and a message on failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs.h"

/* A transaction held open while the suite restarts the daemon. */
static bool txn_hold(struct xs_handle *h, const char *path, const char *val)
{
	xs_transaction_t t = xs_transaction_start(h);
	char line[16];

	if (!t || !xs_write(h, t, path, val, strlen(val)))
		return false;
	printf("open\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	if (!xs_transaction_end(h, t, false))
		return false;
	printf("committed\n");
	return true;
}

int main(int argc, char **argv)
{
	struct xs_handle *h = xs_open(0);
	unsigned int domid;
	bool ok = false;
	char *p;

	if (!h || argc < 3) {
		fprintf(stderr, "xs_domctl: %s\n", h ? "usage" : strerror(errno));
		return 1;
	}
	domid = strtoul(argv[2], NULL, 10);
	if (!strcmp(argv[1], "txn-hold") && argc == 4) {
		ok = txn_hold(h, argv[2], argv[3]);
	} else if (!strcmp(argv[1], "introduce") && argc == 5) {
		ok = xs_introduce_domain(h, domid, strtoul(argv[3], NULL, 0),
					 strtoul(argv[4], NULL, 0));
	} else if (!strcmp(argv[1], "release")) {
		ok = xs_release_domain(h, domid);
	} else if (!strcmp(argv[1], "is-introduced")) {
		printf("%s\n", xs_is_domain_introduced(h, domid) ? "T" : "F");
		ok = true;
	} else if (!strcmp(argv[1], "path")) {
		p = xs_get_domain_path(h, domid);
		if (p)
			printf("%s\n", p);
		ok = p != NULL;
		free(p);
	}
	if (!ok)
		fprintf(stderr, "xs_domctl %s: %s\n", argv[1], strerror(errno));
	xs_close(h);
	return ok ? 0 : 1;
}
