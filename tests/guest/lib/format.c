/*
 * A small vsnprintf: the subset of printf the tests use.
 *
 * Conversions d i u x X p s c %, flags '-' '0' '#', a width, and the
 * length modifiers l, ll and z.  Output is truncated to the buffer and
 * always NUL-terminated; the return value is the length that would have
 * been written, as in C99.
 */
#include "guest.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	bool left, zero, alt;
	int width;
};

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = strlen(s);

	if (!sp->left)
		pad(o, sp->width - n, ' ');
	while (*s)
		put(o, *s++);
	if (sp->left)
		pad(o, sp->width - n, ' ');
}

static void put_num(struct out *o, unsigned long v, unsigned int base,
		    bool neg, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix = neg + ((sp->alt && base == 16) ? 2 : 0);

	int total;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	total = n + prefix;
	if (!sp->left && !sp->zero)
		pad(o, sp->width - n - prefix, ' ');
	if (neg)
		put(o, '-');
	if (sp->alt && base == 16) {
		put(o, '0');
		put(o, 'x');
	}
	if (!sp->left && sp->zero)
		pad(o, sp->width - n - prefix, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - total, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	return f;
}

static void convert(struct out *o, char c, int lng, va_list *ap,
		    const struct spec *sp)
{
	unsigned long u;
	long s;

	switch (c) {
	case 'd':
	case 'i':
		s = lng ? va_arg(*ap, long) : va_arg(*ap, int);
		put_num(o, s < 0 ? -(unsigned long)s : (unsigned long)s, 10,
			s < 0, false, sp);
		return;
	case 'u':
	case 'x':
	case 'X':
		u = lng ? va_arg(*ap, unsigned long)
			: va_arg(*ap, unsigned int);
		put_num(o, u, c == 'u' ? 10 : 16, false, c == 'X', sp);
		return;
	case 'p': {
		struct spec p = { .alt = true };

		put_num(o, (unsigned long)va_arg(*ap, void *), 16, false,
			false, &p);
		return;
	}
	case 's': {
		const char *str = va_arg(*ap, const char *);

		put_str(o, str ? str : "(null)", sp);
		return;
	}
	case 'c':
		put(o, (char)va_arg(*ap, int));
		return;
	default:
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list aq;
	int lng;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		if (*++fmt == '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt, &sp);
		for (lng = 0; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = 1;
		if (!*fmt)
			break;
		convert(&o, *fmt++, lng, &aq, &sp);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
