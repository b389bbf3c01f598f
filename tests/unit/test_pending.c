/* test_pending.c - the queue of answers the database could not take, and
 * its recovery file (kiosk/pending.h): bounded, oldest first, a failed
 * flush keeps what it did not save, the file round-trips any text, is
 * private (0600), removed when nothing waits, and a broken one is refused
 * with "path:line: problem" and left exactly as it was; so is one with a
 * record this kiosk could not have written (another kiosk, service,
 * question, a period in the future or not a month or quarter), and one
 * that is a link, another user's or open to others; a refused file is
 * moved aside without ever replacing a file; what waits is saved into
 * the period open now; the file's order is drawn at random at each write
 * and its times are the epoch's, so neither tells when or in what order
 * clients sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pending.h"
#include "scratch.h"
#include "sql_int.h"
#include "assert_has.h"

static const char *path_of(const char *name)
{
	static char p[4][512];
	static int next;
	char *out = p[next++ % 4];
	snprintf(out, sizeof p[0], "%s/%s", tmpdir, name);
	return out;
}

static const char *fresh(const char *name)
{
	const char *p = path_of(name);
	scratch_clear(p);
	return p;
}

static const char *const QIDS[] = { "heard.listen", "control.no", "control.next" };

/* What the test kiosk "front desk" may read back: its services, and the
 * questions of QIDS, the last without "Does not apply". */
static const char *const SERVICES[] = {
	"s", "Counselling", "one too many", "Tab\there", "New\nline", "Car\rriage", "100% sure",
	"%25 literal", "%", "Family support \xe2\x80\x93 \xd0\xa1\xd1\x96\xd0\xbc'\xd1\x8f",
	"\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb3\xd8\xb1\xd8\xa9 \xe5\xae\xb6\xe5\xba\xad",
	"trailing space ", "\t\n%\r%0A",
};

static PendingRules rules_for(const char *kiosk)
{
	PendingRules r = { .kiosk = kiosk, .nq = 3, .now = time(NULL) };
	r.nservices = (int)(sizeof SERVICES / sizeof *SERVICES);
	for (int i = 0; i < r.nservices; i++)
		r.service[i] = SERVICES[i];
	for (int i = 0; i < 3; i++) {
		r.qid[i] = QIDS[i];
		r.has_na[i] = i < 2;
	}
	return r;
}

static const PendingRules *rules(void)
{
	static PendingRules r;
	r = rules_for("front desk");
	return &r;
}

/* This month, and the one before: "2026-11", "2026-10". */
static void months(char now[16], char before[16])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(now, 16, "%Y-%m", &tm);
	tm.tm_mday = 1;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	localtime_r(&t, &tm);
	strftime(before, 16, "%Y-%m", &tm);
}

/* A response for service `service`, answers v, -1 (n/a), 0 (skipped). */
static StoreResponse response(const char *service, int v)
{
	StoreResponse r = { .kiosk = "front desk", .service = service, .period = "2026-11",
	                    .qset = "1", .n = 3 };
	r.a[0] = (StoreAnswer){ QIDS[0], v };
	r.a[1] = (StoreAnswer){ QIDS[1], ANSWER_NOT_APPLICABLE };
	r.a[2] = (StoreAnswer){ QIDS[2], ANSWER_SKIPPED };
	return r;
}

/* n responses "s00".."s<n-1>", answer i % 5 + 1. */
static void fill(Pending *p, int n)
{
	char name[16];
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "s%02d", i);
		StoreResponse r = response(name, i % 5 + 1);
		assert_int_equal(pending_add(p, &r), 0);
	}
}

static Pending *new_pending(void)
{
	Pending *p = calloc(1, sizeof *p);
	assert_non_null(p);
	return p;
}

static int all_zero(const void *mem, size_t n)
{
	const unsigned char *b = mem;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 3000);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

/* The services in table `seen` (filled by a trigger on each insert), in
 * insert order, joined with ",". */
