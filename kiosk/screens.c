/* screens.c - the kiosk's screens, laid out by cutting the window rect.
 * Start reading at screens_run(). */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech.h"
#include "staff.h"

#define T(id) (c->str->text[id])

static Event none(void) { return (Event){ .type = EV_ACTIVITY }; }
static Event ev(EventType t, int arg) { return (Event){ .type = t, .arg = arg }; }

/* Layout measures, all from the window size. */
static int margin(const Ui *ui) { return (ui->w < ui->h ? ui->w : ui->h) / 28; }
#define body_px ui_body_px
#define title_px ui_title_px

/* A band's height: a share of the window, but never less than `lines`
 * lines of body text, so larger text gets larger controls. */
static int band(const Ui *ui, int pct, int lines10)
{
	int ref = ui->w * 10 / 16 < ui->h ? ui->w * 10 / 16 : ui->h; /* portrait: as if 16:10 */
	int a = ref * pct / 100, b = body_px(ui) * lines10 / 10;
	return a > b ? a : b;
}

/* Millimetres on the configured screen, in pixels. */
static int mm_px(const Ui *ui, double mm) { return (int)(mm * ui_px_per_mm(ui) + 0.5); }

/* A border's width, as ui.c draws it: room a label must leave. */
static int line_px(const Ui *ui)
{
	int ref = ui->h > ui->w * 10 / 16 ? ui->w * 10 / 16 : ui->h;
	return ref / 160 > 2 ? ref / 160 : 2;
}

/* Taller than wide: every screen has a layout of its own shape. */
static int portrait(const Ui *ui) { return ui->h > ui->w; }

#define AGAIN_GAP_MM 6.0 /* Start again: this much space from any other control */

/* Keep the staff corner (the top-left STAFF_CORNER_MM square, whatever the
 * reading direction) free of controls: cut, from a row of r's top, the
 * part that lies over it.  Screens lay out left to right and ui.c mirrors
 * them for a right-to-left language, so the physical left is the logical
 * right then. */
static void staff_corner_free(const Ui *ui, Rect *row)
{
	int side = mm_px(ui, STAFF_CORNER_MM) + mm_px(ui, 2.0); /* and a finger's slip */
	if (row->y >= side)
		return;
	int phys_x = ui->rtl ? ui->w - row->x - row->w : row->x; /* the row's physical left */
	if (phys_x >= side)
		return;
	if (ui->rtl)
		rect_cut_right(row, side - phys_x);
	else
		rect_cut_left(row, side - phys_x);
}

/* The top bar of every screen after Welcome, cut from the top of r.  Its
 * buttons, from the right: Start again; while reading aloud, Stop and
 * Hear it again; and (not on the accessibility screen itself) the way to
 * the accessibility settings and the language, so either can be changed
 * mid-session, answers kept.  `left` is the rest, for the screen's title
 * or progress line; when that would get under a third of the bar, the
 * buttons take a row of their own with the title under it (in portrait,
 * two rows of two when they are four).  Start again keeps AGAIN_GAP_MM of
 * space from every other control, and no button lies on the staff corner
 * in either reading direction.  Screens add the buttons last (bar_end) so
 * keyboard focus starts on their own content. */
typedef struct {
	Rect left, again, small[3]; /* small: Stop, Hear it again, Easier to use */
	Rect spare;                 /* portrait 2 + 2: the free place under Start again, or empty */
	int nsmall, two_rows;
} Bar;

static Bar top_bar(Ui *ui, const Content *c, Rect *r, int access)
{
	Bar b = { .nsmall = (c->set->speech ? 2 : 0) + (access ? 1 : 0) };
	int m = margin(ui), gap = m / 2, again_gap = mm_px(ui, AGAIN_GAP_MM) + 1;
	int again_w = ui->w * 23 / 100, speech_w = ui->w * 17 / 100, access_w = access ? ui->w * 21 / 100 : 0;
	if (portrait(ui)) { /* a narrow screen: widths from the bar's own width */
		again_w = r->w * 30 / 100;
		speech_w = r->w * 24 / 100;
		access_w = access ? r->w * 30 / 100 : 0;
	}
	/* the staff corner takes room from the buttons only where they reach it:
	 * mirrored (right to left), the buttons start at the physical left */
	int corner = ui->rtl ? mm_px(ui, STAFF_CORNER_MM + 2.0) - m : 0;
	int need = corner + again_w + again_gap + (access ? access_w : 0) + m +
	           (b.nsmall - (access ? 1 : 0)) * (speech_w + gap);
	int two_rows = b.two_rows = r->w - need < r->w / 3 || portrait(ui);
	int min_h = (int)(12.5 * ui_px_per_mm(ui) + 0.5); /* targets >= 12 mm on any screen */
	int h = two_rows ? band(ui, 13, 13) : band(ui, 13, 18);
	h = h > min_h ? h : min_h;
	Rect row = rect_cut_top(r, h);
	staff_corner_free(ui, &row);
	if (two_rows && portrait(ui) && b.nsmall == 3) { /* 2 + 2: Start again top right, alone in its column */
		Rect row2 = rect_cut_top(r, again_gap);
		row2 = rect_cut_top(r, min_h > band(ui, 13, 10) ? min_h : band(ui, 13, 10)); /* thinner */
		int w = (row.w - again_gap) / 2;
		b.again = rect_cut_right(&row, w);
		rect_cut_right(&row, again_gap);
		b.small[2] = row; /* Easier to use, beside it, across the corner's gap */
		b.spare = rect_cut_right(&row2, w + again_gap); /* under Start again: no control */
		rect_cut_left(&b.spare, again_gap);
		b.small[0] = rect_cut_right(&row2, (row2.w - gap) / 2);
		rect_cut_right(&row2, gap);
		b.small[1] = row2;
		{ Rect t = b.small[0]; b.small[0] = b.small[1]; b.small[1] = t; }
		rect_cut_top(r, gap);
		b.left = rect_cut_top(r, band(ui, 8, 18));
		rect_cut_top(r, m);
		return b;
	}
	if (two_rows) { /* every button the same width, across the whole row */
		int w = (row.w - again_gap - gap * (b.nsmall - 1)) / (b.nsmall + 1);
		again_w = speech_w = access_w = w;
	}
	b.again = rect_cut_right(&row, again_w);
	for (int i = 0; i < b.nsmall; i++) {
		rect_cut_right(&row, i == 0 ? again_gap : gap);
		b.small[i] = rect_cut_right(&row, access && i == b.nsmall - 1 ? access_w : speech_w);
	}
	if (two_rows) { /* rows kept thin: large text needs the room below */
		rect_cut_top(r, gap); /* the title's row: text, no control */
		row = rect_cut_top(r, band(ui, 8, portrait(ui) ? 18 : 12));
		b.left = row;
		rect_cut_top(r, m);
		return b;
	} else {
		rect_cut_right(&row, (b.nsmall ? m : again_gap) - gap);
	}
	b.left = row;
	rect_cut_top(r, again_gap > m ? again_gap : m); /* Start again's space below it */
	return b;
}

/* The last controls of a screen, in the top bar: Easier to use, Hear it
 * again and Stop (while reading aloud), then Start again; their labels
 * share one size, the smallest that fits each, so they look alike. */
static Event bar_end(Ui *ui, const Content *c, const Bar *b, EventType again_ev)
{
	int speech = c->set->speech, access = b->nsmall > (speech ? 2 : 0);
	int px = ui_label_px(ui, T(S_START_AGAIN), b->again, 0);
	const char *label[3] = { T(S_SPEECH_STOP), T(S_SPEECH_REPEAT), T(S_BAR_ACCESS) };
	for (int i = 0; i < b->nsmall; i++) {
		int p = ui_label_px(ui, label[access && i == b->nsmall - 1 ? 2 : i], b->small[i], 0);
		if (p > 0 && (px <= 0 || p < px))
			px = p;
	}
	if (access && ui_button_px(ui, "bar.access", T(S_BAR_ACCESS), b->small[b->nsmall - 1], 0, px))
		return ev(EV_ACCESS, 0);
	if (speech && ui_button_px(ui, "speech.repeat", T(S_SPEECH_REPEAT), b->small[1], 0, px))
		return ev(EV_SPEECH, 0);
	if (speech && ui_button_px(ui, "speech.stop", T(S_SPEECH_STOP), b->small[0], 0, px))
		return ev(EV_SPEECH, 1);
	return ui_button_px(ui, "start_again", T(S_START_AGAIN), b->again, 0, px) ? ev(again_ev, 0)
	                                                                             : none();
}

/* ---- Welcome ----------------------------------------------------------- */

/* The languages' buttons: all in one row (landscape), or (portrait) three
 * or two to a row, as many as fit each name on one line. */
static int lang_cols(Ui *ui, const Content *c, int w)
{
	if (!portrait(ui))
		return c->nlangs;
	int gap = margin(ui) / 2, pad = 10 * (ui->h / 160 > 2 ? ui->h / 160 : 2);
	for (int cols = 3; cols > 2; cols--) {
		int bw = (w - gap * (cols - 1)) / cols - pad, ok = 1;
		for (int i = 0; ok && i < c->nlangs; i++)
			ok = ui_text_h(ui, c->langs[i].name, bw, body_px(ui), 1) ==
			     ui_text_h(ui, c->langs[i].name, 1 << 14, body_px(ui), 1); /* one line, full size */
		if (ok)
			return cols;
	}
	return 2;
}

