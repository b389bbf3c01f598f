/* pending.c - the queue of unsaved answers and its recovery file.  See
 * pending.h. */
#include "pending.h"
#include "config.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "heard-recovery 2" /* then "token" and 32 letters a-p */
#define MAGIC_1 "heard-recovery 1" /* (no token: written before it had one) */

static int copy(char *dst, size_t n, const char *v)
{
	if (!v || strlen(v) >= n)
		return -1;
	strcpy(dst, v);
	return 0;
}

void pending_clear(Pending *p)
{
	memset(p->item, 0, sizeof p->item); /* no answers or words left behind */
	memset(p->comment, 0, sizeof p->comment);
	p->n = p->nc = 0;
}

int pending_add(Pending *p, const StoreResponse *r)
{
	int said = r->comment && r->comment[0];
	if (p->n == PENDING_MAX || r->n < 0 || r->n > SURVEY_MAX_QUESTIONS ||
	    (said && (p->nc == PENDING_MAX || strlen(r->comment) > STORE_COMMENT_MAX)))
		return -1;
	if (said) {
		PendingComment *c = &p->comment[p->nc];
		memset(c, 0, sizeof *c);
		if (copy(c->kiosk, sizeof c->kiosk, r->kiosk) || copy(c->service, sizeof c->service, r->service) ||
		    copy(c->period, sizeof c->period, r->period) || copy(c->text, sizeof c->text, r->comment))
			return -1;
	}
	PendingItem *it = &p->item[p->n];
	memset(it, 0, sizeof *it);
	if (copy(it->kiosk, sizeof it->kiosk, r->kiosk) || copy(it->service, sizeof it->service, r->service) ||
	    copy(it->period, sizeof it->period, r->period) || copy(it->qset, sizeof it->qset, r->qset))
		return -1;
	for (int i = 0; i < r->n; i++) {
		if (copy(it->question[i], sizeof it->question[i], r->a[i].question))
			return -1;
		it->value[i] = r->a[i].value;
	}
	it->n = r->n;
	p->n++;
	p->nc += said;
	return 0;
}

static StoreResponse as_response(const PendingItem *it)
{
	StoreResponse r = { .kiosk = it->kiosk, .service = it->service, .period = it->period,
	                    .qset = it->qset, .n = it->n };
	for (int i = 0; i < it->n; i++)
		r.a[i] = (StoreAnswer){ .question = it->question[i], .value = it->value[i] };
	return r;
}

int pending_flush(Pending *p, Store *st, const char *period, char *err, size_t errlen)
{
	if (!p->n)
		return 0;
	if (store_batch_begin(st, err, errlen))
		return p->n;
	for (int i = 0; i < p->n; i++) {
		StoreResponse r = as_response(&p->item[i]);
		if (period) /* a closed period never changes: a late one counts now */
			r.period = period;
		if (store_save(st, &r, err, errlen)) {
			store_batch_abort(st);
			return p->n;
		}
	}
	for (int i = 0; i < p->nc; i++) {
		const PendingComment *c = &p->comment[i];
		if (store_save_comment(st, period ? period : c->period, c->service, c->text, err, errlen)) {
			store_batch_abort(st);
			return p->n;
		}
	}
	if (p->token[0] && store_mark_recovered(st, p->token, err, errlen)) {
		store_batch_abort(st);
		return p->n;
	}
	if (store_batch_end(st, err, errlen)) /* (rolled back) */
		return p->n;
	pending_clear(p);
	return 0;
}

int pending_saved_already(const Pending *p, Store *st)
{
	char done[65];
	return p->token[0] && store_recovered(st, done) == 1 && !strcmp(done, p->token);
}

/* ---- the file ---------------------------------------------------------- */

