/* scratch.h - a scratch folder for one cmocka test program: made by
 * scratch_setup(), removed with everything in it by scratch_teardown().
 * Include once, in the test's .c file. */
#ifndef HEARD_SCRATCH_H
#define HEARD_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[] = "/tmp/heard-test-XXXXXX";

static int scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int scratch_teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd);
}
#endif