static void seen(const char *path, char *out, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT service FROM seen ORDER BY n", -1, &s, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t o = strlen(out);
		snprintf(out + o, n - o, "%s%s", o ? "," : "", (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* A heard database with triggers recording the order of saves (each
 * adds to a service's count_response row). */
static Store *store_with_order(const char *path)
{
	char err[512] = "";
	Store *st = store_open(path, 1, err, sizeof err);
	if (!st)
		fail_msg("store_open: %s", err);
	sql_exec(path, "CREATE TABLE seen(n INTEGER PRIMARY KEY, service TEXT);"
	               "CREATE TRIGGER seen_it AFTER INSERT ON count_response "
	               "BEGIN INSERT INTO seen(service) VALUES (new.service); END;"
	               "CREATE TRIGGER seen_again AFTER UPDATE ON count_response "
	               "BEGIN INSERT INTO seen(service) VALUES (new.service); END;");
	return st;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0600), 0); /* as the kiosk writes it */
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ---- the queue ------------------------------------------------------------ */

static void test_add_keeps_order_and_is_bounded(void **state)
{
	(void)state;
	Pending *p = new_pending();
	fill(p, PENDING_MAX);
	assert_int_equal(p->n, PENDING_MAX);
	for (int i = 0; i < PENDING_MAX; i++) {
		char name[16];
		snprintf(name, sizeof name, "s%02d", i);
		assert_string_equal(p->item[i].service, name);
		assert_string_equal(p->item[i].kiosk, "front desk");
		assert_int_equal(p->item[i].n, 3);
		assert_int_equal(p->item[i].value[0], i % 5 + 1);
		assert_int_equal(p->item[i].value[1], ANSWER_NOT_APPLICABLE);
		assert_string_equal(p->item[i].question[2], "control.next");
	}
	/* the 65th does not fit, and changes nothing */
	StoreResponse r = response("one too many", 5);
	assert_int_equal(pending_add(p, &r), -1);
	assert_int_equal(p->n, PENDING_MAX);
	assert_string_equal(p->item[PENDING_MAX - 1].service, "s63");

	/* the queue keeps copies: the caller's strings may go away */
	Pending *q = new_pending();
	char service[32] = "Counselling";
	StoreResponse c = response(service, 4);
	assert_int_equal(pending_add(q, &c), 0);
	strcpy(service, "XXXXXXXX");
	assert_string_equal(q->item[0].service, "Counselling");
	/* a response that does not fit (a field too long) is refused, not cut */
	char longname[200];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	StoreResponse big = response(longname, 1);
	assert_int_equal(pending_add(q, &big), -1);
	assert_int_equal(q->n, 1);
	free(p);
	free(q);
}

static void test_flush_saves_oldest_first(void **state)
{
	(void)state;
	char err[512] = "", order[2048];
	const char *db = fresh("order.db");
	Store *st = store_with_order(db);
	Pending *p = new_pending();
	fill(p, PENDING_MAX);
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 0);
	assert_int_equal(p->n, 0);
	assert_true(all_zero(p->item, sizeof p->item)); /* no answers left in memory */
	store_close(st);
	seen(db, order, sizeof order);
	char want[2048] = "";
	for (int i = 0; i < PENDING_MAX; i++) {
		size_t o = strlen(want);
		snprintf(want + o, sizeof want - o, "%ss%02d", i ? "," : "", i);
	}
	assert_string_equal(order, want);
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), PENDING_MAX);
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_answer"), 3 * PENDING_MAX);
	assert_int_equal(sql_int(db, "SELECT value FROM count_answer "
	                             "WHERE service = 's07' AND question = 'heard.listen'"), 3);
	/* flushing nothing is nothing */
	st = store_open(db, 1, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), PENDING_MAX);
	free(p);
}

/* Another connection holds the database's write lock: nothing can be
 * saved, everything waits in order, and is saved once the lock goes. */
static void test_flush_while_locked_keeps_all(void **state)
{
	(void)state;
	char err[512] = "", order[512];
	const char *db = fresh("locked.db");
	Store *st = store_with_order(db);
	Pending *p = new_pending();
	fill(p, 5);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 5);
	assert_has(err, db);
	assert_has(err, "locked");
	assert_int_equal(p->n, 5);
	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof name, "s%02d", i);
		assert_string_equal(p->item[i].service, name);
		assert_int_equal(p->item[i].value[0], i % 5 + 1);
	}
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 0);
	store_close(st);
	seen(db, order, sizeof order);
	assert_string_equal(order, "s00,s01,s02,s03,s04");
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), 5);
	free(p);
}

/* The fourth save fails (the database refuses it): the first three are
 * saved and gone from the queue, the fourth and the rest wait, in order,
 * and the slots they left hold nothing. */
/* All or none: one response the database refuses keeps every one
 * waiting, nothing of them saved (a partial save, then a crash before
 * the recovery file was rewritten, counted the saved ones twice). */
static void test_flush_all_or_none(void **state)
{
	(void)state;
	char err[512] = "", order[512];
	const char *db = fresh("partial.db");
	Store *st = store_with_order(db);
	sql_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON count_response WHEN new.service = 's03' "
	             "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
	Pending *p = new_pending();
	fill(p, 6);
	Pending *copy = new_pending();
	memcpy(copy, p, sizeof *p);
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 6);
	assert_has(err, "refused by the test");
	assert_memory_equal(p, copy, sizeof *p); /* every one still waiting, as it was */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM count_response"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM count_answer"), 0);
	/* still failing: nothing saved, nothing lost */
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 6);
	sql_exec(db, "DROP TRIGGER refuse");
	assert_int_equal(pending_flush(p, st, NULL, err, sizeof err), 0);
	assert_true(all_zero(&p->item[0], PENDING_MAX * sizeof p->item[0]));
	store_close(st);
	seen(db, order, sizeof order);
	assert_string_equal(order, "s00,s01,s02,s03,s04,s05");
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), 6);
	free(p);
	free(copy);
}