static Event welcome(Ui *ui, const Content *c)
{
	int m = margin(ui), gap = m / 2, tall = portrait(ui);
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, tall ? m : m * 2);
	int cols = c->nlangs > 1 ? lang_cols(ui, c, r.w) : 1, lrows = (c->nlangs + cols - 1) / cols;
	int lh = band(ui, 13, 20), min_h = mm_px(ui, 12.5);
	if (tall) /* rows of languages: one line each (names in themselves, not grown) */
		lh = mm_px(ui, 12.2) + 8 * line_px(ui);
	Rect langs = c->nlangs > 1 ? rect_cut_bottom(&r, lrows * lh + (lrows - 1) * gap) : (Rect){ 0, 0, 0, 0 };
	if (tall && c->nlangs > 1)
		rect_cut_bottom(&r, m);
	if (c->last_month[0]) /* what people said last month, when it may be shown */
		ui_text(ui, "welcome.last_month", c->last_month, rect_cut_bottom(&r, r.h * 12 / 100),
		        body_px(ui) * 8 / 10, 0, ALIGN_CENTER);
	/* The title, the promise and the buttons: with room to spare, in fixed
	 * shares; with large text, each text gets room in proportion to what it
	 * needs at full size (so they shrink alike), the buttons a band (in
	 * portrait, the two buttons one above the other). */
	int tpx = title_px(ui) * (!tall ? 14 : ui->text_pct > 130 ? 10 : 12) / 10;
	int nt = ui_text_h(ui, T(S_WELCOME_TITLE), r.w, tpx, 1);
	int np = ui_text_h(ui, T(S_WELCOME_PROMISE), r.w, body_px(ui), 0);
	int one = (body_px(ui) * 13 / 10 > min_h ? body_px(ui) * 13 / 10 : min_h) + 12 * line_px(ui);
	/* portrait: one above the other, unless the texts then get too little room */
	int stack = tall && r.h - 2 * one - 3 * m >= (nt + np) * 6 / 10;
	int bands = stack ? 2 * one + m : tall ? one : band(ui, 15, 22);
	int th = r.h * 30 / 100, ph = (r.h - th) * 40 / 100, bh = (r.h - th - ph - m) * 70 / 100;
	if (tall || nt > th || np > ph || bh < bands) {
		bh = bands;
		int room = r.h - bh - 2 * m;
		th = nt + np > room ? room * nt / (nt + np) : nt + (room - nt - np) / 2;
		/* each at least what it needs near its smallest size (the title first) */
		int lt = ui_text_h(ui, T(S_WELCOME_TITLE), r.w, tpx * 52 / 100, 1);
		int lp = ui_text_h(ui, T(S_WELCOME_PROMISE), r.w, body_px(ui) * 52 / 100, 0);
		if (tall && th < lt)
			th = lt;
		if (tall && room - th < lp && room - lp >= lt)
			th = room - lp;
		ph = room - th;
	}
	Rect title = rect_cut_top(&r, th);
	Rect promise = rect_cut_top(&r, ph);
	rect_cut_top(&r, m);
	int bw = ui->w * 40 / 100;
	Rect start = { ui->w / 2 - bw - m / 2, r.y, bw, bh };
	Rect access = { ui->w / 2 + m / 2, r.y, bw, bh };
	if (tall && !stack) { /* side by side, across the width */
		start = (Rect){ r.x, r.y, (r.w - m) / 2, bh };
		access = (Rect){ r.x + (r.w + m) / 2, r.y, (r.w - m) / 2, bh };
	} else if (tall) {
		one = (bh - m) / 2;
		start = (Rect){ r.x, r.y, r.w, one };
		access = (Rect){ r.x, r.y + one + m, r.w, one };
	}
	ui_text(ui, "welcome.title", T(S_WELCOME_TITLE), title, tpx, 1, ALIGN_CENTER);
	ui_text(ui, "welcome.promise", T(S_WELCOME_PROMISE), promise, body_px(ui), 0, ALIGN_CENTER);
	if (ui_button(ui, "start", T(S_WELCOME_START), start, UI_PRIMARY))
		return ev(EV_START, 0);
	if (ui_button(ui, "access", T(S_WELCOME_ACCESS), access, 0))
		return ev(EV_ACCESS, 0);
	/* every language, named in itself, always on Welcome */
	int lw = (langs.w - gap * (cols - 1)) / cols;
	for (int i = 0; i < c->nlangs && c->nlangs > 1; i++) {
		char id[32];
		snprintf(id, sizeof id, "lang.%s", c->langs[i].code);
		int row = i / cols, in_row = row == lrows - 1 ? c->nlangs - row * cols : cols;
		int x0 = langs.x + (langs.w - (in_row * lw + (in_row - 1) * gap)) / 2; /* last row centred */
		Rect b = { x0 + (i % cols) * (lw + gap), langs.y + row * (lh + gap), lw, lh };
		if (ui_button(ui, id, c->langs[i].name, b, i == c->lang ? UI_SELECTED : 0))
			return ev(EV_LANGUAGE, i);
	}
	return none();
}

/* ---- Service ----------------------------------------------------------- */

static Event service(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Bar bar = top_bar(ui, c, &r, 1);
	Rect title = bar.left;
	if (portrait(ui)) { /* a narrow screen: the question gets the lines it needs */
		int more = ui_text_h(ui, T(S_SERVICE_TITLE), title.w, title_px(ui), 1) - title.h;
		if (more > r.h / 4)
			more = r.h / 4;
		if (more > 0) {
			rect_cut_top(&r, more);
			title.h += more;
		}
	}
	ui_text(ui, "service.title", T(S_SERVICE_TITLE), title, title_px(ui), 1, ALIGN_LEFT);
	int n = c->cfg->nservices + 1, cols = n > 4 ? 2 : 1, rows = (n + cols - 1) / cols;
	int gap = margin(ui), bh = (r.h - gap * (rows - 1)) / rows;
	if (bh > ui->h * 16 / 100)
		bh = ui->h * 16 / 100;
	int bw = cols == 1 ? (portrait(ui) ? r.w : ui->w * 60 / 100) : (r.w - gap) / 2;
	int x0 = cols == 1 ? ui->w / 2 - bw / 2 : r.x;
	for (int i = 0; i < n; i++) {
		Rect b = { x0 + (i % cols) * (bw + gap), r.y + (i / cols) * (bh + gap), bw, bh };
		int not_said = i == n - 1;
		char id[32];
		snprintf(id, sizeof id, not_said ? "service.not_said" : "service.%d", i);
		int chosen = s->service == (not_said ? SERVICE_NOT_SAID : i);
		if (ui_button(ui, id, not_said ? T(S_SERVICE_NOT_SAID) : c->services[i], b,
		              chosen ? UI_SELECTED : 0))
			return ev(EV_SERVICE, not_said ? SERVICE_NOT_SAID : i);
	}
	return bar_end(ui, c, &bar, EV_START_AGAIN);
}

/* ---- Question ---------------------------------------------------------- */

/* "Question 3 of 8" and its progress line, in the top bar's free part. */
static void progress(Ui *ui, const Survey *s, const Content *c, Rect left, int px)
{
	char n[12], of[12], text[96];
	snprintf(n, sizeof n, "%d", s->question + 1);
	snprintf(of, sizeof of, "%d", s->spec.nquestions);
	strings_format(text, sizeof text, T(S_PROGRESS),
	               (const char *[]){ "n", "of" }, (const char *[]){ n, of }, 2);
	Rect bar = rect_cut_bottom(&left, left.h * 22 / 100);
	ui_text(ui, "progress", text, left, px, 0, ALIGN_LEFT);
	ui_progress(ui, bar, s->question + 1, s->spec.nquestions);
}

/* Back, Skip and (where offered) Does not apply: along the bottom, or
 * (paged layout) in the answer grid's cells 0-2.  On a question already
 * answered Skip reads Next and keeps the answer; the chosen Does not
 * apply, pressed again, clears it. */
static Event question_others(Ui *ui, const Survey *s, const Content *c, Rect bottom,
                             const Rect *cells)
{
	const Question *q = &c->qs->q[c->qidx[s->question]];
	int bw = ui->w * 22 / 100, given = s->answers[s->question];
	Rect back = cells ? cells[q->has_na ? 2 : 1] : rect_cut_left(&bottom, bw);
	Rect skip = cells ? cells[0] : rect_cut_right(&bottom, bw);
	if (!cells)
		rect_cut_right(&bottom, margin(ui));
	Rect na = cells ? cells[1] : rect_cut_right(&bottom, ui->w * 28 / 100);
	/* their labels share one size, the smallest that fits each (as selected) */
	const char *go = survey_answered(s) ? T(S_NEXT) : T(S_SKIP);
	int px = ui_label_px(ui, go, skip, UI_SELECTED);
	int p = survey_can_go_back(s) ? ui_label_px(ui, T(S_BACK), back, 0) : -1;
	px = p > 0 && (px <= 0 || p < px) ? p : px;
	p = q->has_na ? ui_label_px(ui, T(S_NOT_APPLY), na, UI_SELECTED) : -1;
	px = p > 0 && (px <= 0 || p < px) ? p : px;
	if (survey_can_go_back(s) && ui_button_px(ui, "back", T(S_BACK), back, 0, px))
		return ev(EV_BACK, 0);
	if (survey_answered(s)) {
		if (ui_button_px(ui, "next", go, skip, 0, px))
			return ev(EV_NEXT, 0);
	} else if (ui_button_px(ui, "skip", go, skip, given == ANSWER_SKIPPED ? UI_SELECTED : 0, px)) {
		return ev(EV_ANSWER, ANSWER_SKIPPED);
	}
	if (q->has_na && ui_button_px(ui, "not_apply", T(S_NOT_APPLY), na,
	                              given == ANSWER_NOT_APPLICABLE ? UI_SELECTED : 0, px))
		return ev(given == ANSWER_NOT_APPLICABLE ? EV_CLEAR : EV_ANSWER, ANSWER_NOT_APPLICABLE);
	return none();
}

/* The question screen's layouts.  In landscape they are tried in this
 * order: Q_ROW, then Q_GRID, with the answer words at 80 % of body size;
 * then, at text sizes 1 and 2, the one of the two with the larger words
 * if they are at least a legible floor (FACE_FLOOR_PCT of the standard
 * body size: a long word such as "Здебільшого" shares a smaller size, or a
 * phrase wraps to two lines, before Skip and Back go behind "Other
 * choices"); then, still at sizes 1 and 2, Q_CELLS if its words reach the
 * floor (a 7-inch panel: Polish, Ukrainian); then Q_PAGED, or whichever
 * has the largest words.  In portrait the same with Q_LIST alone before
 * Q_PAGED.
 *   Q_ROW   - a row of five faces with their words under them, and Back,
 *             Skip (and Does not apply) along the bottom;
 *   Q_GRID  - two columns of rows, each face beside its words; the bottom
 *             as in Q_ROW;
 *   Q_CELLS - a small landscape screen: Q_GRID with no bottom band, Back,
 *             (Does not apply) and Skip side by side in the sixth cell;
 *             the question at body size (wrapping), in the room Start
 *             again's space below the top bar leaves for text;
 *   Q_LIST  - portrait: five rows down the screen, each face beside its
 *             words, filling the height; Back, Does not apply and Skip in
 *             a row under them;
 *   Q_PAGED - large text on a small screen: the answers also take the
 *             bottom's room (landscape two columns, portrait six rows);
 *             the sixth cell, "Other choices", turns to a second page
 *             with Skip, Does not apply and Back, whose sixth cell, "Show
 *             the faces", turns back.  Never scrolling.
 * The question's text gets the room the longest question needs, within a
 * share of the screen, so the answers do not move from one question to
 * the next. */
