/* test_ui.c - the press rules of ui.c that protect clients from
 * accidental input: release inside, drag-off cancels, repeat window,
 * settle time after a screen change, keyboard focus (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui.h"

static const Rect A = { 0, 0, 100, 100 }, B = { 200, 0, 100, 100 };

/* One pass over a screen with buttons A and B (B disabled when asked).
 * Returns 'A', 'B' or 0 for what fired. */
static int pass(Ui *ui, InputType t, int x, int y, uint32_t ms, int b_disabled)
{
	Input in = { .type = t, .x = x, .y = y, .t_ms = ms };
	int fired = 0;
	ui_begin(ui, &in, 800, 480, 0);
	if (ui_button(ui, "a", "A", A, 0))
		fired = 'A';
	if (ui_button(ui, "b", "B", B, b_disabled ? UI_DISABLED : 0))
		fired = 'B';
	ui_end(ui);
	return fired;
}

static int tap(Ui *ui, int x, int y, uint32_t ms)
{
	pass(ui, IN_PRESS, x, y, ms, 0);
	return pass(ui, IN_RELEASE, x, y, ms + 60, 0);
}

static Ui fresh(void)
{
	Ui ui;
	ui_init(&ui, NULL, 500);
	ui_screen_changed(&ui, 0);
	return ui;
}

static void test_fires_on_release_inside(void **state)
{
	(void)state;
	Ui ui = fresh();
	assert_int_equal(pass(&ui, IN_PRESS, 50, 50, 1000, 0), 0); /* not on press */
	assert_int_equal(pass(&ui, IN_RELEASE, 60, 40, 1080, 0), 'A');
	assert_int_equal(tap(&ui, 250, 50, 3000), 'B');
	assert_int_equal(tap(&ui, 150, 50, 5000), 0); /* between the two */
}

static void test_drag_off_cancels(void **state)
{
	(void)state;
	Ui ui = fresh();
	pass(&ui, IN_PRESS, 50, 50, 1000, 0);
	pass(&ui, IN_MOTION, 150, 50, 1050, 0);
	assert_int_equal(pass(&ui, IN_RELEASE, 150, 50, 1100, 0), 0);
	/* pressed on A, released on B: neither fires */
	pass(&ui, IN_PRESS, 50, 50, 2000, 0);
	assert_int_equal(pass(&ui, IN_RELEASE, 250, 50, 2100, 0), 0);
	/* dragging back inside before release still counts */
	pass(&ui, IN_PRESS, 50, 50, 3000, 0);
	pass(&ui, IN_MOTION, 150, 50, 3050, 0);
	pass(&ui, IN_MOTION, 50, 50, 3100, 0);
	assert_int_equal(pass(&ui, IN_RELEASE, 50, 50, 3150, 0), 'A');
}

static void test_repeat_window(void **state)
{
	(void)state;
	Ui ui = fresh();
	assert_int_equal(tap(&ui, 50, 50, 1000), 'A');
	assert_int_equal(tap(&ui, 50, 50, 1300), 0);   /* 0.36 s later: ignored */
	assert_int_equal(tap(&ui, 250, 50, 1400), 'B'); /* another control: fine */
	assert_int_equal(tap(&ui, 50, 50, 1700), 'A');  /* A again after 0.76 s */
}

/* A key that types (UI_TYPING) takes the same key again sooner, so a
 * double letter is typed twice; still not a bounce. */
static int tap_key(Ui *ui, uint32_t ms)
{
	int fired = 0;
	for (int k = 0; k < 2; k++) {
		Input in = { .type = k ? IN_RELEASE : IN_PRESS, .x = 50, .y = 50, .t_ms = ms + (uint32_t)k * 40 };
		ui_begin(ui, &in, 800, 480, 0);
		if (ui_button(ui, "key.l", "l", A, UI_TYPING))
			fired = 1;
		ui_end(ui);
	}
	return fired;
}

