/* store.c - heard's database: schema, migrations and all SQL against it.
 * Schema v3 keeps counts only: how many responses per period and service,
 * how many of each answer per period, service and question; v4 adds the
 * comments, each with its service, period and a random key only.  Start
 * reading at store_open(). */
#include "store.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct Store {
	sqlite3 *db;          /* NULL between a save's close and the next use */
	int readonly;         /* opened for reading (heard-report) */
	int no_comments;      /* read-only v3 file: no comment table */
	int ready;            /* pragmas set and statements prepared */
	char path[512];
	sqlite3_stmt *count_response; /* +1 per response */
	sqlite3_stmt *count_answer;   /* +1 per answer */
	sqlite3_stmt *newest;         /* the latest period's first month */
	sqlite3_stmt *comment;        /* one comment, under a random key */
	int batch;            /* inside store_batch_begin/end: no per-save commit */
	dev_t dev;            /* the file opened, to notice it removed or replaced */
	ino_t ino;
};

/* ---- schema ------------------------------------------------------------ */

/* A fresh database id: 32 letters a-p (hex with the digits moved to g-p),
 * no run of digits that a reader, or the privacy test, could take for a
 * time. */
#define RANDOM_LETTERS \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"lower(hex(randomblob(16))), '0', 'g'), '1', 'h'), '2', 'i'), '3', 'j'), '4', 'k')," \
	"'5', 'l'), '6', 'm'), '7', 'n'), '8', 'o'), '9', 'p')"
#define NEW_DATABASE_ID RANDOM_LETTERS

/* Comments: the words alone, with their service and period.  The key's
 * last part is random (RANDOM_LETTERS), so the file, rebuilt in key order
 * after each save, holds them in no one's order; nothing in a row points
 * at a count, and no count at a row. */
#define COMMENT_TABLE \
	"CREATE TABLE comment(" \
	"  period TEXT NOT NULL," \
	"  service TEXT NOT NULL," \
	"  k TEXT NOT NULL CHECK (length(k) = 32)," \
	"  text TEXT NOT NULL CHECK (typeof(text) = 'text' AND length(text) > 0)," \
	"  PRIMARY KEY (period, service, k)) WITHOUT ROWID;"

#define COUNT_TABLES \
	"CREATE TABLE count_response(" \
	"  period TEXT NOT NULL," \
	"  service TEXT NOT NULL," \
	"  n INTEGER NOT NULL CHECK (n >= 0)," \
	"  PRIMARY KEY (period, service)) WITHOUT ROWID;" \
	"CREATE TABLE count_answer(" \
	"  period TEXT NOT NULL," \
	"  service TEXT NOT NULL," \
	"  question TEXT NOT NULL," \
	"  value INTEGER NOT NULL CHECK (value BETWEEN -1 AND 5)," \
	"  n INTEGER NOT NULL CHECK (n >= 0)," \
	"  PRIMARY KEY (period, service, question, value)) WITHOUT ROWID;"

#define META_TABLE \
	"CREATE TABLE meta(" \
	"  key TEXT PRIMARY KEY," \
	"  value TEXT NOT NULL) WITHOUT ROWID;"

/* The month holding a week or day period's label (v1/v2 files): a day
 * "2026-11-21" is in "2026-11"; an ISO week "2026-W47" is counted in the
 * month that holds its Thursday (week 1 holds 4 January). */
#define ROLLED_UP_MONTH \
	"CASE WHEN period GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' THEN substr(date(" \
	"  substr(period, 1, 4) || '-01-04'," \
	"  '-' || ((CAST(strftime('%w', substr(period, 1, 4) || '-01-04') AS INTEGER) + 6) % 7)" \
	"    || ' days'," \
	"  '+' || (3 + 7 * (CAST(substr(period, 7, 2) AS INTEGER) - 1)) || ' days'), 1, 7)" \
	" ELSE substr(period, 1, 7) END"

#define WEEK_OR_DAY \
	"(period GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'" \
	" OR period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"