/* A power cut after the responses of a recovery file were saved but
 * before the file was removed: the next start finds the file, and the
 * database's mark of it (saved in the same transaction), and saves
 * nothing twice.  A file whose responses were not saved has no mark. */
static void test_recovery_saved_once_after_crash(void **state)
{
	(void)state;
	char err[512] = "";
	const char *db = fresh("once.db"), *path = path_of("once.recovery");
	remove(path);
	Store *st = store_with_order(db);
	Pending *p = new_pending();
	for (int i = 0; i < 4; i++) { /* services the kiosk knows, as a start reads them */
		StoreResponse a = response(SERVICES[i], i + 1);
		assert_int_equal(pending_add(p, &a), 0);
	}
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	assert_int_equal(strlen(p->token), 32);
	/* read back as at a start: the same token, so not saved yet */
	Pending *q = new_pending();
	assert_int_equal(pending_read(q, path, rules(), err, sizeof err), 4);
	assert_string_equal(q->token, p->token);
	assert_false(pending_saved_already(q, st));
	assert_int_equal(pending_flush(q, st, NULL, err, sizeof err), 0);
	/* the crash: the file is still there; the next start reads it */
	Pending *r = new_pending();
	assert_int_equal(pending_read(r, path, rules(), err, sizeof err), 4);
	assert_true(pending_saved_already(r, st));
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), 4);
	/* a newer file (a new token) is not taken for the saved one */
	StoreResponse b = response("Counselling", 5);
	assert_int_equal(pending_add(p, &b), 0);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	Pending *t = new_pending();
	assert_int_equal(pending_read(t, path, rules(), err, sizeof err), p->n);
	assert_false(pending_saved_already(t, st));
	store_close(st);
	remove(path);
	free(p);
	free(q);
	free(r);
	free(t);
}

/* Waiting since last month (a recovery file read late, or a month that
 * ended while the database was locked): saved into the period open now,
 * never into last month, which is closed. */
static void test_flush_into_current_period(void **state)
{
	(void)state;
	char err[512] = "", now[16], before[16], q[160];
	months(now, before);
	const char *db = fresh("late.db");
	Store *st = store_open(db, 1, err, sizeof err);
	assert_non_null(st);
	Pending *p = new_pending();
	fill(p, 3);
	for (int i = 0; i < p->n; i++)
		snprintf(p->item[i].period, sizeof p->item[i].period, "%s", before);
	assert_int_equal(pending_flush(p, st, now, err, sizeof err), 0);
	store_close(st);
	snprintf(q, sizeof q, "SELECT coalesce(sum(n), 0) FROM count_response WHERE period = '%s'", now);
	assert_int_equal(sql_int(db, q), 3);
	snprintf(q, sizeof q, "SELECT coalesce(sum(n), 0) FROM count_answer WHERE period = '%s'", now);
	assert_int_equal(sql_int(db, q), 9);
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), 3);
	free(p);
}

/* ---- the recovery file ---------------------------------------------------- */

static void assert_same_item(const PendingItem *a, const PendingItem *b)
{
	assert_string_equal(a->kiosk, b->kiosk);
	assert_string_equal(a->service, b->service);
	assert_string_equal(a->period, b->period);
	assert_string_equal(a->qset, b->qset);
	assert_int_equal(a->n, b->n);
	for (int k = 0; k < a->n; k++) {
		assert_string_equal(a->question[k], b->question[k]);
		assert_int_equal(a->value[k], b->value[k]);
	}
}

/* The one item of q->item[from..to-1] for service; fails when not once. */
static const PendingItem *find_item(const Pending *q, int from, int to, const char *service)
{
	const PendingItem *found = NULL;
	for (int i = from; i < to; i++)
		if (!strcmp(q->item[i].service, service)) {
			if (found)
				fail_msg("service \"%s\" read back twice", service);
			found = &q->item[i];
		}
	if (!found)
		fail_msg("service \"%s\" not read back", service);
	return found;
}

