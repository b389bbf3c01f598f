/* simulate.c - heard-simulate: fills a heard database with realistic
 * synthetic responses, for developing and benchmarking the report tool.
 *
 * Start reading main(): parse_args(), then model_build() turns the seed
 * into a Model (each service's level and drift, each question's offset,
 * each month's share of the responses), then simulate() draws every
 * response from it and saves it through the store module in batches.
 *
 * The answers come from an ordered-logit model: a latent satisfaction
 * (service level + drift over the months + question offset + a
 * per-person effect + logistic noise) cut into 1..5 at fixed thresholds.
 * Everything is drawn from our own xoshiro256** generator, so one seed
 * always gives the same counts.  The months are written oldest first,
 * all of them closed (the kiosk's store never writes into a period older
 * than its newest), so heard-report can read every one. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "strtab.h"
#include "contract.h"
#include "util.h"

#ifndef HEARD_VERSION
#define HEARD_VERSION "0.1"
#endif

#define MAX_RESPONSES 1000000000L
#define MAX_MONTHS    240          /* twenty years */
#define KIOSK_MAX     63           /* as the kiosk's [kiosk] name */
#define BATCH         100000       /* responses per transaction; larger
                                      batches are faster with random ids */
#define NOT_SAID      SURVEY_MAX_SERVICES /* slot for "I'd rather not say" */

/* Shape of the synthetic data; latent units are logits. */
#define P_NOT_SAID    0.04         /* chose "I'd rather not say" */
#define P_SKIP        0.05         /* skipped a question */
#define P_NA          0.10         /* "Does not apply", where offered */
#define LEVEL_LOW     (-0.6)       /* worst service's base level */
#define LEVEL_HIGH    1.4          /* best service's base level */
#define PERSON_SD     0.7          /* one person answers alike throughout */
#define MONTH_SD      0.08         /* month-to-month wobble of a service */

/* Latent value above thresholds[k] means an answer above k+1. */
static const double thresholds[4] = { -2.2, -1.2, -0.2, 1.0 };

/* What clients might write, in every shipped language, as the kiosk
 * stores it: numbers, addresses and names already taken out. */
static const char *const comment_texts[] = {
	"The staff listened to me.",
	"I waited a long time before anyone saw me.",
	"Thank you, I feel better now.",
	"Please call back when you say you will. My worker [removed] did not.",
	"The room was cold and noisy.",
	"Me escucharon con paciencia. Gracias.",
	"La espera fue muy larga.",
	"Pani z recepcji była bardzo miła.",
	"Za długo czekałem na wizytę.",
	"Мене уважно вислухали, дякую.",
	"Довго чекала на зустріч.",
	"شكراً لكم، لقد استمعوا إليّ جيداً.",
	"الانتظار كان طويلاً جداً.",
};

static const char *const service_names[] = {
	"Counselling", "Family support", "Housing advice", "Young people",
	"Drug and alcohol", "Mental health", "Carers", "Employment",
};

typedef struct {
	const char *db;
	long responses;
	int services, months;
	uint64_t seed;
	const char *kiosk;
	int fft;                       /* --fft: answer fft.overall too */
	int comments;                  /* --comments PCT: % of responses with a comment */
} Args;

typedef struct {
	uint64_t s[4];                 /* xoshiro256** state */
} Rng;

typedef struct {
	char name[32];                 /* "" for "I'd rather not say" */
	double level;                  /* base latent level */
	double drift;                  /* level change from first to last month */
	double share;                  /* cumulative probability of being chosen */
} Service;

typedef struct {
	QuestionSet qs;
	double qoffset[SURVEY_MAX_QUESTIONS];    /* added to every level */
	int nservices;                           /* named ones; NOT_SAID is extra */
	Service svc[SURVEY_MAX_SERVICES + 1];
	int nmonths;
	char period[MAX_MONTHS][16];             /* oldest first */
	long count[MAX_MONTHS];                  /* responses in each month */
	double level[SURVEY_MAX_SERVICES + 1][MAX_MONTHS]; /* service x month */
} Model;