enum { Q_ROW, Q_GRID, Q_LIST, Q_PAGED, Q_CELLS };

#define FACE_FLOOR_PCT 66  /* cap height 3.2 mm at the configured screen size */
#define FACE_FLOOR_UPTO 125 /* ... at text sizes 1 and 2 (settings_text_pct); 3 and 4 page */

typedef struct {
	int kind, px;   /* px: the answer words' shared size, -1 if they cannot fit */
	int text_px;    /* the question's size */
	int use_cells;  /* Back, Skip, Does not apply in others[] (portrait), not along bottom */
	Rect text, bottom, cell[6], others[3];
} QLayout;

/* The height the survey's longest question text needs at width w. */
static int question_text_h(Ui *ui, const Survey *s, const Content *c, int w, int px)
{
	int most = 0;
	for (int k = 0; k < s->spec.nquestions; k++) {
		int h = ui_text_h(ui, c->str->question[c->qidx[k]], w, px, 1);
		most = h > most ? h : most;
	}
	return most;
}

static QLayout question_try(Ui *ui, const Survey *s, const Content *c, Rect r, int kind, int lift)
{
	QLayout l = { .kind = kind, .px = 1 << 20, .text_px = title_px(ui) };
	int gap = margin(ui) / 2, m = margin(ui);
	Rect a = r;
	const Question *q = &c->qs->q[c->qidx[s->question]];
	if (kind == Q_PAGED && portrait(ui))
		l.text_px = body_px(ui) * 8 / 10;
	if (kind == Q_CELLS) { /* the text may start in Start again's space: it is no control */
		a.y -= lift;
		a.h += lift;
		l.text_px = body_px(ui);
	}
	if (kind == Q_LIST) { /* Back, Does not apply, Skip: one row, room for two lines each */
		Rect bottom = rect_cut_bottom(&a, band(ui, 15, 20));
		rect_cut_bottom(&a, m);
		int n = q->has_na ? 3 : 2, bw = (bottom.w - m * (n - 1)) / n;
		Rect back = rect_cut_left(&bottom, bw), skip = rect_cut_right(&bottom, bw);
		rect_cut_left(&bottom, m);
		rect_cut_right(&bottom, m);
		l.others[0] = skip;
		l.others[1] = q->has_na ? bottom : back;
		l.others[2] = back;
		l.use_cells = 1;
	} else if (kind != Q_PAGED && kind != Q_CELLS) {
		l.bottom = rect_cut_bottom(&a, band(ui, 15, 22));
		rect_cut_bottom(&a, m);
	}
	/* the text: what the longest question needs, within its share */
	int share = a.h * (kind == Q_PAGED ? 30 : kind == Q_LIST ? 34 : 36) / 100;
	int need = question_text_h(ui, s, c, a.w, l.text_px) + gap;
	if (kind == Q_LIST || (kind == Q_PAGED && portrait(ui))) { /* rows of 12.4 mm first, then the text */
		if (kind == Q_PAGED)
			gap /= 2;
		int nrows = kind == Q_PAGED ? 6 : 5, rows = nrows * mm_px(ui, 12.3) + (nrows - 1) * gap;
		share = a.h - rows - gap;
		int least = body_px(ui) * 25 / 10; /* paged: the rows first, the text what is left */
		if (share < least && kind == Q_LIST)
			share = least;
	}
	if (kind == Q_CELLS) /* three rows of 12.4 mm first, the text at most the rest */
		share = a.h - (3 * mm_px(ui, 12.4) + 2 * gap) - gap;
	int text_h = need < share && need > share * 6 / 10 ? need : need <= share * 6 / 10 ? share * 6 / 10 : share;
	if (kind == Q_LIST || kind == Q_CELLS) /* the rows fill the height: the text, what it needs */
		text_h = need < share ? need : share;
	if (kind == Q_CELLS && text_h < lift + body_px(ui)) /* below Start again, a line at least */
		text_h = lift + body_px(ui);
	l.text = rect_cut_top(&a, text_h);
	rect_cut_top(&a, gap);
	int tw = (a.w - 4 * gap) / 5, cw = (a.w - gap) / 2, rh = (a.h - 2 * gap) / 3;
	int lh = (a.h - (kind == Q_PAGED ? 5 : 4) * gap) / (kind == Q_PAGED ? 6 : 5);
	for (int v = 0; v < 6; v++) /* Q_GRID and Q_PAGED: 1-3 down the first column */
		l.cell[v] = kind == Q_ROW ? (Rect){ a.x + v * (tw + gap), a.y, tw, a.h }
		          : kind == Q_LIST || (kind == Q_PAGED && portrait(ui))
		          ? (Rect){ a.x, a.y + v * (lh + gap), a.w, lh }
		          : (Rect){ a.x + (v / 3) * (cw + gap), a.y + (v % 3) * (rh + gap), cw, rh };
	for (int v = 0; v < 5; v++) {
		int p = ui_face_px(ui, T(S_ANSWER_1 + v), l.cell[v], kind == Q_ROW ? 0 : UI_WIDE);
		l.px = p < l.px ? p : l.px;
	}
	if (kind == Q_CELLS) { /* Back, (Does not apply,) Skip: across the sixth cell */
		Rect six = l.cell[5];
		int n = q->has_na ? 3 : 2, bw = (six.w - gap * (n - 1)) / n;
		l.others[2] = rect_cut_left(&six, bw);
		l.others[0] = rect_cut_right(&six, bw);
		rect_cut_left(&six, gap);
		rect_cut_right(&six, gap);
		l.others[1] = q->has_na ? six : l.others[2];
		l.use_cells = 1;
		if (bw < mm_px(ui, 12.0))
			l.px = -1;
	}
	/* every answer a target of at least 12 mm both ways */
	if (l.cell[0].h < mm_px(ui, 12.0) || l.cell[0].w < mm_px(ui, 12.0))
		l.px = -1;
	return l;
}

/* lift: how far the question's text may reach up into the space kept
 * under Start again (a text is no control). */
static QLayout question_layout(Ui *ui, const Survey *s, const Content *c, Rect r, int lift)
{
	static const int land[] = { Q_ROW, Q_GRID }, tall[] = { Q_LIST };
	const int *kinds = portrait(ui) ? tall : land, n = portrait(ui) ? 1 : 2;
	int pct = ui->text_pct ? ui->text_pct : 100;
	int want[2] = { body_px(ui) * 8 / 10, body_px(ui) * FACE_FLOOR_PCT / pct };
	QLayout tried[2];
	for (int i = 0; i < n; i++)
		tried[i] = question_try(ui, s, c, r, kinds[i], lift);
	for (int i = 0; i < n; i++) /* the first whose words are near body size */
		if (tried[i].px >= want[0] && tried[i].px > 0)
			return tried[i];
	/* text sizes 1 and 2: the larger words, above the floor, before paging */
	int big = n > 1 && tried[1].px > tried[0].px;
	if (pct <= FACE_FLOOR_UPTO && tried[big].px >= want[1] && tried[big].px > 0)
		return tried[big];
	if (pct <= FACE_FLOOR_UPTO && !portrait(ui)) { /* no bottom band: Back and Skip in a cell */
		QLayout cells = question_try(ui, s, c, r, Q_CELLS, lift);
		if (cells.px >= want[1] && cells.px > 0)
			return cells;
	}
	QLayout best = question_try(ui, s, c, r, Q_PAGED, lift);
	for (int i = 0; i < n; i++)
		if (tried[i].px > best.px)
			best = tried[i];
	return best;
}

static Event question(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Bar bar = top_bar(ui, c, &r, 1);
	if (bar.spare.w > 0 && ui->text_pct > 130) { /* portrait, reading aloud, large text: the */
		progress(ui, s, c, bar.spare, body_px(ui) * 6 / 10); /* progress under Start again, */
		r = (Rect){ r.x, bar.left.y, r.w, r.y + r.h - bar.left.y }; /* the answers its row */
	} else {
		progress(ui, s, c, bar.left, body_px(ui));
	}
	int lift = 0;
	if (!bar.two_rows) { /* the space under Start again beyond a margin: text may use it */
		int below = mm_px(ui, AGAIN_GAP_MM) + 1;
		lift = below > margin(ui) ? below - margin(ui) : 0;
	}
	QLayout l = question_layout(ui, s, c, r, lift);
	ui_text(ui, "question", c->str->question[c->qidx[s->question]], l.text, l.text_px, 1,
	        ALIGN_CENTER);

	int others = l.kind == Q_PAGED && ui->page == 1;
	for (int v = 1; v <= 5 && !others; v++) { /* five faces, words always with them */
		char id[16];
		snprintf(id, sizeof id, "answer.%d", v);
		if (ui_face(ui, id, v, T(S_ANSWER_1 + v - 1), l.cell[v - 1],
		            (s->answers[s->question] == v ? UI_SELECTED : 0) | (l.kind != Q_ROW ? UI_WIDE : 0),
		            l.px)) /* the chosen face again: cleared, on purpose */
			return ev(s->answers[s->question] == v ? EV_CLEAR : EV_ANSWER, v);
	}
	if (l.kind != Q_PAGED || others) {
		Event e = question_others(ui, s, c, l.bottom, others ? l.cell : l.use_cells ? l.others : NULL);
		if (e.type != EV_ACTIVITY)
			return e;
	}
	if (l.kind == Q_PAGED &&
	    ui_button(ui, "question.more", T(others ? S_QUESTION_ANSWERS : S_QUESTION_MORE), l.cell[5], 0)) {
		ui->page = !others;
		ui->changed = 1;
		ui_keep_focus(ui, "question.more");
		return none();
	}
	Event e2 = bar_end(ui, c, &bar, EV_START_AGAIN);
	if (e2.type != EV_ACTIVITY)
		return e2;
	if (ui->in.type == IN_DIGIT && ui->in.digit >= 1 && ui->in.digit <= 5) /* as its face */
		return ev(s->answers[s->question] == ui->in.digit ? EV_CLEAR : EV_ANSWER, ui->in.digit);
	if (ui->in.type == IN_BACK && survey_can_go_back(s))
		return ev(EV_BACK, 0);
	return none();
}