static void put_field(FILE *f, const char *s)
{
	fputc('\t', f);
	for (; *s; s++) {
		if (*s == '%' || *s == '\t' || *s == '\r' || *s == '\n')
			fprintf(f, "%%%02X", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

/* order[0..n-1]: 0..n-1 in a random order (Fisher-Yates, libsodium's
 * unbiased randombytes_uniform), so the file's order is no client's.
 * -1 when there is no random source. */
static int shuffled(int order[PENDING_MAX], int n)
{
	if (sodium_init() < 0)
		return -1;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)randombytes_uniform((uint32_t)i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	return 0;
}

/* An R or C line: tag, kiosk, service, period, then the question-set
 * version (R) or the words (C). */
static void put_record(FILE *f, char tag, const char *kiosk, const char *service,
                       const char *period, const char *last)
{
	fputc(tag, f);
	put_field(f, kiosk);
	put_field(f, service);
	put_field(f, period);
	put_field(f, last);
	fputc('\n', f);
}

static void put_item(FILE *f, const PendingItem *it)
{
	put_record(f, 'R', it->kiosk, it->service, it->period, it->qset);
	for (int k = 0; k < it->n; k++) {
		fputc('A', f);
		put_field(f, it->question[k]);
		fprintf(f, "\t%d\n", it->value[k]);
	}
}

int pending_write(Pending *p, const char *path, char *err, size_t errlen)
{
	int order[PENDING_MAX];
	/* the file's times are the epoch's: a real one would date the last Send */
	const struct timespec epoch[2] = { { 0, 0 }, { 0, 0 } };
	if (p->n == 0) {
		if (unlink(path) != 0 && errno != ENOENT) {
			snprintf(err, errlen, "%s: cannot remove: %s", path, strerror(errno));
			return -1;
		}
		p->token[0] = '\0';
		return 0;
	}
	unsigned char raw[16];
	char token[33];
	if (sodium_init() >= 0) {
		randombytes_buf(raw, sizeof raw);
		for (int i = 0; i < 16; i++) { /* letters a-p, as the database id */
			token[2 * i] = (char)('a' + (raw[i] >> 4));
			token[2 * i + 1] = (char)('a' + (raw[i] & 15));
		}
		token[32] = '\0';
	}
	if (shuffled(order, p->n)) {
		snprintf(err, errlen, "%s: cannot write: no random source (libsodium)", path);
		return -1;
	}
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp); /* a stale one (left by a crash) may have any mode, or be a link */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, MAGIC "\ntoken %s\n", token);
	for (int i = 0; i < p->n; i++)
		put_item(f, &p->item[order[i]]);
	if (shuffled(order, p->nc) == 0) /* (it worked once above) */
		for (int i = 0; i < p->nc; i++) {
			const PendingComment *c = &p->comment[order[i]];
			put_record(f, 'C', c->kiosk, c->service, c->period, c->text);
		}
	int bad = fflush(f) != 0 || futimens(fileno(f), epoch) != 0 || fsync(fileno(f)) != 0;
	int saved = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(bad ? saved : errno));
		unlink(tmp);
		return -1;
	}
	memcpy(p->token, token, sizeof token);
	return 0;
}

/* Split a line into tab-separated fields in place, decoding %XX.
 * Returns the number of fields (at most max). */
static int fields(char *line, char *out[], int max)
{
	int n = 0;
	char *s = line;
	while (n < max) {
		out[n++] = s;
		char *w = s;
		for (; *s && *s != '\t'; s++) {
			if (*s == '%' && s[1] && s[2]) {
				char hex[3] = { s[1], s[2], 0 };
				*w++ = (char)strtol(hex, NULL, 16);
				s += 2;
			} else {
				*w++ = *s;
			}
		}
		int more = *s == '\t';
		*w = '\0';
		if (!more)
			break;
		s++;
	}
	return n;
}

/* ---- what a record may hold ------------------------------------------------ */

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "2026-11" or "2026-Q4", not after the month or quarter of now. */
static const char *bad_period(const char *v, time_t now)
{
	struct tm tm;
	int month = strlen(v) == 7 && digits(v, 4) && v[4] == '-' && digits(v + 5, 2);
	int quarter = strlen(v) == 7 && digits(v, 4) && v[4] == '-' && v[5] == 'Q' && v[6] >= '1' &&
	              v[6] <= '4';
	if (!month && !quarter)
		return "a period is not a month (2026-11) or a quarter (2026-Q4)";
	int y = atoi(v), m = month ? atoi(v + 5) : (v[6] - '0') * 3; /* a quarter's last month */
	if (m < 1 || m > 12)
		return "a period is not a month (2026-11) or a quarter (2026-Q4)";
	if (!localtime_r(&now, &tm))
		return "the clock cannot be read";
	int ny = tm.tm_year + 1900, nm = tm.tm_mon + 1;
	if (quarter)
		nm = (nm + 2) / 3 * 3; /* compare quarters by their last months */
	if (y > ny || (y == ny && m > nm))
		return "a period is in the future";
	return NULL;
}

