/* sandbox.h - the kiosk confines itself to its own files, off the network.
 *
 * Once started, heard-kiosk asks the kernel (Landlock, Linux 5.13 and
 * later) to let it read only its assets, its configuration and the
 * system's shared files (/usr, a few of /etc, /proc, /sys), use the
 * sound, graphics and input devices, and make, write, truncate (Linux
 * 6.2), rename and remove files only in its database folder; and
 * (Landlock 4, Linux 6.7) to open no TCP connection.  A seccomp filter
 * refuses every socket but a Unix one on any kernel: no TCP, no UDP.  A
 * flaw in the kiosk, or someone at its screen, cannot reach other users'
 * files, the rest of the machine or the network.  Unix permissions and
 * the systemd unit (tools/deploy/) confine it too; this works without
 * them, for any way the kiosk is started. */
#ifndef HEARD_SANDBOX_H
#define HEARD_SANDBOX_H

#include <stddef.h>

#define SANDBOX_MAX_PATHS 24

typedef struct {
	const char *read[SANDBOX_MAX_PATHS];  /* files or folders, read only */
	int nread;
	const char *write[SANDBOX_MAX_PATHS]; /* folders: files read, made, written, removed */
	int nwrite;
	const char *device[SANDBOX_MAX_PATHS]; /* device nodes or their folders: read, write */
	int ndevice;
} SandboxPaths;

/* Add a path (missing ones are passed over when entering). */
void sandbox_read(SandboxPaths *p, const char *path);
void sandbox_write(SandboxPaths *p, const char *path);
void sandbox_device(SandboxPaths *p, const char *path);

/* Confine this process (and any thread or process it starts) for good;
 * it must have one thread, as Landlock confines only the caller.  Returns the
 * Landlock ABI version in force (1 or more; below 3 a warning on stderr
 * says truncating is not refused); 0 when the kernel has no Landlock (only
 * the seccomp filter holds: say so in the log); -1 with a message in err
 * when it failed half-way (the caller should not go on). */
int sandbox_enter(const SandboxPaths *p, char *err, size_t errlen);

/* Test scripts' probes: each tries something and says on stderr, one
 * line per attempt, whether the sandbox allowed it.
 *   sandbox_probe(PATH)       "probe PATH: read allowed, write Permission denied"
 *   sandbox_probe_net(PORT)   "probe net tcp: refused (Permission denied)": TCP
 *                             connect and UDP send to 127.0.0.1:PORT, UDP to
 *                             [::1]:PORT, a netlink and a Unix socket
 *   sandbox_probe_file(PATH)  "probe truncate PATH: allowed", then rename
 *                             (to PATH-renamed, left there) */
void sandbox_probe(const char *path);
void sandbox_probe_net(const char *port);
void sandbox_probe_file(const char *path);
#endif