/* ---- Check and send ---------------------------------------------------- */

static const char *answer_word(const Content *c, int v)
{
	return v >= 1 && v <= 5 ? T(S_ANSWER_1 + v - 1)
	     : v == ANSWER_NOT_APPLICABLE ? T(S_REVIEW_NOT_APPLY) : T(S_REVIEW_SKIPPED);
}

/* Review items: the service (when there is a choice), then each question;
 * quiet: skipped or "Does not apply", drawn unlike an answer. */
typedef struct {
	int n;
	const char *text[SURVEY_MAX_QUESTIONS + 1], *value[SURVEY_MAX_QUESTIONS + 1];
	int quiet[SURVEY_MAX_QUESTIONS + 1];
} Items;

static Items review_items(const Survey *s, const Content *c)
{
	Items it = { 0 };
	if (c->cfg->nservices > 1) {
		it.text[it.n] = T(S_REVIEW_SERVICE);
		it.value[it.n++] = s->service >= 0 ? c->services[s->service] : T(S_SERVICE_NOT_SAID);
	}
	for (int k = 0; k < s->spec.nquestions; k++) {
		it.text[it.n] = c->str->question[c->qidx[k]];
		it.quiet[it.n] = s->answers[k] < 1 || s->answers[k] > 5;
		it.value[it.n++] = answer_word(c, s->answers[k]);
	}
	return it;
}

/* Review rows: at least ROW_WANT_PCT of the body size when pages allow,
 * else at least TEXT_LOW_PCT of the standard body size (text size 1),
 * over the 3.2 mm floor. */
#define ROW_WANT_PCT 80
#define ROW_HINT_PCT 60 /* ... and with the hint above them, at least this share */
#define TEXT_LOW_PCT 70 /* a 3.4 mm cap */
#define REVIEW_TITLE_PCT 130 /* upright: the title at most text size 1's (large text is for the rows) */

/* `pct` percent of the standard body size (text size 1), in pixels. */
static int std_px_pct(const Ui *ui, int pct)
{
	return body_px(ui) * pct / (ui->text_pct ? ui->text_pct : 100);
}

/* Rectangles of the rows of one page (per_page rows in two columns, or
 * one column when a page has one row or the screen is portrait), filled
 * across then down so they read in order (mirrored for right-to-left by
 * the Ui), and the text size they share, -1 when some row cannot fit or
 * is under 12 mm high (a row is a button); *flags gets UI_STACK when the
 * answers fit larger under their questions than beside them. */
static int page_rows(Ui *ui, const Items *it, Rect area, int per_page, int page, Rect row[],
                     int *flags)
{
	int cols = per_page > 1 && !portrait(ui) ? 2 : 1, rows = (per_page + cols - 1) / cols, gap = margin(ui) / 3;
	int rw = (area.w - gap * (cols - 1)) / cols, rh = (area.h - gap * (rows - 1)) / rows;
	int best = -2;
	*flags = 0;
	if (rh < mm_px(ui, 12.5))
		return -1;
	for (int f = 0; f <= UI_STACK; f += UI_STACK) {
		int px = 1 << 20;
		for (int i = 0; i < per_page && page * per_page + i < it->n; i++) {
			int k = page * per_page + i;
			row[i] = (Rect){ area.x + (i % cols) * (rw + gap), area.y + (i / cols) * (rh + gap),
			                 rw, rh };
			int p = ui_row_px(ui, it->text[k], it->value[k], row[i],
			                  f | (it->quiet[k] ? UI_QUIET : 0));
			if (p < px)
				px = p;
		}
		if (px > best) {
			best = px;
			*flags = f;
		}
	}
	return best;
}

/* Rows per page: the fewest pages on which every row's text fits at
 * `want` pixels or more, the rows shared evenly between the pages (never
 * 8 and then 1); 0 when even one a page does not.  *px: the size every
 * page's rows fit at (the smallest page's). */
static int rows_per_page(Ui *ui, const Items *it, Rect area, int want, int *px)
{
	Rect row[SURVEY_MAX_QUESTIONS + 1];
	int flags;
	for (int pages = 1; pages <= it->n; pages++) {
		int per = (it->n + pages - 1) / pages; /* 9 rows: 9, 5+4, 3+3+3 */
		if (pages > 1 && per == (it->n + pages - 2) / (pages - 1))
			continue; /* the same rows a page as one page fewer */
		int least = 1 << 20;
		for (int page = 0; least >= want && page * per < it->n; page++) {
			int p = page_rows(ui, it, area, per, page, row, &flags);
			least = p < least ? p : least;
		}
		if (least >= want) {
			*px = least;
			return per;
		}
	}
	*px = -1;
	return 0;
}

/* "Next page (1 of 3)" on page 0 to pages - 2, "First page" on the last. */
static void review_more(const Content *c, int page, int pages, char *out, size_t n)
{
	char p[12], np[12];
	snprintf(p, sizeof p, "%d", page + 1);
	snprintf(np, sizeof np, "%d", pages);
	strings_format(out, n, T(page + 1 < pages ? S_REVIEW_MORE : S_REVIEW_FIRST),
	               (const char *[]){ "page", "pages" }, (const char *[]){ p, np }, 2);
}

/* A button's height for its label at width w, set at lpx: the label's
 * lines and the button's padding, at least 12.5 mm, and tall enough that
 * ui.c's label (at most 40 % of its button) is set at lpx. */
static int button_h(Ui *ui, const char *label, int w, int lpx)
{
	int min_h = mm_px(ui, 12.5), pad = 4 * line_px(ui) + 1; /* ui.c's 4 lines, and a pixel */
	int need = ui_text_h(ui, label, w - 2 * pad, lpx, 1) + 2 * pad;
	if (need < lpx * 10 / 4 + 1)
		need = lpx * 10 / 4 + 1;
	return need > min_h ? need : min_h;
}

/* Next page's height at width w, measured as its longest label ("9 of
 * 9", "First page") so every page has the same layout. */
static int review_more_h(Ui *ui, const Content *c, int w, int lpx, int most_pages)
{
	int h = 0, k;
	for (int last = 0; last <= 1; last++) {
		char more[128];
		review_more(c, last ? most_pages - 1 : most_pages - 2, most_pages, more, sizeof more);
		if ((k = button_h(ui, more, w, lpx)) > h)
			h = k;
	}
	return h;
}

/* The tallest of Check your answers' buttons at width w: Don't send,
 * Send and (nb 3) Next page. */
static int review_button_h(Ui *ui, const Content *c, int w, int lpx, int nb, int most_pages)
{
	int h = button_h(ui, T(S_REVIEW_DISCARD), w, lpx), k;
	if ((k = button_h(ui, T(S_REVIEW_SEND), w, lpx)) > h)
		h = k;
	if (nb > 2 && (k = review_more_h(ui, c, w, lpx, most_pages)) > h)
		h = k;
	return h;
}

/* Check your answers' buttons, Don't send, Next page (nb 3) and Send,
 * their labels at lpx, cut from r in one of four arrangements:
 * RB_ACROSS side by side along the bottom (RB_WIDE_DISCARD: Don't send
 * wider, two lines of label where three would not fit); RB_COLUMN.. RB_COLUMN_WIDE
 * (landscape, large text on a small screen) one above another at the
 * end, Send last;
 * RB_TWO_ROWS (portrait) Next page the full width above Don't send and
 * Send.  Returns 0 when they do not fit in r. */
enum { RB_ACROSS, RB_WIDE_DISCARD, RB_COLUMN, RB_COLUMN_MID, RB_COLUMN_WIDE, RB_TWO_ROWS };
#define WIDE_DISCARD_PCT3 40 /* RB_WIDE_DISCARD: Don't send's share of three, */
#define WIDE_DISCARD_PCT2 55 /* ... of two */
/* the columns' shares of the width: narrower leaves the rows more lines
 * (long questions), wider the labels fewer (Ukrainian's are long) */
static const int review_column_pct[] = { 40, 46, 56 };
typedef struct { Rect discard, more, send; } ReviewButtons;

