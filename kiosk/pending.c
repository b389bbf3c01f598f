/* pending.c - the queue of unsaved answers and its recovery file.  See
 * pending.h. */
#include "pending.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "heard-recovery 1"

static int copy(char *dst, size_t n, const char *v)
{
	if (!v || strlen(v) >= n)
		return -1;
	strcpy(dst, v);
	return 0;
}

int pending_add(Pending *p, const StoreResponse *r)
{
	if (p->n == PENDING_MAX || r->n < 0 || r->n > SURVEY_MAX_QUESTIONS)
		return -1;
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

int pending_flush(Pending *p, Store *st, char *err, size_t errlen)
{
	int done = 0;
	while (done < p->n) {
		StoreResponse r = as_response(&p->item[done]);
		if (store_save(st, &r, err, errlen))
			break;
		done++;
	}
	memmove(p->item, p->item + done, (size_t)(p->n - done) * sizeof *p->item);
	memset(p->item + (p->n - done), 0, (size_t)done * sizeof *p->item); /* no answers left behind */
	p->n -= done;
	return p->n;
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

int pending_write(const Pending *p, const char *path, char *err, size_t errlen)
{
	if (p->n == 0) {
		if (unlink(path) != 0 && errno != ENOENT) {
			snprintf(err, errlen, "%s: cannot remove: %s", path, strerror(errno));
			return -1;
		}
		return 0;
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
	fputs(MAGIC "\n", f);
	for (int i = 0; i < p->n; i++) {
		const PendingItem *it = &p->item[i];
		fputc('R', f);
		put_field(f, it->kiosk);
		put_field(f, it->service);
		put_field(f, it->period);
		put_field(f, it->qset);
		fputc('\n', f);
		for (int k = 0; k < it->n; k++) {
			fputc('A', f);
			put_field(f, it->question[k]);
			fprintf(f, "\t%d\n", it->value[k]);
		}
	}
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
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

int pending_read(Pending *p, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	Pending *g = calloc(1, sizeof *g);
	if (!g) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	char line[1024], *fld[8];
	int lineno = 0, ok = 1;
	const char *why = NULL;
	while (ok && fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			why = "line too long";
			break;
		}
		if (lineno == 1) {
			if (strcmp(line, MAGIC))
				why = "not a heard recovery file";
			ok = !why;
			continue;
		}
		int n = fields(line, fld, 8);
		if (!strcmp(fld[0], "R") && n == 5) {
			if (g->n == PENDING_MAX) {
				why = "more responses than the queue holds";
				break;
			}
			PendingItem *it = &g->item[g->n++];
			memset(it, 0, sizeof *it);
			if (copy(it->kiosk, sizeof it->kiosk, fld[1]) || copy(it->service, sizeof it->service, fld[2]) ||
			    copy(it->period, sizeof it->period, fld[3]) || copy(it->qset, sizeof it->qset, fld[4]))
				why = "a field is too long";
		} else if (!strcmp(fld[0], "A") && n == 3 && g->n > 0) {
			PendingItem *it = &g->item[g->n - 1];
			char *end;
			long v = strtol(fld[2], &end, 10);
			if (it->n == SURVEY_MAX_QUESTIONS)
				why = "too many answers in one response";
			else if (*end || end == fld[2] || v < ANSWER_NOT_APPLICABLE || v > 5)
				why = "an answer value is not -1 to 5";
			else if (copy(it->question[it->n], sizeof it->question[0], fld[1]))
				why = "a question id is too long";
			else
				it->value[it->n++] = (int)v;
		} else {
			why = "expected an R or A line";
		}
		ok = !why;
	}
	fclose(f);
	if (!why && lineno == 0)
		why = "empty file";
	if (!why && p->n + g->n > PENDING_MAX)
		why = "more responses than the queue holds";
	int n = g->n;
	if (!why)
		memcpy(p->item + p->n, g->item, (size_t)n * sizeof *g->item);
	free(g);
	if (why) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
		return -1;
	}
	p->n += n;
	return n;
}
