/*
 * The string functions gcc and the rest of Xenolith expect.  Freestanding
 * code has no libc.  memset and memcpy move eight bytes per step with
 * REP STOSQ/MOVSQ and finish with single bytes: they clear and copy whole
 * pages (frames for guests, grant copies), where a byte loop costs eight
 * times the stores, and under QEMU TCG every REP iteration is a step of
 * its own.  The rest are plain loops.
 */
#include <xenolith/lib.h>

void *memset(void *s, int c, size_t n)
{
	uint64_t v = 0x0101010101010101ull * (unsigned char)c;
	void *d = s;
	size_t q = n / 8, r = n % 8;

	__asm__ __volatile__("rep stosq\n\tmov %3, %%rcx\n\trep stosb"
			     : "+D"(d), "+c"(q)
			     : "a"(v), "r"(r)
			     : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	const void *p = src;
	size_t q = n / 8, r = n % 8;

	__asm__ __volatile__("rep movsq\n\tmov %3, %%rcx\n\trep movsb"
			     : "+D"(d), "+S"(p), "+c"(q)
			     : "r"(r)
			     : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}