static int review_buttons_cut(Ui *ui, const Content *c, Rect *r, int kind, int nb, int lpx,
                              int most_pages, ReviewButtons *b)
{
	int gap = margin(ui);
	*b = (ReviewButtons){ 0 };
	if (kind >= RB_COLUMN && kind <= RB_COLUMN_WIDE) { /* each as tall as its own label needs */
		int w = r->w * review_column_pct[kind - RB_COLUMN] / 100, sep = gap / 3;
		int hd = button_h(ui, T(S_REVIEW_DISCARD), w, lpx), hs = button_h(ui, T(S_REVIEW_SEND), w, lpx);
		int hm = nb > 2 ? review_more_h(ui, c, w, lpx, most_pages) : 0;
		int need = hd + hs + (nb > 2 ? hm + sep : 0) + sep;
		if (need > r->h)
			return 0;
		Rect col = rect_cut_right(r, w);
		rect_cut_right(r, gap);
		col = rect_cut_bottom(&col, need);
		b->discard = rect_cut_top(&col, hd);
		rect_cut_top(&col, sep);
		if (nb > 2) {
			b->more = rect_cut_top(&col, hm);
			rect_cut_top(&col, sep);
		}
		b->send = col;
		return 1;
	}
	if (kind == RB_TWO_ROWS) {
		int w2 = (r->w - gap) / 2, h2 = review_button_h(ui, c, w2, lpx, 2, most_pages);
		int hm = review_more_h(ui, c, r->w, lpx, most_pages);
		if (hm + gap / 2 + h2 + margin(ui) / 2 > r->h)
			return 0;
		Rect bottom = rect_cut_bottom(r, hm + gap / 2 + h2);
		b->more = rect_cut_top(&bottom, hm);
		rect_cut_top(&bottom, gap / 2);
		b->discard = rect_cut_left(&bottom, w2);
		b->send = rect_cut_right(&bottom, w2);
	} else { /* RB_WIDE_DISCARD: the longest label, Don't send's, gets a wider share */
		int room = r->w - gap * (nb - 1), bw = room / nb;
		int dw = kind == RB_WIDE_DISCARD ? room * (nb > 2 ? WIDE_DISCARD_PCT3 : WIDE_DISCARD_PCT2) / 100 : bw;
		bw = (room - dw) / (nb - 1);
		int h = button_h(ui, T(S_REVIEW_DISCARD), dw, lpx), k;
		if ((k = button_h(ui, T(S_REVIEW_SEND), bw, lpx)) > h)
			h = k;
		if (nb > 2 && (k = review_more_h(ui, c, bw, lpx, most_pages)) > h)
			h = k;
		if (h + margin(ui) / 2 > r->h)
			return 0;
		Rect bottom = rect_cut_bottom(r, h);
		b->discard = rect_cut_left(&bottom, dw);
		b->send = rect_cut_right(&bottom, bw);
		rect_cut_left(&bottom, gap);
		if (nb > 2)
			b->more = rect_cut_left(&bottom, bw);
	}
	rect_cut_bottom(r, margin(ui) / 2);
	return 1;
}

/* Whether label fits in b at lpx as ui.c sets it (ui_text_h cannot tell
 * a word wider than its line). */
static int label_fits(Ui *ui, const char *label, Rect b, int lpx)
{
	return ui_label_px(ui, label, b, 0) >= lpx;
}

/* review_buttons_cut(), and 0 unless every label fits at lpx (Next page
 * as its longest). */
static int review_buttons(Ui *ui, const Content *c, Rect *r, int kind, int nb, int lpx,
                          int most_pages, ReviewButtons *b)
{
	Rect keep = *r;
	char more[128];
	int ok = review_buttons_cut(ui, c, r, kind, nb, lpx, most_pages, b) &&
	         label_fits(ui, T(S_REVIEW_DISCARD), b->discard, lpx) &&
	         label_fits(ui, T(S_REVIEW_SEND), b->send, lpx);
	for (int last = 0; ok && nb > 2 && last <= 1; last++) {
		review_more(c, last ? most_pages - 1 : most_pages - 2, most_pages, more, sizeof more);
		ok = label_fits(ui, more, b->more, lpx);
	}
	if (!ok)
		*r = keep;
	return ok;
}

/* Check your answers' places: the title, the hint, the rows' area, the
 * buttons, the text sizes of the title, the hint, the rows and the
 * labels, the rows a page and the pages.  The title as tall as its lines
 * (upright), the hint above the rows on every page, or none (hint.h 0)
 * when large text on a small screen needs its room for the rows (a page
 * of its own would hold no rows: tests/e2e/kiosk.py review_pages). */
typedef struct {
	Rect title, hint, rows;
	int tpx, hint_px, px, lpx, per, pages;
	ReviewButtons b;
} ReviewLayout;

/* The next larger text size's sizes, capping this one's: larger text
 * never sets the rows or the labels smaller. */
typedef struct { int rows, label; } ReviewCaps;

/* Button labels: percent of the standard size, largest first (the last
 * still over the 3.2 mm floor). */
static const int review_step_pct[] = { 100, 90, 80, 72 };
#define REVIEW_STEPS ((int)(sizeof review_step_pct / sizeof *review_step_pct))

/* One try: the hint (when `hint`) above the rows, the buttons of `kind`
 * with labels at step s's size; the rows at `want` or more.  Returns 0
 * when that does not fit. */
static int review_try(Ui *ui, const Content *c, const Items *it, Rect r, const char *hint_text,
                      int hint, int kind, int s, int want, const ReviewCaps *cap, ReviewLayout *l)
{
	int lpx = std_px_pct(ui, review_step_pct[s]);
	l->lpx = lpx < cap->label ? lpx : cap->label;
	l->hint_px = hint ? body_px(ui) * 9 / 10 : 0;
	l->hint = (Rect){ r.x, r.y, r.w, 0 };
	if (hint) {
		l->hint = rect_cut_top(&r, ui_text_h(ui, hint_text, r.w, l->hint_px, hint > 1));
		rect_cut_top(&r, portrait(ui) ? margin(ui) / 4 : margin(ui) / 2);
	}
	for (int nb = kind == RB_TWO_ROWS ? 3 : 2; nb <= 3; nb++) {
		l->rows = r;
		if (!review_buttons(ui, c, &l->rows, kind, nb, l->lpx, it->n, &l->b))
			continue;
		l->per = rows_per_page(ui, it, l->rows, want, &l->px);
		if (!l->per)
			return 0; /* (three buttons leave less room) */
		l->pages = (it->n + l->per - 1) / l->per;
		if ((l->pages > 1) == (nb == 3) || (kind == RB_TWO_ROWS && l->pages > 1))
			return 1;
	}
	return 0;
}

/* The title, as tall as its lines: in portrait under the top bar's
 * buttons, taking the room it needs from r. */
static void review_title(Ui *ui, const Content *c, const Bar *bar, Rect *r, ReviewLayout *l)
{
	l->title = bar->left;
	l->tpx = title_px(ui);
	if (portrait(ui) && bar->two_rows) { /* a row of its own: text size 1's title size at most */
		int most = std_px_pct(ui, REVIEW_TITLE_PCT);
		l->tpx = l->tpx < most ? l->tpx : most;
		int th = ui_text_h(ui, T(S_REVIEW_TITLE), l->title.w, l->tpx, 1);
		if (th < l->title.h) /* the hint just under the title */
			*r = (Rect){ r->x, l->title.y + th, r->w, r->y + r->h - l->title.y - th };
		else
			rect_cut_top(r, th - l->title.h); /* the title's further lines */
		l->title.h = th;
	}
}
/* Don't send, Next page (when there are pages) and Send, their labels
 * at one size (lpx, or the smallest that fits each), then the top bar. */
static Event review_end(Ui *ui, const Content *c, const Bar *bar, const ReviewLayout *l)
{
	char more[128];
	review_more(c, ui->page, l->pages, more, sizeof more);
	int px = l->lpx, p;
	if ((p = ui_label_px(ui, T(S_REVIEW_DISCARD), l->b.discard, 0)) > 0 && p < px)
		px = p;
	if (l->pages > 1 && (p = ui_label_px(ui, more, l->b.more, 0)) > 0 && p < px)
		px = p;
	if ((p = ui_label_px(ui, T(S_REVIEW_SEND), l->b.send, UI_PRIMARY)) > 0 && p < px)
		px = p;
	if (ui_button_px(ui, "discard", T(S_REVIEW_DISCARD), l->b.discard, 0, px))
		return ev(EV_DISCARD, 0);
	if (l->pages > 1 && ui_button_px(ui, "review.more", more, l->b.more, 0, px)) {
		ui->page = (ui->page + 1) % l->pages; /* cycles: never a dead end */
		ui->changed = 1;
		ui_keep_focus(ui, "review.more");
		return none();
	}
	if (ui_button_px(ui, "send", T(S_REVIEW_SEND), l->b.send, UI_PRIMARY, px))
		return ev(EV_SEND, 0);
	return bar_end(ui, c, bar, EV_START_AGAIN);
}

/* The layout at the current text size, its sizes at most cap's.  The
 * rows at ROW_WANT_PCT of the body size if some arrangement allows,
 * else at TEXT_LOW_PCT of the standard size; each arrangement of the
 * buttons with the largest labels and hint that leave the rows room
 * (tried first with the smallest: when the rows do not fit then, they
 * never do). */
static ReviewLayout review_layout(Ui *ui, const Content *c, const Bar *bar, Rect r, const Items *it,
                                  const char *hint_text, int bold_hint, const ReviewCaps *cap)
{
	static const int land[] = { RB_ACROSS, RB_WIDE_DISCARD, RB_COLUMN_MID, RB_COLUMN, RB_COLUMN_WIDE },
	                 tall[] = { RB_TWO_ROWS, RB_ACROSS };
	const int *kinds = portrait(ui) ? tall : land, nkinds = portrait(ui) ? 2 : 5;
	ReviewLayout l = { 0 };
	review_title(ui, c, bar, &r, &l);
	/* (rows' least size, hint): the hint goes only when the rows would
	 * otherwise be under ROW_HINT_PCT of the body size; a failed save's
	 * message never goes */
	int hi = body_px(ui) * ROW_WANT_PCT / 100, lo = std_px_pct(ui, TEXT_LOW_PCT);
	int mid = body_px(ui) * ROW_HINT_PCT / 100 > lo ? body_px(ui) * ROW_HINT_PCT / 100 : lo;
	int hint = 1 + bold_hint; /* 2: bold */
	const int tries[][2] = { { hi, hint }, { mid, hint }, { hi, 0 }, { lo, 0 }, { lo, hint } };
	for (size_t t = 0; t < sizeof tries / sizeof *tries; t++) {
		int wnt = tries[t][0] < cap->rows ? tries[t][0] : cap->rows, h = tries[t][1];
		if (bold_hint && !h)
			continue;
		for (int k = 0; k < nkinds; k++) {
			if (!review_try(ui, c, it, r, hint_text, h, kinds[k], REVIEW_STEPS - 1, wnt, cap, &l))
				continue;
			for (int s = 0; s < REVIEW_STEPS; s++)
				if (review_try(ui, c, it, r, hint_text, h, kinds[k], s, wnt, cap, &l)) {
					l.px = l.px < cap->rows ? l.px : cap->rows;
					return l;
				}
		}
	}
	/* nothing fits: one row a page at the size it can (drawn, and
	 * reported as not fitting, rather than not drawn), the buttons
	 * wherever they fit */
	l.hint = (Rect){ r.x, r.y, r.w, 0 };
	l.lpx = std_px_pct(ui, review_step_pct[REVIEW_STEPS - 1]);
	l.lpx = l.lpx < cap->label ? l.lpx : cap->label;
	for (int k = nkinds - 1; k >= 0; k--) {
		l.rows = r;
		if (review_buttons(ui, c, &l.rows, kinds[k], 3, l.lpx, it->n, &l.b))
			break;
	}
	l.per = 1;
	l.pages = it->n;
	if (!rows_per_page(ui, it, l.rows, 1, &l.px))
		l.px = body_px(ui) / 2; /* draw.c's smallest */
	return l;
}

