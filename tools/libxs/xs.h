/*
 * libxs: Xenolith's XenStore client library.
 *
 * The calls mirror libxenstore's (same names, same argument order), so
 * code written against Xen's library reads the same against ours.  Every
 * call sends one request and waits for its reply; failures return NULL
 * or false with errno set from the daemon's error name.  Watch events
 * arriving meanwhile are queued; xs_fileno() gives a descriptor that is
 * readable while events are queued, for poll() loops.  A handle may be
 * used from several threads.
 */
#ifndef XENOLITH_XS_H
#define XENOLITH_XS_H

#include <stdbool.h>
#include <stdint.h>

struct xs_handle;
typedef uint32_t xs_transaction_t;
#define XBT_NULL ((xs_transaction_t)0)

/* Access bits as in libxenstore's enum xs_perm_type. */
#define XS_PERM_NONE 0u
#define XS_PERM_READ 1u
#define XS_PERM_WRITE 2u

struct xs_permissions {
	unsigned int id;
	unsigned int perms;	/* XS_PERM_* */
};

/* Index of the fields in the vector xs_read_watch() returns. */
#define XS_WATCH_PATH 0
#define XS_WATCH_TOKEN 1

/* xs_open() flags, as libxenstore's. */
#define XS_OPEN_READONLY (1ul << 0)	/* accepted; the daemon decides */
#define XS_OPEN_SOCKETONLY (1ul << 1)	/* never fall back to the device */

struct xs_handle *xs_open(unsigned long flags);
struct xs_handle *xs_open_path(const char *socket_path);
void xs_close(struct xs_handle *h);
const char *xs_daemon_socket(void);

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
char **xs_directory(struct xs_handle *h, xs_transaction_t t,
		    const char *path, unsigned int *num);

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t,
					  const char *path, unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, const struct xs_permissions *perms,
			unsigned int num);
bool xs_perm_to_string(const struct xs_permissions *perm, char *buf,
		       unsigned int len);
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
			 const char *strings);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
int xs_fileno(struct xs_handle *h);
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
char **xs_check_watch(struct xs_handle *h);
bool xs_reset_watches(struct xs_handle *h);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
			bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int port);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
		   unsigned int target);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
char *xs_control_command(struct xs_handle *h, const char *cmd,
			 const char *arg);

/* Raw access, for tests that must speak the protocol exactly. */
void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, unsigned int *rlen);

#endif
