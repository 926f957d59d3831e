/*
 * The small C library every part of the hypervisor uses: string functions,
 * formatted output with Xen's log levels, and the assertion macros.
 *
 * Log levels use Xen's in-band prefixes (xenolith/loglevel.h).
 */
#ifndef XENOLITH_LIB_H
#define XENOLITH_LIB_H

#include <stdarg.h>
#include <xenolith/attributes.h>
#include <xenolith/loglevel.h>
#include <xenolith/macros.h>
#include <xenolith/types.h>

#ifndef XENOLITH_HOST_TEST
#include <xenolith/compiler.h>
#endif

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list args);
void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
unsigned long simple_strtoul(const char *s, const char **end,
			     unsigned int base);
/* "123", "64M", "2G": a size in bytes with an optional K/M/G/T suffix. */
unsigned long long parse_size_and_unit(const char *s, const char **end);

void __assert_failed(const char *cond, const char *file, int line)
    __attribute__((noreturn));
void __bug(const char *file, int line) __attribute__((noreturn));

#define ASSERT(x)                                                              \
	do {                                                                   \
		if (unlikely(!(x)))                                            \
			__assert_failed(#x, __FILE__, __LINE__);               \
	} while (0)
#define BUG() __bug(__FILE__, __LINE__)
#define BUG_ON(x)                                                              \
	do {                                                                   \
		if (unlikely(x))                                               \
			BUG();                                                 \
	} while (0)

#endif