/* The layout at the current text size, capped by the next larger text
 * size's (laid out first, from the largest, each with its own top bar),
 * so larger text never sets the rows or the labels smaller.  The last
 * one is kept: the same screen is laid out again on every input and
 * every page. */
typedef struct {
	int w, h, rtl, text_pct, speech, bold, n;
	double mm_w, mm_h;
	const char *hint, *text[SURVEY_MAX_QUESTIONS + 1], *value[SURVEY_MAX_QUESTIONS + 1];
	int quiet[SURVEY_MAX_QUESTIONS + 1];
} ReviewKey;

static ReviewLayout review_fit(Ui *ui, const Content *c, const Items *it, const char *hint_text,
                               int bold_hint, Bar *bar)
{
	static ReviewKey last;
	static ReviewLayout kept;
	static Bar kept_bar;
	ReviewKey key;
	memset(&key, 0, sizeof key); /* (the padding too: compared whole) */
	key.w = ui->w, key.h = ui->h, key.rtl = ui->rtl, key.text_pct = ui->text_pct;
	key.speech = c->set->speech, key.bold = bold_hint, key.n = it->n;
	key.mm_w = ui->mm_w, key.mm_h = ui->mm_h, key.hint = hint_text;
	memcpy(key.text, it->text, sizeof key.text);
	memcpy(key.value, it->value, sizeof key.value);
	memcpy(key.quiet, it->quiet, sizeof key.quiet);
	if (!memcmp(&key, &last, sizeof key)) {
		*bar = kept_bar;
		return kept;
	}
	ReviewCaps cap = { 1 << 20, 1 << 20 };
	int cur = ui->text_pct, at = -1;
	for (int k = 0; k < TEXT_SIZES; k++)
		if (settings_text_pct[k] == cur)
			at = k; /* (else a size not among the settings': only itself) */
	for (int k = at >= 0 ? TEXT_SIZES - 1 : -1;; k--) { /* from the largest */
		ui->text_pct = k >= 0 ? settings_text_pct[k] : cur;
		Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
		*bar = top_bar(ui, c, &r, 1);
		kept = review_layout(ui, c, bar, r, it, hint_text, bold_hint, &cap);
		cap = (ReviewCaps){ kept.px > 0 ? kept.px : cap.rows, kept.lpx };
		if (k <= at)
			break;
	}
	ui->text_pct = cur;
	kept_bar = *bar;
	last = key;
	return kept;
}

/* Check your answers: the title, the hint, a page of rows (each a
 * question and its answer, tapped to change it), Don't send, Next page
 * and Send. */
static Event review(Ui *ui, const Survey *s, const Content *c)
{
	Bar bar;
	const char *hint_text = s->save_failed ? T(S_REVIEW_FAILED) : T(S_REVIEW_HINT);
	Items it = review_items(s, c);
	ReviewLayout l = review_fit(ui, c, &it, hint_text, s->save_failed, &bar);
	if (ui->page >= l.pages)
		ui->page = 0;
	ui_text(ui, "review.title", T(S_REVIEW_TITLE), l.title, l.tpx, 1, ALIGN_LEFT);
	if (l.hint.h > 0) /* (large text on a small screen: the rows need its room) */
		ui_text(ui, "review.hint", hint_text, l.hint, l.hint_px, s->save_failed, ALIGN_LEFT);
	int page = ui->page, per = l.per, offset = c->cfg->nservices > 1;
	Rect row[SURVEY_MAX_QUESTIONS + 1];
	int flags;
	if (page >= 0)
		page_rows(ui, &it, l.rows, per, page, row, &flags);
	for (int i = 0; page >= 0 && i < per && page * per + i < it.n; i++) {
		int k = page * per + i - offset; /* question index, -1 = service */
		char id[UI_ID_MAX];
		snprintf(id, sizeof id, "change.%s", k < 0 ? "service" : c->qs->q[c->qidx[k]].id);
		if (ui_row(ui, id, it.text[k + offset], it.value[k + offset], row[i],
		           flags | (it.quiet[k + offset] ? UI_QUIET : 0), l.px))
			return ev(EV_CHANGE, k < 0 ? SURVEY_CHANGE_SERVICE : k);
	}
	return review_end(ui, c, &bar, &l);
}

/* ---- Sending, Thanks, Timeout ------------------------------------------ */

static Event sending(Ui *ui, const Content *c)
{
	ui_text(ui, "sending", T(S_SENDING), (Rect){ 0, 0, ui->w, ui->h }, title_px(ui), 1, ALIGN_CENTER);
	return none();
}

static Event thanks(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Bar bar = top_bar(ui, c, &r, 0);
	if (bar.two_rows) /* no title: the texts take its row too */
		r = (Rect){ r.x, bar.left.y, r.w, r.y + r.h - bar.left.y };
	char help[512];
	strings_format(help, sizeof help, T(S_THANKS_HELP), (const char *[]){ "help" },
	               (const char *[]){ c->help_line }, 1);
	const char *said = s->sent ? T(S_THANKS_SENT) : s->kept ? T(S_THANKS_KEPT) : T(S_THANKS_DELETED);
	Rect msg, line;
	if (portrait(ui)) { /* Done a band at the bottom; the texts share the rest by what they need */
		int min_h = mm_px(ui, 12.5), m = margin(ui);
		int bh = (body_px(ui) * 15 / 10 > min_h ? body_px(ui) * 15 / 10 : min_h) + 12 * line_px(ui);
		int nm = ui_text_h(ui, said, r.w, title_px(ui) * (ui->text_pct > 130 ? 10 : 12) / 10, 1);
		int nh = ui_text_h(ui, help, r.w, body_px(ui), 0), room = r.h - bh - 2 * m;
		int mh = nm + nh > room ? room * nm / (nm + nh) : nm + (room - nm - nh) / 2;
		msg = rect_cut_top(&r, mh);
		rect_cut_top(&r, m);
		line = rect_cut_top(&r, room - mh);
		rect_cut_top(&r, m);
	} else {
		msg = rect_cut_top(&r, r.h * 35 / 100);
		line = rect_cut_top(&r, r.h * 50 / 100);
	}
	ui_text(ui, "thanks.message", said, msg, title_px(ui) * (portrait(ui) && ui->text_pct > 130 ? 10 : 12) / 10,
	        1, ALIGN_CENTER);
	ui_text(ui, "thanks.help", help, line, body_px(ui), 0, ALIGN_CENTER);
	int bw = portrait(ui) ? r.w * 80 / 100 : ui->w * 30 / 100, bh = portrait(ui) ? r.h : r.h * 70 / 100;
	if (ui_button(ui, "done", T(S_THANKS_DONE), (Rect){ ui->w / 2 - bw / 2, r.y + r.h - bh, bw, bh },
	              UI_PRIMARY))
		return ev(EV_DONE, 0);
	return bar_end(ui, c, &bar, EV_DONE);
}

/* Two answers in b: side by side (landscape), or (portrait) the first
 * above the second, each bh high and the width of the screen's text. */
static void two_buttons(const Ui *ui, Rect b, int bh, Rect *first, Rect *second)
{
	int m = margin(ui);
	if (portrait(ui)) {
		*first = rect_cut_top(&b, bh);
		rect_cut_top(&b, m);
		*second = rect_cut_top(&b, bh);
		return;
	}
	int bw = (b.w - 2 * m) / 2;
	*first = rect_cut_left(&b, bw);
	*second = rect_cut_right(&b, bw);
}

/* "Are you still there?  Your answers will be deleted in 27 seconds.",
 * the same seconds left as a clock (0:27), and the two ways out.  main.c
 * redraws it once a second: the sentence counts down with the clock. */
static Event timeout(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui) * 2);
	char msg[256], clock[16];
	int left = c->timeout_left > 0 ? c->timeout_left : 0;
	strings_format_n(msg, sizeof msg, c->str, S_TIMEOUT_DELETED,
	                 c->timeout_left > 0 ? left : (long)(survey_more_time_ms(s) / 1000));
	snprintf(clock, sizeof clock, "%d:%02d", left / 60, left % 60);
	int bh = band(ui, 16, 22), m = margin(ui);
	Rect b = rect_cut_bottom(&r, portrait(ui) ? 2 * bh + m : bh); /* portrait: one above the other */
	rect_cut_bottom(&r, m);
	int tpx = title_px(ui) * 13 / 10, cpx = title_px(ui) * 2;
	int nt = ui_text_h(ui, T(S_TIMEOUT_TITLE), r.w, tpx, 1);
	int nm = ui_text_h(ui, msg, r.w, body_px(ui), 0);
	int nc = cpx * 14 / 10, need = nt + nm + nc;
	int th = need > r.h ? r.h * nt / need : nt + (r.h - need) / 4;
	int mh = need > r.h ? r.h * nm / need : nm + (r.h - need) / 4;
	ui_text(ui, "timeout.title", T(S_TIMEOUT_TITLE), rect_cut_top(&r, th), tpx, 1, ALIGN_CENTER);
	ui_text(ui, "timeout.message", msg, rect_cut_top(&r, mh), body_px(ui), 0, ALIGN_CENTER);
	ui_text(ui, "timeout.countdown", clock, r, nc * 10 / 14 < r.h ? cpx : r.h * 10 / 14, 1,
	        ALIGN_CENTER);
	Rect more, restart;
	two_buttons(ui, b, bh, &more, &restart);
	if (ui_button(ui, "timeout.more", T(S_TIMEOUT_MORE), more, UI_PRIMARY))
		return ev(EV_MORE_TIME, 0);
	if (ui_button(ui, "timeout.restart", T(S_TIMEOUT_RESTART), restart, 0))
		return ev(EV_START_AGAIN, 0);
	return none();
}

