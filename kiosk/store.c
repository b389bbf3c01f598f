/* store.c - heard's database: schema, migrations and all SQL against it.
 * Start reading at store_open(). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

struct Store {
	sqlite3 *db;
	int readonly;         /* opened for reading (heard-report) */
	char path[512];
	sqlite3_stmt *ins_response;
	sqlite3_stmt *ins_answer;
	sqlite3_stmt *count_response; /* the running counts, kept with each save */
	sqlite3_stmt *count_answer;
	int batch;            /* inside store_batch_begin/end: no per-save commit */
	dev_t dev;            /* the file opened, to notice it removed or replaced */
	ino_t ino;
};

static void forget_order(Store *st);

/* ---- schema ------------------------------------------------------------ */

/* migrations[v] takes a database at version v-1 to version v.  Tables are
 * WITHOUT ROWID and keyed by a random id, so neither storage nor SELECT
 * order reveals the order responses arrived in. */
static const char *const migrations[STORE_SCHEMA_VERSION + 1] = {
	[1] =
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE response("
	"  id BLOB PRIMARY KEY CHECK (typeof(id) = 'blob' AND length(id) = 16),"
	"  kiosk TEXT NOT NULL,"
	"  service TEXT NOT NULL,"   /* '' = I'd rather not say */
	"  period TEXT NOT NULL,"    /* 2026-11 | 2026-W47 | 2026-11-21 */
	"  qset TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX response_period ON response(period, service);"
	"CREATE TABLE answer("
	"  response BLOB NOT NULL REFERENCES response(id),"
	"  question TEXT NOT NULL,"
	"  value INTEGER NOT NULL CHECK (value BETWEEN -1 AND 5)," /* -1 n/a, 0 skip */
	"  PRIMARY KEY (response, question)) WITHOUT ROWID;",
	/* v2: running counts per period, service, question and value, kept in
	 * the same transaction as each response, so a report reads a few
	 * thousand rows however many responses there are; and a random id for
	 * the file, so copies of one kiosk's database count once. */
	[2] =
	"CREATE TABLE count_response("
	"  period TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  n INTEGER NOT NULL CHECK (n >= 0),"
	"  PRIMARY KEY (period, service)) WITHOUT ROWID;"
	"CREATE TABLE count_answer("
	"  period TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  value INTEGER NOT NULL CHECK (value BETWEEN -1 AND 5),"
	"  n INTEGER NOT NULL CHECK (n >= 0),"
	"  PRIMARY KEY (period, service, question, value)) WITHOUT ROWID;"
	"INSERT INTO count_response"
	"  SELECT period, service, count(*) FROM response GROUP BY period, service;"
	"INSERT INTO count_answer"
	"  SELECT r.period, r.service, a.question, a.value, count(*)"
	"    FROM response r JOIN answer a ON a.response = r.id"
	"   GROUP BY r.period, r.service, a.question, a.value;"
	/* 32 letters a-p (hex with the digits moved to g-p): no run of digits
	 * that a reader, or the privacy test, could take for a time */
	"INSERT OR REPLACE INTO meta VALUES ('database_id',"
	"  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("
	"  lower(hex(randomblob(16))), '0', 'g'), '1', 'h'), '2', 'i'), '3', 'j'), '4', 'k'),"
	"  '5', 'l'), '6', 'm'), '7', 'n'), '8', 'o'), '9', 'p'));",
};

/* ---- helpers ----------------------------------------------------------- */

static int fail(Store *st, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
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

/* An empty file, or a SQLite file with heard's application_id (header
 * bytes 68-71): only such a file may have its mode changed. */
/* The first bytes of a file, up to SQLite's application_id: how many
 * were read (0 for an empty or unreadable file, -1 for a missing one),
 * and whether they start with SQLite's header. */
static int file_head(const char *path, unsigned char h[72], int *sqlite)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	int n = (int)fread(h, 1, 72, f);
	fclose(f);
	*sqlite = n >= 16 && !memcmp(h, "SQLite format 3", 16);
	return n;
}

static int ours_or_empty(const char *path)
{
	unsigned char h[72];
	int sqlite, n = file_head(path, h, &sqlite);
	if (n == 0)
		return 1;
	if (n != 72 || !sqlite)
		return 0;
	unsigned long id = (unsigned long)h[68] << 24 | (unsigned long)h[69] << 16 |
	                   (unsigned long)h[70] << 8 | h[71];
	return id == STORE_APPLICATION_ID;
}

/* Create the file with mode 0600 before SQLite sees it, so the answers
 * are never readable by other users, even for an instant.  SQLite gives
 * its -wal and -shm files the same mode as the database. */
static int create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (fd < 0) { /* it was there already: make sure no one else can read it */
		struct stat sb;
		if (stat(path, &sb) == 0 && (sb.st_mode & 077) && ours_or_empty(path) &&
		    chmod(path, sb.st_mode & 0700) != 0) {
			snprintf(err, errlen, "%s: readable by other users and cannot be made private: %s",
			         path, strerror(errno));
			return -1;
		}
	} else {
		close(fd);
	}
	return 0;
}

