/*
 * Parsing the hypervisor command line (syntax in xenolith/cmdline.h).
 *
 * The string is walked once, one option at a time.  Each option is copied
 * into a scratch buffer with its quotes removed, split at the first '=',
 * and looked up in the table of registered options.  Nothing here
 * allocates memory, so the command line can be parsed first thing at boot,
 * before the memory manager exists: options may then steer it
 * (xenheap_megabytes=).  Boot CPU only, no lock.
 */
#include <xenolith/cmdline.h>
#include <xenolith/lib.h>

char saved_cmdline[CMDLINE_MAX];  /* for XENVER_commandline */
static char opt_buf[CMDLINE_MAX]; /* the option being parsed */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *find_char(char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return s;
	return NULL;
}

/* '-' and '_' are the same letter in option names. */
static char name_char(char c)
{
	return c == '-' ? '_' : c;
}

static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (name_char(*a) != name_char(*b))
			return false;
	return *a == *b;
}

int parse_bool(const char *s)
{
	static const char *const yes[] = {"yes", "on", "true", "enable", "1"};
	static const char *const no[] = {"no", "off", "false", "disable", "0"};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i]))
			return 1;
		if (!strcmp(s, no[i]))
			return 0;
	}
	return -1;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Digits of s in base, into *val; false on no digits or overflow. */
