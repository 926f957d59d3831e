/*
 * Host test harness for the daemon's modules (implemented in
 * tests/unit/test_xs_harness.c).  A test connection is an in-memory
 * transport: requests are pushed as bytes through the real framing code,
 * and everything the daemon sends is parsed back, replies and watch
 * events apart, so tests see exactly what a client would.
 */
#ifndef XENSTORED_TESTING_H
#define XENSTORED_TESTING_H

#include "xenstored.h"

#define XT_MAX 8192

void xt_setup(void);
void xt_teardown(void);
struct conn *xt_conn(unsigned int domid, bool priv);
void xt_push(struct conn *c, const void *bytes, unsigned int len);
void xt_block_output(struct conn *c, bool blocked);
int xt_req(struct conn *c, uint32_t type, uint32_t tx, const void *payload,
	   unsigned int len, char *out, unsigned int *outlen);
int xt_reqs(struct conn *c, uint32_t type, uint32_t tx, const char *payload,
	    unsigned int len);
int xt_rc(struct conn *c, uint32_t type, uint32_t tx, const char *payload,
	  unsigned int len);
bool xt_event(struct conn *c, char *path, char *token);
unsigned int xt_events(struct conn *c);
void xt_drain(struct conn *c);
int xt_audit(void);

#endif