static void test_round_trip_awkward_text(void **state)
{
	(void)state;
	static const char *const services[] = {
		"Tab\there", "New\nline", "Car\rriage", "100% sure", "%25 literal", "%",
		"Family support \xe2\x80\x93 \xd0\xa1\xd1\x96\xd0\xbc'\xd1\x8f", /* – Сім'я */
		"\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb3\xd8\xb1\xd8\xa9 \xe5\xae\xb6\xe5\xba\xad", /* الأسرة 家庭 */
		"", "trailing space ", "\t\n%\r%0A",
	};
	const int n = (int)(sizeof services / sizeof *services);
	const char *path = path_of("round.recovery");
	remove(path);
	Pending *p = new_pending();
	for (int i = 0; i < n; i++) {
		StoreResponse r = response(services[i], i % 5 + 1);
		r.kiosk = "front desk";
		r.n = i % 4; /* 0 to 3 answers; a response with none is kept too */
		assert_int_equal(pending_add(p, &r), 0);
	}
	char err[512] = "";
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	/* one line per response and per answer: nothing raw broke a line */
	size_t len;
	char *text = read_all(path, &len);
	assert_non_null(text);
	int lines = 0, want = 2; /* the magic line and the token line */
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	for (int i = 0; i < n; i++)
		want += 1 + i % 4;
	assert_int_equal(lines, want);
	assert_int_equal(strncmp(text, "heard-recovery 2\ntoken ", 23), 0);
	assert_null(strchr(text, '\r'));
	free(text);

	/* each comes back once, in whatever order the file has them */
	Pending *q = new_pending();
	assert_int_equal(pending_read(q, path, rules(), err, sizeof err), n);
	assert_int_equal(q->n, n);
	for (int i = 0; i < n; i++)
		assert_same_item(&p->item[i], find_item(q, 0, n, p->item[i].service));
	/* read adds after what is already waiting */
	assert_int_equal(pending_read(q, path, rules(), err, sizeof err), n);
	assert_int_equal(q->n, 2 * n);
	for (int i = 0; i < n; i++)
		assert_same_item(&p->item[i], find_item(q, n, 2 * n, p->item[i].service));
	free(p);
	free(q);
}

/* The file's order of the services "s00".."s<n-1>" as digits, "0312..". */
static void file_order(const char *path, char *out, int n)
{
	size_t len;
	char *text = read_all(path, &len);
	assert_non_null(text);
	int k = 0;
	for (char *l = text; (l = strstr(l, "\nR\t")); l++) {
		char *svc = strchr(l + 3, '\t'); /* after the kiosk's name */
		assert_non_null(svc);
		assert_true(k < n);
		out[k++] = (char)('A' + atoi(svc + 2)); /* "\ts07" -> 'H' */
	}
	out[k] = '\0';
	assert_int_equal(k, n);
	free(text);
}

/* Arrival order is not on disk: the file's order is drawn afresh at each
 * write, and its times are the epoch's, never the last Send's. */
static void test_file_order_and_time_tell_nothing(void **state)
{
	(void)state;
	enum { N = 8, WRITES = 20 };
	char err[512] = "", arrival[N + 1], first[N + 1], got[N + 1];
	const char *path = path_of("order.recovery");
	remove(path);
	Pending *p = new_pending();
	fill(p, N);
	for (int i = 0; i < N; i++)
		arrival[i] = (char)('A' + i);
	arrival[N] = '\0';
	int in_arrival = 0, same_as_first = 0;
	long long mtime = 0, atime = 0;
	for (int w = 0; w < WRITES; w++) {
		assert_int_equal(pending_write(p, path, err, sizeof err), 0);
		struct stat sb; /* before reading it, which sets its atime */
		assert_int_equal(stat(path, &sb), 0);
		if (sb.st_mtime != 0 || sb.st_atime != 0) {
			mtime = (long long)sb.st_mtime;
			atime = (long long)sb.st_atime;
		}
		file_order(path, got, N);
		if (w == 0)
			strcpy(first, got);
		in_arrival += !strcmp(got, arrival);
		same_as_first += !strcmp(got, first);
	}
	/* 8! = 40320 orders: 20 writes all in arrival order, or all one order,
	 * by chance, is far below one in 10^80 */
	if (in_arrival == WRITES)
		fail_msg("all %d writes of %s are in arrival order %s", WRITES, path, arrival);
	if (same_as_first == WRITES)
		fail_msg("all %d writes of %s are in one order %s", WRITES, path, first);
	if (mtime || atime)
		fail_msg("%s has mtime %lld, atime %lld; expected 0 (the epoch): a real time dates "
		         "the last Send", path, mtime, atime);
	/* and what is read back is the same responses, each once */
	char names[N][8];
	PendingRules r = rules_for("front desk");
	r.nservices = N;
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "s%02d", i);
		r.service[i] = names[i];
	}
	Pending *q = new_pending();
	assert_int_equal(pending_read(q, path, &r, err, sizeof err), N);
	for (int i = 0; i < N; i++)
		assert_same_item(&p->item[i], find_item(q, 0, N, p->item[i].service));
	free(p);
	free(q);
}

/* A comment waits apart from its response: in the file, C lines come
 * after every R and A line, in an order of their own, naming no response;
 * read back and flushed, each is stored once, in the open period; a C
 * line that is not plain text, or one more than the responses, is
 * refused with the whole file. */
