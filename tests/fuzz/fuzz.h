/* fuzz.h - what heard's fuzz targets share.  Include once, in the
 * target's .c file.
 *
 * Every parser under test reads a file by path, the way the kiosk and
 * heard-report do, so the input bytes are handed over as a file:
 * fuzz_memfile() for the INI parsers (an in-memory file, reached as
 * /proc/self/fd/N), fuzz_dbfile() for SQLite, which needs a real folder
 * for its -wal and -shm files.  FUZZ_CHECK() turns a broken contract into
 * a crash that libFuzzer and tests/fuzz/replay.sh report. */
#ifndef HEARD_FUZZ_H
#define HEARD_FUZZ_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "strtab.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* Write all of data to fd at offset 0, after emptying it. */
static inline void fuzz_fill(int fd, const uint8_t *data, size_t size)
{
	FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
	for (size_t done = 0; done < size;) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		FUZZ_CHECK(n > 0, "pwrite");
		done += (size_t)n;
	}
}

/* The input as a file path; the same memfd is reused for every input. */
static inline const char *fuzz_memfile(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("heard-fuzz", MFD_CLOEXEC);
		FUZZ_CHECK(fd >= 0, "memfd_create");
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	fuzz_fill(fd, data, size);
	return path;
}

/* ---- a database file in a private scratch folder ----------------------- */

typedef struct {
	char dir[32];      /* made on first use, removed at exit */
	char db[64];       /* dir/heard.db, or "" before first use */
} FuzzScratch;

static inline FuzzScratch *fuzz_scratch(void)
{
	static FuzzScratch s = { "/tmp/heard-fuzz-XXXXXX", "" };
	return &s;
}

/* Remove the database and whatever SQLite made beside it. */
static inline void fuzz_dbfile_clean(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	const FuzzScratch *s = fuzz_scratch();
	char p[sizeof s->db + 16];
	for (size_t i = 0; s->db[0] && i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", s->db, suffix[i]);
		unlink(p);
	}
}

static inline void fuzz_scratch_remove(void)
{
	fuzz_dbfile_clean();
	rmdir(fuzz_scratch()->dir);
}

/* The input as a database file "heard.db" in the scratch folder; call
 * fuzz_dbfile_clean() after each input. */
static inline const char *fuzz_dbfile(const uint8_t *data, size_t size)
{
	FuzzScratch *s = fuzz_scratch();
	if (!s->db[0]) {
		FUZZ_CHECK(mkdtemp(s->dir) != NULL, "mkdtemp");
		size_t n = strlen(s->dir); /* not snprintf: gcc cannot see dir's length */
		FUZZ_CHECK(n + sizeof "/heard.db" <= sizeof s->db, "%s", s->dir);
		memcpy(s->db, s->dir, n);
		memcpy(s->db + n, "/heard.db", sizeof "/heard.db");
		atexit(fuzz_scratch_remove);
	}
	fuzz_dbfile_clean();
	int fd = open(s->db, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FUZZ_CHECK(fd >= 0, "open %s", s->db);
	fuzz_fill(fd, data, size);
	close(fd);
	return s->db;
}

/* The shipped question set (assets/strings/questions.ini), loaded the way
 * the kiosk and heard-report load it. */
static inline void fuzz_shipped_qset(QuestionSet *qs)
{
	char path[1024], err[1024];
	snprintf(path, sizeof path, "%s/strings/questions.ini", util_asset_dir());
	FUZZ_CHECK(qset_load(path, qs, err, sizeof err) == 0, "%s", err);
}

/* Error messages name the file first ("path: ..." or "path:line: ..."). */
static inline int fuzz_names_file(const char *err, const char *path)
{
	size_t n = strlen(path);
	return !strncmp(err, path, n) && err[n] == ':';
}
#endif
