/*
 * Byte access helpers for the freestanding loader libraries.
 *
 * Images arrive as untrusted byte arrays at arbitrary alignment, so fields
 * are read one byte at a time as little-endian values instead of casting
 * pointers to structs: no alignment faults, no strict-aliasing surprises,
 * and the same code on every host.  The libraries may not call libc, so
 * the few string and memory helpers they need live here too.
 */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void lib_memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

static inline void lib_memset(void *dst, uint8_t c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = c;
}

/* Length of a NUL-terminated string, or max if no NUL in the first max. */
static inline size_t lib_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Whether the NUL-terminated s starts with the NUL-terminated prefix. */
static inline bool lib_starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

static inline bool lib_contains(const char *s, const char *needle)
{
	for (; *s; s++)
		if (lib_starts_with(s, needle))
			return true;
	return !*needle;
}

static inline bool lib_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* a + b without wrapping; false (and *sum untouched) if it would wrap. */
static inline bool lib_add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	if (a + b < a)
		return false;
	*sum = a + b;
	return true;
}

#endif
