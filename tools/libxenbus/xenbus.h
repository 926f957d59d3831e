/*
 * libxenbus: the XenBus conventions shared by the toolstack and tests.
 *
 * A split device has a frontend directory in the guest's part of the
 * store and a backend directory in the driver domain's; each holds a
 * "state" key (enum xenbus_state) that its owner advances and the other
 * end watches.  These helpers name the directories, create a device's
 * pair of directories the way a toolstack does, switch and read states,
 * and wait for a state with a watch.  Errors are negative errnos.
 */
#ifndef XENOLITH_XENBUS_H
#define XENOLITH_XENBUS_H

#include <stdint.h>
#include "public/io/xenbus.h"
#include "xs.h"

const char *xenbus_strstate(enum xenbus_state s);

/* "/local/domain/<fe>/device/<type>/<devid>" (caller frees) */
char *xenbus_frontend_path(unsigned int fe_domid, const char *type,
			   unsigned int devid);
/* "/local/domain/<be>/backend/<type>/<fe>/<devid>" (caller frees) */
char *xenbus_backend_path(unsigned int be_domid, const char *type,
			  unsigned int fe_domid, unsigned int devid);

int xenbus_device_create(struct xs_handle *h, unsigned int be_domid,
			 unsigned int fe_domid, const char *type,
			 unsigned int devid);
int xenbus_device_destroy(struct xs_handle *h, unsigned int be_domid,
			  unsigned int fe_domid, const char *type,
			  unsigned int devid);

int xenbus_read_state(struct xs_handle *h, xs_transaction_t t,
		      const char *dir, enum xenbus_state *state);
int xenbus_switch_state(struct xs_handle *h, const char *dir,
			enum xenbus_state state);
int xenbus_wait_state(struct xs_handle *h, const char *dir,
		      unsigned int states, int timeout_ms,
		      enum xenbus_state *state);

/* A bit for xenbus_wait_state()'s set of acceptable states. */
#define XENBUS_STATE_BIT(s) (1u << (s))

int xenbus_printf(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
char *xenbus_read(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key);

#endif
