/* mkdb.c - the disclosure auditor's fixture maker: a heard database
 * written through the store module, as a kiosk would, from lines on
 * standard input.
 *
 *   mkdb FILE KIOSK < lines
 *
 * Each line is one group of identical responses:
 *   COUNT<TAB>PERIOD<TAB>SERVICE<TAB>QUESTION=VALUE QUESTION=VALUE ...[<TAB>COMMENT]
 * (SERVICE may be empty: "I'd rather not say"; VALUE 1..5, 0 skipped,
 * -1 does not apply; COMMENT, when given, is each response's comment, as
 * the kiosk stores it after redaction).  Lines come in ascending period order, all saved
 * in one batch.  Exit 0, or 1 with a message naming the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static int parse_answers(char *s, StoreResponse *r)
{
	r->n = 0;
	for (char *tok = strtok(s, " \n"); tok; tok = strtok(NULL, " \n")) {
		char *eq = strchr(tok, '=');
		if (!eq || r->n == SURVEY_MAX_QUESTIONS)
			return -1;
		*eq = '\0';
		r->a[r->n].question = tok;
		r->a[r->n].value = atoi(eq + 1);
		r->n++;
	}
	return 0;
}

static int save_line(Store *st, const char *kiosk, char *line, int lineno)
{
	char err[1024];
	char *count = strtok(line, "\t"), *period = count ? strtok(NULL, "\t") : NULL;
	char *service = period ? period + strlen(period) + 1 : NULL;
	char *tab = service ? strchr(service, '\t') : NULL;
	if (!tab) {
		fprintf(stderr, "mkdb: line %d: expected COUNT, PERIOD, SERVICE, answers\n", lineno);
		return -1;
	}
	*tab = '\0';
	char *comment = strchr(tab + 1, '\t');
	if (comment) {
		*comment++ = '\0';
		comment[strcspn(comment, "\n")] = '\0';
	}
	StoreResponse r = { .kiosk = kiosk, .service = service, .period = period, .qset = "1",
	                    .comment = comment };
	if (parse_answers(tab + 1, &r)) {
		fprintf(stderr, "mkdb: line %d: bad answers\n", lineno);
		return -1;
	}
	for (long i = atol(count); i > 0; i--)
		if (store_save(st, &r, err, sizeof err)) {
			fprintf(stderr, "mkdb: line %d: %s\n", lineno, err);
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	char err[1024], line[8192];
	if (argc != 3) {
		fputs("usage: mkdb FILE KIOSK < lines\n", stderr);
		return 2;
	}
	Store *st = store_open(argv[1], 1, err, sizeof err);
	if (!st) {
		fprintf(stderr, "mkdb: %s\n", err);
		return 1;
	}
	int rc = store_set_kiosk(st, argv[2], err, sizeof err) < 0 || store_batch_begin(st, err, sizeof err);
	if (rc)
		fprintf(stderr, "mkdb: %s\n", err);
	for (int lineno = 1; !rc && fgets(line, sizeof line, stdin); lineno++)
		rc = save_line(st, argv[2], line, lineno);
	if (!rc && store_batch_end(st, err, sizeof err)) {
		fprintf(stderr, "mkdb: %s\n", err);
		rc = 1;
	}
	store_close(st);
	return rc ? 1 : 0;
}
