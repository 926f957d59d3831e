/*
 * Host back ends for the xenolith/lib.h and xenolith/spinlock.h stand-ins:
 * a printk that records into a buffer, fatal errors that a test can catch,
 * and flag spinlocks that catch recursion and unbalanced unlocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>

#define HOST_LOG_SIZE 65536
char host_log[HOST_LOG_SIZE];
static size_t host_log_len;

jmp_buf *host_fatal_jmp;
const char *host_fatal_what;
static char fatal_msg[512];

#define MAX_HELD 16
static spinlock_t *held[MAX_HELD]; /* locks taken, in order */
static int nr_held;

static void host_vlog(const char *fmt, va_list ap)
{
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (getenv("HOST_VERBOSE"))
		fputs(line, stdout);
	if (host_log_len + n + 1 > HOST_LOG_SIZE)
		host_log_len = 0; /* wrap: tests clear before they look */
	memcpy(host_log + host_log_len, line, n + 1);
	host_log_len += n;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_vlog(fmt, ap);
	va_end(ap);
}

void vprintk(const char *fmt, va_list args)
{
	host_vlog(fmt, args);
}

void host_log_clear(void)
{
	host_log_len = 0;
	host_log[0] = '\0';
}

bool host_log_has(const char *needle)
{
	return strstr(host_log, needle) != NULL;
}

void host_fatal(const char *what, const char *file, int line)
{
	snprintf(fatal_msg, sizeof(fatal_msg), "%s at %s:%d", what, file, line);
	host_fatal_what = fatal_msg;
	if (host_fatal_jmp)
		longjmp(*host_fatal_jmp, 1);
	/* A FAIL line, so tests/run counts it even though we stop here. */
	printf("FAIL host/unexpected_fatal: %s\n", fatal_msg);
	fflush(stdout);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_vlog(fmt, ap);
	va_end(ap);
	host_fatal("panic", __FILE__, __LINE__);
}

void __assert_failed(const char *cond, const char *file, int line)
{
	(void)cond;
	host_fatal("ASSERT", file, line);
}

void __bug(const char *file, int line)
{
	host_fatal("BUG", file, line);
}

void spin_lock_init(spinlock_t *l)
{
	l->held = 0;
}

void spin_lock(spinlock_t *l)
{
	if (l->held)
		host_fatal("spin_lock: recursive lock (deadlock)", __FILE__,
			   __LINE__);
	if (nr_held == MAX_HELD)
		host_fatal("spin_lock: too many locks held", __FILE__,
			   __LINE__);
	l->held = 1;
	held[nr_held++] = l;
}

void spin_unlock(spinlock_t *l)
{
	int i;

	if (!l->held)
		host_fatal("spin_unlock: lock not held", __FILE__, __LINE__);
	l->held = 0;
	for (i = nr_held - 1; i >= 0; i--) {
		if (held[i] == l) {
			held[i] = held[--nr_held];
			break;
		}
	}
}

bool spin_is_locked(const spinlock_t *l)
{
	return l->held;
}

/* One CPU on the host: held means held by me. */
bool spin_is_locked_by_me(const spinlock_t *l)
{
	return l->held;
}

bool spin_trylock(spinlock_t *l)
{
	if (l->held)
		return false;
	spin_lock(l);
	return true;
}

unsigned long spin_lock_irqsave_(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	(void)flags;
	spin_unlock(l);
}

#define RW_WRITER 0x80000000u

void rwlock_init(rwlock_t *l)
{
	l->cnt = 0;
}

void read_lock(rwlock_t *l)
{
	if (l->cnt & RW_WRITER)
		host_fatal("read_lock: write-locked (deadlock)", __FILE__,
			   __LINE__);
	l->cnt++;
}

void read_unlock(rwlock_t *l)
{
	if ((l->cnt & ~RW_WRITER) == 0)
		host_fatal("read_unlock: not read-locked", __FILE__, __LINE__);
	l->cnt--;
}

void write_lock(rwlock_t *l)
{
	if (l->cnt)
		host_fatal("write_lock: already locked (deadlock)", __FILE__,
			   __LINE__);
	l->cnt = RW_WRITER;
}

void write_unlock(rwlock_t *l)
{
	if (l->cnt != RW_WRITER)
		host_fatal("write_unlock: not write-locked", __FILE__,
			   __LINE__);
	l->cnt = 0;
}

bool rw_is_write_locked(const rwlock_t *l)
{
	return l->cnt & RW_WRITER;
}

void host_spin_release_all(void)
{
	while (nr_held > 0)
		held[--nr_held]->held = 0;
}