static void test_typing_key_repeat(void **state)
{
	(void)state;
	Ui ui = fresh();
	assert_int_equal(tap_key(&ui, 1000), 1);
	assert_int_equal(tap_key(&ui, 1200), 1);  /* "ll": 0.2 s later, typed */
	assert_int_equal(tap_key(&ui, 1300), 0);  /* 0.1 s later: a bounce */
	assert_int_equal(tap_key(&ui, 1460), 1);  /* past 150 ms of the last that fired */
	assert_int_equal(tap(&ui, 50, 50, 1700), 'A');
	assert_int_equal(tap(&ui, 50, 50, 1900), 0); /* an answer keeps the whole window */
}

static void test_settle_after_screen_change(void **state)
{
	(void)state;
	Ui ui = fresh();
	ui_screen_changed(&ui, 5000);
	assert_int_equal(tap(&ui, 50, 50, 5100), 0); /* began during the change */
	assert_int_equal(tap(&ui, 50, 50, 5300), 'A');
	/* a press that began on the old screen is forgotten */
	pass(&ui, IN_PRESS, 250, 50, 6000, 0);
	ui_screen_changed(&ui, 6010);
	assert_int_equal(pass(&ui, IN_RELEASE, 250, 50, 6400, 0), 0);
}

static void test_disabled_never_fires(void **state)
{
	(void)state;
	Ui ui = fresh();
	pass(&ui, IN_PRESS, 250, 50, 1000, 1);
	assert_int_equal(pass(&ui, IN_RELEASE, 250, 50, 1050, 1), 0);
	assert_int_equal(ui.widgets[1].state, W_DISABLED);
}

/* A disabled control (an end of a stepped setting) is passed by: keys and
 * scanning never rest on something that cannot be pressed. */
static void test_disabled_not_focusable(void **state)
{
	(void)state;
	Ui ui = fresh();
	pass(&ui, IN_NEXT, -1, -1, 1000, 1); /* first key: focus shown on A */
	assert_int_equal(ui.nfocusable, 1);
	assert_int_equal(ui.focus, 0);
	pass(&ui, IN_NEXT, -1, -1, 1100, 1); /* round again: A, never B */
	assert_int_equal(ui.focus, 0);
	assert_int_equal(ui.widgets[0].state, W_FOCUSED);
	assert_int_equal(ui.widgets[1].state, W_DISABLED);
	pass(&ui, IN_NEXT, -1, -1, 1200, 0); /* B enabled: it takes focus in turn */
	assert_int_equal(ui.nfocusable, 2);
}

static void test_keyboard_focus(void **state)
{
	(void)state;
	Ui ui = fresh();
	assert_int_equal(ui.focus, -1); /* no ring until keys are used */
	assert_int_equal(pass(&ui, IN_NEXT, -1, -1, 1000, 0), 0);
	assert_int_equal(ui.focus, 0);  /* first key only shows focus */
	assert_int_equal(ui.widgets[0].state, W_FOCUSED);
	assert_int_equal(ui.widgets[1].state, W_NORMAL);
	pass(&ui, IN_NEXT, -1, -1, 1100, 0);
	assert_int_equal(ui.focus, 1);
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 1200, 0), 'B');
	pass(&ui, IN_NEXT, -1, -1, 1300, 0); /* wraps, never trapped */
	assert_int_equal(ui.focus, 0);
	pass(&ui, IN_PREV, -1, -1, 1400, 0);
	assert_int_equal(ui.focus, 1);
	/* a new screen puts focus on its first control */
	ui_screen_changed(&ui, 2000);
	assert_int_equal(ui.focus, 0);
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 2400, 0), 'A');
	/* a new session forgets keyboard mode */
	ui_reset(&ui);
	ui_screen_changed(&ui, 3000);
	assert_int_equal(ui.focus, -1);
}

