/* test_staff.c - the staff's way out (staff.c): the corner that opens the
 * PIN pad, the pad itself (right and wrong PINs, Delete, the lock after
 * five wrong PINs, dots instead of digits, idle), and the staff screen's
 * Resume and Exit, and the lock kept across a restart in the lock file.
 * staff_screen() runs through ui.c on the fake drawing
 * layer, pressed and released like a finger would (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "staff.h"
#include "ui.h"
#include "scratch.h"
#include "assert_has.h"

#define DOT "\xe2\x80\xa2" /* what staff.entered shows per digit */
#define PIN "246813"

static char hash[crypto_pwhash_STRBYTES]; /* of PIN, made once by group_setup */

static const char *const KEYS[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
                                      "Delete", "0", "OK" };

/* A kiosk window around the pad: its Ui, the Staff state, what the staff
 * screen shows, and the kiosk's clock (SDL ticks). */
typedef struct {
	Ui ui;
	Staff st;
	StaffInfo info;
	const char *hash;
	int w, h;
	uint32_t t;
} Rig;

static void rig_size(Rig *r, const char *pin_hash, int w, int h)
{
	memset(r, 0, sizeof *r);
	ui_init(&r->ui, NULL, 500);
	r->ui.mm_w = 217; /* the embedded default [screen] */
	r->ui.mm_h = 136;
	r->w = w;
	r->h = h;
	r->hash = pin_hash;
	r->info = (StaffInfo){ .db = "/var/lib/heard/heard.db", .period = "2026-11", .stored = 7,
	                       .queued = 0, .last_error = "" };
	r->t = 10000;
	staff_open(&r->st, r->t); /* as main.c's run() does when the hold is long enough */
	ui_screen_changed(&r->ui, r->t);
}

static void rig(Rig *r) { rig_size(r, hash, 1280, 800); }

/* One input through the pad or staff screen, as main.c's staff_input()
 * does (a new screen when the mode changes). */
static StaffAction step(Rig *r, InputType type, int x, int y, int digit)
{
	Input in = { .type = type, .x = x, .y = y, .digit = digit, .t_ms = r->t };
	StaffMode before = r->st.mode;
	ui_begin(&r->ui, &in, r->w, r->h, 0);
	StaffAction a = staff_screen(&r->ui, &r->st, r->hash, &r->info, r->t);
	ui_end(&r->ui);
	if (r->st.mode != before)
		ui_screen_changed(&r->ui, r->t);
	return a;
}

/* Paint the screen as it is now (main.c's render()) and return widget id,
 * NULL when it is not on the screen. */
static const UiWidget *look(Rig *r, const char *id)
{
	ui_begin(&r->ui, NULL, r->w, r->h, 1);
	staff_screen(&r->ui, &r->st, r->hash, &r->info, r->t);
	ui_end(&r->ui);
	for (int i = 0; i < r->ui.nwidgets; i++)
		if (!strcmp(r->ui.widgets[i].id, id))
			return &r->ui.widgets[i];
	return NULL;
}

static const char *label(Rig *r, const char *id)
{
	const UiWidget *w = look(r, id);
	if (!w)
		fail_msg("no widget %s on the staff screen", id);
	return w->label;
}

static WidgetState wstate(Rig *r, const char *id)
{
	const UiWidget *w = look(r, id);
	if (!w)
		fail_msg("no widget %s on the staff screen", id);
	return w->state;
}

/* A finger on control id: down at its centre, up 50 ms later; a second
 * after the previous tap (clear of the 0.5 s repeat window). */
static StaffAction tap(Rig *r, const char *id)
{
	const UiWidget *w = look(r, id);
	if (!w)
		fail_msg("no control %s to tap", id);
	int x = w->r.x + w->r.w / 2, y = w->r.y + w->r.h / 2;
	r->t += 1000;
	step(r, IN_PRESS, x, y, 0);
	r->t += 50;
	return step(r, IN_RELEASE, x, y, 0);
}

static StaffAction key(Rig *r, const char *k)
{
	char id[32];
	snprintf(id, sizeof id, "staff.key.%s", k);
	return tap(r, id);
}

/* Tap the digits of pin, then OK. */
static StaffAction enter(Rig *r, const char *pin)
{
	for (const char *p = pin; *p; p++)
		assert_int_equal(key(r, (char[]){ *p, '\0' }), STAFF_NONE);
	return key(r, "OK");
}

