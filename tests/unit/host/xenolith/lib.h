/*
 * Host stand-in for the hypervisor's xenolith/lib.h.  tests/unit/host/ comes
 * first on the host include path, so common code that includes
 * <xenolith/lib.h> gets this file in unit tests and the boot helper's real
 * header in the hypervisor build.  The names and meanings are the same;
 * only the back ends differ:
 *
 *  - printk() appends to host_log[] (and echoes to stdout when the
 *    environment has HOST_VERBOSE set), so a test can look for a message;
 *  - panic(), BUG() and failed ASSERT()s end in host_fatal(), which
 *    longjmp()s back into a test that armed HOST_EXPECT_FATAL(), or aborts
 *    the binary otherwise.  This is how "double free is caught" becomes a
 *    testable statement on the host.
 */
#ifndef XENOLITH_HOST_LIB_H
#define XENOLITH_HOST_LIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <xenolith/loglevel.h>
#include <xenolith/macros.h>
#include <xenolith/types.h>

/*
 * compiler.h is force-included in the hypervisor build only; the host
 * takes its attribute macros from attributes.h, and __init code stays in
 * ordinary sections.
 */
#include <xenolith/attributes.h>
#ifndef XENOLITH_COMPILER_H
#define __init
#define __initdata
#endif

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn host_fatal(const char *what, const char *file, int line);
void __noreturn __assert_failed(const char *cond, const char *file, int line);
void __noreturn __bug(const char *file, int line);

/* Not in glibc 2.36: the hypervisor's own, common/lib/string_extra.c. */
size_t strlcpy(char *dst, const char *src, size_t size);
unsigned long simple_strtoul(const char *s, const char **end,
			     unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **end);

#define BUG() host_fatal("BUG", __FILE__, __LINE__)
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (cond)                                                      \
			host_fatal("BUG_ON(" #cond ")", __FILE__, __LINE__);   \
	} while (0)
#define ASSERT(cond)                                                           \
	do {                                                                   \
		if (!(cond))                                                   \
			host_fatal("ASSERT(" #cond ")", __FILE__, __LINE__);   \
	} while (0)

/* ---- host-only test helpers (not part of the hypervisor's lib.h) ---- */

/* Everything printk() produced since the last host_log_clear(). */
extern char host_log[];
void host_log_clear(void);
bool host_log_has(const char *needle);

/* Where host_fatal() jumps to, or NULL to abort. */
extern jmp_buf *host_fatal_jmp;
extern const char *host_fatal_what; /* message of the last fatal */

/*
 * Run STMT and report whether it ended in panic/BUG/ASSERT.  Spinlocks
 * held when the fatal fired are released, as a crash would leave them
 * irrelevant.
 */
#define HOST_EXPECT_FATAL(stmt)                                                \
	({                                                                     \
		jmp_buf _jb;                                                   \
		volatile bool _fired = false;                                  \
		host_fatal_jmp = &_jb;                                         \
		if (setjmp(_jb) == 0) {                                        \
			stmt;                                                  \
		} else {                                                       \
			_fired = true;                                         \
			host_spin_release_all();                               \
		}                                                              \
		host_fatal_jmp = NULL;                                         \
		_fired;                                                        \
	})

void host_spin_release_all(void);

#endif
