/*
 * The string functions a hosted C library does not have: strlcpy (glibc
 * has it only from 2.38), simple_strtoul (Linux's name) and
 * parse_size_and_unit (Xen's size syntax for the command line).  They
 * live apart from string.c so that the host unit tests compile this very
 * file (tests/unit/Makefile adds it wherever host/lib.c goes) and take the
 * rest of the string functions from libc: the command-line parsing they
 * test is the hypervisor's, not a copy.
 */
#include <xenolith/lib.h>

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
