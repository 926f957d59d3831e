/*
 * Minimal host unit-test harness.  A test is a void function; CHECK()
 * records the first failed condition; RUN() prints the PASS/FAIL line that
 * tests/run counts.  Each test binary ends with check_exit().
 */
#ifndef XENOLITH_CHECK_H
#define XENOLITH_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static const char *check_prog = "unit";
static int check_failed_now;	/* the running test has failed */
static int check_failures;	/* tests failed in this binary */

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond) && !check_failed_now) {                         \
			check_failed_now = 1;                               \
			printf("  check failed %s:%d: %s\n", __FILE__,      \
			       __LINE__, #cond);                            \
		}                                                           \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b && !check_failed_now) {                        \
			check_failed_now = 1;                               \
			printf("  check failed %s:%d: %s == %s (%lld != "   \
			       "%lld)\n", __FILE__, __LINE__, #a, #b, _a,   \
			       _b);                                         \
		}                                                           \
	} while (0)

#define RUN(fn)                                                             \
	do {                                                                \
		check_failed_now = 0;                                       \
		fn();                                                       \
		if (check_failed_now) {                                     \
			check_failures++;                                   \
			printf("FAIL %s/%s: see checks above\n", check_prog, \
			       #fn);                                        \
		} else {                                                    \
			printf("PASS %s/%s\n", check_prog, #fn);            \
		}                                                           \
		fflush(stdout);                                             \
	} while (0)

static inline int check_exit(void)
{
	return check_failures ? 1 : 0;
}

#endif
