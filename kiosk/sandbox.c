/* sandbox.c - Landlock and seccomp: the kiosk reads only what it needs,
 * writes only its database folder and opens no network socket.  Start
 * reading at sandbox_enter(); the probes test scripts use are at the end. */
#include "sandbox.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Landlock's ABI, from the kernel's uapi: the kernel we run on decides
 * what it enforces (LANDLOCK_CREATE_RULESET_VERSION), not the headers we
 * were built with, and Debian 12's (Linux 6.1) stop at ABI 2. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)    /* ABI 2, Linux 5.19 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3, Linux 6.2 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0) /* ABI 4, Linux 6.7 */
#endif
#ifndef LANDLOCK_ACCESS_NET_CONNECT_TCP
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
/* struct landlock_ruleset_attr as of ABI 4; older kernels are given only
 * its first field (the size passed says which).  No TCP port is ever
 * allowed, so no LANDLOCK_RULE_NET_PORT rule is added. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
};

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
                     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
#define READ_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | \
                     LANDLOCK_ACCESS_FS_READ_DIR)
/* The database folder: its files made, written, truncated, renamed
 * (.damaged-N, the recovery file) and removed; nothing run, no folders,
 * links or devices.  Nowhere else is anything truncated or renamed. */
#define DATA_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR | \
                     LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | \
                     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
                     LANDLOCK_ACCESS_FS_REFER)
/* Device nodes: opened for reading and writing, nothing made. */
#define DEVICE_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                       LANDLOCK_ACCESS_FS_READ_DIR)

/* Every file-system right this kernel's Landlock knows, by ABI version
 * (a right it does not know makes landlock_create_ruleset fail).
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
		r |= LANDLOCK_ACCESS_FS_REFER; /* renames between folders */
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
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

/* seccomp: socket() and socketpair() fail with EACCES for every family
 * but AF_UNIX (the display's and the sound server's sockets), in every
 * thread, for good: no TCP, UDP, raw or netlink socket, whatever Landlock
 * this kernel has.  io_uring is refused too, as if the kernel had none:
 * its requests would bypass this filter.  A system call of another
 * architecture (x86's 32-bit calls) kills the process (libseccomp's
 * default).  File names cannot be filtered here (they are pointers):
 * that is Landlock's job. */
static int refuse_sockets(char *err, size_t errlen)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		snprintf(err, errlen, "sandbox: cannot make a seccomp filter");
		return -1;
	}
	/* every thread (TSYNC) needs the seccomp() system call (API level 2);
	 * without it (valgrind 3.19 lacks it) prctl() holds the caller, the one
	 * thread there is (sandbox_enter), and every thread it starts later */
	int rc = seccomp_api_get() >= 2 ? seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) : 0;
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1,
		                      SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socketpair), 1,
		                      SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(io_uring_setup), 0);
	if (!rc)
		rc = seccomp_load(ctx);
	if (rc)
		snprintf(err, errlen, "sandbox: cannot refuse network sockets (seccomp): %s",
		         strerror(rc < 0 ? -rc : rc));
	seccomp_release(ctx);
	return rc ? -1 : 0;
}

/* Landlock, ABI `abi` (1 or more): the paths in p and nothing else; on
 * ABI 4 and later no TCP bind or connect either. */
static int landlock(const SandboxPaths *p, int abi, char *err, size_t errlen)
{
	uint64_t handled = handled_rights(abi);
	struct ruleset_attr attr = { .handled_access_fs = handled };
	size_t size = offsetof(struct ruleset_attr, handled_access_net);
	if (abi >= 4) { /* no TCP at all: answers cannot leave the machine */
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size = sizeof attr;
	}
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
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
	if (!rc && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		snprintf(err, errlen, "sandbox: cannot enter the Landlock ruleset: %s", strerror(errno));
		rc = -1;
	}
	close(ruleset);
	return rc;
}