/* "Delete your answers and start again?" (or, asked by Discard on the
 * review, "Delete your answers? Nothing will be sent.") instead of the
 * screen it was asked on (which keeps its name in the trace).  No, go
 * back comes first (focus starts there) and is the primary; the Back key
 * is No too (Escape stays ignored everywhere, as tests/e2e/staff.py
 * checks). */
static Event confirm_again(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui) * 2);
	const char *title = T(s->confirm_discard ? S_DISCARD_TITLE : S_AGAIN_TITLE);
	int bh = band(ui, 18, 24), m = margin(ui), tpx = title_px(ui) * 13 / 10;
	int nt = ui_text_h(ui, title, r.w, tpx, 1);
	int bt = portrait(ui) ? 2 * bh + m : bh; /* portrait: No above Yes */
	int spare = r.h - bt - m - nt;
	rect_cut_top(&r, spare > 0 ? spare * 4 / 10 : 0);
	int th = nt > r.h - bt - m ? r.h - bt - m : nt;
	ui_text(ui, "again.title", title, rect_cut_top(&r, th), tpx, 1, ALIGN_CENTER);
	rect_cut_top(&r, m + (spare > 0 ? spare * 2 / 10 : 0));
	Rect no, yes;
	two_buttons(ui, rect_cut_top(&r, bt), bh, &no, &yes);
	if (ui_button(ui, "again.no", T(S_AGAIN_NO), no, UI_PRIMARY))
		return ev(EV_AGAIN_NO, 0);
	if (ui_button(ui, "again.yes", T(S_AGAIN_YES), yes, 0))
		return ev(EV_AGAIN_YES, 0);
	if (ui->in.type == IN_BACK)
		return ev(EV_AGAIN_NO, 0);
	return none();
}

/* ---- Accessibility settings -------------------------------------------- */

/* One setting's value, e.g. "Text size: 2 of 4" or "Read aloud: on": the
 * text of a stepped setting's row, the label of a toggle's button. */
static void setting_label(const Content *c, SettingId id, char *out, size_t n)
{
	const Settings *st = c->set;
	int step = 0, of = 0;
	StringId tmpl;
	switch (id) {
	case SET_TEXT:     tmpl = S_ACCESS_TEXT; break;
	case SET_RATE:     tmpl = S_ACCESS_RATE; break;
	case SET_VOLUME:   tmpl = S_ACCESS_VOLUME; break;
	case SET_SCAN:     tmpl = S_ACCESS_SCAN; break;
	case SET_CONTRAST: tmpl = (StringId)(S_ACCESS_CONTRAST_0 + st->contrast); break;
	case SET_SPEECH:   tmpl = st->speech ? S_ACCESS_SPEECH_ON : S_ACCESS_SPEECH_OFF; break;
	case SET_INPUT:    tmpl = (StringId)(S_ACCESS_INPUT_0 + st->input); break;
	default:           tmpl = S_ACCESS_RESET; break;
	}
	settings_range(st, id, &step, &of);
	char a[12], b[12];
	snprintf(a, sizeof a, "%d", step + 1);
	snprintf(b, sizeof b, "%d", of);
	strings_format(out, n, T(tmpl), (const char *[]){ "n", "of" }, (const char *[]){ a, b }, 2);
}

/* The two buttons of a stepped setting: down (Smaller, Slower, Quieter)
 * and up (Bigger, Faster, Louder). */
static void step_words(SettingId id, StringId *down, StringId *up)
{
	*down = id == SET_TEXT ? S_ACCESS_SMALLER : id == SET_VOLUME ? S_ACCESS_QUIETER : S_ACCESS_SLOWER;
	*up = id == SET_TEXT ? S_ACCESS_BIGGER : id == SET_VOLUME ? S_ACCESS_LOUDER : S_ACCESS_FASTER;
}

#define ACCESS_LANG (-1) /* the language button among the settings */
#define ACCESS_LABEL_STD_PCT  80 /* every label and value on the screen: this share of the */
#define ACCESS_LABEL_BODY_PCT 70 /* standard size, or of the body size when larger (it grows) */
#define ACCESS_LABEL_STEP_PCT 5  /* ... less by steps of this share of the standard size when a
                                  * row would not fit alone on a page, */
#define ACCESS_LABEL_LEAST_PCT 72 /* down to this share (a 3.5 mm cap) */

/* The size every label and value on the access screen would like:
 * grows with the text size, never under the floor (3.2 mm). */
static int access_want_px(const Ui *ui)
{
	int a = std_px_pct(ui, ACCESS_LABEL_STD_PCT), b = body_px(ui) * ACCESS_LABEL_BODY_PCT / 100;
	return a > b ? a : b;
}

/* The label of the access screen's cell k (a stepped setting's: its
 * value), the language's named in itself. */
static void access_cell_label(const Content *c, int id, char *out, size_t n)
{
	if (id == ACCESS_LANG)
		strings_format(out, n, T(S_ACCESS_LANGUAGE), (const char *[]){ "name" },
		               (const char *[]){ c->langs[c->lang].name }, 1);
	else
		setting_label(c, (SettingId)id, out, n);
}

/* The height of Done and Next page (side by side: w is half the width;
 * in a column of their own, the column's width), labels at lpx; Next
 * page measured as its longest, "9 of 9". */
static int access_bottom_h(Ui *ui, const Content *c, int w, int lpx)
{
	int h = button_h(ui, T(S_ACCESS_DONE), w, lpx), k;
	char label[160], page[12];
	snprintf(page, sizeof page, "%d", SET_COUNT + 1);
	strings_format(label, sizeof label, T(S_ACCESS_PAGE), (const char *[]){ "page", "pages" },
	               (const char *[]){ page, page }, 2);
	if ((k = button_h(ui, label, w, lpx)) > h)
		h = k;
	return h;
}

/* The settings' buttons' height: each label at lpx in its button (a
 * stepped setting's two in half a cell), as many lines as it needs. */
static int access_button_h(Ui *ui, const Content *c, const int *id, int n, int cw, int lpx)
{
	int gap = margin(ui) / 2, h = 0, k;
	char label[160];
	for (int i = 0; i < n; i++) {
		if (id[i] >= 0 && settings_stepped((SettingId)id[i])) {
			StringId down, up;
			step_words((SettingId)id[i], &down, &up);
			if ((k = button_h(ui, T(down), (cw - gap) / 2, lpx)) > h)
				h = k;
			if ((k = button_h(ui, T(up), (cw - gap) / 2, lpx)) > h)
				h = k;
			continue;
		}
		access_cell_label(c, id[i], label, sizeof label);
		if ((k = button_h(ui, label, cw, lpx)) > h)
			h = k;
	}
	return h;
}

/* The access screen's layout: cells in rows of `cols`, rows in pages;
 * a stepped setting's cell is its value over its two buttons, any other
 * cell one button.  Every label and value at one size, lpx, the
 * buttons as tall as the longest label needs (access_button_h); fits:
 * every row fits on a page of its own.  side (landscape, large text on
 * a small screen): one column of cells, Next page and Done in a column
 * of their own beside it (no bottom row). */
typedef struct {
	int cols, bh, gap, pages, fits, side;
	int done_h;                     /* Done's and Next page's height */
	int n, id[SET_COUNT + 1];
	int vh[SET_COUNT + 1];          /* a stepped cell's value height, else 0 */
	int row_h[SET_COUNT + 1];       /* per row */
	int page_of_row[SET_COUNT + 1];
} AccessLayout;

static AccessLayout access_layout(Ui *ui, const Content *c, Rect r, int lpx, int side)
{
	static const SettingId order[] = { SET_TEXT, SET_CONTRAST, SET_SPEECH, SET_RATE,
	                                   SET_VOLUME, SET_INPUT, SET_SCAN, SET_RESET };
	AccessLayout l = { .cols = ui->w > ui->h && !side ? 2 : 1, .gap = margin(ui) / 2, .side = side };
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		SettingId id = order[i];
		if (id == SET_RESET && c->nlangs > 1)
			l.id[l.n++] = ACCESS_LANG; /* the language, before Undo */
		if ((id == SET_RATE || id == SET_VOLUME) && !c->set->speech)
			continue; /* speech settings only while reading aloud */
		if (id == SET_SCAN && c->set->input != INPUT_ONE_SWITCH)
			continue;
		l.id[l.n++] = id;
	}
	int cw = side ? (r.w - l.gap) / 2 : (r.w - l.gap * (l.cols - 1)) / l.cols;
	l.bh = access_button_h(ui, c, l.id, l.n, cw, lpx);
	l.done_h = access_bottom_h(ui, c, (r.w - l.gap) / 2, lpx);
	for (int i = 0; i < l.n; i++) {
		l.vh[i] = 0;
		if (l.id[i] >= 0 && settings_stepped((SettingId)l.id[i])) {
			char v[160];
			setting_label(c, (SettingId)l.id[i], v, sizeof v);
			l.vh[i] = ui_text_h(ui, v, cw, lpx, 0); /* as many lines as it needs */
		}
	}
	/* rows, then pages: as many rows on a page as fit above the bottom
	 * row (Done, and the page button when there is more than one page) */
	int avail = side ? r.h : r.h - l.done_h - l.gap, used = 0, page = 0, rows = (l.n + l.cols - 1) / l.cols;
	l.fits = 1;
	for (int row = 0; row < rows; row++) {
		int h = l.bh;
		for (int k = row * l.cols; k < (row + 1) * l.cols && k < l.n; k++)
			if (l.vh[k] && l.vh[k] + l.gap / 2 + l.bh > h)
				h = l.vh[k] + l.gap / 2 + l.bh;
		l.fits = l.fits && h <= avail;
		l.row_h[row] = h < avail ? h : avail; /* alone on a page: never past it */
		h = l.row_h[row];
		if (used > 0 && used + l.gap + h > avail) {
			page++;
			used = 0;
		}
		used += (used ? l.gap : 0) + h;
		l.page_of_row[row] = page;
	}
	l.pages = page + 1;
	if (side) /* Next page above Done, beside the settings */
		l.fits = l.fits && 2 * l.done_h + l.gap <= r.h;
	return l;
}