static const char *bad_record(const PendingItem *it, const PendingRules *r)
{
	if (strcmp(it->kiosk, r->kiosk))
		return "a response of another kiosk";
	int known = !it->service[0];
	for (int i = 0; i < r->nservices && !known; i++)
		known = !strcmp(it->service, r->service[i]);
	if (!known)
		return "a service this kiosk does not offer";
	return bad_period(it->period, r->now);
}

/* The answer just added as it->..[it->n - 1]. */
static const char *bad_answer(const PendingItem *it, const PendingRules *r)
{
	int k = it->n - 1, q = -1;
	for (int i = 0; i < r->nq && q < 0; i++)
		if (!strcmp(it->question[k], r->qid[i]))
			q = i;
	if (q < 0)
		return "a question this kiosk does not ask";
	for (int i = 0; i < k; i++)
		if (!strcmp(it->question[i], it->question[k]))
			return "a question answered twice";
	if (it->value[k] == ANSWER_NOT_APPLICABLE && !r->has_na[q])
		return "\"does not apply\" to a question that does not offer it";
	return NULL;
}

/* ---- reading ----------------------------------------------------------------- */

/* The file, opened only when it is this user's own private regular file. */
static FILE *open_own(const char *path, char *err, size_t errlen)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			err[0] = '\0';
		else if (errno == ELOOP)
			snprintf(err, errlen, "%s: a symbolic link; not followed", path);
		else
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	FILE *f = NULL;
	if (fstat(fd, &sb) != 0)
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
	else if (util_own_private(path, &sb, 0600, err, errlen) == 0 && !(f = fdopen(fd, "r")))
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
	if (!f)
		close(fd);
	return f;
}

/* One line of the file into g; the problem with it, or NULL. */
static const char *parse_line(Pending *g, char *line, const PendingRules *rules)
{
	char *fld[8];
	int n = fields(line, fld, 8);
	if (g->nc && strcmp(fld[0], "C")) /* comments come last */
		return "a response after a comment";
	if (!strcmp(fld[0], "R") && n == 5) {
		if (g->n == PENDING_MAX)
			return "more responses than the queue holds";
		PendingItem *it = &g->item[g->n++];
		memset(it, 0, sizeof *it);
		if (copy(it->kiosk, sizeof it->kiosk, fld[1]) || copy(it->service, sizeof it->service, fld[2]) ||
		    copy(it->period, sizeof it->period, fld[3]) || copy(it->qset, sizeof it->qset, fld[4]))
			return "a field is too long";
		return bad_record(it, rules);
	}
	if (!strcmp(fld[0], "C") && n == 5) {
		if (g->nc == g->n)
			return "more comments than responses";
		PendingComment *c = &g->comment[g->nc++];
		PendingItem as = { 0 };
		memset(c, 0, sizeof *c);
		if (copy(c->kiosk, sizeof c->kiosk, fld[1]) || copy(c->service, sizeof c->service, fld[2]) ||
		    copy(c->period, sizeof c->period, fld[3]) || copy(c->text, sizeof c->text, fld[4]))
			return "a field is too long";
		if (!c->text[0] || config_text_problem(c->text))
			return "a comment that is not plain text";
		memcpy(as.kiosk, c->kiosk, sizeof as.kiosk);
		memcpy(as.service, c->service, sizeof as.service);
		memcpy(as.period, c->period, sizeof as.period);
		return bad_record(&as, rules);
	}
	if (!strcmp(fld[0], "A") && n == 3 && g->n > 0) {
		PendingItem *it = &g->item[g->n - 1];
		char *end;
		long v = strtol(fld[2], &end, 10);
		if (it->n == SURVEY_MAX_QUESTIONS)
			return "too many answers in one response";
		if (*end || end == fld[2] || v < ANSWER_NOT_APPLICABLE || v > 5)
			return "an answer value is not -1 to 5";
		if (copy(it->question[it->n], sizeof it->question[0], fld[1]))
			return "a question id is too long";
		it->value[it->n++] = (int)v;
		return bad_answer(it, rules);
	}
	return "expected an R, A or C line";
}

