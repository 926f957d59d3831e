/*
 * HYPERVISOR_console_io: the guest's emergency console.
 *
 * CONSOLEIO_write sends bytes to the hypervisor's serial console, dom0's
 * as they are (Xen gives dom0 the console raw) and other domains' behind
 * a "(dN) " prefix at the start of each line, as Xen's guest_console_write
 * does.  The buffer is copied in small chunks, each copied once and
 * printed before the next is read, so a buffer that runs into unmapped
 * memory prints its readable prefix and then fails with -EFAULT, like
 * Xen.  Bytes are data: an embedded NUL does not end the write.
 *
 * CONSOLEIO_read hands dom0 the serial input queued for it (console.c:
 * while input is switched to DOM0, as after boot, every byte goes there
 * and VIRQ_CONSOLE tells dom0).  As in Xen it returns how many bytes it
 * copied, 0 without touching the buffer when nothing is queued, and
 * -EFAULT when the buffer faults; bytes not copied stay queued.
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>

#define CONSOLE_CHUNK 128

/* Per domain (slot = domain_id % MAX_DOMAINS): its last byte was not
 * a newline, so its next byte continues a line. */
static bool mid_line[MAX_DOMAINS];

/*
 * One chunk, prefixes included, goes out in one locked write, so
 * domains writing on several CPUs at once never mix inside a line.
 */
static void console_emit(const struct domain *d, const char *buf, size_t n)
{
	char out[CONSOLE_CHUNK * 10];
	bool *mid = &mid_line[d->domain_id % MAX_DOMAINS];
	size_t len = 0;

	if (d->domain_id == 0) {
		console_write_guest(buf, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!*mid)
			len += snprintf(out + len, sizeof(out) - len, "(d%u) ",
					d->domain_id);
		out[len++] = buf[i];
		*mid = buf[i] != '\n';
	}
	console_write_guest(out, len);
}

static long console_write(unsigned long count, unsigned long buf)
{
	const struct domain *d = current_domain();
	char chunk[CONSOLE_CHUNK];

	while (count) {
		size_t n = MIN(count, sizeof(chunk));
		int rc = copy_from_guest(chunk, buf, n);

		if (rc)
			return rc;
		console_emit(d, chunk, n);
		buf += n;
		count -= n;
	}
	return 0;
}

static long console_read(unsigned long count, unsigned long buf)
{
	char chunk[CONSOLE_CHUNK];
	unsigned long done = 0;

	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	while (done < count) {
		size_t n = console_peek_guest_input(
			chunk, MIN(count - done, sizeof(chunk)));

		if (!n)
			break;
		if (copy_to_guest(buf + done, chunk, n))
			return -XEN_EFAULT;
		console_drop_guest_input(n);
		done += n;
	}
	return done;
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf,
		   unsigned long a4, unsigned long a5)
{
	switch ((unsigned int)cmd) {
	case CONSOLEIO_write:
		return console_write((unsigned int)count, buf);
	case CONSOLEIO_read:
		return console_read((unsigned int)count, buf);
	default:
		return guest_err(-XEN_ENOSYS, "console_io: cmd %lu", cmd);
	}
}