static void test_keys_protected_like_taps(void **state)
{
	(void)state;
	Ui ui = fresh();
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 300, 0), 0);     /* first key only shows focus */
	assert_int_equal(ui.focus, 0);
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 1000, 0), 'A');  /* now it presses A */
	ui_screen_changed(&ui, 1000);                                   /* A changed the screen */
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 1080, 0), 0);    /* during the change */
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 1300, 0), 0);    /* same key within 0.5 s */
	assert_int_equal(pass(&ui, IN_SELECT, -1, -1, 1700, 0), 'A');  /* a deliberate press */
	/* focus moves are never held back */
	assert_int_equal(pass(&ui, IN_NEXT, -1, -1, 1710, 0), 0);
	assert_int_equal(pass(&ui, IN_NEXT, -1, -1, 1720, 0), 0);
	assert_int_equal(ui.focus, 0);
	/* digits: the same digit twice quickly counts once */
	Input d = { .type = IN_DIGIT, .digit = 3, .x = -1, .y = -1, .t_ms = 3000 };
	ui_begin(&ui, &d, 800, 480, 0);
	assert_int_equal(ui.in.type, IN_DIGIT);
	ui_end(&ui);
	d.t_ms = 3100;
	ui_begin(&ui, &d, 800, 480, 0);
	assert_int_equal(ui.in.type, IN_NONE);
	ui_end(&ui);
	d.digit = 4;
	d.t_ms = 3200;
	ui_begin(&ui, &d, 800, 480, 0);
	assert_int_equal(ui.in.type, IN_DIGIT);
	ui_end(&ui);
}

static void test_focus_kept_across_a_page_turn(void **state)
{
	(void)state;
	Ui ui = fresh();
	pass(&ui, IN_NEXT, -1, -1, 1000, 0);
	pass(&ui, IN_NEXT, -1, -1, 1100, 0);
	assert_int_equal(ui.focus, 1); /* on B */
	/* the page changes: B is now the third of three controls, and the
	 * old focus index (1) points at another one, which must not light up */
	ui_keep_focus(&ui, "b");
	Input none = { .type = IN_NONE, .x = -1, .y = -1, .t_ms = 1200 };
	ui_begin(&ui, &none, 800, 480, 1);
	ui_button(&ui, "c", "C", B, 0);
	ui_button(&ui, "d", "D", (Rect){ 400, 0, 50, 50 }, 0);
	ui_button(&ui, "b", "B", A, 0);
	ui_end(&ui);
	assert_int_equal(ui.focus, 2);
	assert_int_equal(ui.widgets[0].state, W_NORMAL);
	assert_int_equal(ui.widgets[1].state, W_NORMAL);
	assert_int_equal(ui.widgets[2].state, W_FOCUSED);
}

/* Text sizes in millimetres on the configured screen: body text has a
 * cap height of at least 4.8 mm, the largest size about 9 mm. */
static void test_text_size_in_mm(void **state)
{
	(void)state;
	static const int pct[] = { 100, 125, 155, 188 }; /* settings_text_pct */
	static const struct { int w, h; double mm_w, mm_h; } screens[] = {
		{ 1280, 800, 217, 136 }, { 800, 480, 154, 86 }, { 1920, 1080, 344, 194 },
	};
	for (size_t i = 0; i < sizeof screens / sizeof *screens; i++) {
		Ui ui = fresh();
		ui.w = screens[i].w;
		ui.h = screens[i].h;
		ui.mm_w = screens[i].mm_w;
		ui.mm_h = screens[i].mm_h;
		double ppm = ui_px_per_mm(&ui);
		ui.text_pct = pct[0];
		double cap = ui_body_px(&ui) * 0.714 / ppm; /* Noto Sans cap height: 714/1000 em */
		assert_true(cap >= 4.8 - 0.1);
		assert_true(cap < 5.3);
		ui.text_pct = pct[3];
		cap = ui_body_px(&ui) * 0.714 / ppm;
		assert_true(cap > 8.5 && cap < 9.5);
		assert_true(ui_title_px(&ui) > ui_body_px(&ui));
	}
}