static void test_comments_wait_apart(void **state)
{
	(void)state;
	enum { N = 12 };
	char err[512] = "", words[N][32], now[16], before[16];
	const char *path = path_of("said.recovery");
	remove(path);
	months(now, before);
	Pending *p = new_pending();
	for (int i = 0; i < N; i++) {
		StoreResponse r = response(i % 2 ? "Counselling" : "s", i % 5 + 1);
		r.period = now;
		snprintf(words[i], sizeof words[i], "words number %c", 'A' + i);
		r.comment = i % 3 ? words[i] : NULL; /* 8 of 12 say something */
		assert_int_equal(pending_add(p, &r), 0);
	}
	assert_int_equal(p->n, N);
	assert_int_equal(p->nc, 8);
	/* the file: every C line after the last A line; their order is not
	 * arrival order in every one of 10 writes (8! orders) */
	int in_arrival = 0;
	for (int w = 0; w < 10; w++) {
		assert_int_equal(pending_write(p, path, err, sizeof err), 0);
		size_t len;
		char *text = read_all(path, &len), *c = strstr(text, "\nC\t");
		assert_non_null(c);
		assert_null(strstr(c, "\nR\t"));
		assert_null(strstr(c, "\nA\t"));
		char got[N + 1] = "", want[N + 1] = "";
		int k = 0;
		for (char *l = c; (l = strstr(l, "\nC\t")); l++) {
			char *w2 = strstr(l, "words number ");
			assert_non_null(w2);
			got[k++] = w2[13];
		}
		got[k] = '\0';
		for (int i = 0, j = 0; i < N; i++)
			if (i % 3)
				want[j++] = (char)('A' + i);
		assert_int_equal(k, 8);
		in_arrival += !strcmp(got, want);
		free(text);
	}
	assert_true(in_arrival < 10);
	/* read back and flushed: each comment once, counts as before */
	Pending *q = new_pending();
	assert_int_equal(pending_read(q, path, rules(), err, sizeof err), N);
	assert_int_equal(q->nc, 8);
	const char *db = fresh("said.db");
	Store *st = store_open(db, 1, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(pending_flush(q, st, NULL, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(q->nc, 0);
	assert_true(all_zero(q->comment, sizeof q->comment)); /* no words left in memory */
	assert_int_equal(sql_int(db, "SELECT sum(n) FROM count_response"), N);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM comment"), 8);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM comment WHERE service = 'Counselling'"), 4);
	assert_int_equal(sql_int(db, "SELECT count(DISTINCT text) FROM comment WHERE text LIKE 'words number _'"), 8);
	/* a broken or surplus C line: the whole file refused, nothing added */
	static const char *const bad[] = {
		"C\tfront desk\ts\t%s\tbell%%07here\n",      /* a control character */
		"C\tfront desk\tnobody\t%s\twords\n",         /* a service not offered */
		"C\tfront desk\ts\t%s\t\n",                   /* empty */
		"C\tfront desk\ts\t%s\tone\nC\tfront desk\ts\t%s\ttwo\n", /* more than responses */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "heard-recovery 2\ntoken abcdefghijklmnopabcdefghijklmnop\n"
		           "R\tfront desk\ts\t%s\t1\nA\theard.listen\t4\n", now);
		fprintf(f, bad[i], now, now);
		fclose(f);
		chmod(path, 0600);
		Pending *r = new_pending();
		assert_int_equal(pending_read(r, path, rules(), err, sizeof err), -2);
		assert_has(err, path);
		assert_int_equal(r->n + r->nc, 0);
		free(r);
	}
	/* and a response after a comment is not a file heard writes */
	FILE *f = fopen(path, "w");
	fprintf(f, "heard-recovery 2\ntoken abcdefghijklmnopabcdefghijklmnop\n"
	           "R\tfront desk\ts\t%s\t1\nC\tfront desk\ts\t%s\twords\nR\tfront desk\ts\t%s\t1\n",
	        now, now, now);
	fclose(f);
	Pending *r = new_pending();
	assert_int_equal(pending_read(r, path, rules(), err, sizeof err), -2);
	assert_has(err, "after a comment");
	free(r);
	free(p);
	free(q);
}

static void test_read_missing_file_is_nothing(void **state)
{
	(void)state;
	char err[512] = "";
	Pending *p = new_pending();
	fill(p, 2);
	const char *path = path_of("nothing-here.recovery");
	remove(path);
	assert_int_equal(pending_read(p, path, rules(), err, sizeof err), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->item[1].service, "s01");
	free(p);
}

/* Each broken file: -1, "path:line: problem", the queue as it was, and
 * the file exactly as it was (bytes, inode, time). */
static void expect_refused(const char *name, const char *text, int line, const char *problem)
{
	const char *path = path_of(name);
	write_file(path, text);
	struct stat before, after;
	assert_int_equal(stat(path, &before), 0);
	size_t len0, len1;
	char *was = read_all(path, &len0);
	Pending *p = new_pending();
	fill(p, 3);
	Pending *copy = new_pending();
	memcpy(copy, p, sizeof *p);
	char err[512] = "", want[700];
	assert_int_equal(pending_read(p, path, rules(), err, sizeof err), -2);
	snprintf(want, sizeof want, "%s:%d: %s", path, line, problem);
	assert_string_equal(err, want);
	assert_memory_equal(p, copy, sizeof *p);
	char *is = read_all(path, &len1);
	assert_non_null(is);
	assert_int_equal(len0, len1);
	assert_memory_equal(was, is, len0);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
	assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
	free(was);
	free(is);
	free(p);
	free(copy);
}