/* ---- errors and options ------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: heard-simulate --db FILE --responses N [--services K] [--months M]\n"
	        "                      [--seed S] [--kiosk NAME] [--fft] [--comments PCT]\n"
	        "                      [--help] [--version]\n"
	        "Writes N realistic synthetic responses (1 to %ld) into the heard database\n"
	        "FILE, creating it if needed: K services (1 to %d, default 4), spread over\n"
	        "the M months (1 to %d, default 12) up to the last full month, as kiosk\n"
	        "NAME (default \"sim\").  The same seed (default 1) gives the same answers.\n"
	        "Adding to a FILE that holds later months is refused: closed months never\n"
	        "change (add with --months 1 to the last full month).  The questions are\n"
	        "those of 'enabled = all'; --fft adds the optional NHS Friends and Family\n"
	        "Test question, fft.overall (Don't know in its not-applicable slot).\n"
	        "--comments PCT (0 to 100): that share of responses carries a short comment\n"
	        "from a built-in list in English, Spanish, Polish, Ukrainian and Arabic;\n"
	        "the answers stay those the seed draws without it.\n",
	        MAX_RESPONSES, SURVEY_MAX_SERVICES, MAX_MONTHS);
}

/* A whole number in [lo, hi] written as plain digits, else exit 2. */
static uint64_t parse_num(const char *opt, const char *v, uint64_t lo, uint64_t hi)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || errno == ERANGE || n < lo || n > hi)
		die(2, "%s '%s': expected a whole number from %" PRIu64 " to %" PRIu64,
		    opt, v, lo, hi);
	return n;
}

static Args parse_args(int argc, char **argv)
{
	Args a = { .services = 4, .months = 12, .seed = 1, .kiosk = "sim" };
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(o, "--help")) { usage(stdout); exit(0); }
		if (!strcmp(o, "--version")) { puts("heard-simulate " HEARD_VERSION); exit(0); }
		if (strncmp(o, "--", 2)) { usage(stderr); die(2, "unexpected argument '%s'", o); }
		if (!strcmp(o, "--fft")) { a.fft = 1; continue; }
		if (!v || !*v) { usage(stderr); die(2, "%s: missing value", o); }
		if (!strcmp(o, "--db")) a.db = v;
		else if (!strcmp(o, "--responses")) a.responses = (long)parse_num(o, v, 1, MAX_RESPONSES);
		else if (!strcmp(o, "--services")) a.services = (int)parse_num(o, v, 1, SURVEY_MAX_SERVICES);
		else if (!strcmp(o, "--months")) a.months = (int)parse_num(o, v, 1, MAX_MONTHS);
		else if (!strcmp(o, "--seed")) a.seed = parse_num(o, v, 0, UINT64_MAX);
		else if (!strcmp(o, "--comments")) a.comments = (int)parse_num(o, v, 0, 100);
		else if (!strcmp(o, "--kiosk")) {
			if (strlen(v) > KIOSK_MAX)
				die(2, "--kiosk '%s': longer than %d bytes", v, KIOSK_MAX);
			a.kiosk = v;
		} else { usage(stderr); die(2, "unknown option '%s'", o); }
		i++;
	}
	if (!a.db) { usage(stderr); die(2, "--db FILE is required"); }
	if (!a.responses) { usage(stderr); die(2, "--responses N is required"); }
	return a;
}

/* ---- random numbers ---------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static void rng_seed(Rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(Rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in (0, 1): never exactly 0 or 1, so log() below is safe. */
static double rng_unit(Rng *r)
{
	return ((double)(rng_next(r) >> 11) + 0.5) * 0x1p-53;
}

static double rng_normal(Rng *r, double sd)
{
	return sd * sqrt(-2 * log(rng_unit(r))) * cos(6.283185307179586 * rng_unit(r));
}

static double rng_logistic(Rng *r)
{
	double u = rng_unit(r);
	return log(u / (1 - u));
}

/* ---- the model --------------------------------------------------------- */

/* Services get evenly spaced base levels in a seed-shuffled order, so
 * some are clearly better than others whatever the seed, and alternate
 * between improving and getting worse over the months. */