extern int fake_draw_painted_px; /* fake_draw.c */

/* Buttons sharing one label size (the top bar's): ui_label_px() says the
 * size a label gets in its button, ui_button_px() sets it at most that. */
static void test_shared_label_size(void **state)
{
	(void)state;
	Ui ui = fresh();
	ui_begin(&ui, NULL, 1280, 800, 1);
	Rect tall = { 0, 0, 300, 400 }, low = { 400, 0, 300, 60 };
	int body = ui_body_px(&ui);
	assert_int_equal(ui_label_px(&ui, "Start again", tall, 0), body * 12 / 10);
	assert_int_equal(ui_label_px(&ui, "Easier to use", low, 0), 60 * 4 / 10);
	ui_button(&ui, "a", "Start again", tall, 0); /* alone: its own size */
	assert_int_equal(fake_draw_painted_px, body * 12 / 10);
	ui_button_px(&ui, "a", "Start again", tall, 0, 24); /* shared: the smaller */
	assert_int_equal(fake_draw_painted_px, 24);
	ui_button_px(&ui, "b", "Easier to use", low, 0, 500); /* never over its own */
	assert_int_equal(fake_draw_painted_px, 24);
	ui_end(&ui);
}

/* The top bar's labels: measured by the caller (ui_label_h), UI_FILL lets
 * one take the whole button, not 40 % of its height; and the text floor,
 * a 3.2 mm cap height on the configured screen, is never under it. */
static void test_fill_and_floor(void **state)
{
	(void)state;
	Ui ui = fresh();
	ui.mm_w = 154, ui.mm_h = 86; /* a 7-inch panel */
	ui_begin(&ui, NULL, 1024, 600, 1);
	Rect low = { 400, 0, 300, 60 };
	ui_button_px(&ui, "a", "Start again", low, 0, 40);
	assert_int_equal(fake_draw_painted_px, 60 * 4 / 10);
	ui_button_px(&ui, "a", "Start again", low, UI_FILL, 40);
	assert_int_equal(fake_draw_painted_px, 40);
	double cap = ui_floor_px(&ui) * 0.714 / ui_px_per_mm(&ui);
	assert_true(cap >= UI_TEXT_FLOOR_MM && cap < UI_TEXT_FLOOR_MM + 0.2);
	ui_end(&ui);
}

static void test_one_control_per_input(void **state)
{
	(void)state;
	Ui ui = fresh();
	/* overlapping controls would be a layout bug; even then one fires */
	Input in = { .type = IN_PRESS, .x = 50, .y = 50, .t_ms = 1000 };
	ui_begin(&ui, &in, 800, 480, 0);
	ui_button(&ui, "x", "X", A, 0);
	ui_button(&ui, "y", "Y", A, 0);
	ui_end(&ui);
	in.type = IN_RELEASE;
	ui_begin(&ui, &in, 800, 480, 0);
	int n = ui_button(&ui, "x", "X", A, 0) + ui_button(&ui, "y", "Y", A, 0);
	ui_end(&ui);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fires_on_release_inside),
		cmocka_unit_test(test_drag_off_cancels),
		cmocka_unit_test(test_repeat_window),
		cmocka_unit_test(test_typing_key_repeat),
		cmocka_unit_test(test_settle_after_screen_change),
		cmocka_unit_test(test_disabled_never_fires),
		cmocka_unit_test(test_disabled_not_focusable),
		cmocka_unit_test(test_keyboard_focus),
		cmocka_unit_test(test_keys_protected_like_taps),
		cmocka_unit_test(test_focus_kept_across_a_page_turn),
		cmocka_unit_test(test_text_size_in_mm),
		cmocka_unit_test(test_shared_label_size),
		cmocka_unit_test(test_fill_and_floor),
		cmocka_unit_test(test_one_control_per_input),
	};
	return cmocka_run_group_tests_name("ui", tests, NULL, NULL);
}