static void test_broken_files_refused_and_untouched(void **state)
{
	(void)state;
	expect_refused("magic.recovery", "heard-recovery 3\nR\tfront desk\ts\t2026-11\t1\n", 1,
	               "not a heard recovery file");
	expect_refused("token.recovery", "heard-recovery 2\nR\tfront desk\ts\t2026-11\t1\n", 2,
	               "no token line");
	expect_refused("other.recovery", "SQLite format 3\n", 1, "not a heard recovery file");
	expect_refused("empty.recovery", "", 0, "empty file");
	expect_refused("value.recovery",
	               "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nA\theard.listen\t4\nA\tcontrol.no\t6\n", 4,
	               "an answer value is not -1 to 5");
	expect_refused("value2.recovery", "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nA\theard.listen\tfour\n",
	               3, "an answer value is not -1 to 5");
	expect_refused("value3.recovery", "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nA\theard.listen\t\n", 3,
	               "an answer value is not -1 to 5");
	expect_refused("value4.recovery", "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nA\theard.listen\t-2\n", 3,
	               "an answer value is not -1 to 5");
	expect_refused("a-first.recovery", "heard-recovery 1\nA\theard.listen\t4\nR\tfront desk\ts\t2026-11\t1\n", 2,
	               "expected an R, A or C line");
	expect_refused("fields.recovery", "heard-recovery 1\nR\tfront desk\ts\t2026-11\n", 2,
	               "expected an R, A or C line");
	expect_refused("junk.recovery", "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nhello\n", 3,
	               "expected an R, A or C line");

	static char text[12000];
	char *o = text;
	o += sprintf(o, "heard-recovery 1\nR\tfront desk\ts\t2026-11\t1\nA\t");
	memset(o, 'q', 9000); /* a line longer than any the kiosk writes */
	o += 9000;
	sprintf(o, "\t3\n");
	expect_refused("long.recovery", text, 3, "line too long");

	char kiosk[100];
	memset(kiosk, 'k', 80);
	kiosk[80] = '\0';
	snprintf(text, sizeof text, "heard-recovery 1\nR\t%s\ts\t2026-11\t1\n", kiosk);
	expect_refused("field.recovery", text, 2, "a field is too long");

	/* more responses than the queue holds: 65 in the file */
	static char many[65 * 60 + 32];
	o = many + sprintf(many, "heard-recovery 1\n");
	for (int i = 0; i < PENDING_MAX + 1; i++)
		o += sprintf(o, "R\tfront desk\ts\t2026-11\t1\nA\theard.listen\t5\n");
	expect_refused("many.recovery", many, 2 + 2 * PENDING_MAX, "more responses than the queue holds");
	/* and 62 in the file on top of 3 already waiting (fill(3) above) */
	o = many + sprintf(many, "heard-recovery 1\n");
	for (int i = 0; i < PENDING_MAX - 2; i++)
		o += sprintf(o, "R\tfront desk\ts\t2026-11\t1\n");
	expect_refused("many2.recovery", many, PENDING_MAX - 1, "more responses than the queue holds");
}

/* Records this kiosk could not have written: refused whole, with the line
 * of the first, nothing added, the file untouched. */
