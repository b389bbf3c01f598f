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

/* Remove a database left at path by an earlier test, with its -wal,
 * -shm and -journal, so the test starts from nothing. */
static inline void scratch_clear(const char *path)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char f[700];
	for (size_t i = 0; i < sizeof side / sizeof *side; i++) {
		snprintf(f, sizeof f, "%s%s", path, side[i]);
		remove(f);
	}
}

static int scratch_teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd);
}
#endif
