/* sandbox.c - Landlock: the kiosk reads only what it needs and writes
 * only its database folder.  Start reading at sandbox_enter(). */
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void sandbox_read(SandboxPaths *p, const char *path)
{
	if (path && *path && p->nread < SANDBOX_MAX_PATHS)
		p->read[p->nread++] = path;
}

void sandbox_write(SandboxPaths *p, const char *path)
{
	if (path && *path && p->nwrite < SANDBOX_MAX_PATHS)
		p->write[p->nwrite++] = path;
}

void sandbox_device(SandboxPaths *p, const char *path)
{
	if (path && *path && p->ndevice < SANDBOX_MAX_PATHS)
		p->device[p->ndevice++] = path;
}

/* What a file (not a folder) may be granted. */
#define FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                     LANDLOCK_ACCESS_FS_READ_FILE | TRUNCATE)
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
#define TRUNCATE LANDLOCK_ACCESS_FS_TRUNCATE
#else
#define TRUNCATE 0
#endif
#define READ_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | \
                     LANDLOCK_ACCESS_FS_READ_DIR)
#ifdef LANDLOCK_ACCESS_FS_REFER
#define REFER LANDLOCK_ACCESS_FS_REFER
#else
#define REFER 0
#endif
/* The database folder: its files made, written, renamed (.damaged-N, the
 * recovery file) and removed; nothing run, no folders, links or devices. */
#define DATA_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR | \
                     LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | \
                     LANDLOCK_ACCESS_FS_REMOVE_FILE | TRUNCATE | REFER)
/* Device nodes: opened for reading and writing, nothing made. */
#define DEVICE_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                       LANDLOCK_ACCESS_FS_READ_DIR)

/* Every file-system right this kernel's Landlock knows, by ABI version.
 * Device ioctls (ABI 5) are left alone: audio and display need them. */
static uint64_t handled_rights(int abi)
{
	uint64_t r = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
	             LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
	             LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
	             LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
	             LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
	             LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
	             LANDLOCK_ACCESS_FS_MAKE_SYM;
	if (abi >= 2)
		r |= REFER; /* renames into .damaged-N, the recovery file */
	if (abi >= 3)
		r |= TRUNCATE;
	return r;
}

/* Allow `rights` beneath path; a missing path is passed over (0). */
static int allow(int ruleset, const char *path, uint64_t rights, uint64_t handled,
                 char *err, size_t errlen)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat sb;
	if (fstat(fd, &sb) == 0 && !S_ISDIR(sb.st_mode))
		rights &= FILE_RIGHTS;
	struct landlock_path_beneath_attr pb = { .allowed_access = rights & handled, .parent_fd = fd };
	int rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	int e = errno;
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "sandbox: cannot allow %s: %s", path, strerror(e));
		return -1;
	}
	return 0;
}

/* Threads running now: Landlock confines only the thread that asks
 * (and those it starts later). */
static int threads(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int sandbox_enter(const SandboxPaths *p, char *err, size_t errlen)
{
	int running = threads();
	if (running > 1) {
		snprintf(err, errlen, "sandbox: %d threads already run; Landlock would confine one", running);
		return -1;
	}
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return 0; /* ENOSYS or EOPNOTSUPP: a kernel without Landlock */
	uint64_t handled = handled_rights(abi);
	struct landlock_ruleset_attr attr = { .handled_access_fs = handled };
#ifdef LANDLOCK_ACCESS_NET_CONNECT_TCP
	if (abi >= 4) /* no TCP at all: answers cannot leave the machine */
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
#endif
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (ruleset < 0) {
		snprintf(err, errlen, "sandbox: cannot create a Landlock ruleset: %s", strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < p->nread && !rc; i++)
		rc = allow(ruleset, p->read[i], READ_RIGHTS, handled, err, errlen);
	for (int i = 0; i < p->nwrite && !rc; i++)
		rc = allow(ruleset, p->write[i], DATA_RIGHTS, handled, err, errlen);
	for (int i = 0; i < p->ndevice && !rc; i++)
		rc = allow(ruleset, p->device[i], DEVICE_RIGHTS, handled, err, errlen);
	if (!rc && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "sandbox: cannot set no_new_privs: %s", strerror(errno));
		rc = -1;
	}
	if (!rc && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		snprintf(err, errlen, "sandbox: cannot enter the Landlock ruleset: %s", strerror(errno));
		rc = -1;
	}
	close(ruleset);
	return rc ? -1 : abi;
}
