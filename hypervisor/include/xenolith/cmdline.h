/*
 * The hypervisor command line, in Xen's syntax.
 *
 * The loader's string is a list of options separated by spaces:
 *
 *   name              boolean true (or a custom option given no value)
 *   no-name           boolean false
 *   name=value        value up to the next space; a double-quoted value
 *                     may contain spaces (name="a b"); the quotes go
 *   name=yes|on|true|enable|1     booleans, and
 *   name=no|off|false|disable|0   their negations
 *
 * Option names compare with '-' and '_' equal (dom0-mem == dom0_mem).
 * Values by kind:
 *
 *   boolean_param   as above
 *   integer_param   decimal, 0x hex, leading-0 octal, optional '-'
 *   size_param      integer with one suffix: B bytes, K, M, G, T
 *                   (binary units, any case); no suffix means KiB, as Xen
 *   string_param    copied, truncated to the buffer
 *   custom_param    int fn(const char *val): val is the text after '=',
 *                   "" for a bare name, "no" for no-name; fn returns 0
 *                   or a negative errno
 *
 * An unknown option or a bad value prints one warning and is otherwise
 * ignored: a typo must not stop the machine from booting.
 *
 * Options register themselves where they are used, as Xen's do:
 *
 *   static bool opt_noreboot;
 *   boolean_param("noreboot", opt_noreboot);
 *
 * Each macro puts a struct param in the linker section .init.setup,
 * delimited by __setup_start/__setup_end (the hypervisor's linker script).
 * Host unit tests get the same through a section whose name the host
 * linker delimits by itself, or pass an explicit table to
 * cmdline_parse_table().
 */
#ifndef XENOLITH_CMDLINE_H
#define XENOLITH_CMDLINE_H

#include <xenolith/types.h>

#define CMDLINE_MAX 1024 /* Xen's limit, also XENVER_commandline's */

enum param_type {
	PARAM_BOOL,
	PARAM_INT,
	PARAM_SIZE,
	PARAM_STRING,
	PARAM_CUSTOM,
};

struct param {
	const char *name;
	uint32_t type; /* enum param_type */
	uint32_t size; /* sizeof the variable or string buffer */
	union {
		void *var;
		int (*fn)(const char *val);
	} u;
};

#ifdef XENOLITH_HOST_TEST
#define SETUP_SECTION "xenolith_setup"
extern const struct param __start_xenolith_setup[] __attribute__((weak));
extern const struct param __stop_xenolith_setup[] __attribute__((weak));
#define __setup_start __start_xenolith_setup
#define __setup_end   __stop_xenolith_setup
#else
#define SETUP_SECTION ".init.setup"
extern const struct param __setup_start[], __setup_end[];
#endif

#define __param(tag)                                                           \
	static const struct param __param_##tag __attribute__((                \
	    used, section(SETUP_SECTION), aligned(sizeof(void *))))

#define __var_param(nm, kind, v)                                               \
	__param(v) = {                                                         \
	    .name = (nm), .type = (kind), .size = sizeof(v), .u.var = &(v)}

#define boolean_param(nm, v) __var_param(nm, PARAM_BOOL, v)
#define integer_param(nm, v) __var_param(nm, PARAM_INT, v)
#define size_param(nm, v)    __var_param(nm, PARAM_SIZE, v)
#define string_param(nm, v)                                                    \
	_Static_assert(                                                        \
	    !__builtin_types_compatible_p(__typeof__(v), __typeof__(&(v)[0])), \
	    "string_param needs a char array");                                \
	__var_param(nm, PARAM_STRING, v)
#define custom_param(nm, f)                                                    \
	__param(f) = {.name = (nm), .type = PARAM_CUSTOM, .u.fn = (f)}

/*
 * Parse cmdline against every registered option and keep a copy in
 * saved_cmdline.  Returns the number of options that were unknown or
 * had bad values (each already warned about).
 */
int cmdline_parse(const char *cmdline);

/* The same against the table [start, end), without saving. */
int cmdline_parse_table(const char *cmdline, const struct param *start,
			const struct param *end);

/*
 * Skip the first word: multiboot loaders (GRUB, QEMU's -kernel) put the
 * image's file name in front of the options.
 */
const char *cmdline_skip_image_name(const char *cmdline);

/* Value parsers, also for custom options.  Return 0 or -1 (bad input). */
int parse_bool(const char *s); /* 1, 0, or -1 */
int parse_integer(const char *s, const char **end, long long *val);
int parse_size(const char *s, const char **end, uint64_t *bytes);

extern char saved_cmdline[CMDLINE_MAX]; /* as given to cmdline_parse() */

#endif