/* migrations[v] takes a database at version v-1 to version v. */
static const char *const migrations[STORE_SCHEMA_VERSION + 1] = {
	/* v1: one row per response and per answer (gone in v3) */
	[1] =
	META_TABLE
	"CREATE TABLE response("
	"  id BLOB PRIMARY KEY CHECK (typeof(id) = 'blob' AND length(id) = 16),"
	"  kiosk TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  qset TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX response_period ON response(period, service);"
	"CREATE TABLE answer("
	"  response BLOB NOT NULL REFERENCES response(id),"
	"  question TEXT NOT NULL,"
	"  value INTEGER NOT NULL CHECK (value BETWEEN -1 AND 5),"
	"  PRIMARY KEY (response, question)) WITHOUT ROWID;",
	/* v2: running counts, and a random id for the file, so copies of one
	 * kiosk's database count once */
	[2] =
	COUNT_TABLES
	"INSERT INTO count_response"
	"  SELECT period, service, count(*) FROM response GROUP BY period, service;"
	"INSERT INTO count_answer"
	"  SELECT r.period, r.service, a.question, a.value, count(*)"
	"    FROM response r JOIN answer a ON a.response = r.id"
	"   GROUP BY r.period, r.service, a.question, a.value;"
	"INSERT OR REPLACE INTO meta VALUES ('database_id', " NEW_DATABASE_ID ");",
	/* v3: counts only.  Rows still missing from the counts are folded in;
	 * week and day periods are rolled up into months; the kiosk name moves
	 * to meta; the rows are dropped (and VACUUM, after the transaction,
	 * erases their bytes). */
	[3] =
	"INSERT INTO count_answer"
	"  SELECT r.period, r.service, a.question, a.value, count(*)"
	"    FROM response r JOIN answer a ON a.response = r.id"
	"   WHERE NOT EXISTS (SELECT 1 FROM count_response)"
	"   GROUP BY r.period, r.service, a.question, a.value;"
	"INSERT INTO count_response"
	"  SELECT period, service, count(*) FROM response"
	"   WHERE NOT EXISTS (SELECT 1 FROM count_response)"
	"   GROUP BY period, service;"
	"INSERT INTO count_response"
	"  SELECT " ROLLED_UP_MONTH ", service, sum(n) FROM count_response"
	"   WHERE " WEEK_OR_DAY " GROUP BY 1, 2"
	"  ON CONFLICT DO UPDATE SET n = n + excluded.n;"
	"DELETE FROM count_response WHERE " WEEK_OR_DAY ";"
	"INSERT INTO count_answer"
	"  SELECT " ROLLED_UP_MONTH ", service, question, value, sum(n) FROM count_answer"
	"   WHERE " WEEK_OR_DAY " GROUP BY 1, 2, 3, 4"
	"  ON CONFLICT DO UPDATE SET n = n + excluded.n;"
	"DELETE FROM count_answer WHERE " WEEK_OR_DAY ";"
	"INSERT OR IGNORE INTO meta"
	"  SELECT 'kiosk', coalesce((SELECT kiosk FROM response LIMIT 1), '');"
	"DROP TABLE answer;"
	"DROP TABLE response;",
	/* v4: the clients' comments */
	[4] = COMMENT_TABLE,
};

/* ---- helpers ----------------------------------------------------------- */

/* " (the disk holding path is full)" when it is, else "": SQLite says
 * "disk I/O error" where the cause is a full disk. */
static const char *full_disk(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	struct statvfs v;
	if (statvfs(slash ? dir : ".", &v) == 0 && (unsigned long long)v.f_bavail * v.f_frsize < 64 * 1024)
		return " (the disk holding it is full)";
	return "";
}

static int fail(Store *st, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s: %s%s", st->path, what,
	         st->db ? sqlite3_errmsg(st->db) : "not open", full_disk(st->path));
	return -1;
}

/* Run one statement that returns at most one integer; -1 on error. */
static int query_int(Store *st, const char *sql, long long *out)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && out)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The first bytes of a file, up to SQLite's application_id: how many
 * were read (0 for an empty or unreadable file, -1 for a missing one),
 * and whether they start with SQLite's header. */
static int file_head(const char *path, unsigned char h[72], int *sqlite)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return -1;
	}
	int n = (int)fread(h, 1, 72, f);
	fclose(f);
	*sqlite = n >= 16 && !memcmp(h, "SQLite format 3", 16);
	return n;
}

/* A database, -wal or -shm file that exists must be this user's own
 * (util_own_private).  Missing is fine.  0, or -1 naming the file and
 * the fix. */
static int check_private(const char *file, char *err, size_t errlen)
{
	struct stat sb;
	if (lstat(file, &sb) == 0)
		return util_own_private(file, &sb, 0600, err, errlen);
	if (errno == ENOENT)
		return 0;
	snprintf(err, errlen, "%s: cannot check: %s", file, strerror(errno));
	return -1;
}

/* Create the database with mode 0600 before SQLite sees it, so the counts
 * are never readable by other users, even for an instant (SQLite gives
 * its -wal and -shm the database's mode); refuse any of the three that
 * is not private already. */
static int create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (fd >= 0)
		close(fd);
	char side[600];
	if (check_private(path, err, errlen))
		return -1;
	snprintf(side, sizeof side, "%s-wal", path);
	if (check_private(side, err, errlen))
		return -1;
	snprintf(side, sizeof side, "%s-shm", path);
	return check_private(side, err, errlen);
}

/* Bring the schema up to date, or refuse a database that is not ours.
 * *from is the version found. */