/* staff.entered shows n dots (a blank when empty) and never a digit. */
static void expect_dots(Rig *r, size_t n)
{
	char want[STAFF_PIN_MAX * 3 + 1] = "";
	for (size_t i = 0; i < n; i++)
		strcat(want, DOT);
	const char *got = label(r, "staff.entered");
	assert_string_equal(got, n ? want : " ");
	assert_null(strpbrk(got, "0123456789"));
}

static int starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

static void expect_keys(Rig *r, WidgetState want)
{
	for (int i = 0; i < 12; i++) {
		char id[32];
		snprintf(id, sizeof id, "staff.key.%s", KEYS[i]);
		if (wstate(r, id) != want)
			fail_msg("%s is in state %d, expected %d", id, wstate(r, id), want);
	}
}

/* ---- tests ------------------------------------------------------------- */

static void test_corner(void **state)
{
	(void)state;
	/* 12 mm at 5 px/mm: the 60 x 60 px square at the top left */
	assert_true(staff_corner(0, 0, 5.0));
	assert_true(staff_corner(59, 59, 5.0));
	assert_true(staff_corner(5, 5, 5.0));
	assert_false(staff_corner(60, 0, 5.0));
	assert_false(staff_corner(0, 60, 5.0));
	assert_false(staff_corner(59, 60, 5.0));
	assert_false(staff_corner(-1, 5, 5.0)); /* no pointer (keys): x, y = -1 */
	assert_false(staff_corner(5, -1, 5.0));
	assert_false(staff_corner(-1, -1, 5.0));
	/* it grows with the pixel density: 12 mm at 10 px/mm is 120 px */
	assert_true(staff_corner(119, 119, 10.0));
	assert_false(staff_corner(120, 10, 10.0));
	assert_false(staff_corner(10, 120, 10.0));
	/* the default 217 x 136 mm screen at 1280 x 800: 5.88 px/mm, 71 px */
	Rig r;
	rig(&r);
	r.ui.w = 1280;
	r.ui.h = 800;
	double ppm = ui_px_per_mm(&r.ui);
	assert_true(staff_corner(70, 70, ppm));
	assert_false(staff_corner(71, 0, ppm));
	assert_false(staff_corner(640, 400, ppm));
	assert_false(staff_corner(1279, 0, ppm)); /* the top right is not it */
}

/* The hold: a press in the corner opens the pad STAFF_HOLD_MS later,
 * through staff_due()/staff_run() (the loop's one timer, with a fake
 * clock here); a release or a move out of the corner before then cancels
 * it; the pad left alone closes STAFF_IDLE_MS after its last input. */
static void test_hold_is_a_timer(void **state)
{
	(void)state;
	Staff st;
	memset(&st, 0, sizeof st);
	double ppm = 5.0; /* 12 mm: 60 px */
	Input press = { .type = IN_PRESS, .x = 10, .y = 10, .t_ms = 1000 };
	assert_int_equal(staff_due(&st), 0);
	staff_track(&st, &press, ppm);
	assert_int_equal(staff_due(&st), 1000 + STAFF_HOLD_MS);
	assert_int_equal(staff_run(&st, 1000 + STAFF_HOLD_MS - 1), STAFF_DUE_NONE);
	assert_int_equal(st.mode, STAFF_OFF);
	Input out = { .type = IN_MOTION, .x = 400, .y = 400, .t_ms = 2000 };
	staff_track(&st, &out, ppm); /* moved away: no pad */
	assert_int_equal(staff_due(&st), 0);
	assert_int_equal(staff_run(&st, 1000 + STAFF_HOLD_MS), STAFF_DUE_NONE);
	press.t_ms = 5000;
	staff_track(&st, &press, ppm);
	Input up = { .type = IN_RELEASE, .x = 10, .y = 10, .t_ms = 5500 };
	staff_track(&st, &up, ppm); /* let go too soon: no pad */
	assert_int_equal(staff_run(&st, 5000 + STAFF_HOLD_MS), STAFF_DUE_NONE);
	press.t_ms = 9000;
	staff_track(&st, &press, ppm);
	assert_int_equal(staff_run(&st, 9000 + STAFF_HOLD_MS), STAFF_DUE_OPENED);
	assert_int_equal(st.mode, STAFF_PIN);
	assert_int_equal(staff_due(&st), 9000 + STAFF_HOLD_MS + STAFF_IDLE_MS);
	assert_int_equal(staff_run(&st, 9000 + STAFF_HOLD_MS + STAFF_IDLE_MS - 1), STAFF_DUE_NONE);
	assert_int_equal(staff_run(&st, 9000 + STAFF_HOLD_MS + STAFF_IDLE_MS), STAFF_DUE_CLOSED);
	assert_int_equal(st.mode, STAFF_OFF);
}