int sandbox_enter(const SandboxPaths *p, char *err, size_t errlen)
{
	/* seccomp could hold every thread (TSYNC), Landlock only the caller
	 * and the threads it starts later: so one thread, or nothing */
	int running = threads();
	if (running > 1) {
		snprintf(err, errlen, "sandbox: %d threads already run; Landlock would confine one", running);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "sandbox: cannot set no_new_privs: %s", strerror(errno));
		return -1;
	}
	if (refuse_sockets(err, errlen) != 0)
		return -1;
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return 0; /* ENOSYS or EOPNOTSUPP: a kernel without Landlock */
	if (landlock(p, abi, err, errlen) != 0)
		return -1;
	if (abi < 3)
		fprintf(stderr, "%s: warning: this kernel's Landlock (ABI %d) cannot stop the kiosk "
		        "truncating files outside its data folder (Linux 6.2 or later does it)\n",
		        util_progname, abi);
	return abi;
}

/* ---- probes (test scripts) ------------------------------------------ */

/* "probe PATH": read PATH, and write in it (a folder) or to it (a file). */
void sandbox_probe(const char *path)
{
	struct stat sb;
	int dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	int fd = open(path, O_RDONLY | O_CLOEXEC), rerr = errno, werr = 0;
	if (fd >= 0)
		close(fd);
	char tmp[1200];
	if (dir) {
		snprintf(tmp, sizeof tmp, "%s/.heard-probe-%d", path, (int)getpid());
		int w = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		werr = w < 0 ? errno : 0;
		if (w >= 0) {
			close(w);
			unlink(tmp);
		}
	} else {
		int w = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
		werr = w < 0 ? errno : 0;
		if (w >= 0)
			close(w);
	}
	fprintf(stderr, "%s: probe %s: read %s, write %s\n", util_progname, path,
	        fd >= 0 ? "allowed" : strerror(rerr), werr ? strerror(werr) : "allowed");
}

/* "probe net KIND: allowed" or "refused (why)": errno e, 0 for done. */
static void probe_said(const char *what, const char *kind, int e)
{
	if (e)
		fprintf(stderr, "%s: probe %s %s: refused (%s)\n", util_progname, what, kind, strerror(e));
	else
		fprintf(stderr, "%s: probe %s %s: allowed\n", util_progname, what, kind);
}

/* A socket of domain and type, then (to not NULL) a connection to `to`
 * (a stream) or one datagram sent there. */
static void probe_socket(const char *kind, int domain, int type, int proto,
                         const struct sockaddr *to, socklen_t len)
{
	int fd = socket(domain, type | SOCK_CLOEXEC, proto), e = fd < 0 ? errno : 0;
	if (fd >= 0 && to) {
		int rc = type == SOCK_STREAM ? connect(fd, to, len)
		                             : (int)sendto(fd, "heard", 5, 0, to, len);
		e = rc < 0 ? errno : 0;
	}
	if (fd >= 0)
		close(fd);
	probe_said("net", kind, e);
}

void sandbox_probe_net(const char *port)
{
	int n = atoi(port);
	if (n < 1 || n > 65535) {
		fprintf(stderr, "%s: probe net: no port %s\n", util_progname, port);
		return;
	}
	struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)n),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)n),
	                           .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	const struct sockaddr *to4 = (const struct sockaddr *)&v4, *to6 = (const struct sockaddr *)&v6;
	probe_socket("tcp", AF_INET, SOCK_STREAM, 0, to4, sizeof v4);
	probe_socket("udp", AF_INET, SOCK_DGRAM, 0, to4, sizeof v4);
	probe_socket("ipv6", AF_INET6, SOCK_DGRAM, 0, to6, sizeof v6);
	probe_socket("netlink", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, NULL, 0);
	probe_socket("unix", AF_UNIX, SOCK_STREAM, 0, NULL, 0);
}

/* "probe truncate PATH" (to nothing) and "probe rename PATH" (to
 * PATH-renamed): what the caller sees in the file system tells too. */
void sandbox_probe_file(const char *path)
{
	probe_said("truncate", path, truncate(path, 0) != 0 ? errno : 0);
	char to[1200];
	snprintf(to, sizeof to, "%s-renamed", path);
	probe_said("rename", path, rename(path, to) != 0 ? errno : 0);
}
