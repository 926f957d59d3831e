/*
 * Message framing and argument parsing.
 *
 * Every message is a struct xsd_sockmsg header and up to
 * XENSTORE_PAYLOAD_MAX bytes of payload.  Arguments are NUL-terminated
 * strings laid end to end, except that WRITE's value is the raw tail
 * after the path.  This file holds the checks that decide whether bytes
 * from a peer are a message at all; they run before anything is
 * allocated on the peer's behalf.  A header with an impossible length is
 * a broken peer, and conn.c closes it; a well-framed message with bad
 * arguments only earns an error reply.
 */
#include <string.h>
#include "xenstored.h"

/* Number of NUL-terminated strings in buf (bytes after the last NUL are
 * not a string). */
int wire_count_strings(const char *buf, unsigned int len)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			n++;
	return n;
}

/* Point argv[] at up to max strings of buf; returns how many. */
int wire_split(char *buf, unsigned int len, char **argv, int max)
{
	unsigned int off = 0;
	int n = 0;

	while (off < len && n < max) {
		const char *nul = memchr(buf + off, '\0', len - off);

		if (!nul)
			break;
		argv[n++] = buf + off;
		off = nul - buf + 1;
	}
	return n;
}

const char *wire_error_name(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

/* Negative errno for an error name, -EINVAL if unknown. */
int wire_error_number(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, name))
			return -xsd_errors[i].errnum;
	return -EINVAL;
}

bool wire_header_ok(const struct xsd_sockmsg *h)
{
	return h->len <= XENSTORE_PAYLOAD_MAX;
}

static const char *const type_names[XS_TYPE_COUNT] = {
	[XS_CONTROL] = "CONTROL",
	[XS_DIRECTORY] = "DIRECTORY",
	[XS_READ] = "READ",
	[XS_GET_PERMS] = "GET_PERMS",
	[XS_WATCH] = "WATCH",
	[XS_UNWATCH] = "UNWATCH",
	[XS_TRANSACTION_START] = "TRANSACTION_START",
	[XS_TRANSACTION_END] = "TRANSACTION_END",
	[XS_INTRODUCE] = "INTRODUCE",
	[XS_RELEASE] = "RELEASE",
	[XS_GET_DOMAIN_PATH] = "GET_DOMAIN_PATH",
	[XS_WRITE] = "WRITE",
	[XS_MKDIR] = "MKDIR",
	[XS_RM] = "RM",
	[XS_SET_PERMS] = "SET_PERMS",
	[XS_WATCH_EVENT] = "WATCH_EVENT",
	[XS_ERROR] = "ERROR",
	[XS_IS_DOMAIN_INTRODUCED] = "IS_DOMAIN_INTRODUCED",
	[XS_RESUME] = "RESUME",
	[XS_SET_TARGET] = "SET_TARGET",
	[XS_RESTRICT] = "RESTRICT",
	[XS_RESET_WATCHES] = "RESET_WATCHES",
	[XS_DIRECTORY_PART] = "DIRECTORY_PART",
};

const char *wire_type_name(uint32_t type)
{
	if (type < XS_TYPE_COUNT && type_names[type])
		return type_names[type];
	return "UNKNOWN";
}