/* Bring the schema up to date, or refuse a database that is not ours. */
static int migrate(Store *st, char *err, size_t errlen)
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
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: made by a newer heard (schema version %lld; this one reads up to %d)",
		         st->path, version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (st->readonly && version < STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, tables ? "%s: old heard database (schema version %lld); "
		         "start heard-kiosk on it once to upgrade it" : "%s: empty file, not a heard database",
		         st->path, version);
		return -1;
	}
	for (long long v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
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
	                 /* the kiosk only adds rows: a small page cache keeps its
	                  * memory flat however big the file grows */
	                 "PRAGMA cache_size = -256;"
	                 "PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot set pragmas");
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
	if (sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot open");
	return 0;
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
	if (create && create_private(path, err, errlen))
		goto fail;
	if (!create && access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		goto fail;
	}
	st->readonly = !create;
	if (sqlite3_open_v2(path, &st->db, create ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY,
	                    NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 2000);
	struct stat sb;
	if (stat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	if (!create && reopen_if_folder_readonly(st, path, err, errlen))
		goto fail;
	if (migrate(st, err, errlen) || (create && set_pragmas(st, err, errlen)))
		goto fail;
	if (!create) { /* readers prepare their statements as they go */
		sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
		return st;
	}
	if (sqlite3_prepare_v2(st->db,
	        "INSERT INTO response(id, kiosk, service, period, qset) VALUES (?, ?, ?, ?, ?)",
	        -1, &st->ins_response, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
	        "INSERT INTO answer(response, question, value) VALUES (?, ?, ?)",
	        -1, &st->ins_answer, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
	        "INSERT INTO count_response VALUES (?1, ?2, 1)"
	        " ON CONFLICT DO UPDATE SET n = n + 1",
	        -1, &st->count_response, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
	        "INSERT INTO count_answer VALUES (?1, ?2, ?3, ?4, 1)"
	        " ON CONFLICT DO UPDATE SET n = n + 1",
	        -1, &st->count_answer, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot prepare statements");
		goto fail;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(Store *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->ins_response);
	sqlite3_finalize(st->ins_answer);
	sqlite3_finalize(st->count_response);
	sqlite3_finalize(st->count_answer);
	sqlite3_close(st->db);
	free(st);
}

static int step_done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_save(Store *st, const StoreResponse *r, char *err, size_t errlen)
{
	unsigned char id[16];
	if (getrandom(id, sizeof id, 0) != (ssize_t)sizeof id) {
		snprintf(err, errlen, "%s: no random id: %s", st->path, strerror(errno));
		return -1;
	}
	if (!st->batch && sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	if (st->batch && sqlite3_exec(st->db, "SAVEPOINT one", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	sqlite3_stmt *s = st->ins_response;
	sqlite3_bind_blob(s, 1, id, sizeof id, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->qset, -1, SQLITE_STATIC);
	if (step_done(s))
		goto fail;
	s = st->count_response;
	sqlite3_bind_text(s, 1, r->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->service, -1, SQLITE_STATIC);
	if (step_done(s))
		goto fail;
	for (int i = 0; i < r->n; i++) {
		s = st->ins_answer;
		sqlite3_bind_blob(s, 1, id, sizeof id, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->a[i].question, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, r->a[i].value);
		if (step_done(s))
			goto fail;
		s = st->count_answer;
		sqlite3_bind_text(s, 1, r->period, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->service, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, r->a[i].question, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, r->a[i].value);
		if (step_done(s))
			goto fail;
	}
	if (sqlite3_exec(st->db, st->batch ? "RELEASE one" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (!st->batch)
		forget_order(st);
	return 0;
fail:
	fail(st, err, errlen, "cannot save response");
	sqlite3_exec(st->db, st->batch ? "ROLLBACK TO one; RELEASE one" : "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The WAL file holds each commit as its own frames, in arrival order:
 * anyone copying it could read who answered after whom.  Fold it into the
 * database and cut it to nothing after every response (the data is
 * already durable; if this fails it is retried after the next one). */
static void forget_order(Store *st)
{
	for (int tries = 0; tries < 5; tries++) {
		int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			return;
		sqlite3_sleep(20);
	}
}

int store_batch_begin(Store *st, char *err, size_t errlen)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot begin");
	st->batch = 1;
	return 0;
}

int store_batch_end(Store *st, char *err, size_t errlen)
{
	st->batch = 0;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(st, err, errlen, "cannot commit");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	forget_order(st);
	return 0;
}

int store_each_count(Store *st, const char *from, const char *to, int answers,
                     StoreCountFn fn, void *user, char *err, size_t errlen)
{
	long long weeks = 0;
	if (query_int(st, "SELECT count(*) FROM count_response WHERE period GLOB '*-W*'", &weeks))
		return fail(st, err, errlen, "cannot read");
	if (weeks) {
		snprintf(err, errlen, "%s: holds weekly periods, which cannot be counted in months "
		         "(set period = month or day on that kiosk)", st->path);
		return -1;
	}
	/* "2026-10" and its days "2026-10-01".."2026-10-31" sort between
	 * ?1 and ?2 || '-~' ('~' is after every digit): a range of the
	 * primary key, read in order, nothing sorted. */
	static const char *const sql[] = {
		"SELECT service, substr(period, 1, 7), NULL, 0, n FROM count_response"
		" WHERE period BETWEEN ?1 AND ?2 || '-~'",
		"SELECT service, substr(period, 1, 7), question, value, n FROM count_answer"
		" WHERE period BETWEEN ?1 AND ?2 || '-~'",
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
			           *month = (const char *)sqlite3_column_text(s, 1),
			           *question = (const char *)sqlite3_column_text(s, 2);
			long long n = sqlite3_column_int64(s, 4);
			if (!service || !month || (k && !question) || n < 0)
				continue; /* the schema forbids these; never trust a file blindly */
			got = fn(user, service, month, question, sqlite3_column_int(s, 3), n);
			if (got) {
				rc = SQLITE_DONE;
				break;
			}
		}
		if (rc != SQLITE_DONE)
			fail(st, err, errlen, rc == SQLITE_CORRUPT ? "damaged database, cannot read" : "cannot read");
		sqlite3_finalize(s);
	}
	return rc != SQLITE_DONE ? -1 : got < 0 ? -2 : 0;
}

int store_database_id(Store *st, char out[33], char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int ok = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'database_id'", -1, &s,
	                       NULL) != SQLITE_OK)
		return fail(st, err, errlen, "cannot read");
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
		memcpy(out, sqlite3_column_text(s, 0), 33);
		ok = 1;
	}
	sqlite3_finalize(s);
	if (!ok)
		snprintf(err, errlen, "%s: damaged heard database (no database_id)", st->path);
	return ok ? 0 : -1;
}

int store_backup(const char *path, const char *copy, char *err, size_t errlen)
{
	char why[600];
	Store *src = store_open(path, 0, why, sizeof why); /* ours, readable, current */
	if (!src) {
		snprintf(err, errlen, "%s", why);
		return 2;
	}
	int fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create the copy: %s", copy,
		         errno == EEXIST ? "it is already there (choose a new name)" : strerror(errno));
		store_close(src);
		return 2;
	}
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(copy, &dst, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src->db, "main") : NULL;
	if (!b && rc == SQLITE_OK)
		rc = sqlite3_errcode(dst) != SQLITE_OK ? sqlite3_errcode(dst) : SQLITE_ERROR;
	if (b) {
		/* all in one step, one read transaction: a WAL reader never waits
		 * for the kiosk's saves; a lock from something else is waited for
		 * up to 30 s */
		for (int waited = 0; (rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
		                     rc == SQLITE_LOCKED; waited += 100) {
			if (waited >= 30000)
				break;
			sqlite3_sleep(100);
		}
		sqlite3_backup_finish(b);
	}
	if (rc == SQLITE_DONE) /* one file to carry: no -wal beside it */
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		snprintf(err, errlen, "%s: cannot copy %s: %s", copy, path,
		         dst ? sqlite3_errmsg(dst) : "out of memory");
	sqlite3_close(dst);
	store_close(src);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		unlink(copy); /* never leave half a copy */
		return 1;
	}
	return 0;
}

void store_period(char out[16], time_t t, Period p)
{
	static const char *const fmt[] = {
		[PERIOD_MONTH] = "%Y-%m", [PERIOD_WEEK] = "%G-W%V", [PERIOD_DAY] = "%Y-%m-%d",
	};
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 16, fmt[p], &tm);
}

long store_count(Store *st, const char *period)
{
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM response WHERE period = ?1", -1, &s,
	                       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, period, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int store_still_there(const Store *st)
{
	struct stat sb;
	return stat(st->path, &sb) == 0 && sb.st_dev == st->dev && sb.st_ino == st->ino;
}

int store_damaged(const char *path)
{
	unsigned char h[72];
	int sqlite;
	if (file_head(path, h, &sqlite) < 0 || !sqlite)
		return 0; /* not SQLite at all: someone else's file, not ours to move */
	sqlite3 *db;
	sqlite3_stmt *s;
	int bad = 1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK) {
		bad = sqlite3_step(s) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0), "ok");
		sqlite3_finalize(s);
	}
	int code = sqlite3_errcode(db);
	sqlite3_close(db);
	return bad || code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}