static int migrate(Store *st, long long *from, char *err, size_t errlen)
{
	long long app = 0, tables = 0, version = 0;
	if (query_int(st, "PRAGMA application_id", &app) ||
	    query_int(st, "SELECT count(*) FROM sqlite_master", &tables))
		return fail(st, err, errlen, "not a readable SQLite database");
	if (app != STORE_APPLICATION_ID && tables > 0) {
		snprintf(err, errlen, "%s: not a heard database (it belongs to another program)", st->path);
		return -1;
	}
	if (tables > 0 &&
	    query_int(st, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'", &version))
		return fail(st, err, errlen, "damaged heard database (no schema_version)");
	*from = version;
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: made by a newer heard (schema version %lld; this one reads up to %d)",
		         st->path, version, STORE_SCHEMA_VERSION);
		return -1;
	}
	long long real = 0; /* a view or a trigger in a table's place: not a file heard wrote */
	if (version >= 3 &&
	    (query_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
	                   "('meta', 'count_response', 'count_answer', 'comment')", &real) ||
	     real != (version >= 4 ? 4 : 3))) {
		snprintf(err, errlen, "%s: damaged heard database (meta, count_response, count_answer%s "
		         "is not a table)", st->path, version >= 4 ? " or comment" : "");
		return -1;
	}
	/* a v3 file (a copy made before comments) reads as one without any */
	st->no_comments = st->readonly && version == 3;
	if (st->readonly && version < 3) {
		snprintf(err, errlen, tables ? "%s: old heard database (schema version %lld); "
		         "start heard-kiosk on it once to upgrade it" : "%s: empty file, not a heard database",
		         st->path, version);
		return -1;
	}
	for (long long v = version + 1; v <= STORE_SCHEMA_VERSION && !st->readonly; v++) {
		char sql[160];
		snprintf(sql, sizeof sql,
		         "PRAGMA application_id = %d;"
		         "INSERT OR REPLACE INTO meta VALUES ('schema_version', '%lld');",
		         STORE_APPLICATION_ID, v);
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			fail(st, err, errlen, "cannot update the schema");
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

/* The rows a v1/v2 file held are dropped now; with secure_delete their
 * pages were zeroed, and VACUUM rebuilds the file so nothing of them, not
 * even the free pages or the order cells were written in, is left; the
 * checkpoint empties the -wal that carried the rebuild. */
static int erase_old_rows(Store *st, char *err, size_t errlen)
{
	if (sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot erase the old rows (VACUUM)");
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return 0;
}

/* Durability and privacy settings; WAL must really be on. */
static int set_pragmas(Store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int wal = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			wal = !strcmp((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
	}
	if (!wal)
		return fail(st, err, errlen, "cannot switch to WAL journal");
	if (sqlite3_exec(st->db,
	                 "PRAGMA synchronous = FULL;"
	                 "PRAGMA secure_delete = ON;"
	                 /* statement journals and temp tables hold answers: keep
	                  * them in memory, never in /var/tmp */
	                 "PRAGMA temp_store = MEMORY;"
	                 "PRAGMA journal_size_limit = 0;"
	                 "PRAGMA cache_size = -256;", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot set pragmas");
	return 0;
}

/* Open the connection for writing; it touches the file only when first
 * used (ready_to_write()), so -wal and -shm appear only then. */
static int connect_rw(Store *st, char *err, size_t errlen)
{
	if (sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
	                    NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot open");
		sqlite3_close(st->db);
		st->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(st->db, 2000);
	/* before anything is read or written (a migration's VACUUM too):
	 * deleted content is zeroed, and temporary copies stay in memory,
	 * never in /var/tmp */
	sqlite3_exec(st->db, "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	return 0;
}

static void disconnect(Store *st)
{
	sqlite3_finalize(st->count_response);
	sqlite3_finalize(st->count_answer);
	sqlite3_finalize(st->newest);
	sqlite3_finalize(st->comment);
	st->count_response = st->count_answer = st->newest = st->comment = NULL;
	sqlite3_close(st->db);
	st->db = NULL;
	st->ready = 0;
}

/* Reopen if a save closed the connection (only the same file, never one
 * put in its place), set the pragmas and prepare the statements. */
static int ready_to_write(Store *st, char *err, size_t errlen)
{
	if (st->ready)
		return 0;
	if (!st->db) {
		if (!store_still_there(st)) {
			snprintf(err, errlen, "%s: the database was removed or replaced", st->path);
			return -1;
		}
		if (connect_rw(st, err, errlen))
			return -1;
	}
	if (set_pragmas(st, err, errlen))
		return -1;
	if (sqlite3_prepare_v2(st->db,
	        "INSERT INTO count_response VALUES (?1, ?2, 1)"
	        " ON CONFLICT DO UPDATE SET n = n + 1",
	        -1, &st->count_response, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
	        "INSERT INTO count_answer VALUES (?1, ?2, ?3, ?4, 1)"
	        " ON CONFLICT DO UPDATE SET n = n + 1",
	        -1, &st->count_answer, NULL) != SQLITE_OK ||
	    /* each period as its first month ("2026-Q4" as "2026-10"); the
	     * newest with answers, or the newest the clock was seen in
	     * (store_see_period: a copy may hold every period before it) */
	    sqlite3_prepare_v2(st->db,
	        "SELECT max(CASE WHEN period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'"
	        " THEN substr(period, 1, 5) || printf('%02d', 3 * CAST(substr(period, 7) AS INTEGER) - 2)"
	        " ELSE substr(period, 1, 7) END) FROM (SELECT period FROM count_response UNION ALL"
	        " SELECT value FROM meta WHERE key = 'newest_period' AND"
	        " (value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR value GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'))",
	        -1, &st->newest, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO comment VALUES (?1, ?2, " RANDOM_LETTERS ", ?3)",
	        -1, &st->comment, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot prepare statements");
	st->ready = 1;
	return 0;
}

/* A reader of a WAL database needs to create its -shm file beside it.
 * When the folder is not writable (a copy on a read-only share, a
 * manager's account) and no -wal file holds unsaved pages, the file can
 * be read as immutable instead. */
static int reopen_if_folder_readonly(Store *st, const char *path, char *err, size_t errlen)
{
	long long n;
	if (query_int(st, "SELECT count(*) FROM sqlite_master", &n) == 0)
		return 0; /* readable as it is */
	int code = sqlite3_errcode(st->db);
	if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)
		return 0; /* broken for another reason: migrate() says what */
	char wal[600], uri[1200];
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (access(wal, F_OK) == 0) {
		snprintf(err, errlen, "%s: cannot read: its folder is not writable and a -wal file "
		         "holds recent answers; copy the database with heard-kiosk's backup first", path);
		return -1;
	}
	char *esc = sqlite3_mprintf("%q", path); /* only '?' and '#' need care in a URI path */
	snprintf(uri, sizeof uri, "file:%s?immutable=1", esc);
	sqlite3_free(esc);
	for (char *c = uri + 5; *c && *c != '?'; c++)
		if (*c == '#') *c = '_';
	sqlite3_close(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW,
	                    NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot open");
	return 0;
}

/* Read-only: the file must be there, readable and not a symlink. */
static int open_readonly(Store *st, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		snprintf(err, errlen, "%s: a symbolic link, which heard never follows; "
		         "name the database file itself", path);
		return -1;
	}
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW,
	                    NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot open");
	sqlite3_busy_timeout(st->db, 2000);
	return reopen_if_folder_readonly(st, path, err, errlen);
}

/* ---- public ------------------------------------------------------------ */

Store *store_open(const char *path, int create, char *err, size_t errlen)
{
	Store *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	snprintf(st->path, sizeof st->path, "%s", path);
	st->readonly = !create;
	if (create ? create_private(path, err, errlen) || connect_rw(st, err, errlen)
	           : open_readonly(st, path, err, errlen))
		goto fail;
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	long long from = 0;
	if (migrate(st, &from, err, errlen))
		goto fail;
	if (!create) { /* readers prepare their statements as they go */
		sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
		return st;
	}
	if ((from > 0 && from < 3 && erase_old_rows(st, err, errlen)) ||
	    ready_to_write(st, err, errlen))
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(Store *st)
{
	if (!st)
		return;
	disconnect(st);
	free(st);
}

static int step_done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* After a commit the file's pages show which rows changed last: a count
 * that grew moves to the free end of its page, a new row goes where there
 * was room, so the newest cells are the last client's answers.  VACUUM
 * rebuilds the file in key order (and secure_delete zeroed what it
 * drops), so one copy of it says nothing of the order responses came in.
 * Then the WAL holds the rebuilt pages and the -shm their page numbers:
 * fold them into the database, cut the WAL to nothing, and close the
 * connection, so SQLite deletes both files (when no other connection
 * holds the database).  The data is durable already (a VACUUM that fails,
 * on a disk too full for it, is tried again after the next save); the
 * next use reopens. */
static void forget_last_save(Store *st)
{
	sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
	for (int tries = 0; tries < 5; tries++) {
		int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(20);
	}
	disconnect(st);
	/* nor its time stamps the last Send (as the recovery file's: pending.c) */
	if (store_still_there(st))
		utimensat(AT_FDCWD, st->path, (const struct timespec[2]){ { 0, 0 }, { 0, 0 } },
		          AT_SYMLINK_NOFOLLOW);
}

/* The first and last month of a "YYYY-MM" or "YYYY-Qn" label; -1 for
 * anything else. */
static int label_months(const char *label, int *year, int *first, int *last)
{
	const char *l = label;
	for (int i = 0; i < 4; i++)
		if (l[i] < '0' || l[i] > '9')
			return -1;
	if (l[4] != '-')
		return -1;
	*year = (l[0] - '0') * 1000 + (l[1] - '0') * 100 + (l[2] - '0') * 10 + (l[3] - '0');
	if (l[5] == 'Q' && l[6] >= '1' && l[6] <= '4' && !l[7]) {
		*first = 3 * (l[6] - '0') - 2;
		*last = *first + 2;
		return 0;
	}
	if (l[5] < '0' || l[5] > '1' || l[6] < '0' || l[6] > '9' || l[7])
		return -1;
	*first = *last = (l[5] - '0') * 10 + (l[6] - '0');
	return *first >= 1 && *first <= 12 ? 0 : -1;
}

/* A period older than the newest one in the file (it ended before that
 * one began) is closed for good: refuse it. */
static int period_still_open(Store *st, const char *period, char *err, size_t errlen)
{
	int y, first, last;
	if (label_months(period, &y, &first, &last)) {
		snprintf(err, errlen, "%s: '%s' is not a period (YYYY-MM or YYYY-Qn)", st->path, period);
		return -1;
	}
	char end[32];
	snprintf(end, sizeof end, "%04d-%02d", y, last);
	int rc = sqlite3_step(st->newest);
	const char *newest = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st->newest, 0) : NULL;
	int closed = newest && strcmp(end, newest) < 0;
	if (closed)
		snprintf(err, errlen, "%s: %s is closed (the file holds or has seen %s); a closed period "
		         "never changes: is this computer's clock set back? set it right", st->path,
		         period, newest);
	else if (rc != SQLITE_ROW)
		fail(st, err, errlen, "cannot read");
	sqlite3_reset(st->newest);
	return closed || rc != SQLITE_ROW ? -1 : 0;
}

static int add_counts(Store *st, const StoreResponse *r)
{
	sqlite3_stmt *s = st->count_response;
	sqlite3_bind_text(s, 1, r->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->service, -1, SQLITE_STATIC);
	if (step_done(s))
		return -1;
	for (int i = 0; i < r->n; i++) {
		s = st->count_answer;
		sqlite3_bind_text(s, 1, r->period, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->service, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, r->a[i].question, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, r->a[i].value);
		if (step_done(s))
			return -1;
	}
	return 0;
}

/* NULL when text may be stored as a comment, else what is wrong. */
static const char *comment_problem(const char *text)
{
	if (!text[0])
		return "an empty comment";
	if (strlen(text) > STORE_COMMENT_MAX)
		return "a comment too long (STORE_COMMENT_MAX bytes at most)";
	for (const char *s = text; *s;) {
		unsigned cp;
		int n = util_utf8(s, &cp);
		if (!n || util_unsafe(cp))
			return "a comment that is not plain UTF-8 text";
		s += n;
	}
	return NULL;
}

static int add_comment(Store *st, const char *period, const char *service, const char *text)
{
	sqlite3_stmt *s = st->comment;
	sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	return step_done(s);
}

/* One save: the counts of r and its comment, or (r NULL) the comment
 * alone, in one transaction (a savepoint inside a batch). */
static int save(Store *st, const StoreResponse *r, const char *period, const char *service,
                const char *comment, char *err, size_t errlen)
{
	const char *bad = comment && comment[0] ? comment_problem(comment) : NULL;
	if (bad || (!r && !(comment && comment[0]))) {
		snprintf(err, errlen, "%s: cannot save %s", st->path, bad ? bad : "an empty comment");
		return -1;
	}
	if (ready_to_write(st, err, errlen))
		return -1;
	if (sqlite3_exec(st->db, st->batch ? "SAVEPOINT one" : "BEGIN IMMEDIATE", NULL, NULL,
	                 NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	if (period_still_open(st, period, err, errlen))
		goto undo;
	if ((r && add_counts(st, r)) || (comment && comment[0] && add_comment(st, period, service, comment)) ||
	    sqlite3_exec(st->db, st->batch ? "RELEASE one" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, errlen, r ? "cannot save response" : "cannot save comment");
		goto undo;
	}
	if (!st->batch)
		forget_last_save(st);
	return 0;
undo:
	sqlite3_exec(st->db, st->batch ? "ROLLBACK TO one; RELEASE one" : "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int store_save(Store *st, const StoreResponse *r, char *err, size_t errlen)
{
	return save(st, r, r->period, r->service, r->comment, err, errlen);
}

int store_save_comment(Store *st, const char *period, const char *service, const char *text,
                       char *err, size_t errlen)
{
	return save(st, NULL, period, service, text ? text : "", err, errlen);
}

int store_batch_begin(Store *st, char *err, size_t errlen)
{
	if (ready_to_write(st, err, errlen))
		return -1;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	st->batch = 1;
	return 0;
}

void store_batch_abort(Store *st)
{
	st->batch = 0;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	forget_last_save(st);
}

int store_mark_recovered(Store *st, const char *token, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('recovered', ?1)",
	                       -1, &s, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot mark the recovery file saved");
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(st, err, errlen, "cannot mark the recovery file saved");
}

int store_batch_end(Store *st, char *err, size_t errlen)
{
	st->batch = 0;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot commit");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	forget_last_save(st);
	return 0;
}

/* Open the connection again if a save closed it (readers never close). */
static int ready_to_read(Store *st, char *err, size_t errlen)
{
	return st->readonly ? 0 : ready_to_write(st, err, errlen);
}

/* After the kiosk reads (the Welcome line, the staff screen): close
 * again, so no -wal or -shm waits beside an idle kiosk's database. */
static void done_reading(Store *st)
{
	if (!st->readonly && !st->batch)
		disconnect(st);
}

/* Whether a stored label is passed to store_each_count()'s caller: a
 * month or quarter whose last month is in [from, to], closed at now. */
static int wanted(const char *label, const char *from, const char *to, time_t now)
{
	int y, first, last;
	char end[32];
	if (label_months(label, &y, &first, &last))
		return 0;
	snprintf(end, sizeof end, "%04d-%02d", y, last);
	return strcmp(end, from) >= 0 && strcmp(end, to) <= 0 && store_period_closed(label, now) == 1;
}

int store_each_count(Store *st, const char *from, const char *to, int answers,
                     StoreCountFn fn, void *user, time_t now, char *err, size_t errlen)
{
	if (ready_to_read(st, err, errlen))
		return -1;
	/* months in [from, to] are a range of the primary key; quarters
	 * ("YYYY-Qn" sorts after every month of its year) are few */
	static const char *const sql[] = {
		"SELECT service, period, NULL, 0, n FROM count_response"
		" WHERE period BETWEEN ?1 AND ?2 || '~' OR period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'",
		"SELECT service, period, question, value, n FROM count_answer"
		" WHERE period BETWEEN ?1 AND ?2 || '~' OR period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'",
	};
	int rc = SQLITE_DONE, got = 0;
	for (int k = 0; k <= (answers != 0) && rc == SQLITE_DONE && !got; k++) {
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(st->db, sql[k], -1, &s, NULL) != SQLITE_OK)
			return fail(st, err, errlen, "cannot read");
		sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *service = (const char *)sqlite3_column_text(s, 0),
			           *period = (const char *)sqlite3_column_text(s, 1),
			           *question = (const char *)sqlite3_column_text(s, 2);
			long long n = sqlite3_column_int64(s, 4);
			if (sqlite3_column_type(s, 4) != SQLITE_INTEGER ||
			    (k && sqlite3_column_type(s, 3) != SQLITE_INTEGER)) { /* 'abc' would read as 0 */
				snprintf(err, errlen, "%s: damaged heard database (a count or answer in %s that "
				         "is not a whole number)", st->path, k ? "count_answer" : "count_response");
				rc = SQLITE_MISUSE;
				break;
			}
			if (!service || !period || (k && !question) || n < 0 || !wanted(period, from, to, now))
				continue; /* the schema forbids most of these; never trust a file blindly */
			got = fn(user, service, period, question, sqlite3_column_int(s, 3), n);
			if (got) {
				rc = SQLITE_DONE;
				break;
			}
		}
		if (rc != SQLITE_DONE && rc != SQLITE_MISUSE)
			fail(st, err, errlen, rc == SQLITE_CORRUPT ? "damaged database, cannot read" : "cannot read");
		sqlite3_finalize(s);
	}
	if (rc == SQLITE_DONE && !got && answers) { /* every response answers a question at most once */
		sqlite3_stmt *s;
		static const char over[] =
			"SELECT a.period, a.service, a.question FROM count_answer a"
			" LEFT JOIN count_response r ON r.period = a.period AND r.service = a.service"
			" GROUP BY a.period, a.service, a.question HAVING sum(a.n) > coalesce(max(r.n), 0) LIMIT 1";
		if (sqlite3_prepare_v2(st->db, over, -1, &s, NULL) != SQLITE_OK) {
			fail(st, err, errlen, "cannot read");
			done_reading(st);
			return -1;
		}
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			snprintf(err, errlen, "%s: damaged heard database (%s, %s: more answers to %s than "
			         "responses; the file was changed)", st->path, sqlite3_column_text(s, 0),
			         sqlite3_column_text(s, 1), sqlite3_column_text(s, 2));
		} else if (rc != SQLITE_DONE) {
			fail(st, err, errlen, "cannot read");
		}
		sqlite3_finalize(s);
	}
	done_reading(st);
	return rc != SQLITE_DONE ? -1 : got < 0 ? -2 : 0;
}

int store_each_comment(Store *st, const char *from, const char *to, StoreCommentFn fn,
                       void *user, time_t now, char *err, size_t errlen)
{
	if (st->no_comments)
		return 0;
	if (ready_to_read(st, err, errlen))
		return -1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT service, period, text, k FROM comment"
	                       " WHERE period BETWEEN ?1 AND ?2 || '~'"
	                       " OR period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'"
	                       " ORDER BY period, service, k", -1, &s, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot read the comments");
		done_reading(st);
		return -1;
	}
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	int rc, got = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *service = (const char *)sqlite3_column_text(s, 0),
		           *period = (const char *)sqlite3_column_text(s, 1),
		           *text = (const char *)sqlite3_column_text(s, 2),
		           *key = (const char *)sqlite3_column_text(s, 3);
		if (!service || !period || !wanted(period, from, to, now))
			continue;
		if (sqlite3_column_type(s, 2) != SQLITE_TEXT || !text || comment_problem(text) || !key) {
			snprintf(err, errlen, "%s: damaged heard database (a comment in %s that is not "
			         "plain UTF-8 text of at most %d bytes; the file was changed)", st->path,
			         period, STORE_COMMENT_MAX);
			rc = SQLITE_MISUSE;
			break;
		}
		if ((got = fn(user, service, period, key, text)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_MISUSE)
		fail(st, err, errlen, rc == SQLITE_CORRUPT ? "damaged database, cannot read" : "cannot read");
	sqlite3_finalize(s);
	done_reading(st);
	return rc != SQLITE_DONE ? -1 : got < 0 ? -2 : 0;
}

/* One text value from meta into out (size n); 1 found, 0 missing, -1
 * error. */
static int meta_get(Store *st, const char *key, char *out, size_t n)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(s, 0) < n) {
		memcpy(out, sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0) + 1);
		found = 1;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

int store_recovered(Store *st, char out[65])
{
	char err[256];
	out[0] = '\0';
	if (ready_to_read(st, err, sizeof err))
		return -1;
	int rc = meta_get(st, "recovered", out, 65);
	done_reading(st);
	return rc;
}

int store_database_id(Store *st, char out[33], char *err, size_t errlen)
{
	if (ready_to_read(st, err, errlen))
		return -1;
	int got = meta_get(st, "database_id", out, 33);
	if (got < 0)
		return fail(st, err, errlen, "cannot read");
	if (!got || strlen(out) != 32) {
		snprintf(err, errlen, "%s: damaged heard database (no database_id)", st->path);
		return -1;
	}
	return 0;
}

int store_kiosk_name(Store *st, char out[64], char *err, size_t errlen)
{
	if (ready_to_read(st, err, errlen))
		return -1;
	int got = meta_get(st, "kiosk", out, 64);
	if (got < 0)
		return fail(st, err, errlen, "cannot read");
	if (!got)
		out[0] = '\0';
	return 0;
}

int store_set_kiosk(Store *st, const char *name, char *err, size_t errlen)
{
	char old[64];
	if (st->readonly) {
		snprintf(err, errlen, "%s: opened read-only", st->path);
		return -1;
	}
	if (ready_to_write(st, err, errlen))
		return -1;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	int got = meta_get(st, "kiosk", old, sizeof old);
	if (got >= 0 && got && !strcmp(old, name)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return 0; /* nothing to write */
	}
	int renamed = got > 0 && old[0]; /* copied to another machine */
	sqlite3_stmt *s = NULL;
	if (got < 0 ||
	    sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta VALUES ('kiosk', ?1)", -1, &s,
	                       NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_DONE ||
	    (renamed && sqlite3_exec(st->db, "INSERT OR REPLACE INTO meta VALUES ('database_id', "
	                             NEW_DATABASE_ID ")", NULL, NULL, NULL) != SQLITE_OK) ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot store the kiosk name");
		sqlite3_finalize(s);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_finalize(s);
	forget_last_save(st);
	return renamed;
}

/* ---- backup ------------------------------------------------------------ */

/* Copy rows from src into dst in the order read gives them (the key);
 * with closed_only, only rows whose first column is a period closed at
 * now. */
static int copy_rows(sqlite3 *src, sqlite3 *dst, const char *read, const char *write,
                     int ncols, int closed_only, time_t now)
{
	sqlite3_stmt *r = NULL, *w = NULL;
	int rc = SQLITE_ERROR;
	if (sqlite3_prepare_v2(src, read, -1, &r, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(dst, write, -1, &w, NULL) != SQLITE_OK)
		goto done;
	while ((rc = sqlite3_step(r)) == SQLITE_ROW) {
		const char *period = (const char *)sqlite3_column_text(r, 0);
		if (closed_only && (!period || store_period_closed(period, now) != 1))
			continue; /* open, future or not a period: never leaves the kiosk */
		for (int c = 0; c < ncols; c++)
			sqlite3_bind_value(w, c + 1, sqlite3_column_value(r, c));
		if (sqlite3_step(w) != SQLITE_DONE)
			break;
		sqlite3_reset(w);
	}
done:
	sqlite3_finalize(r);
	sqlite3_finalize(w);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Build the copy's schema, meta and counts in one transaction: a fresh
 * file whose layout follows the keys alone. */
static int fill_copy(Store *src, sqlite3 *dst, time_t now)
{
	char sql[256];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA journal_mode = DELETE;"
	         "BEGIN;", STORE_APPLICATION_ID);
	if (sqlite3_exec(dst, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(dst, META_TABLE COUNT_TABLES, NULL, NULL, NULL) != SQLITE_OK ||
	    (!src->no_comments && sqlite3_exec(dst, COMMENT_TABLE, NULL, NULL, NULL) != SQLITE_OK) ||
	    copy_rows(src->db, dst, "SELECT key, value FROM meta WHERE key IN "
	              "('database_id', 'kiosk', 'schema_version') ORDER BY key",
	              "INSERT INTO meta VALUES (?1, ?2)", 2, 0, now) ||
	    copy_rows(src->db, dst, "SELECT period, service, n FROM count_response"
	              " ORDER BY period, service", "INSERT INTO count_response VALUES (?1, ?2, ?3)",
	              3, 1, now) ||
	    copy_rows(src->db, dst, "SELECT period, service, question, value, n FROM count_answer"
	              " ORDER BY period, service, question, value",
	              "INSERT INTO count_answer VALUES (?1, ?2, ?3, ?4, ?5)", 5, 1, now) ||
	    (!src->no_comments &&
	     copy_rows(src->db, dst, "SELECT period, service, k, text FROM comment"
	               " ORDER BY period, service, k", "INSERT INTO comment VALUES (?1, ?2, ?3, ?4)",
	               4, 1, now)))
		return -1;
	return sqlite3_exec(dst, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Remove a copy that failed, and its journal. */
static void remove_copy(const char *copy)
{
	char side[600];
	unlink(copy);
	snprintf(side, sizeof side, "%s-journal", copy);
	unlink(side);
}

int store_backup(const char *path, const char *copy, time_t now, char *err, size_t errlen)
{
	char why[600];
	Store *src = store_open(path, 0, why, sizeof why); /* ours, readable, current */
	if (!src) {
		snprintf(err, errlen, "%s", why);
		return 2;
	}
	int fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create the copy: %s", copy,
		         errno == EEXIST ? "it is already there (choose a new name)" : strerror(errno));
		store_close(src);
		return 2;
	}
	close(fd);
	sqlite3 *dst = NULL;
	/* one read transaction of the source: every table as of one moment */
	int ok = sqlite3_exec(src->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
	         sqlite3_open_v2(copy, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) ==
	             SQLITE_OK &&
	         fill_copy(src, dst, now) == 0;
	if (!ok)
		snprintf(err, errlen, "%s: cannot copy %s: %s", copy, path,
		         !dst ? "out of memory" : sqlite3_errcode(dst) != SQLITE_OK ? sqlite3_errmsg(dst)
		                                                                 : sqlite3_errmsg(src->db));
	sqlite3_exec(src->db, "COMMIT", NULL, NULL, NULL);
	if (sqlite3_close(dst) != SQLITE_OK && ok) {
		snprintf(err, errlen, "%s: cannot close the copy", copy);
		ok = 0;
	}
	store_close(src);
	if (!ok) {
		remove_copy(copy); /* never leave half a copy */
		return 1;
	}
	return 0;
}

/* ---- periods ----------------------------------------------------------- */

void store_period(char out[16], time_t t, Period p)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (strftime(out, 16, "%Y-%m", &tm) != 7)
		out[0] = '\0'; /* a year beyond 9999 */
	else if (p == PERIOD_QUARTER)
		snprintf(out + 5, 3, "Q%c", '1' + tm.tm_mon / 3);
}

int store_period_closed(const char *label, time_t now)
{
	int y, first, last;
	if (!label || label_months(label, &y, &first, &last))
		return -1;
	/* Over everywhere: midnight at the start of the first day after the
	 * period, in the last time zone to reach it (UTC-12), so whoever makes
	 * a copy or a report, in whatever time zone, never takes a period the
	 * kiosk is still counting (up to 26 hours after it ended for a kiosk
	 * at UTC+14) */
	struct tm end = { .tm_year = y - 1900, .tm_mon = last, .tm_mday = 1, .tm_hour = 12 };
	time_t t = timegm(&end);
	return t != (time_t)-1 && now >= t;
}

int store_zone_ok(time_t t, char *err, size_t errlen)
{
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return snprintf(err, errlen, "the local time cannot be worked out"), -1;
	long off = tm.tm_gmtoff;
	if (off >= -12 * 3600L && off <= 14 * 3600L)
		return 0;
	snprintf(err, errlen, "the time zone (TZ=%s) is UTC%+ld:%02ld; heard counts months from "
	         "UTC-12 to UTC+14, the zones there are (set TZ or /etc/localtime to the kiosk's place)",
	         getenv("TZ") ? getenv("TZ") : "unset", off / 3600, labs(off) % 3600 / 60);
	return -1;
}

long store_count(Store *st, const char *period)
{
	char err[8];
	sqlite3_stmt *s;
	long n = -1;
	if (ready_to_read(st, err, sizeof err) ||
	    sqlite3_prepare_v2(st->db, "SELECT coalesce(sum(n), 0) FROM count_response WHERE period = ?1",
	                       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	done_reading(st);
	return n;
}

int store_newest_period(Store *st, char out[16])
{
	char err[8];
	sqlite3_stmt *s;
	int rc = -1;
	out[0] = '\0';
	if (ready_to_read(st, err, sizeof err) ||
	    sqlite3_prepare_v2(st->db, /* ordered as store_save() orders them: by first month */
	        "SELECT period FROM count_response ORDER BY"
	        " CASE WHEN period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'"
	        " THEN substr(period, 1, 5) || printf('%02d', 3 * CAST(substr(period, 7) AS INTEGER) - 2)"
	        " ELSE substr(period, 1, 7) END DESC, period DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 0);
		snprintf(out, 16, "%s", p ? p : "");
		rc = 0;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	}
	sqlite3_finalize(s);
	done_reading(st);
	return rc;
}

/* A period label's first month as year * 12 + month; -1 for anything
 * else. */
static int first_month(const char *label)
{
	int y, first, last;
	return label && !label_months(label, &y, &first, &last) ? y * 12 + first : -1;
}

int store_newest_seen(Store *st, char out[16])
{
	char seen[16] = "", err[8];
	if (store_newest_period(st, out) || ready_to_read(st, err, sizeof err))
		return -1;
	int got = meta_get(st, "newest_period", seen, sizeof seen);
	done_reading(st);
	if (got < 0)
		return -1;
	if (got && first_month(seen) > first_month(out)) /* one that is not a period: ignored */
		snprintf(out, 16, "%s", seen);
	return 0;
}

int store_see_period(Store *st, const char *period, char *err, size_t errlen)
{
	char seen[16] = "";
	if (st->readonly) {
		snprintf(err, errlen, "%s: opened read-only", st->path);
		return -1;
	}
	if (first_month(period) < 0) {
		snprintf(err, errlen, "%s: '%s' is not a period (YYYY-MM or YYYY-Qn)", st->path,
		         period ? period : "");
		return -1;
	}
	if (ready_to_write(st, err, errlen))
		return -1;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	int got = meta_get(st, "newest_period", seen, sizeof seen);
	if (got > 0 && first_month(seen) >= first_month(period)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		done_reading(st);
		return 0; /* as new, or newer, already */
	}
	sqlite3_stmt *s = NULL;
	if (got < 0 ||
	    sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta VALUES ('newest_period', ?1)",
	                       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_DONE ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot store the newest period");
		sqlite3_finalize(s);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_finalize(s);
	forget_last_save(st);
	return 1;
}

int store_still_there(const Store *st)
{
	struct stat sb;
	return lstat(st->path, &sb) == 0 && sb.st_dev == st->dev && sb.st_ino == st->ino;
}

int store_damaged(const char *path)
{
	unsigned char h[72];
	int sqlite;
	if (file_head(path, h, &sqlite) < 0 || !sqlite)
		return 0; /* not SQLite at all: someone else's file, not ours to move */
	sqlite3 *db;
	sqlite3_stmt *s;
	int bad = 0;
	/* damaged only when SQLite says so: a file it cannot open or read
	 * for another reason (a full disk, an I/O error, a lock) is healthy
	 * as far as anyone knows, and opening it will say what is wrong */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			bad = strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0;
		sqlite3_finalize(s);
	}
	int code = sqlite3_errcode(db) & 0xff;
	sqlite3_close(db);
	return bad || code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}