int pending_read(Pending *p, const char *path, const PendingRules *rules, char *err,
                 size_t errlen)
{
	FILE *f = open_own(path, err, errlen);
	if (!f)
		return err[0] ? -1 : 0;
	Pending *g = calloc(1, sizeof *g);
	if (!g) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	char line[8192]; /* a C line: 2000 bytes of words, each at most 3 in the file */
	int lineno = 0, version1 = 0;
	const char *why = NULL;
	while (!why && fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f))
			why = "line too long";
		if (why)
			break;
		if (lineno == 1)
			why = !strcmp(line, MAGIC) ? NULL : !strcmp(line, MAGIC_1) ? (version1 = 1, NULL)
			    : "not a heard recovery file";
		else if (lineno == 2 && !version1)
			why = strncmp(line, "token ", 6) || strlen(line + 6) != 32 ||
			      strspn(line + 6, "abcdefghijklmnop") != 32 ? "no token line"
			      : (memcpy(g->token, line + 6, 33), NULL);
		else
			why = parse_line(g, line, rules);
	}
	fclose(f);
	if (!why && lineno == 0)
		why = "empty file";
	if (!why && p->n + g->n > PENDING_MAX)
		why = "more responses than the queue holds";
	int n = g->n;
	if (!why) {
		memcpy(p->item + p->n, g->item, (size_t)n * sizeof *g->item);
		memcpy(p->comment + p->nc, g->comment, (size_t)g->nc * sizeof *g->comment);
		p->nc += g->nc;
		memcpy(p->token, g->token, sizeof p->token);
	}
	memset(g, 0, sizeof *g); /* no answers left behind */
	free(g);
	if (why) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
		return -2;
	}
	p->n += n;
	return n;
}

/* ---- moving aside -------------------------------------------------------------- */

/* rename(from, to), never replacing a file at to (errno EEXIST). */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (link(from, to) != 0) /* a filesystem without RENAME_NOREPLACE */
		return -1;
	if (unlink(from) != 0) {
		int e = errno;
		unlink(to);
		errno = e;
		return -1;
	}
	return 0;
}

/* Move path (and its sides) to the names for n: 0; -1 with errno (EEXIST:
 * a name was taken), everything moved put back. */
static int move_to(const char *path, const char *to, const char *const *side, int nside)
{
	char from_s[1200], to_s[1200];
	int moved[8] = { 0 }, i, e = 0;
	if (rename_noreplace(path, to) != 0)
		return -1;
	for (i = 0; i < nside && i < 8; i++) {
		snprintf(from_s, sizeof from_s, "%s%s", path, side[i]);
		snprintf(to_s, sizeof to_s, "%s%s", to, side[i]);
		if (rename_noreplace(from_s, to_s) == 0)
			moved[i] = 1;
		else if (errno != ENOENT) { /* no such side file: nothing to move */
			e = errno;
			break;
		}
	}
	if (!e)
		return 0;
	while (i-- > 0)
		if (moved[i]) {
			snprintf(from_s, sizeof from_s, "%s%s", path, side[i]);
			snprintf(to_s, sizeof to_s, "%s%s", to, side[i]);
			rename_noreplace(to_s, from_s);
		}
	rename_noreplace(to, path);
	errno = e;
	return -1;
}

int pending_move_aside(const char *path, const char *kind, const char *const *side, int nside,
                       char *out, size_t outlen)
{
	char to[1100];
	for (int n = 1; n < 100000; n++) {
		snprintf(to, sizeof to, "%s.%s-%d", path, kind, n);
		if (move_to(path, to, side, nside) == 0) {
			snprintf(out, outlen, "%s", to);
			return 0;
		}
		if (errno != EEXIST) {
			snprintf(out, outlen, "%s: cannot move it to %s: %s", path, to, strerror(errno));
			return -1;
		}
	}
	snprintf(out, outlen, "%s: cannot move it aside: every %s.%s-N is taken", path, path, kind);
	return -1;
}