/* The largest size up to max at which text fits in box, at least max / 2. */
static int fit_px(Ui *ui, const char *text, Rect box, int max, int bold)
{
	int lo = max / 2, hi = max;
	if (ui_text_h(ui, text, box.w, hi, bold) <= box.h)
		return hi;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (ui_text_h(ui, text, box.w, mid, bold) <= box.h)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

#define ACCESS_TITLE_ROW_PCT 130 /* the title's own row: a line of text size 1's title size */

/* The top bar and the access screen's title box under it, for the
 * current text size; *r the rest.  The title beside the bar's buttons,
 * or when the bar is crowded (reading aloud, or its buttons in two
 * rows) a row of its own, one line of text size 1's title high (the
 * settings need the room more). */
static Rect access_title_box(Ui *ui, const Content *c, Rect *r, Bar *bar)
{
	*r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	*bar = top_bar(ui, c, r, 0);
	if (!c->set->speech && !bar->two_rows)
		return bar->left;
	return rect_cut_top(r, ui_text_h(ui, "X", r->w, std_px_pct(ui, ACCESS_TITLE_ROW_PCT), 1));
}

/* The access screen's title box, and its size (*px): the largest that
 * fits there at this text size and at every larger one (larger text
 * never sets it smaller). */
static Rect access_title(Ui *ui, const Content *c, Rect *r, Bar *bar, int *px)
{
	int cur = ui->text_pct;
	*px = fit_px(ui, T(S_ACCESS_TITLE), access_title_box(ui, c, r, bar), title_px(ui), 1);
	for (int k = TEXT_SIZES - 1; k >= 0 && settings_text_pct[k] > cur; k--) {
		Rect rr, box;
		Bar b;
		ui->text_pct = settings_text_pct[k];
		box = access_title_box(ui, c, &rr, &b);
		int p = fit_px(ui, T(S_ACCESS_TITLE), box, title_px(ui), 1);
		*px = p < *px ? p : *px;
	}
	ui->text_pct = cur;
	return access_title_box(ui, c, r, bar);
}

/* The one size of the access screen's labels and values: what it would
 * like (access_want_px), less in steps until every row fits on a page
 * of its own, at this text size and at every larger one (larger text
 * never sets them smaller). */
static int access_label_px(Ui *ui, const Content *c)
{
	int cur = ui->text_pct, px = 1 << 20;
	for (int k = TEXT_SIZES - 1; k >= -1; k--) {
		if (k >= 0 && settings_text_pct[k] <= cur)
			continue; /* the larger sizes, then (k -1) this one */
		ui->text_pct = k >= 0 ? settings_text_pct[k] : cur;
		Rect r;
		Bar bar;
		access_title_box(ui, c, &r, &bar);
		int p = access_want_px(ui), least = std_px_pct(ui, ACCESS_LABEL_LEAST_PCT);
		while (p > least && !access_layout(ui, c, r, p, 0).fits &&
		       (portrait(ui) || !access_layout(ui, c, r, p, 1).fits))
			p -= std_px_pct(ui, ACCESS_LABEL_STEP_PCT);
		p = p > least ? p : least;
		px = p < px ? p : px;
	}
	ui->text_pct = cur;
	return px;
}

/* The settings, in two columns (one on an upright screen): text size,
 * colours, read aloud (with speech speed and loudness while it is on),
 * how it is used (with the scan pace for one switch), the language
 * (named in itself; each press the next one, answers kept) and Undo all
 * changes.  A stepped setting shows its value ("Text size: 2 of 4")
 * over a button each way; at either end that button is disabled (never
 * wrapping round).  Done at the bottom, beside Next page when the
 * settings need more than one page (large text on a small screen). */
static Event access(Ui *ui, const Content *c)
{
	Rect r;
	Bar bar;
	int tpx;
	Rect title = access_title(ui, c, &r, &bar, &tpx);
	int lpx = access_label_px(ui, c);
	ui_text(ui, "access.title", T(S_ACCESS_TITLE), title, tpx, 1, ALIGN_LEFT);
	AccessLayout l = access_layout(ui, c, r, lpx, 0);
	if (!l.fits && !portrait(ui)) { /* Next page and Done beside the settings */
		AccessLayout side = access_layout(ui, c, r, lpx, 1);
		l = side.fits ? side : l;
	}
	for (int k = 0; k < l.n; k++) /* what was just pressed stays in view, even */
		if (c->changed_setting >= 0 && l.id[k] == c->changed_setting) /* when the pages change */
			ui->page = l.page_of_row[k / l.cols];
	if (ui->page >= l.pages)
		ui->page = l.pages - 1;
	/* the rows of this page and the bottom row share the room left over */
	int rows = (l.n + l.cols - 1) / l.cols, used = l.side ? 0 : l.done_h + l.gap, nrows = !l.side;
	for (int row = 0; row < rows; row++)
		if (l.page_of_row[row] == ui->page) {
			used += (used ? l.gap : 0) + l.row_h[row];
			nrows++;
		}
	int extra = r.h > used && nrows ? (r.h - used) / nrows : 0, most = body_px(ui) * 18 / 10 - l.bh;
	if (extra > most) /* never past 1.8 lines: labels stay in step with the text size */
		extra = most > 0 ? most : 0;
	Rect more_r, done_r;
	if (l.side) { /* Next page at the top of its column, Done at the bottom */
		Rect col = rect_cut_right(&r, (r.w - l.gap) / 2);
		rect_cut_right(&r, l.gap);
		more_r = rect_cut_top(&col, l.done_h);
		done_r = rect_cut_bottom(&col, l.done_h); /* (fits: the two in the column) */
	} else {
		Rect bottom = rect_cut_bottom(&r, l.done_h + extra);
		rect_cut_bottom(&r, l.gap);
		int bw = (bottom.w - l.gap) / 2;
		more_r = (Rect){ bottom.x, bottom.y, bw, bottom.h };
		done_r = (Rect){ bottom.x + (l.pages > 1 ? bottom.w - bw : (bottom.w - bw) / 2), bottom.y, bw,
		                 bottom.h };
	}
	int cw = (r.w - l.gap * (l.cols - 1)) / l.cols, y = r.y;
	for (int row = 0; row < rows; row++) {
		if (l.page_of_row[row] != ui->page)
			continue;
		for (int k = row * l.cols; k < (row + 1) * l.cols && k < l.n; k++) {
			Rect cell = { r.x + (k % l.cols) * (cw + l.gap), y, cw, l.row_h[row] + extra };
			char id[32], label[160];
			access_cell_label(c, l.id[k], label, sizeof label);
			if (l.id[k] == ACCESS_LANG) {
				if (ui_button_px(ui, "access.language", label, cell, 0, lpx))
					return ev(EV_LANGUAGE, (c->lang + 1) % c->nlangs);
				continue;
			}
			SettingId sid = (SettingId)l.id[k];
			snprintf(id, sizeof id, "setting.%d", sid);
			if (!l.vh[k]) {
				if (ui_button_px(ui, id, label, cell, 0, lpx))
					return ev(EV_SETTING, SETTING_ARG(sid, 0));
				continue;
			}
			/* the value (at most the row's share), then Smaller | Bigger */
			int vh = cell.h - l.bh - extra - l.gap / 2;
			Rect value = rect_cut_top(&cell, vh > 0 ? vh : 0);
			rect_cut_top(&cell, l.gap / 2);
			ui_text(ui, id, label, value, lpx, 0, ALIGN_CENTER);
			int step, count, bw = (cell.w - l.gap) / 2;
			settings_range(c->set, sid, &step, &count);
			StringId down, up;
			step_words(sid, &down, &up);
			char did[40];
			snprintf(did, sizeof did, "%s.down", id);
			if (ui_button_px(ui, did, T(down), rect_cut_left(&cell, bw), step > 0 ? 0 : UI_DISABLED, lpx))
				return ev(EV_SETTING, SETTING_ARG(sid, -1));
			snprintf(did, sizeof did, "%s.up", id);
			if (ui_button_px(ui, did, T(up), rect_cut_right(&cell, bw),
			                 step + 1 < count ? 0 : UI_DISABLED, lpx))
				return ev(EV_SETTING, SETTING_ARG(sid, +1));
		}
		y += l.row_h[row] + extra + l.gap;
	}
	if (l.pages > 1) {
		char more[128], page[12], npages[12];
		snprintf(page, sizeof page, "%d", ui->page + 1);
		snprintf(npages, sizeof npages, "%d", l.pages);
		strings_format(more, sizeof more, T(S_ACCESS_PAGE), (const char *[]){ "page", "pages" },
		               (const char *[]){ page, npages }, 2);
		if (ui_button_px(ui, "access.more", more, more_r, 0, lpx)) {
			ui->page = (ui->page + 1) % l.pages; /* cycles: never a dead end */
			ui->changed = 1;
			ui_keep_focus(ui, "access.more");
			return none();
		}
	}
	if (ui_button_px(ui, "access.done", T(S_ACCESS_DONE), done_r, UI_PRIMARY, lpx))
		return ev(EV_ACCESS_DONE, 0);
	Event e = bar_end(ui, c, &bar, EV_START_AGAIN);
	if (e.type == EV_ACTIVITY && ui->in.type == IN_BACK) /* the Back key: as Done */
		return ev(EV_ACCESS_DONE, 0);
	return e;
}

Event screens_run(Ui *ui, const Survey *s, const Content *c)
{
	ui_background(ui);
	if (s->confirm_again)
		return confirm_again(ui, s, c);
	switch (s->screen) {
	case SCREEN_WELCOME:  return welcome(ui, c);
	case SCREEN_SERVICE:  return service(ui, s, c);
	case SCREEN_QUESTION: return question(ui, s, c);
	case SCREEN_REVIEW:   return review(ui, s, c);
	case SCREEN_SENDING:  return sending(ui, c);
	case SCREEN_THANKS:   return thanks(ui, s, c);
	case SCREEN_TIMEOUT:  return timeout(ui, s, c);
	case SCREEN_ACCESS:   return access(ui, c);
	}
	return none();
}
