/*
 * The xz command, which the XZ tests use to make their vectors.  If it is
 * missing, scripts/loader-deps.sh installs it (the unit tier runs before
 * any suite could); TOP_DIR comes from the test's .mk fragment.
 */
#ifndef TEST_HOST_XZ_H
#define TEST_HOST_XZ_H

#include <stdbool.h>
#include <stdlib.h>

static bool host_xz_ready(void)
{
	if (system("xz --version >/dev/null 2>&1") == 0)
		return true;
	if (system(TOP_DIR "/scripts/loader-deps.sh") != 0)
		return false;
	return system("xz --version >/dev/null 2>&1") == 0;
}

#endif
