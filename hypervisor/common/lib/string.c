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

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
	unsigned long v = 0;
	int d;

	if (!base) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	while ((d = digit_value(*s)) < (int)base) {
		v = v * base + d;
		s++;
	}
	if (end)
		*end = s;
	return v;
}

unsigned long long parse_size_and_unit(const char *s, const char **end)
{
	unsigned long long v = simple_strtoul(s, &s, 0);

	switch (*s) {
	case 'T':
	case 't':
		v <<= 10;
		/* fall through */
	case 'G':
	case 'g':
		v <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		v <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		s++;
		break;
	case 'B':
	case 'b':
		s++;
		break;
	default:
		v <<= 10; /* Xen: a bare number means KiB */
	}
	if (end)
		*end = s;
	return v;
}