static void test_records_validated(void **state)
{
	(void)state;
	char now[16], before[16], text[1024], future[24], quarter[24], fq[24];
	months(now, before);
	int y = atoi(now), m = atoi(now + 5);
	snprintf(future, sizeof future, "%04d-%02d", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	snprintf(quarter, sizeof quarter, "%04d-Q%d", y, (m + 2) / 3);
	snprintf(fq, sizeof fq, "%04d-Q%d", m >= 10 ? y + 1 : y, m >= 10 ? 1 : (m + 2) / 3 + 1);
	static const struct { const char *kiosk, *service, *period, *answers, *problem; } bad[] = {
		{ "another desk", "s", NULL, "", "a response of another kiosk" },
		{ "front desk ", "s", NULL, "", "a response of another kiosk" },
		{ "front desk", "Dentistry", NULL, "", "a service this kiosk does not offer" },
		{ "front desk", "s", "2026-13", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-00", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-1", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-W47", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-11-21", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-Q5", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "2026-Q0", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "20x6-11", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "", "", "a period is not a month (2026-11) or a quarter (2026-Q4)" },
		{ "front desk", "s", "9999-01", "", "a period is in the future" },
		{ "front desk", "s", "F", "", "a period is in the future" },    /* next month */
		{ "front desk", "s", "FQ", "", "a period is in the future" },   /* next quarter */
		{ "front desk", "s", NULL, "A\theard.secret\t3\n", "a question this kiosk does not ask" },
		{ "front desk", "s", NULL, "A\theard.listen\t3\nA\theard.listen\t4\n", "a question answered twice" },
		{ "front desk", "s", NULL, "A\tcontrol.next\t-1\n",
		  "\"does not apply\" to a question that does not offer it" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *period = !bad[i].period ? now : !strcmp(bad[i].period, "F") ? future
		                   : !strcmp(bad[i].period, "FQ") ? fq : bad[i].period;
		int nlines = 2;
		for (const char *c = bad[i].answers; *c; c++)
			nlines += *c == '\n';
		/* a good record first: one bad one refuses the whole file */
		snprintf(text, sizeof text, "heard-recovery 1\nR\tfront desk\ts\t%s\t1\nA\theard.listen\t5\n"
		         "R\t%s\t%s\t%s\t1\n%s", before, bad[i].kiosk, bad[i].service, period, bad[i].answers);
		char name[32];
		snprintf(name, sizeof name, "bad%02zu.recovery", i);
		expect_refused(name, text, 2 + nlines, bad[i].problem);
	}
	/* and what a kiosk writes is read: this month, months before, this
	 * quarter and quarters before, "" (not said), -1 where it applies */
	snprintf(text, sizeof text, "heard-recovery 1\nR\tfront desk\t\t%s\t1\nA\tcontrol.no\t-1\n"
	         "R\tfront desk\tCounselling\t%s\t1\nA\theard.listen\t1\nA\tcontrol.next\t0\n"
	         "R\tfront desk\ts\t%s\t1\nR\tfront desk\ts\t2019-Q4\t1\nR\tfront desk\ts\t2020-01\t1\n",
	         now, before, quarter);
	const char *path = path_of("good.recovery");
	write_file(path, text);
	char err[512] = "";
	Pending *p = new_pending();
	assert_int_equal(pending_read(p, path, rules(), err, sizeof err), 5);
	assert_string_equal(p->item[0].service, "");
	assert_int_equal(p->item[0].value[0], ANSWER_NOT_APPLICABLE);
	assert_string_equal(p->item[2].period, quarter);
	/* read as another kiosk, the same file is refused at its first line */
	PendingRules other = rules_for("back desk");
	memset(p, 0, sizeof *p);
	assert_int_equal(pending_read(p, path, &other, err, sizeof err), -2);
	assert_has(err, ":2: a response of another kiosk");
	assert_int_equal(p->n, 0);
	free(p);
}

/* Only this user's own private regular file is read: a link (even to a
 * good file), a file open to others or another user's is refused
 * ("path: problem", -1) and left as it is. */
static void test_only_own_file_read(void **state)
{
	(void)state;
	char err[512] = "", now[16], before[16], text[256];
	months(now, before);
	snprintf(text, sizeof text, "heard-recovery 1\nR\tfront desk\ts\t%s\t1\nA\theard.listen\t5\n", now);
	const char *good = path_of("own.recovery"), *link = path_of("link.recovery");
	write_file(good, text);
	assert_int_equal(chmod(good, 0600), 0);
	Pending *p = new_pending();
	assert_int_equal(pending_read(p, good, rules(), err, sizeof err), 1);
	remove(link);
	assert_int_equal(symlink(good, link), 0);
	assert_int_equal(pending_read(p, link, rules(), err, sizeof err), -1);
	assert_has(err, link);
	assert_has(err, "symbolic link");
	assert_int_equal(chmod(good, 0644), 0);
	assert_int_equal(pending_read(p, good, rules(), err, sizeof err), -1);
	assert_has(err, "open to other users");
	assert_int_equal(chmod(good, 0600), 0);
	if (geteuid() == 0) { /* root can give it away */
		assert_int_equal(chown(good, 65534, 65534), 0);
		assert_int_equal(pending_read(p, good, rules(), err, sizeof err), -1);
		assert_has(err, "another user");
		assert_int_equal(chown(good, 0, 0), 0);
	}
	const char *fifo = path_of("fifo.recovery");
	remove(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0); /* never waited on */
	assert_int_equal(pending_read(p, fifo, rules(), err, sizeof err), -1);
	assert_has(err, "not a regular file");
	assert_int_equal(p->n, 1);
	free(p);
}

static void put(const char *path, const char *text)
{
	remove(path);
	write_file(path, text);
}

static void assert_file_is(const char *path, const char *text)
{
	size_t len;
	char *got = read_all(path, &len);
	if (!got)
		fail_msg("%s: missing", path);
	if (strcmp(got, text))
		fail_msg("%s holds \"%s\", expected \"%s\"", path, got, text);
	free(got);
}

/* Moved aside to the first free NAME.KIND-N, its sides with it; never
 * over any file, also when only a side's name is taken. */
static void test_move_aside_never_overwrites(void **state)
{
	(void)state;
	char out[1200], want[1200], side_name[1200];
	static const char *const sides[] = { "-wal", "-shm" };
	const char *x = path_of("aside.db");
	snprintf(side_name, sizeof side_name, "%s.bad-1", x);
	remove(side_name);
	put(x, "first");
	assert_int_equal(pending_move_aside(x, "bad", NULL, 0, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s.bad-1", x);
	assert_string_equal(out, want);
	assert_int_equal(access(x, F_OK), -1);
	assert_file_is(want, "first");
	put(x, "second"); /* .bad-1 is taken: .bad-2, .bad-1 as it was */
	snprintf(side_name, sizeof side_name, "%s.bad-2", x);
	remove(side_name);
	assert_int_equal(pending_move_aside(x, "bad", NULL, 0, out, sizeof out), 0);
	assert_string_equal(out, side_name);
	assert_file_is(want, "first");
	assert_file_is(side_name, "second");

	/* with sides: .damaged-1 free, but .damaged-1-wal taken (a stray) */
	const char *names[] = { ".damaged-1", ".damaged-1-wal", ".damaged-1-shm", ".damaged-2",
	                        ".damaged-2-wal", ".damaged-2-shm", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(side_name, sizeof side_name, "%s%s", x, names[i]);
		remove(side_name);
	}
	put(x, "db");
	snprintf(side_name, sizeof side_name, "%s-wal", x);
	put(side_name, "wal");
	snprintf(side_name, sizeof side_name, "%s.damaged-1-wal", x);
	put(side_name, "stray");
	assert_int_equal(pending_move_aside(x, "damaged", sides, 2, out, sizeof out), 0);
	snprintf(want, sizeof want, "%s.damaged-2", x);
	assert_string_equal(out, want);
	assert_file_is(want, "db");
	snprintf(want, sizeof want, "%s.damaged-2-wal", x);
	assert_file_is(want, "wal");
	assert_file_is(side_name, "stray");
	snprintf(want, sizeof want, "%s.damaged-1", x);
	assert_int_equal(access(want, F_OK), -1); /* put back, not left half-moved */
	snprintf(want, sizeof want, "%s.damaged-2-shm", x); /* there was no -shm */
	assert_int_equal(access(want, F_OK), -1);
	assert_int_equal(access(x, F_OK), -1);
	snprintf(want, sizeof want, "%s-wal", x);
	assert_int_equal(access(want, F_OK), -1);
	/* nothing to move: says so, names it */
	assert_int_equal(pending_move_aside(x, "bad", NULL, 0, out, sizeof out), -1);
	assert_has(out, x);
}

static void test_write_nothing_removes_file(void **state)
{
	(void)state;
	char err[512] = "";
	const char *path = path_of("gone.recovery");
	Pending *p = new_pending();
	fill(p, 2);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	assert_int_equal(access(path, F_OK), 0);
	p->n = 0;
	memset(p->item, 0, sizeof p->item);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	/* and when there was no file, that is fine too */
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	assert_int_equal(access(path, F_OK), -1);
	free(p);
}

static void test_file_is_private(void **state)
{
	(void)state;
	char err[512] = "", tmp[600];
	const char *path = path_of("private.recovery");
	Pending *p = new_pending();
	fill(p, 1);
	mode_t old = umask(0); /* however loose the umask */
	remove(path);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* replacing an existing file that someone loosened */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* and a stale temporary file left by a crash, readable by all */
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(tmp, 0644), 0);
	assert_int_equal(pending_write(p, path, err, sizeof err), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	if ((sb.st_mode & 0777) != 0600)
		fail_msg("%s is mode %03o after writing over a stale %s of mode 0644; expected 0600",
		         path, (unsigned)(sb.st_mode & 0777), tmp);
	assert_int_equal(access(tmp, F_OK), -1); /* renamed, not left behind */
	free(p);
}

static void test_write_failure_says_where(void **state)
{
	(void)state;
	char err[512] = "";
	const char *path = path_of("no-such-folder/x.recovery");
	Pending *p = new_pending();
	fill(p, 1);
	assert_int_equal(pending_write(p, path, err, sizeof err), -1);
	assert_has(err, path);
	assert_has(err, "cannot write");
	assert_int_equal(p->n, 1); /* still waiting in memory */
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_order_and_is_bounded),
		cmocka_unit_test(test_flush_saves_oldest_first),
		cmocka_unit_test(test_flush_while_locked_keeps_all),
		cmocka_unit_test(test_flush_all_or_none),
		cmocka_unit_test(test_recovery_saved_once_after_crash),
		cmocka_unit_test(test_flush_into_current_period),
		cmocka_unit_test(test_round_trip_awkward_text),
		cmocka_unit_test(test_file_order_and_time_tell_nothing),
		cmocka_unit_test(test_comments_wait_apart),
		cmocka_unit_test(test_read_missing_file_is_nothing),
		cmocka_unit_test(test_broken_files_refused_and_untouched),
		cmocka_unit_test(test_records_validated),
		cmocka_unit_test(test_only_own_file_read),
		cmocka_unit_test(test_move_aside_never_overwrites),
		cmocka_unit_test(test_write_nothing_removes_file),
		cmocka_unit_test(test_file_is_private),
		cmocka_unit_test(test_write_failure_says_where),
	};
	return cmocka_run_group_tests_name("pending", tests, scratch_setup, scratch_teardown);
}
