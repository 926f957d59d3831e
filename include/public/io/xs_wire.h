/*
 * XenStore wire protocol: the ABI between the store daemon and its clients.
 *
 * XenStore is a small hierarchical key/value store that domains use to
 * find their devices and negotiate frontend/backend connections.  Clients
 * talk to the daemon with messages that are a fixed 16-byte header
 * (struct xsd_sockmsg) followed by `len` bytes of payload, usually
 * NUL-terminated strings.  Local tools use a Unix socket; a domain uses a
 * pair of byte rings in one shared page (struct xenstore_domain_interface)
 * plus an event channel to signal that indices moved.
 *
 * The numbers and strings below are fixed by Xen: every guest kernel and
 * every libxenstore speaks them, so they never change.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

/*
 * Message types.  A request carries one of these; the reply carries the
 * same type, or XS_ERROR with an error name as payload.  Unsolicited
 * XS_WATCH_EVENT messages may be interleaved with replies.
 */
enum xsd_sockmsg_type {
	XS_CONTROL,		/* "command\0args..." daemon control */
#define XS_DEBUG XS_CONTROL	/*  its old name */
	XS_DIRECTORY,		/* "path\0" -> children, each NUL-ended */
	XS_READ,		/* "path\0" -> value (no NUL added) */
	XS_GET_PERMS,		/* "path\0" -> perm strings, each NUL-ended */
	XS_WATCH,		/* "path\0token\0" -> "OK\0" */
	XS_UNWATCH,		/* "path\0token\0" -> "OK\0" */
	XS_TRANSACTION_START,	/* "\0" -> "<txid>\0" */
	XS_TRANSACTION_END,	/* "T\0" commit or "F\0" abort -> "OK\0" */
	XS_INTRODUCE,		/* "domid\0mfn\0port\0" -> "OK\0" */
	XS_RELEASE,		/* "domid\0" -> "OK\0" */
	XS_GET_DOMAIN_PATH,	/* "domid\0" -> "/local/domain/<domid>\0" */
	XS_WRITE,		/* "path\0value" -> "OK\0" */
	XS_MKDIR,		/* "path\0" -> "OK\0" */
	XS_RM,			/* "path\0" -> "OK\0" */
	XS_SET_PERMS,		/* "path\0perm\0perm\0..." -> "OK\0" */
	XS_WATCH_EVENT,		/* daemon -> client: "path\0token\0" */
	XS_ERROR,		/* reply payload: "EINVAL\0" etc. */
	XS_IS_DOMAIN_INTRODUCED, /* "domid\0" -> "T\0" or "F\0" */
	XS_RESUME,		/* "domid\0" -> "OK\0" */
	XS_SET_TARGET,		/* "domid\0target\0" -> "OK\0" */
	XS_RESTRICT,		/* obsolete; no longer accepted */
	XS_RESET_WATCHES,	/* "" -> "OK\0": drop all watches */
	XS_DIRECTORY_PART,	/* "path\0offset\0" -> "<gen>\0children...\0" */
	XS_TYPE_COUNT,		/* number of valid types */

	XS_INVALID = 0xffff	/* guaranteed to remain invalid */
};

/* Old write-mode flags; kept for source compatibility. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel as the errno's name, so both sides need not agree on
 * errno numbers.  The table is only defined when <errno.h> was included.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
	__attribute__((unused))
#endif
	= {
	XSD_ERROR(EINVAL),
	XSD_ERROR(EACCES),
	XSD_ERROR(EEXIST),
	XSD_ERROR(EISDIR),
	XSD_ERROR(ENOENT),
	XSD_ERROR(ENOMEM),
	XSD_ERROR(ENOSPC),
	XSD_ERROR(EIO),
	XSD_ERROR(ENOTEMPTY),
	XSD_ERROR(ENOSYS),
	XSD_ERROR(EROFS),
	XSD_ERROR(EBUSY),
	XSD_ERROR(EAGAIN),
	XSD_ERROR(EISCONN),
	XSD_ERROR(E2BIG),
	XSD_ERROR(EPERM),
};
#endif

/* The message header; all fields are in the host's byte order. */
struct xsd_sockmsg {
	uint32_t type;		/* XS_* */
	uint32_t req_id;	/* echoed in the reply */
	uint32_t tx_id;		/* transaction id, 0 for none */
	uint32_t len;		/* payload bytes following the header */
};

/* Field order inside an XS_WATCH_EVENT payload. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

/*
 * The shared page of a domain's connection.  Each ring is a byte stream:
 * the producer writes at MASK_XENSTORE_IDX(prod) then advances prod; the
 * consumer reads at cons.  Indices are free-running 32-bit counters, so
 * prod - cons is the fill level and never exceeds XENSTORE_RING_SIZE.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];	/* requests to the daemon */
	char rsp[XENSTORE_RING_SIZE];	/* replies and watch events */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;	/* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;		/* XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;			/* XENSTORE_ERROR_* */
};

/* No message payload may exceed this; a peer that does is broken. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longer paths only earn an error reply. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1	/* guest may reset ring */
#define XENSTORE_SERVER_FEATURE_ERROR 2		/* error field is valid */

/* connection values */
#define XENSTORE_CONNECTED 0	/* steady state */
#define XENSTORE_RECONNECT 1	/* guest asked for a ring reset */

/* error values: why the server stopped serving the ring */
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1	/* communication problem */
#define XENSTORE_ERROR_RINGIDX 2	/* invalid ring index */
#define XENSTORE_ERROR_PROTO 3	/* protocol violation (e.g. too long) */

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