static void model_services(Model *m, int k, Rng *r)
{
	int order[SURVEY_MAX_SERVICES];
	for (int i = 0; i < k; i++)
		order[i] = i;
	for (int i = k - 1; i > 0; i--) {
		int j = (int)(rng_next(r) % (uint64_t)(i + 1)), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	double total = 0, mean = 0, weight[SURVEY_MAX_SERVICES];
	for (int i = 0; i < k; i++) {
		Service *s = &m->svc[i];
		if (i < (int)(sizeof service_names / sizeof *service_names))
			snprintf(s->name, sizeof s->name, "%s", service_names[i]);
		else
			snprintf(s->name, sizeof s->name, "Service %d", i + 1);
		s->level = k == 1 ? (LEVEL_LOW + LEVEL_HIGH) / 2
		         : LEVEL_LOW + (LEVEL_HIGH - LEVEL_LOW) * order[i] / (k - 1);
		s->drift = (i % 2 ? 1 : -1) * (0.3 + 0.6 * rng_unit(r));
		weight[i] = 0.5 + rng_unit(r); /* busy and quiet services */
		total += weight[i];
		mean += s->level;
	}
	double cum = P_NOT_SAID;
	for (int i = 0; i < k; i++)
		m->svc[i].share = cum += (1 - P_NOT_SAID) * weight[i] / total;
	m->svc[k - 1].share = 1;
	/* Unhappy clients are a little less willing to say who they saw. */
	m->svc[NOT_SAID] = (Service){ "", mean / k - 0.2, 0, P_NOT_SAID };
	m->nservices = k;
}

/* The `months` calendar months ending with the last closed month,
 * labelled by store_period() so they match what the kiosk writes. */
static int model_months(Model *m, int months)
{
	time_t now = time(NULL);
	struct tm today;
	if (now == (time_t)-1 || !localtime_r(&now, &today))
		return -1;
	/* last month, or the one before while last month has not yet ended
	 * everywhere (store_period_closed: until 12:00 UTC on the 1st) */
	char last[16];
	struct tm lm = { .tm_year = today.tm_year, .tm_mon = today.tm_mon - 1, .tm_mday = 15,
	                 .tm_hour = 12, .tm_isdst = -1 };
	store_period(last, mktime(&lm), PERIOD_MONTH);
	int back = store_period_closed(last, now) == 1 ? 0 : 1;
	for (int i = 0; i < months; i++) {
		struct tm mid = { .tm_year = today.tm_year, .tm_mon = today.tm_mon - months + i - back,
		                  .tm_mday = 15, .tm_hour = 12, .tm_isdst = -1 };
		time_t t = mktime(&mid);
		if (t == (time_t)-1)
			return -1;
		store_period(m->period[i], t, PERIOD_MONTH);
	}
	m->nmonths = months;
	return 0;
}

/* Split n responses over the months, roughly evenly (each month weighs
 * 0.85 to 1.15), rounding so the counts add up to n exactly. */
static void model_volume(Model *m, long n, Rng *r)
{
	double w[MAX_MONTHS], total = 0, cum = 0;
	for (int i = 0; i < m->nmonths; i++)
		total += w[i] = 1 + 0.15 * (2 * rng_unit(r) - 1);
	long done = 0;
	for (int i = 0; i < m->nmonths; i++) {
		cum += w[i];
		long upto = i == m->nmonths - 1 ? n : (long)floor(n * cum / total + 0.5);
		m->count[i] = upto - done;
		done = upto;
	}
}

/* Each service's level in each month: base + linear drift + wobble. */
static void model_levels(Model *m, Rng *r)
{
	for (int s = 0; s <= SURVEY_MAX_SERVICES; s++) {
		if (s >= m->nservices && s != NOT_SAID)
			continue;
		const Service *sv = &m->svc[s];
		for (int i = 0; i < m->nmonths; i++) {
			double t = m->nmonths > 1 ? (double)i / (m->nmonths - 1) - 0.5 : 0;
			m->level[s][i] = sv->level + sv->drift * t + rng_normal(r, MONTH_SD);
		}
	}
}

/* Clients tend to feel respected more readily than in control. */
static void model_questions(Model *m, Rng *r)
{
	for (int q = 0; q < m->qs.n; q++) {
		const char *c = m->qs.q[q].construct;
		double base = !strcmp(c, "respected") ? 0.3 : !strcmp(c, "in control") ? -0.3 : 0;
		m->qoffset[q] = base + 0.3 * (2 * rng_unit(r) - 1);
	}
}

static void model_build(Model *m, const Args *a, Rng *r)
{
	model_services(m, a->services, r);
	if (model_months(m, a->months))
		die(1, "cannot work out the months before today: %s", strerror(errno));
	model_volume(m, a->responses, r);
	model_levels(m, r);
	model_questions(m, r);
}

/* ---- drawing responses ------------------------------------------------- */

static int pick_service(const Model *m, Rng *r)
{
	double u = rng_unit(r);
	if (u < P_NOT_SAID)
		return NOT_SAID;
	int s = 0;
	while (s < m->nservices - 1 && u >= m->svc[s].share)
		s++;
	return s;
}

static int draw_answer(const Model *m, int q, double level, Rng *r)
{
	double u = rng_unit(r);
	int na = m->qs.q[q].has_na;
	if (na && u < P_NA)
		return ANSWER_NOT_APPLICABLE;
	if (u < (na ? P_NA : 0) + P_SKIP)
		return ANSWER_SKIPPED;
	double y = level + m->qoffset[q] + rng_logistic(r);
	int v = 1;
	while (v < 5 && y > thresholds[v - 1])
		v++;
	return v;
}

/* Fill r with one client's response for month `month`; strings point
 * into m and a, which outlive it. */
static void draw_response(const Model *m, const Args *a, int month,
                          StoreResponse *resp, Rng *r)
{
	int s = pick_service(m, r);
	double level = m->level[s][month] + rng_normal(r, PERSON_SD);
	resp->kiosk = a->kiosk;
	resp->service = m->svc[s].name;
	resp->period = m->period[month];
	resp->qset = m->qs.version;
	resp->n = m->qs.n;
	for (int q = 0; q < m->qs.n; q++) {
		resp->a[q].question = m->qs.q[q].id;
		resp->a[q].value = draw_answer(m, q, level, r);
	}
}

/* ---- writing ----------------------------------------------------------- */

/* With --comments PCT, PCT responses in a hundred carry a comment, drawn
 * from its own generator (seed c): the answers are those of the seed
 * alone. */
static const char *draw_comment(const Args *a, Rng *c)
{
	if (!a->comments || rng_next(c) % 100 >= (uint64_t)a->comments)
		return NULL;
	return comment_texts[rng_next(c) % (sizeof comment_texts / sizeof *comment_texts)];
}

/* Save every response, BATCH to a transaction.  Returns 0, or -1 with a
 * message in err; the open batch is then rolled back by store_close(). */
static int simulate(Store *st, const Model *m, const Args *a, Rng *r,
                    char *err, size_t errlen)
{
	StoreResponse resp;
	Rng c;
	rng_seed(&c, a->seed ^ 0x636f6d6d656e7473ull); /* "comments" */
	long in_batch = 0;
	for (int month = 0; month < m->nmonths; month++) {
		for (long i = 0; i < m->count[month]; i++) {
			if (!in_batch && store_batch_begin(st, err, errlen))
				return -1;
			draw_response(m, a, month, &resp, r);
			resp.comment = draw_comment(a, &c);
			if (store_save(st, &resp, err, errlen))
				return -1;
			if (++in_batch == BATCH) {
				in_batch = 0;
				if (store_batch_end(st, err, errlen))
					return -1;
			}
		}
	}
	return in_batch ? store_batch_end(st, err, errlen) : 0;
}

/* A database this run created is removed again if the run fails, so no
 * half-written file is left behind. */
static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[4096];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* The questions a kiosk with `enabled = all` asks (the optional ones
 * left out: the same seed draws the same answers as before they were
 * added), and fft.overall too with --fft. */
static void keep_asked(QuestionSet *qs, int fft)
{
	int n = 0;
	for (int q = 0; q < qs->n; q++)
		if (!qs->q[q].optional || (fft && qs->q[q].answers == ANSWERS_FFT))
			qs->q[n++] = qs->q[q];
	qs->n = n;
}

int main(int argc, char **argv)
{
	static Model model;
	char err[1024], path[1024];
	util_progname = "heard-simulate";
	Args args = parse_args(argc, argv);
	snprintf(path, sizeof path, "%s/strings/questions.ini", util_asset_dir());
	if (qset_load(path, &model.qs, err, sizeof err))
		die(2, "%s", err);
	keep_asked(&model.qs, args.fft);
	Rng rng;
	rng_seed(&rng, args.seed);
	model_build(&model, &args, &rng);

	int fresh = access(args.db, F_OK) != 0 && errno == ENOENT;
	Store *st = store_open(args.db, 1, err, sizeof err);
	if (!st) {
		if (fresh)
			remove_db(args.db);
		die(2, "%s", err);
	}
	int rc = store_set_kiosk(st, args.kiosk, err, sizeof err) < 0 ? -1
	         : simulate(st, &model, &args, &rng, err, sizeof err);
	store_close(st);
	if (rc) {
		if (fresh)
			remove_db(args.db);
		die(1, "%s", err);
	}
	printf("%s: wrote %ld response%s: %d service%s, months %s to %s, seed %" PRIu64 "\n",
	       args.db, args.responses, args.responses == 1 ? "" : "s", args.services,
	       args.services == 1 ? "" : "s", model.period[0], model.period[model.nmonths - 1],
	       args.seed);
	return 0;
}
