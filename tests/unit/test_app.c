/* test_app.c - the kiosk's coordination, with a fake clock and no window
 * (cmocka): the app (app.c) over the real survey, screens, saver and
 * access, drawn on the fake drawing layer.  What it checks: every timer
 * goes through app_due()/app_run_due() (the save retry, one-switch
 * scanning, the timeouts), a session's end resets the language and every
 * setting, and "Undo all changes" brings the language back.  The staff
 * hold's timer is in test_staff.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "testmode.h"
#include "util.h"
#include "scratch.h"

static uint32_t fake_now; /* the app's clock: moved by the tests alone */
static uint32_t fake_ticks(void) { return fake_now; }

/* One kiosk: what main() owns, on the embedded default configuration. */
typedef struct {
	Config cfg;
	QuestionSet qs;
	Strings langs[CONFIG_MAX_LANGS];
	int qidx[SURVEY_MAX_QUESTIONS];
	SurveySpec spec;
	Saver sv;
	Access acc;
	Staff staff;
	TestMode tm;
	App app;
	char db[600];
} Kiosk;

static Kiosk *kiosk_new(const char *name)
{
	static Kiosk k; /* big: not on the stack */
	char err[768], path[1024];
	memset(&k, 0, sizeof k);
	assert_int_equal(config_load(&k.cfg, NULL, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/strings/questions.ini", util_asset_dir());
	assert_int_equal(qset_load(path, &k.qs, err, sizeof err), 0);
	int n = config_questions(&k.cfg, &k.qs, k.qidx, err, sizeof err);
	assert_true(n > 0);
	for (int i = 0; i < k.cfg.nlangs; i++) {
		snprintf(path, sizeof path, "%s/strings/%s.ini", util_asset_dir(), k.cfg.langs[i]);
		assert_int_equal(strings_load(path, &k.qs, &k.langs[i], err, sizeof err), 0);
	}
	k.spec = (SurveySpec){ .nquestions = n, .nservices = k.cfg.nservices,
	                       .idle_ms = 60000, .more_time_ms = 30000, .thanks_ms = 8000,
	                       .access_idle_ms = 120000, .access_more_time_ms = 45000 };
	snprintf(k.db, sizeof k.db, "%s/%s", tmpdir, name);
	mkdir(k.db, 0700);
	snprintf(k.db + strlen(k.db), sizeof k.db - strlen(k.db), "/heard.db");
	fake_now = 1000;
	saver_open(&k.sv, &k.cfg, &k.qs, k.qidx, n, k.db);
	access_init(&k.acc, k.langs, k.cfg.nlangs, k.cfg.source);
	app_init(&k.app, &k.cfg, &k.qs, k.langs, k.qidx, 0, &k.spec, &k.acc, &k.sv, &k.staff, &k.tm);
	k.app.ticks = fake_ticks;
	k.app.w = 1280;
	k.app.h = 800;
	app_start(&k.app, NULL, fake_now);
	app_render(&k.app);
	return &k;
}

static void kiosk_free(Kiosk *k)
{
	saver_close(&k->sv);
	for (int i = 0; i < k->cfg.nlangs; i++)
		strings_free(&k->langs[i]);
}

/* Let time pass to t, firing every timer when it is due, as the loop does. */
static void pass_to(App *a, uint32_t t)
{
	uint32_t due;
	while ((due = app_due(a)) && (int32_t)(due - t) <= 0) {
		fake_now = due;
		app_run_due(a, due);
		if (a->dirty)
			app_render(a);
	}
	fake_now = t;
}

static void event(App *a, EventType type, int arg)
{
	fake_now += 700; /* past the press rules' settle time */
	app_event(a, (Event){ .type = type, .arg = arg, .now_ms = fake_now });
	app_render(a);
}

/* From Welcome to the review: a service, every question answered. */
static void to_review(Kiosk *k)
{
	event(&k->app, EV_START, 0);
	event(&k->app, EV_SERVICE, 0);
	for (int i = 0; i < k->spec.nquestions; i++)
		event(&k->app, EV_ANSWER, 4);
}

/* A finished response the database cannot take waits and is tried again
 * SAVER_RETRY_MS later through app_due(), without sleeping: here the
 * database's file is replaced by a folder, then the folder removed. */
static void retry_is_a_timer(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("retry");
	App *a = &k->app;
	to_review(k);
	assert_int_equal(a->survey.screen, SCREEN_REVIEW);
	char side[700];
	static const char *const ext[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", k->db, ext[i]);
		unlink(side);
	}
	assert_int_equal(mkdir(k->db, 0700), 0); /* where the database was: nothing can open it */
	event(a, EV_SEND, 0);
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	assert_true(a->survey.kept);
	assert_int_equal(k->sv.pending.n, 1);
	uint32_t sent = fake_now;
	assert_int_equal(k->sv.retry_at, (sent + SAVER_RETRY_MS) | 1);
	assert_true((int32_t)(app_due(a) - k->sv.retry_at) <= 0);
	pass_to(a, sent + SAVER_RETRY_MS - 10); /* not yet */
	assert_int_equal(k->sv.pending.n, 1);
	assert_int_equal(rmdir(k->db), 0); /* the folder goes: the database can be made again */
	pass_to(a, sent + SAVER_RETRY_MS + 10);
	assert_int_equal(k->sv.pending.n, 0);
	assert_int_equal(k->sv.retry_at, 0);
	char period[16];
	saver_period(&k->sv, period, NULL, 0);
	assert_int_equal(store_count(k->sv.store, period), 1);
	kiosk_free(k);
}

/* One-switch scanning moves the focus by itself, one step each
 * settings_scan_ms, through app_due(); a step is not the client's
 * activity, so the timeout still comes on time. */
static void scanning_is_a_timer(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("scan");
	App *a = &k->app;
	event(a, EV_START, 0);
	k->acc.set.input = INPUT_ONE_SWITCH;
	access_apply(&k->acc, &a->ui);
	app_render(a);
	k->acc.last_scan = fake_now;
	int step = settings_scan_ms[k->acc.set.scan], focus = a->ui.focus;
	assert_int_equal(app_due(a), fake_now + (uint32_t)step);
	uint32_t t0 = fake_now;
	pass_to(a, t0 + (uint32_t)step - 1);
	assert_int_equal(a->ui.focus, focus);
	pass_to(a, t0 + (uint32_t)step);
	assert_int_equal(a->ui.focus, focus + 1);
	pass_to(a, t0 + 2 * (uint32_t)step);
	assert_int_equal(a->ui.focus, focus + 2);
	/* the inactivity timeout: from the last activity, not the last step */
	uint32_t idle = survey_idle_ms(&a->survey);
	pass_to(a, a->survey.last_activity + idle - 1);
	assert_int_equal(a->survey.screen, SCREEN_SERVICE);
	pass_to(a, a->survey.last_activity + idle);
	assert_int_equal(a->survey.screen, SCREEN_TIMEOUT);
	kiosk_free(k);
}

/* Reading aloud: a scanning step says the control it reaches, cutting off
 * what is being said, so the next step waits until the screen's words
 * (or the last step's) have been said (Access.said_until, set from what
 * the speech still has to play). */
static void scanning_waits_for_speech(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("scan-speech");
	App *a = &k->app;
	event(a, EV_START, 0);
	k->acc.set.input = INPUT_ONE_SWITCH;
	access_apply(&k->acc, &a->ui);
	app_render(a);
	uint32_t t0 = fake_now, step = (uint32_t)settings_scan_ms[k->acc.set.scan];
	k->acc.last_scan = t0;
	k->acc.said_until = t0 + 3 * step; /* a long question being read */
	int focus = a->ui.focus;
	pass_to(a, t0 + 3 * step - 1);
	assert_int_equal(a->ui.focus, focus);
	pass_to(a, t0 + 3 * step);
	assert_int_equal(a->ui.focus, focus + 1);
	pass_to(a, t0 + 4 * step); /* said: the usual pace again */
	assert_int_equal(a->ui.focus, focus + 2);
	kiosk_free(k);
}

/* The thank-you screen, with the help line on it, stays until what it
 * says has been said; then it ends as usual. */
static void thanks_waits_for_speech(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("thanks-speech");
	App *a = &k->app;
	to_review(k);
	event(a, EV_SEND, 0);
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	uint32_t shown = fake_now;
	k->acc.said_until = shown + k->spec.thanks_ms + 5000; /* Polish at the slowest speed */
	pass_to(a, shown + k->spec.thanks_ms + 4999);
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	pass_to(a, shown + k->spec.thanks_ms + 5000);
	assert_int_equal(a->survey.screen, SCREEN_WELCOME);
	/* Stop, to read the help line in quiet: the usual wait from the press,
	 * even when the screen has been there longer than that */
	to_review(k);
	event(a, EV_SEND, 0);
	shown = fake_now;
	k->acc.said_until = shown + 3 * k->spec.thanks_ms;
	pass_to(a, shown + 2 * k->spec.thanks_ms);
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	k->acc.set.speech = 1; /* Stop works only while reading aloud (no Speech is made here) */
	app_event(a, (Event){ .type = EV_SPEECH, .arg = 1, .now_ms = fake_now });
	k->acc.set.speech = 0;
	uint32_t stopped = fake_now;
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	pass_to(a, stopped + k->spec.thanks_ms - 1);
	assert_int_equal(a->survey.screen, SCREEN_THANKS);
	pass_to(a, stopped + k->spec.thanks_ms);
	assert_int_equal(a->survey.screen, SCREEN_WELCOME);
	/* nothing being said: the usual wait */
	to_review(k);
	event(a, EV_SEND, 0);
	shown = fake_now;
	pass_to(a, shown + k->spec.thanks_ms);
	assert_int_equal(a->survey.screen, SCREEN_WELCOME);
	kiosk_free(k);
}

/* A session that times out ends on Welcome in the kiosk's own language
 * with every setting at its default. */
static void session_end_resets(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("reset");
	App *a = &k->app;
	assert_true(k->cfg.nlangs > 1);
	event(a, EV_LANGUAGE, 1);
	assert_int_equal(a->lang, 1);
	event(a, EV_ACCESS, 0);
	event(a, EV_SETTING, SETTING_ARG(SET_TEXT, +1));
	assert_int_equal(k->acc.set.text, 1);
	event(a, EV_ACCESS_DONE, 0);
	event(a, EV_START, 0);
	assert_int_equal(a->survey.screen, SCREEN_SERVICE);
	assert_int_equal(a->lang, 1); /* kept within the session */
	pass_to(a, fake_now + 10 * 60 * 1000); /* nobody there: timeout, then Welcome */
	assert_int_equal(a->survey.screen, SCREEN_WELCOME);
	assert_int_equal(a->lang, 0);
	assert_int_equal(k->acc.set.text, 0);
	assert_int_equal(a->ui.rtl, k->langs[0].rtl);
	kiosk_free(k);
}

/* "Undo all changes" in the settings brings back the language they were
 * opened in, as well as every setting. */
static void undo_restores_language(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("undo");
	App *a = &k->app;
	event(a, EV_START, 0);
	event(a, EV_ACCESS, 0);
	assert_int_equal(a->survey.screen, SCREEN_ACCESS);
	event(a, EV_LANGUAGE, 2);
	event(a, EV_SETTING, SETTING_ARG(SET_CONTRAST, 0));
	assert_int_equal(a->lang, 2);
	event(a, EV_SETTING, SETTING_ARG(SET_RESET, 0));
	assert_int_equal(a->lang, 0);
	assert_int_equal(k->acc.set.contrast, 0);
	kiosk_free(k);
}

/* Welcome's "we did" entries take turns through app_due() alone: every
 * we_did_seconds on Welcome, never off it, and never while what is being
 * said has not ended. */
static void we_did_turns_are_timers(void **state)
{
	(void)state;
	Kiosk *k = kiosk_new("wedid");
	App *a = &k->app;
	char path[700], err[600];
	snprintf(path, sizeof path, "%s/wedid.ini", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("[2026-10 Counselling]\nwe_did = Old.\n[2026-11 Family support]\nwe_did = Play corner.\n"
	      "[2026-11 Counselling]\nyou_said = Rushed.\nwe_did = One hour.\nwe_did.es = Una hora.\n"
	      "you_said.es = Prisa.\n", f);
	fclose(f);
	WeDid *w;
	assert_int_equal(wedid_load(&w, path, err, sizeof err), 0);
	app_we_did(a, w);
	uint32_t start = fake_now;
	app_start(a, NULL, start);
	app_render(a);
	assert_int_equal(a->we_did_n, 2);
	assert_string_equal(a->content.we_did, "You told us: Rushed. What we did: One hour.");
	assert_int_equal(app_due(a), start + 8000);
	pass_to(a, start + 7999);
	assert_int_equal(a->we_did_turn, 0);
	pass_to(a, start + 8000);
	assert_string_equal(a->content.we_did, "What we did: Play corner.");
	assert_int_equal(app_due(a), start + 16000);
	/* in Spanish: the entry's own words; the other wholly in English */
	event(a, EV_LANGUAGE, 1);
	assert_string_equal(a->content.we_did, "What we did: Play corner.");
	assert_string_equal(a->we_did_lines[0], "Ustedes nos dijeron: Prisa. Lo que hicimos: Una hora.");
	/* while something is still being said, the turn waits for it */
	a->acc->said_until = start + 30000;
	assert_int_equal(app_due(a), start + 30000);
	pass_to(a, start + 29999);
	assert_int_equal(a->we_did_turn, 1);
	pass_to(a, start + 30000);
	assert_int_equal(a->we_did_turn, 0);
	a->acc->said_until = 0;
	/* off Welcome, no turn */
	event(a, EV_START, 0);
	assert_int_equal(a->survey.screen, SCREEN_SERVICE);
	uint32_t t = fake_now;
	assert_true(app_due(a) == 0 || (int32_t)(app_due(a) - (t + 30000)) > 0);
	pass_to(a, t + 30000);
	assert_int_equal(a->we_did_turn, 0);
	kiosk_free(k);
	wedid_free(w);
}

int main(void)
{
	setenv("HEARD_ASSETS", HEARD_ASSET_DIR, 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retry_is_a_timer),
		cmocka_unit_test(scanning_is_a_timer),
		cmocka_unit_test(scanning_waits_for_speech),
		cmocka_unit_test(thanks_waits_for_speech),
		cmocka_unit_test(session_end_resets),
		cmocka_unit_test(undo_restores_language),
		cmocka_unit_test(we_did_turns_are_timers),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
