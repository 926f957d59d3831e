/*
 * Formatted output into a bounded buffer.  Supports what the hypervisor
 * prints: %s %c %d %i %u %x %X %o %p %%, the length modifiers l, ll, z
 * and h, a field width (or '*'), '-' and '0' flags and a precision for
 * strings.  Output is always NUL-terminated when size > 0; the return
 * value is the length the full output would have had, as C99 says.
 */
#include <xenolith/lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	int width;
	int prec;
	bool left;
	bool zero;
	bool plus;
	int lng; /* 0 int, 1 long, 2 long long, -1 short */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int n;

	if (!s)
		s = "(null)";
	n = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
	if (!sp->left)
		pad(o, sp->width - n, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - n, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + (neg || sp->plus);
	if (!sp->left && !sp->zero)
		pad(o, sp->width - len, ' ');
	if (neg)
		put(o, '-');
	else if (sp->plus)
		put(o, '+');
	if (!sp->left && sp->zero)
		pad(o, sp->width - len, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f != ' ' && *f != '#')
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		sp->prec = 0;
		f++;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l' || *f == 'z')
			sp->lng++;
		else if (*f == 'h')
			sp->lng = -1;
		else
			break;
	}
	return f;
}

static unsigned long long get_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (sp->lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long get_signed(const struct spec *sp, va_list *ap)
{
	if (sp->lng >= 2)
		return va_arg(*ap, long long);
	if (sp->lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	long long sv;
	unsigned long long uv;

	switch (c) {
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 'd':
	case 'i':
		sv = get_signed(sp, ap);
		uv = sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv;
		put_num(o, uv, sv < 0, 10, false, sp);
		break;
	case 'u':
		put_num(o, get_unsigned(sp, ap), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		put_num(o, get_unsigned(sp, ap), false, 16, c == 'X', sp);
		break;
	case 'o':
		put_num(o, get_unsigned(sp, ap), false, 8, false, sp);
		break;
	case 'p':
		sp->zero = true;
		sp->width = 16;
		put_num(o, (unsigned long)va_arg(*ap, void *), false, 16, false,
			sp);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = {buf, size, 0};
	struct spec sp;
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		if (!*fmt)
			break;
		convert(&o, *fmt++, &sp, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
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