static void test_pad_opens_ready(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	assert_int_equal(r.st.mode, STAFF_PIN);
	assert_string_equal(label(&r, "staff.message"), "Staff: enter the PIN.");
	expect_dots(&r, 0);
	expect_keys(&r, W_NORMAL);
	assert_int_equal(wstate(&r, "staff.cancel"), W_NORMAL);
	assert_string_equal(label(&r, "staff.key.OK"), "OK");
	assert_string_equal(label(&r, "staff.key.Delete"), "Delete");
	assert_null(look(&r, "staff.exit")); /* nothing of the staff screen before the PIN */
	assert_null(look(&r, "staff.db"));
}

static void test_right_pin_opens_menu(void **state)
{
	(void)state;
	assert_int_equal(staff_pin_ok(hash, PIN), 0);
	assert_int_equal(staff_pin_ok(hash, "246814"), -1);
	assert_int_equal(staff_pin_ok(hash, ""), -1);
	assert_int_equal(staff_pin_ok(NULL, PIN), -1);
	assert_int_equal(staff_pin_ok("", PIN), -1);
	assert_int_equal(staff_pin_ok(PIN, PIN), -1); /* a bare PIN is no hash */

	Rig r;
	rig(&r);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
	assert_int_equal(r.st.wrong, 0);
	for (size_t i = 0; i < sizeof r.st.entered; i++) /* the PIN is wiped */
		assert_int_equal(r.st.entered[i], 0);
	assert_non_null(look(&r, "staff.resume"));
	assert_non_null(look(&r, "staff.exit"));
	assert_null(look(&r, "staff.key.OK"));
}