static bool parse_digits(const char **s, unsigned int base,
			 unsigned long long *val)
{
	const char *p = *s;
	unsigned long long v = 0;

	if (digit_value(*p) >= (int)base)
		return false;
	for (; digit_value(*p) < (int)base; p++) {
		unsigned int d = digit_value(*p);

		if (v > (~0ULL - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	*s = p;
	return true;
}

/* With end == NULL the whole of s must be the number. */
int parse_integer(const char *s, const char **end, long long *val)
{
	bool neg = false;
	unsigned int base = 10;
	unsigned long long v;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value(s[2]) < 16) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		base = 8;
		s++;
	}
	if (!parse_digits(&s, base, &v) || v > (neg ? 1ULL << 63 : ~0ULL))
		return -1;
	if (end)
		*end = s;
	else if (*s)
		return -1;
	*val = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

static int unit_shift(char c)
{
	switch (c) {
	case 'B':
	case 'b':
		return 0;
	case 'K':
	case 'k':
		return 10;
	case 'M':
	case 'm':
		return 20;
	case 'G':
	case 'g':
		return 30;
	case 'T':
	case 't':
		return 40;
	default:
		return -1;
	}
}

int parse_size(const char *s, const char **end, uint64_t *bytes)
{
	long long v;
	int shift;

	if (*s == '-' || parse_integer(s, &s, &v))
		return -1;
	shift = unit_shift(*s);
	if (shift < 0)
		shift = 10; /* no suffix: KiB */
	else
		s++;
	if ((unsigned long long)v > (~0ULL >> shift))
		return -1;
	if (end)
		*end = s;
	else if (*s)
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

/* Store v into a variable of size bytes, if it fits. */
static int store_uint(void *var, unsigned int size, long long v)
{
	unsigned long long u = (unsigned long long)v;

	if (size < 8) {
		long long lim = 1LL << (size * 8);

		if (v >= lim || v < -(lim / 2))
			return -1;
	}
	switch (size) {
	case 1:
		*(uint8_t *)var = (uint8_t)u;
		return 0;
	case 2:
		*(uint16_t *)var = (uint16_t)u;
		return 0;
	case 4:
		*(uint32_t *)var = (uint32_t)u;
		return 0;
	case 8:
		*(uint64_t *)var = (uint64_t)u;
		return 0;
	default:
		return -1;
	}
}

static void store_string(const struct param *p, const char *val)
{
	char *dst = p->u.var;
	size_t n = strlen(val);

	if (n >= p->size) {
		printk(XENLOG_WARNING
		       "Command line option '%s' truncated to %u bytes\n",
		       p->name, p->size - 1);
		n = p->size - 1;
	}
	memcpy(dst, val, n);
	dst[n] = '\0';
}

/* Apply one option; val is NULL for a bare name.  0 or -1 (bad value). */
static int apply(const struct param *p, const char *val, bool negated)
{
	long long v;
	uint64_t sz;
	int b;

	switch (p->type) {
	case PARAM_BOOL:
		b = val ? parse_bool(val) : 1;
		if (b < 0 || (negated && val))
			return -1;
		return store_uint(p->u.var, p->size, negated ? !b : b);
	case PARAM_INT:
		if (!val || negated || parse_integer(val, NULL, &v))
			return -1;
		return store_uint(p->u.var, p->size, v);
	case PARAM_SIZE:
		if (!val || negated || parse_size(val, NULL, &sz))
			return -1;
		return store_uint(p->u.var, p->size, (long long)sz);
	case PARAM_STRING:
		if (!val || negated)
			return -1;
		store_string(p, val);
		return 0;
	case PARAM_CUSTOM:
		if (negated && val)
			return -1;
		return p->u.fn(negated ? "no" : val ? val : "") ? -1 : 0;
	}
	return -1;
}

static const struct param *lookup(const char *name, const struct param *start,
				  const struct param *end)
{
	const struct param *p;

	for (p = start; p < end; p++)
		if (name_eq(p->name, name))
			return p;
	return NULL;
}

/* Handle one option (in opt_buf, quotes removed); 0 or -1. */
static int parse_one(char *opt, const struct param *start,
		     const struct param *end)
{
	char *val = NULL, *eq;
	const struct param *p;
	bool negated = false;

	eq = find_char(opt, '=');
	if (eq) {
		*eq = '\0';
		val = eq + 1;
	}
	p = lookup(opt, start, end);
	if (!p && !strncmp(opt, "no-", 3)) {
		p = lookup(opt + 3, start, end);
		negated = p != NULL;
	}
	if (!p) {
		printk(XENLOG_WARNING "Unknown command line option '%s'\n",
		       opt);
		return -1;
	}
	if (apply(p, val, negated)) {
		printk(XENLOG_WARNING
		       "Bad value for command line option '%s': '%s'\n",
		       p->name,
		       val	 ? val
		       : negated ? "no-"
				 : "");
		return -1;
	}
	return 0;
}

/* Copy the option at *s into opt_buf without quotes; advance *s. */
static void next_option(const char **s)
{
	const char *p = *s;
	bool quoted = false;
	size_t n = 0;

	for (; *p && (quoted || !is_space(*p)); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (n < sizeof(opt_buf) - 1)
			opt_buf[n++] = *p;
	}
	opt_buf[n] = '\0';
	*s = p;
}

int cmdline_parse_table(const char *cmdline, const struct param *start,
			const struct param *end)
{
	int bad = 0;

	if (!cmdline)
		return 0;
	for (;;) {
		while (is_space(*cmdline))
			cmdline++;
		if (!*cmdline)
			return bad;
		next_option(&cmdline);
		if (opt_buf[0] && parse_one(opt_buf, start, end))
			bad++;
	}
}

int cmdline_parse(const char *cmdline)
{
	size_t n = cmdline ? strlen(cmdline) : 0;

	if (n >= sizeof(saved_cmdline))
		n = sizeof(saved_cmdline) - 1;
	if (n) /* memmove: the caller may pass saved_cmdline itself */
		memmove(saved_cmdline, cmdline, n);
	saved_cmdline[n] = '\0';
	return cmdline_parse_table(cmdline, __setup_start, __setup_end);
}

const char *cmdline_skip_image_name(const char *cmdline)
{
	if (!cmdline)
		return NULL;
	while (is_space(*cmdline))
		cmdline++;
	while (*cmdline && !is_space(*cmdline))
		cmdline++;
	while (is_space(*cmdline))
		cmdline++;
	return cmdline;
}