static void test_wrong_pin_says_so(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	assert_int_equal(enter(&r, "135790"), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	assert_int_equal(r.st.wrong, 1);
	assert_string_equal(label(&r, "staff.message"), "That PIN is not right.");
	expect_dots(&r, 0); /* cleared for the next try */
	for (size_t i = 0; i < sizeof r.st.entered; i++)
		assert_int_equal(r.st.entered[i], 0);
	expect_keys(&r, W_NORMAL);
	/* a longer PIN is wrong too */
	assert_int_equal(enter(&r, "2468130"), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	assert_int_equal(r.st.wrong, 2);
	/* fewer than six digits are no PIN: the pad says so and counts no try */
	assert_int_equal(enter(&r, "24681"), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	assert_string_equal(label(&r, "staff.message"), "A staff PIN has at least six digits. Shorter? Ask for a new PIN.");
	expect_dots(&r, 5); /* kept: one more digit makes six */
	key(&r, "Delete");
	key(&r, "Delete");
	key(&r, "Delete");
	key(&r, "Delete");
	key(&r, "Delete");
	assert_int_equal(enter(&r, ""), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	assert_int_equal(r.st.wrong, 2);
	/* and the right one still works after them */
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

static void test_five_wrong_pins_lock(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	for (int i = 1; i < STAFF_TRIES; i++) {
		enter(&r, "135790");
		assert_int_equal(r.st.mode, STAFF_PIN);
		assert_string_equal(label(&r, "staff.message"), "That PIN is not right.");
		expect_keys(&r, W_NORMAL); /* not locked after 4 */
	}
	enter(&r, "135790"); /* the fifth */
	uint32_t locked_at = r.t;
	assert_true(starts(label(&r, "staff.message"), "Too many wrong PINs"));
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 5 min.");
	expect_keys(&r, W_DISABLED);
	assert_int_equal(wstate(&r, "staff.cancel"), W_NORMAL);

	/* locked: the keys do nothing, not even the right PIN */
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	expect_dots(&r, 0);
	for (int d = 1; d <= 9; d++) { /* nor digit keys on a keyboard */
		r.t += 1000;
		step(&r, IN_DIGIT, -1, -1, d);
	}
	expect_dots(&r, 0);
	/* closing the pad and opening it again does not lift the lock */
	r.t += 1000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	expect_keys(&r, W_DISABLED);
	assert_true(starts(label(&r, "staff.message"), "Too many wrong PINs"));
	/* still locked just before 5 minutes are up */
	r.t = locked_at + STAFF_LOCK_MS - 10000;
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 1 min.");
	assert_int_equal(enter(&r, PIN), STAFF_NONE); /* taps until 4.95 s before the end */
	assert_int_equal(r.st.mode, STAFF_PIN);
	expect_keys(&r, W_DISABLED);
	/* 5 minutes later the keys work and the right PIN opens the staff screen */
	r.t = locked_at + STAFF_LOCK_MS;
	assert_int_equal(enter(&r, PIN), STAFF_NONE); /* first tap 1 s after the end */
	assert_int_equal(r.st.mode, STAFF_MENU);
}

/* The kiosk's clock is SDL's 32-bit milliseconds: a kiosk runs for weeks,
 * and the clock wraps after 49.7 days. */
static void test_lock_on_a_long_running_kiosk(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	for (int i = 0; i < STAFF_TRIES; i++)
		enter(&r, "135790");
	expect_keys(&r, W_DISABLED);
	uint32_t locked_at = r.t;
	/* the pad opened again 25 days later: the lock is long over */
	r.t = locked_at + 25u * 24 * 3600 * 1000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	assert_false(starts(label(&r, "staff.message"), "Too many wrong PINs"));
	expect_keys(&r, W_NORMAL);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);

	/* locked a minute before the clock wraps: 5 minutes, across the wrap */
	rig(&r);
	r.t = UINT32_MAX - 60000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	for (int i = 0; i < STAFF_TRIES; i++)
		enter(&r, "135790");
	locked_at = r.t;
	assert_true(locked_at > UINT32_MAX - 60000); /* not yet wrapped */
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 5 min.");
	r.t = locked_at + STAFF_LOCK_MS - 10000; /* wrapped */
	assert_true(r.t < locked_at);
	expect_keys(&r, W_DISABLED);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	r.t = locked_at + STAFF_LOCK_MS;
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

static void test_lock_counts_in_a_row(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	/* a right PIN starts the count again */
	for (int i = 1; i < STAFF_TRIES; i++)
		enter(&r, "111111");
	enter(&r, PIN);
	assert_int_equal(r.st.mode, STAFF_MENU);
	r.t += 1000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	for (int i = 1; i < STAFF_TRIES; i++)
		enter(&r, "111111");
	expect_keys(&r, W_NORMAL);
	assert_true(starts(label(&r, "staff.message"), "That PIN is not right."));
	/* but Cancel and opening the pad again does not: the fifth locks */
	assert_int_equal(tap(&r, "staff.cancel"), STAFF_RESUME);
	r.t += 1000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	enter(&r, "111111");
	expect_keys(&r, W_DISABLED);
	assert_true(starts(label(&r, "staff.message"), "Too many wrong PINs"));
}

static void test_delete_removes_last_digit(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	for (const char *d = "246819"; *d; d++)
		key(&r, (char[]){ *d, '\0' });
	expect_dots(&r, 6);
	assert_int_equal(key(&r, "Delete"), STAFF_NONE);
	expect_dots(&r, 5);
	assert_string_equal(r.st.entered, "24681");
	key(&r, "3");
	assert_int_equal(key(&r, "OK"), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU); /* 246819, Delete, 3: 246813 */

	rig(&r);
	key(&r, "1");
	key(&r, "2");
	for (int i = 0; i < 4; i++) /* more Deletes than digits */
		key(&r, "Delete");
	expect_dots(&r, 0);
	assert_string_equal(r.st.entered, "");
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

static void test_entered_shows_only_dots(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	const char *digits = "1234567890";
	for (size_t i = 0; i < strlen(digits); i++) {
		key(&r, (char[]){ digits[i], '\0' });
		expect_dots(&r, i + 1);
		/* no text on the pad shows what was typed */
		look(&r, "staff.entered");
		for (int j = 0; j < r.ui.nwidgets; j++)
			if (!strcmp(r.ui.widgets[j].role, "text"))
				assert_null(strpbrk(r.ui.widgets[j].label, "0123456789"));
	}
	/* at most STAFF_PIN_MAX digits */
	key(&r, "1");
	key(&r, "2");
	key(&r, "3");
	expect_dots(&r, STAFF_PIN_MAX);
	assert_int_equal(strlen(r.st.entered), STAFF_PIN_MAX);
}

static void test_keyboard_digits(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	for (const char *p = PIN; *p; p++) {
		r.t += 1000;
		step(&r, IN_DIGIT, -1, -1, *p - '0');
	}
	expect_dots(&r, strlen(PIN));
	assert_int_equal(key(&r, "OK"), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

static void test_idle(void **state)
{
	(void)state;
	Rig r;
	rig(&r); /* opened at t = 10000 */
	uint32_t opened = r.t;
	assert_false(staff_idle(&r.st, opened));
	assert_false(staff_idle(&r.st, opened + STAFF_IDLE_MS - 1));
	assert_true(staff_idle(&r.st, opened + STAFF_IDLE_MS));
	/* drawing is not use */
	r.t = opened + 30000;
	look(&r, "staff.message");
	assert_true(staff_idle(&r.st, opened + STAFF_IDLE_MS));
	/* a key is: 60 s from the last one */
	r.t = opened + 30000 - 1050;
	key(&r, "5"); /* released at opened + 30000 */
	assert_false(staff_idle(&r.st, opened + STAFF_IDLE_MS));
	assert_false(staff_idle(&r.st, opened + 30000 + STAFF_IDLE_MS - 1));
	assert_true(staff_idle(&r.st, opened + 30000 + STAFF_IDLE_MS));
	/* the staff screen too */
	key(&r, "Delete");
	enter(&r, PIN);
	assert_int_equal(r.st.mode, STAFF_MENU);
	uint32_t last = r.t;
	assert_false(staff_idle(&r.st, last + STAFF_IDLE_MS - 1));
	assert_true(staff_idle(&r.st, last + STAFF_IDLE_MS));
	r.t = last + 20000;
	step(&r, IN_PRESS, 640, 5, 0); /* a touch anywhere on it counts */
	step(&r, IN_RELEASE, 640, 5, 0);
	assert_false(staff_idle(&r.st, last + STAFF_IDLE_MS));
	assert_true(staff_idle(&r.st, last + 20000 + STAFF_IDLE_MS));
	/* closed, it is never idle */
	r.st.mode = STAFF_OFF;
	assert_false(staff_idle(&r.st, last + 10 * STAFF_IDLE_MS));
}

static void test_cancel_resumes(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	key(&r, "2");
	key(&r, "4");
	assert_int_equal(tap(&r, "staff.cancel"), STAFF_RESUME);
	/* reopened, the pad starts empty */
	r.t += 1000;
	staff_open(&r.st, r.t);
	ui_screen_changed(&r.ui, r.t);
	expect_dots(&r, 0);
	assert_string_equal(label(&r, "staff.message"), "Staff: enter the PIN.");
}

static void test_no_pin_configured(void **state)
{
	(void)state;
	static const char *const none[2] = { NULL, "" };
	for (int i = 0; i < 2; i++) {
		Rig r;
		rig_size(&r, none[i], 1280, 800);
		assert_true(starts(label(&r, "staff.message"), "No staff PIN is set"));
		expect_keys(&r, W_DISABLED);
		assert_int_equal(enter(&r, PIN), STAFF_NONE);
		assert_int_equal(r.st.mode, STAFF_PIN);
		expect_dots(&r, 0);
		assert_int_equal(tap(&r, "staff.cancel"), STAFF_RESUME);
	}
}

static void test_menu_resume_and_exit(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	enter(&r, PIN);
	assert_int_equal(r.st.mode, STAFF_MENU);
	assert_string_equal(label(&r, "staff.db"), "Database: /var/lib/heard/heard.db");
	assert_string_equal(label(&r, "staff.stored"), "Responses stored in 2026-11: 7");
	assert_string_equal(label(&r, "staff.queued"), "Waiting to be saved: 0");
	assert_string_equal(label(&r, "staff.error"), "Last save error: none");
	assert_int_equal(tap(&r, "staff.resume"), STAFF_RESUME);
	assert_int_equal(tap(&r, "staff.exit"), STAFF_EXIT);

	r.info.stored = -1;
	r.info.queued = 2;
	r.info.last_error = "heard.db: disk full";
	assert_string_equal(label(&r, "staff.stored"), "Responses stored in 2026-11: cannot be read");
	assert_string_equal(label(&r, "staff.queued"), "Waiting to be saved: 2");
	assert_string_equal(label(&r, "staff.error"), "Last save error: heard.db: disk full");
	/* a tap between the buttons does neither */
	const UiWidget *db = look(&r, "staff.db");
	int x = db->r.x + db->r.w / 2, y = db->r.y + db->r.h / 2;
	r.t += 1000;
	assert_int_equal(step(&r, IN_PRESS, x, y, 0), STAFF_NONE);
	r.t += 50;
	assert_int_equal(step(&r, IN_RELEASE, x, y, 0), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

/* Both staff screens at three window sizes: everything on screen, nothing
 * overlapping, every control at least 12 mm both ways. */
static void test_layout(void **state)
{
	(void)state;
	static const struct { int w, h; double mm_w, mm_h; } sizes[] = {
		{ 800, 480, 154, 86 }, { 1280, 800, 217, 136 }, { 1920, 1080, 344, 194 },
	};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		Rig r;
		rig_size(&r, hash, sizes[s].w, sizes[s].h);
		r.ui.mm_w = sizes[s].mm_w;
		r.ui.mm_h = sizes[s].mm_h;
		for (int screen = 0; screen < 2; screen++) {
			if (screen == 1) {
				enter(&r, PIN);
				assert_int_equal(r.st.mode, STAFF_MENU);
			}
			look(&r, "staff.message");
			double ppm = ui_px_per_mm(&r.ui);
			for (int i = 0; i < r.ui.nwidgets; i++) {
				const UiWidget *a = &r.ui.widgets[i];
				if (a->r.x < 0 || a->r.y < 0 || a->r.x + a->r.w > r.w || a->r.y + a->r.h > r.h)
					fail_msg("%dx%d: %s is off screen", r.w, r.h, a->id);
				if (!strcmp(a->role, "button") && (a->r.w < 12 * ppm - 0.5 || a->r.h < 12 * ppm - 0.5))
					fail_msg("%dx%d: %s is under 12 mm", r.w, r.h, a->id);
				for (int j = i + 1; j < r.ui.nwidgets; j++) {
					const UiWidget *b = &r.ui.widgets[j];
					if (a->r.x < b->r.x + b->r.w && b->r.x < a->r.x + a->r.w &&
					    a->r.y < b->r.y + b->r.h && b->r.y < a->r.y + a->r.h)
						fail_msg("%dx%d: %s overlaps %s", r.w, r.h, a->id, b->id);
				}
			}
		}
	}
}

/* ---- the lock file: a restart does not lift the lock --------------------- */

static char db_file[600], lock_file[620];

/* A kiosk (re)started at wall-clock time wall, its pad opened: the rig
 * with staff_init() on the lock file, as main.c does. */
static void restart(Rig *r, time_t wall)
{
	char err[1400] = "";
	rig(r);
	if (staff_init(&r->st, db_file, wall, r->t, err, sizeof err))
		fail_msg("staff_init: %s", err);
	staff_open(&r->st, r->t);
	ui_screen_changed(&r->ui, r->t);
}

static void fresh_lock_file(const char *name)
{
	snprintf(db_file, sizeof db_file, "%s/%s.db", tmpdir, name);
	snprintf(lock_file, sizeof lock_file, "%s.staff-lock", db_file);
	unlink(lock_file);
}

/* A kiosk started with a new lock file (name), then locked by 5 wrong PINs. */
static void lock_pad(Rig *r, const char *name)
{
	fresh_lock_file(name);
	restart(r, time(NULL));
	expect_keys(r, W_NORMAL);
	for (int i = 0; i < STAFF_TRIES; i++)
		enter(r, "135790");
	expect_keys(r, W_DISABLED);
}

static void test_lock_survives_restart(void **state)
{
	(void)state;
	Rig r;
	lock_pad(&r, "restart");
	struct stat sb;
	assert_int_equal(lstat(lock_file, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* it holds the lock's end and nothing else */
	FILE *f = fopen(lock_file, "r");
	assert_non_null(f);
	char text[256] = "";
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	long long until = 0;
	assert_int_equal(sscanf(text, "heard-staff-lock 1\nwrong 0\nuntil %lld\n", &until), 1);
	assert_true(until >= (long long)time(NULL) + 290 && until <= (long long)time(NULL) + 300);

	/* the kiosk restarted (power cut, kill): still locked, the right PIN
	 * does nothing, and the lock ends 5 minutes after it began */
	restart(&r, time(NULL));
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 5 min.");
	expect_keys(&r, W_DISABLED);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_PIN);
	restart(&r, (time_t)until - 90); /* 3.5 minutes later */
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 2 min.");
	expect_keys(&r, W_DISABLED);
	restart(&r, (time_t)until + 1);
	expect_keys(&r, W_NORMAL);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

/* The clock set back (by a person, or a kiosk with no clock battery
 * booting): the lock still holds, for at most 5 minutes from the start. */
static void test_lock_holds_when_clock_set_back(void **state)
{
	(void)state;
	Rig r;
	lock_pad(&r, "clock");
	restart(&r, time(NULL) - 3 * 24 * 3600);
	uint32_t start = r.t;
	assert_string_equal(label(&r, "staff.message"), "Too many wrong PINs. Try again in 5 min.");
	expect_keys(&r, W_DISABLED);
	r.t = start + STAFF_LOCK_MS - 10000;
	expect_keys(&r, W_DISABLED);
	/* the clock put right again before the 5 minutes end: still locked */
	restart(&r, time(NULL));
	expect_keys(&r, W_DISABLED);
	/* 5 minutes after the start with the clock set back, the lock is over, and
	 * it stays over at the next start (the pad cleared the file) */
	restart(&r, time(NULL) - 3 * 24 * 3600);
	r.t += STAFF_LOCK_MS;
	expect_keys(&r, W_NORMAL);
	restart(&r, time(NULL) - 3 * 24 * 3600);
	expect_keys(&r, W_NORMAL);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
}

/* Four wrong PINs, a restart, one more: locked.  A right PIN starts the
 * count again, also across a restart. */
static void test_wrong_count_survives_restart(void **state)
{
	(void)state;
	Rig r;
	fresh_lock_file("count");
	restart(&r, time(NULL));
	for (int i = 1; i < STAFF_TRIES; i++)
		enter(&r, "135790");
	restart(&r, time(NULL));
	assert_int_equal(r.st.wrong, STAFF_TRIES - 1);
	expect_keys(&r, W_NORMAL);
	enter(&r, "135790");
	expect_keys(&r, W_DISABLED);
	assert_true(starts(label(&r, "staff.message"), "Too many wrong PINs"));

	fresh_lock_file("count2");
	restart(&r, time(NULL));
	for (int i = 1; i < STAFF_TRIES; i++)
		enter(&r, "135790");
	enter(&r, PIN);
	assert_int_equal(r.st.mode, STAFF_MENU);
	restart(&r, time(NULL));
	assert_int_equal(r.st.wrong, 0);
	enter(&r, "135790");
	expect_keys(&r, W_NORMAL);
}

/* The clock is implausible before the build, or before the newest period
 * stored, or years after the build; the warning says what is wrong and that
 * answers wait, unsaved (never filed under a period that may be closed). */
static void test_clock_plausible(void **state)
{
	(void)state;
	char why[256];
	time_t built = staff_build_time();
	assert_true(built > 1700000000); /* parsed from __DATE__, after 2023 */
	assert_true(built <= time(NULL));
	time_t later = built + 40 * 86400, earlier = built - 86400;
	/* labels stand for the clock's period: 2099 here is only a label */
	assert_int_equal(staff_clock_wrong(later, built, "2099-01", "", why, sizeof why), 0);
	assert_int_equal(staff_clock_wrong(later, built, "2099-01", "2099-01", why, sizeof why), 0);
	assert_int_equal(staff_clock_wrong(later, built, "2099-Q1", "2099-03", why, sizeof why), 0);
	assert_int_equal(staff_clock_wrong(earlier, built, "2020-01", "", why, sizeof why), 1);
	assert_has(why, "earlier than this program was made");
	assert_has(why, "Answers wait, unsaved");
	assert_int_equal(staff_clock_wrong(earlier, built, "2020-01", "2026-11", why, sizeof why), 1);
	assert_has(why, "Answers wait, unsaved");
	assert_null(strstr(why, "go into"));
	/* far ahead: a clock set to 2099 would file answers where no report looks */
	time_t ahead = built + (time_t)(STAFF_CLOCK_AHEAD_YEARS + 1) * 366 * 86400;
	assert_int_equal(staff_clock_wrong(ahead, built, "2099-01", "", why, sizeof why), 1);
	assert_has(why, "years after this program was made");
	assert_int_equal(staff_clock_wrong(built + 5 * 366 * 86400, built, "2031-01", "", why,
	                                   sizeof why), 0);
	/* after the build, but before answers already stored */
	assert_int_equal(staff_clock_wrong(later, built, "2099-01", "2099-02", why, sizeof why), 1);
	assert_has(why, "earlier than 2099-02, a period this kiosk has already stored answers in or run in");
	assert_int_equal(staff_clock_wrong(later, built, "2098-Q4", "2099-01", why, sizeof why), 1);
	assert_int_equal(staff_clock_wrong(later, built, "2099-03", "2099-Q1", why, sizeof why), 0);
	assert_int_equal(staff_clock_wrong(later, built, "2099-01", "2099-Q2", NULL, 0), 1);
	/* the newest period seen though nothing was stored in it
	 * (store_newest_seen()): a saved clock restored at boot inside the
	 * month before, already over, is wrong; the month itself, or later, not */
	assert_int_equal(staff_clock_wrong(later, built, "2099-03", "2099-04", why, sizeof why), 1);
	assert_has(why, "earlier than 2099-04");
	assert_int_equal(staff_clock_wrong(later, built, "2099-04", "2099-04", why, sizeof why), 0);
	assert_int_equal(staff_clock_wrong(later, built, "2099-05", "2099-04", why, sizeof why), 0);
}

/* The staff screen shows the kiosk's date and time, and the warning only
 * when there is one. */
static void test_menu_shows_clock(void **state)
{
	(void)state;
	Rig r;
	rig(&r);
	assert_int_equal(enter(&r, PIN), STAFF_NONE);
	assert_int_equal(r.st.mode, STAFF_MENU);
	setenv("TZ", "UTC", 1);
	tzset();
	r.info.now = 1764677400; /* 2025-12-02 12:10 UTC */
	assert_has(label(&r, "staff.clock"), "Kiosk date and time: Tuesday 02 December 2025, 12:10");
	assert_null(look(&r, "staff.clock_warning"));
	r.info.clock_warning = "The clock is wrong: it is earlier than this program was made.";
	assert_string_equal(label(&r, "staff.clock_warning"), r.info.clock_warning);
	assert_non_null(look(&r, "staff.error")); /* everything else still there */
	assert_non_null(look(&r, "staff.exit"));
}

static void test_lock_file_checked(void **state)
{
	(void)state;
	Staff st;
	char err[1400] = "";
	fresh_lock_file("mode");
	FILE *f = fopen(lock_file, "w");
	assert_non_null(f);
	fputs("heard-staff-lock 1\nwrong 0\nuntil 0\n", f);
	fclose(f);
	assert_int_equal(chmod(lock_file, 0644), 0);
	assert_int_equal(staff_init(&st, db_file, time(NULL), 1000, err, sizeof err), -1);
	assert_non_null(strstr(err, lock_file));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(lock_file, 0600), 0);
	assert_int_equal(staff_init(&st, db_file, time(NULL), 1000, err, sizeof err), 0);
	assert_int_equal(st.locked, 0);

	char target[600];
	snprintf(target, sizeof target, "%s/elsewhere", tmpdir);
	fresh_lock_file("link");
	assert_int_equal(symlink(target, lock_file), 0);
	assert_int_equal(staff_init(&st, db_file, time(NULL), 1000, err, sizeof err), -1);
	assert_non_null(strstr(err, lock_file));
	assert_int_equal(access(target, F_OK), -1); /* nothing made through it */

	fresh_lock_file("garbage");
	f = fopen(lock_file, "w");
	assert_non_null(f);
	fputs("wrong 0\nuntil 0\n", f);
	fclose(f);
	assert_int_equal(chmod(lock_file, 0600), 0);
	assert_int_equal(staff_init(&st, db_file, time(NULL), 1000, err, sizeof err), 0);
	assert_int_equal(st.locked, 1);
}

static int group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || scratch_setup(state))
		return -1;
	/* as `heard-kiosk --hash-pin` makes it */
	if (crypto_pwhash_str(hash, PIN, strlen(PIN), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	return starts(hash, "$argon2id$") ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corner),
		cmocka_unit_test(test_hold_is_a_timer),
		cmocka_unit_test(test_pad_opens_ready),
		cmocka_unit_test(test_right_pin_opens_menu),
		cmocka_unit_test(test_wrong_pin_says_so),
		cmocka_unit_test(test_five_wrong_pins_lock),
		cmocka_unit_test(test_lock_on_a_long_running_kiosk),
		cmocka_unit_test(test_lock_counts_in_a_row),
		cmocka_unit_test(test_delete_removes_last_digit),
		cmocka_unit_test(test_entered_shows_only_dots),
		cmocka_unit_test(test_keyboard_digits),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_cancel_resumes),
		cmocka_unit_test(test_no_pin_configured),
		cmocka_unit_test(test_menu_resume_and_exit),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_lock_survives_restart),
		cmocka_unit_test(test_lock_holds_when_clock_set_back),
		cmocka_unit_test(test_wrong_count_survives_restart),
		cmocka_unit_test(test_lock_file_checked),
		cmocka_unit_test(test_clock_plausible),
		cmocka_unit_test(test_menu_shows_clock),
	};
	return cmocka_run_group_tests_name("staff", tests, group_setup, scratch_teardown);
}
