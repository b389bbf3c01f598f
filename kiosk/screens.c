/* screens.c - the kiosk's screens, laid out by cutting the window rect.
 * Start reading at screens_run(). */
#include "screens.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "speech.h"
#include "staff.h"
#include "util.h"

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
 * or progress line.  The buttons share one label size (px), never under
 * the text floor, and are as wide (one row) or as high (their own rows)
 * as their labels need at it.  Start again keeps AGAIN_GAP_MM of space
 * from every other control, and no button lies on the staff corner in
 * either reading direction.  Screens add the buttons last (bar_end) so
 * keyboard focus starts on their own content. */
typedef struct {
	Rect left, again, small[3]; /* small: Stop, Hear it again, Easier to use */
	Rect spare;                 /* a free place under Start again, or empty */
	int nsmall, two_rows;       /* two_rows: the buttons above the title, not beside it */
	int px;                     /* the labels' shared size */
} Bar;

/* The bar's arrangements, in the order they are preferred: the first in
 * which every label fits at the text floor is used at every text size
 * (so its labels never get smaller at a larger size), its labels as large
 * as it allows up to BAR_LABEL_PCT of the body size.
 *   BAR_BESIDE - one row: the title or progress line, then the buttons,
 *                each as wide as its label on one line (or, if the title
 *                needs the room, two) (landscape only);
 *   BAR_ABOVE  - the buttons a row of their own, sharing its width by
 *                what their labels need, on up to two lines; the title
 *                under them;
 *   BAR_TWO    - the buttons two rows: the last small one and Start again,
 *                then (Start again's space below) the others; the title
 *                under them (three or more buttons). */
enum { BAR_BESIDE, BAR_ABOVE, BAR_TWO, BAR_KINDS };

#define BAR_LABEL_PCT  80 /* the bar's labels: at most this share of the body size */
#define BAR_LABEL_LINES 2 /* ... on at most this many lines */

/* Start again's label, then the small buttons' (as Bar.small). */
static void bar_labels(const Content *c, const Bar *b, const char *label[4])
{
	static const StringId small[3] = { S_SPEECH_STOP, S_SPEECH_REPEAT, S_BAR_ACCESS };
	int access = b->nsmall > (c->set->speech ? 2 : 0);
	label[0] = T(S_START_AGAIN);
	for (int i = 0; i < b->nsmall; i++)
		label[1 + i] = T(small[access && i == b->nsmall - 1 ? 2 : i]);
}

/* The width a button (flags: UI_SELECTED or not) needs for label at px
 * on at most `lines` lines (1 or 2: broken at the best space, if that is
 * narrower). */
static int label_lines_w(Ui *ui, const char *label, int px, int lines, int flags)
{
	int best = ui_label_w(ui, label, px, flags);
	char head[128];
	for (int i = 0; lines > 1 && label[i] && i < (int)sizeof head - 1; i++) {
		if (label[i] != ' ')
			continue;
		snprintf(head, sizeof head, "%.*s", i, label);
		int a = ui_label_w(ui, head, px, flags), b = ui_label_w(ui, label + i + 1, px, flags);
		int w = (a > b ? a : b) + 1;
		best = w < best ? w : best;
	}
	return best;
}

/* A row of buttons' height for label[0..n-1] at px in buttons w[i] wide,
 * at least a target's and a share of the window; -1 when a label does not
 * fit on BAR_LABEL_LINES lines or the row would be taller than most (0: no
 * limit), unless `must` (the label is drawn clipped, and reported). */
static int bar_row_h(Ui *ui, const char *const label[], int n, const int w[], int px, int most,
                     int must)
{
	int one = ui_text_h(ui, "Xy", 1 << 14, px, 1), pad2 = ui_label_h(ui, "Xy", 1 << 14, px, 0) - one;
	int h = mm_px(ui, 12.5), least = band(ui, 13, 0);
	h = h > least ? h : least;
	for (int i = 0; i < n; i++) {
		int need = ui_label_h(ui, label[i], w[i], px, 0);
		if ((need < 0 || need - pad2 > BAR_LABEL_LINES * one) && !must)
			return -1;
		h = need > h ? need : h;
	}
	return most > 0 && h > most && !must ? -1 : h;
}

/* A BAR_BESIDE button's width: its label on `lines` lines, a quarter of
 * an em more each side, and a target's width at least. */
static int bar_button_w(Ui *ui, const char *label, int px, int lines)
{
	int w = label_lines_w(ui, label, px, lines, 0) + px / 2, least = mm_px(ui, 12.5);
	return w > least ? w : least;
}

/* A row of n buttons' widths (w[]) sharing `room` pixels in proportion to
 * what their labels need at px on two lines, each a target's width at
 * least. */
static void bar_split(Ui *ui, const char *const label[], int n, int px, int room, int w[])
{
	int need[4], total = 0, least = mm_px(ui, 12.5);
	for (int i = 0; i < n; i++)
		total += need[i] = bar_button_w(ui, label[i], px, 2);
	for (int i = 0; i < n; i++) {
		w[i] = (int)((long)room * need[i] / (total > 0 ? total : 1));
		w[i] = w[i] > least ? w[i] : least;
	}
}

/* BAR_BESIDE's button widths at px (w[0..n-1]): each label on one line,
 * or, the longest first, on two while the title would get under
 * left_min; 0 if even then. */
static int bar_beside_w(Ui *ui, const char *const label[], int n, int px, int avail, int left_min, int w[])
{
	int used = 0, wrapped[4] = { 0 };
	for (int i = 0; i < n; i++)
		used += w[i] = bar_button_w(ui, label[i], px, 1);
	while (avail - used < left_min) {
		int k = -1, save = 0;
		for (int i = 0; i < n; i++) {
			int d = wrapped[i] ? 0 : w[i] - bar_button_w(ui, label[i], px, 2);
			if (d > save) {
				save = d;
				k = i;
			}
		}
		if (k < 0)
			return 0;
		wrapped[k] = 1;
		w[k] -= save;
		used -= save;
	}
	return 1;
}

/* Place the bar's buttons in arrangement `kind` with labels at px, cut
 * from the top of *r; 0 (r and b untouched) when a label does not fit,
 * (BAR_BESIDE) the title would get under left_min pixels, or the buttons'
 * rows would be taller than most_h (0: any); `must`: placed all the same
 * (a label too long for any arrangement).  *h: the rows' height. */
static int bar_place(Ui *ui, const char *const label[], int kind, int px, int left_min, int most_h,
                     Rect *r, Bar *b, int must, int *h)
{
	int n = b->nsmall + 1, m = margin(ui), gap = m / 2, again_gap = mm_px(ui, AGAIN_GAP_MM) + 1;
	int gaps = n > 1 ? again_gap + (n - 2) * gap : 0; /* between the buttons of a row */
	Rect rest = *r, row = rest;
	staff_corner_free(ui, &row); /* the room a row at the top has */
	Bar out = *b;
	if (kind == BAR_BESIDE) {
		int w[4];
		if (portrait(ui) || (!bar_beside_w(ui, label, n, px, row.w - gaps - m, left_min, w) && !must))
			return 0;
		if (must)
			for (int i = 0; i < n; i++)
				w[i] = bar_button_w(ui, label[i], px, 2);
		if ((*h = bar_row_h(ui, label, n, w, px, most_h, must)) < 0)
			return 0;
		row = rect_cut_top(&rest, *h);
		staff_corner_free(ui, &row);
		out.again = rect_cut_right(&row, w[0]);
		for (int i = 0; i < b->nsmall; i++) {
			rect_cut_right(&row, i == 0 ? again_gap : gap);
			out.small[i] = rect_cut_right(&row, w[1 + i]);
		}
		rect_cut_right(&row, m);
		out.left = row;
		rect_cut_top(&rest, again_gap > m ? again_gap : m); /* Start again's space below it */
		out.two_rows = 0;
	} else {
		int two = kind == BAR_TWO, top = two ? 2 : n; /* the first row's buttons */
		if (two && n < 3)
			return 0;
		const char *first[4] = { label[0], label[n - 1] }, *const *second = label + 1;
		if (!two)
			for (int i = 0; i < n; i++)
				first[i] = label[i];
		int ws[4], ws2[4];
		bar_split(ui, first, top, px, row.w - (top > 1 ? again_gap + (top - 2) * gap : 0), ws);
		if (two)
			bar_split(ui, second, n - 2, px, rest.w - gap * (n - 3), ws2);
		int h1 = bar_row_h(ui, first, top, ws, px, most_h, must);
		int h2 = two ? bar_row_h(ui, second, n - 2, ws2, px, most_h, must) : 0;
		if (h1 < 0 || h2 < 0)
			return 0;
		*h = h1 > h2 ? h1 : h2;
		row = rect_cut_top(&rest, h1);
		staff_corner_free(ui, &row);
		out.again = rect_cut_right(&row, ws[0]);
		for (int i = b->nsmall - 1, k = top - 1; i >= (two ? b->nsmall - 1 : 0); i--, k--) {
			rect_cut_right(&row, i == b->nsmall - 1 ? again_gap : gap);
			out.small[i] = rect_cut_right(&row, ws[two ? 1 : k]);
		}
		if (two) { /* the second row, under Start again's space */
			rect_cut_top(&rest, again_gap);
			row = rect_cut_top(&rest, h2);
			staff_corner_free(ui, &row);
			for (int i = 0; i < n - 2; i++) {
				out.small[i] = rect_cut_right(&row, ws2[i]);
				rect_cut_right(&row, gap);
			}
		}
		rect_cut_top(&rest, gap); /* the title's row: text, no control */
		out.left = rect_cut_top(&rest, band(ui, 8, portrait(ui) ? 18 : 12));
		rect_cut_top(&rest, m);
		out.two_rows = 1;
	}
	out.spare = (Rect){ 0, 0, 0, 0 };
	out.px = px;
	*b = out;
	*r = rest;
	return 1;
}

/* The top bar, its title or progress line beside the buttons only if it
 * gets at least left_min pixels of the width there.  The labels grow with
 * the text size only as far as the bar's rows stay as high as they are
 * at the text floor (more room is for the screen's own text). */
static Bar top_bar_beside(Ui *ui, const Content *c, Rect *r, int access, int left_min)
{
	Bar b = { .nsmall = (c->set->speech ? 2 : 0) + (access ? 1 : 0) };
	const char *label[4];
	bar_labels(c, &b, label);
	int floor = ui_floor_px(ui), want = body_px(ui) * BAR_LABEL_PCT / 100, h;
	want = want > floor ? want : floor;
	for (int kind = 0; kind < BAR_KINDS; kind++) {
		Rect t = *r;
		Bar tb = b;
		if (!bar_place(ui, label, kind, floor, left_min, 0, &t, &tb, 0, &h))
			continue;
		int lo = floor, hi = want + 1, most = h; /* fits at lo, not at hi: the largest that fits */
		while (hi - lo > 1) {
			int mid = (lo + hi) / 2;
			t = *r;
			if (bar_place(ui, label, kind, mid, left_min, most, &t, &tb, 0, &h))
				lo = mid;
			else
				hi = mid;
		}
		bar_place(ui, label, kind, lo, left_min, most, r, &b, 0, &h);
		return b;
	}
	bar_place(ui, label, b.nsmall >= 2 ? BAR_TWO : BAR_ABOVE, floor, left_min, 0, r, &b, 1, &h);
	return b;
}

/* The top bar; a title beside the buttons gets a third of the width. */
static Bar top_bar(Ui *ui, const Content *c, Rect *r, int access)
{
	return top_bar_beside(ui, c, r, access, r->w / 3);
}

/* The last controls of a screen, in the top bar: Easier to use, Hear it
 * again and Stop (while reading aloud), then Start again, their labels at
 * the bar's shared size. */
static Event bar_end(Ui *ui, const Content *c, const Bar *b, EventType again_ev)
{
	int speech = c->set->speech, access = b->nsmall > (speech ? 2 : 0);
	if (access && ui_button_px(ui, "bar.access", T(S_BAR_ACCESS), b->small[b->nsmall - 1], UI_FILL, b->px))
		return ev(EV_ACCESS, 0);
	if (speech && ui_button_px(ui, "speech.repeat", T(S_SPEECH_REPEAT), b->small[1], UI_FILL, b->px))
		return ev(EV_SPEECH, 0);
	if (speech && ui_button_px(ui, "speech.stop", T(S_SPEECH_STOP), b->small[0], UI_FILL, b->px))
		return ev(EV_SPEECH, 1);
	return ui_button_px(ui, "start_again", T(S_START_AGAIN), b->again, UI_FILL, b->px)
	     ? ev(again_ev, 0) : none();
}

/* ---- Text that only grows --------------------------------------------- */

/* A larger text size must never set a text smaller (tests/e2e/textsize.py
 * checks it); these lay texts out so: in boxes that do not shrink as the
 * text grows, or at what fits at the chosen size and every larger one. */

#define TARGET_MM 12.5 /* a control's least height (targets >= 12 mm) */

/* The standard body size (text size 1), whatever text size is chosen:
 * what does not grow with it (the languages' names) is set from it. */
static int standard_px(Ui *ui)
{
	int pct = ui->text_pct;
	ui->text_pct = 100;
	int px = body_px(ui);
	ui->text_pct = pct;
	return px;
}

/* The height a button needs to set `label` at px in width w: ui.c sets a
 * label at most 4/10 of its button's height, inside a padding (pad
 * border widths each side). */
static int button_need(Ui *ui, const char *label, int w, int px, int pad)
{
	pad *= line_px(ui);
	int h = ui_text_h(ui, label, w - 2 * pad, px, 1) + 2 * pad, rule = (px * 10 + 3) / 4;
	int min_h = mm_px(ui, TARGET_MM);
	h = h > rule ? h : rule;
	return h > min_h ? h : min_h;
}

#define LEGIBLE_PCT 67 /* of the standard size: a 3.2 mm cap, the least client text is set at */

/* The largest size, at most max, at which text wrapped to w is at most h
 * high; never under LEGIBLE_PCT of the standard size (then it may not
 * fit: draw.c reports that).  For text given the room that is left. */
static int fit_px(Ui *ui, const char *text, int w, int h, int max, int bold)
{
	int lo = standard_px(ui) * LEGIBLE_PCT / 100 + 1, hi = max;
	if (ui_text_h(ui, text, w, hi, bold) <= h || lo >= hi)
		return hi;
	while (hi - lo > 1) { /* lo: the floor, or a size that fits */
		int mid = (lo + hi) / 2;
		if (ui_text_h(ui, text, w, mid, bold) <= h)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The width of text on one line, at px, bold. */
static int text_w(Ui *ui, const char *text, int px)
{
	Rect used;
	draw_text(ui->d, text, (Rect){ 0, 0, 1 << 14, 1 << 14 }, px, 1, ALIGN_LEFT, ui->theme->ink, 0, &used);
	return used.w;
}

/* The room under the top bar as it is at the largest text size: screens
 * whose boxes are laid out in it keep them at every text size, so larger
 * text is never set smaller (it fills the same box). */
static Rect room_at_largest(Ui *ui, const Content *c, Rect r, int access, Bar *bar)
{
	int pct = ui->text_pct;
	ui->text_pct = settings_text_pct[TEXT_SIZES - 1];
	Bar b = top_bar(ui, c, &r, access);
	ui->text_pct = pct;
	if (bar)
		*bar = b;
	return r;
}

/* Sizes at the largest text size: body text, headings. */
static void largest_px(Ui *ui, int *body, int *title)
{
	int pct = ui->text_pct;
	ui->text_pct = settings_text_pct[TEXT_SIZES - 1];
	*body = body_px(ui);
	*title = title_px(ui);
	ui->text_pct = pct;
}

/* Which of the text sizes (settings_text_pct) is chosen. */
static int size_index(const Ui *ui)
{
	int pct = ui->text_pct ? ui->text_pct : 100, k = 0;
	while (k < TEXT_SIZES - 1 && settings_text_pct[k] < pct)
		k++;
	return k;
}

/* One text of a screen laid out by steady_px(): a static text (at most
 * max) or a button's label. */
typedef struct {
	const char *text;
	int max, bold, button, flags;
} Fit;

/* The size of each text of a screen whose boxes come from boxes(ui, arg,
 * b) at the text size in ui: what fits its box at the chosen size and at
 * every larger one (never more than its max).  So a larger text size
 * never sets a text smaller, though each size has its own layout. */
typedef void BoxesFn(Ui *ui, const void *arg, Rect *b);

static void steady_px(Ui *ui, BoxesFn *boxes, const void *arg, const Fit *f, int n, int *px)
{
	Rect b[8];
	int pct = ui->text_pct;
	assert(n <= 8);
	for (int i = 0; i < n; i++)
		px[i] = f[i].max;
	for (int k = size_index(ui); k < TEXT_SIZES; k++) {
		ui->text_pct = settings_text_pct[k];
		boxes(ui, arg, b);
		ui->text_pct = pct; /* measured at the chosen size's limits */
		for (int i = 0; i < n; i++) {
			int p = f[i].button ? ui_label_px(ui, f[i].text, b[i], f[i].flags)
			                    : fit_px(ui, f[i].text, b[i].w, b[i].h, f[i].max, f[i].bold);
			if (p > 0 && p < px[i])
				px[i] = p;
		}
	}
}

/* ---- Welcome ----------------------------------------------------------- */

#define NAME_PCT    75 /* a language's name: 3/4 of the standard text (a 3.6 mm cap) */
#define TITLE_SHARE 40 /* crowded Welcome: the title's share of the first view */


/* Welcome's rectangles.  The languages are the same at every text size
 * (names in themselves, for a client who cannot read the language
 * shown).  With room, one view at the chosen text size: the title, the
 * promise, Start and Easier to use, each as high as its text needs.
 * Without it (large text on a small screen), two views whose rectangles
 * depend on the screen alone, so larger text is never set smaller: the
 * title, Start and Easier to use, then the promise and a Start of its
 * own (start2); a page control (more) turns between them, the languages
 * under both.  Start on the first view shows the promise first: it is the
 * anonymity promise, and every client sees (or hears) it before the
 * questions. */
typedef struct {
	Rect title, promise, start, access, more, last_month;
	Rect we_did;                 /* "You told us ... What we did ...", and */
	int we_did_px;               /* its size: one for every entry taking turns */
	Rect start2, more2;          /* the second (and third) view's Start, and its page control */
	int we_did_view;             /* the view the "we did" line is on: 0 (the one view), 1 (with
	                              * the promise) or 2 (alone, a third view) */
	Rect lang[CONFIG_MAX_LANGS]; /* each language's button */
	int name_px, lh;             /* their names' size, their height */
	int pages;
} WelcomeLayout;

#define LANG_PAD 6 /* a language button's padding, in border widths (as when selected) */

/* The languages in one row, each as wide as its name needs and the room
 * left shared out; 0 when they do not fit in w. */
static int lang_row(Ui *ui, const Content *c, Rect row, WelcomeLayout *l)
{
	int gap = margin(ui) / 2, pad = 2 * LANG_PAD * line_px(ui), need[CONFIG_MAX_LANGS], sum = 0;
	for (int i = 0; i < c->nlangs; i++)
		sum += need[i] = text_w(ui, c->langs[i].name, l->name_px) + pad + 2;
	int spare = row.w - sum - gap * (c->nlangs - 1);
	if (spare < 0)
		return 0;
	for (int i = 0, x = row.x; i < c->nlangs; i++) {
		int w = need[i] + spare / c->nlangs;
		l->lang[i] = (Rect){ x, row.y, w, row.h };
		x += w + gap;
	}
	return 1;
}

/* The languages' buttons, cut from the bottom of r: in landscape in one
 * row when the names fit; else three or two to a row, as many as fit
 * each name on one line, the last row centred. */
static void welcome_langs(Ui *ui, const Content *c, Rect *r, WelcomeLayout *l)
{
	int gap = margin(ui) / 2, lh = l->lh = button_need(ui, "X", r->w, l->name_px, LANG_PAD);
	if (c->nlangs < 2)
		return;
	if (!portrait(ui)) {
		if (lang_row(ui, c, rect_cut_bottom(r, lh), l)) {
			rect_cut_bottom(r, margin(ui));
			return;
		}
		r->h += lh; /* no: rows */
	}
	int cols = 3;
	for (; cols > 2; cols--) {
		int bw = (r->w - gap * (cols - 1)) / cols - 2 * LANG_PAD * line_px(ui) - 2, ok = 1;
		for (int i = 0; ok && i < c->nlangs; i++)
			ok = text_w(ui, c->langs[i].name, l->name_px) <= bw;
		if (ok)
			break;
	}
	int rows = (c->nlangs + cols - 1) / cols, lw = (r->w - gap * (cols - 1)) / cols;
	Rect block = rect_cut_bottom(r, rows * lh + (rows - 1) * gap);
	rect_cut_bottom(r, margin(ui));
	for (int i = 0; i < c->nlangs; i++) {
		int row = i / cols, in_row = row == rows - 1 ? c->nlangs - row * cols : cols;
		int x0 = block.x + (block.w - (in_row * lw + (in_row - 1) * gap)) / 2;
		l->lang[i] = (Rect){ x0 + (i % cols) * (lw + gap), block.y + row * (lh + gap), lw, lh };
	}
}

/* Start and Easier to use in b: side by side, or one above the other. */
static void welcome_buttons(const Ui *ui, Rect b, int stack, WelcomeLayout *l)
{
	int m = margin(ui);
	if (stack) {
		l->start = rect_cut_top(&b, (b.h - m) / 2);
		rect_cut_top(&b, m);
		l->access = b;
		return;
	}
	l->start = rect_cut_left(&b, (b.w - m) / 2);
	rect_cut_left(&b, m);
	l->access = b;
}

/* One view, when the texts fit at the chosen size: each gets the height
 * it needs, the room to spare shared out between them.  At the standard
 * size always one view (a first look shows everything, kiosk.py's
 * walks expect the promise on it), the texts shrinking when they must
 * (never under the floor; the larger sizes' two views have more room).
 * 0 when they do not fit. */
static int welcome_one_view(Ui *ui, const Content *c, Rect r, int tpx, int strict, WelcomeLayout *l)
{
	int m = margin(ui), px = body_px(ui);
	int nt = ui_text_h(ui, T(S_WELCOME_TITLE), r.w, tpx, 1);
	int np = ui_text_h(ui, T(S_WELCOME_PROMISE), r.w, px, 0);
	int half = (r.w - m) / 2, side = 0, stack = 0;
	for (int i = 0; i < 2; i++) {
		const char *label = T(i ? S_WELCOME_ACCESS : S_WELCOME_START);
		int a = button_need(ui, label, half, px, 4), b = button_need(ui, label, r.w, px, 4);
		side = a > side ? a : side;
		stack = b > stack ? b : stack;
	}
	int tall = portrait(ui); /* upright: one above the other, each label the whole width */
	int bh = tall ? 2 * stack + m : side, spare = r.h - bh - nt - np - 2 * m;
	if (spare < 0 && (ui->text_pct > 100 || strict))
		return 0;
	if (spare < 0) { /* the standard size, short of room: still one view (a first look
	                  * shows everything), each text shrinking, but not under the floor */
		int fpx = standard_px(ui) * LEGIBLE_PCT / 100 + 2, least_b = 0, total = r.h - 2 * m;
		int least_t = ui_text_h(ui, T(S_WELCOME_TITLE), r.w, fpx, 1);
		for (int i = 0; i < 2; i++) {
			int b = button_need(ui, T(i ? S_WELCOME_ACCESS : S_WELCOME_START), tall ? r.w : half, fpx, 4);
			least_b = b > least_b ? b : least_b;
		}
		least_b = tall ? 2 * least_b + m : least_b;
		int share = bh * total / (nt + np + bh); /* the buttons: their share, at least */
		bh = share > least_b ? share : least_b;
		if (total - bh - np >= least_t) { /* the promise keeps its size, the title the rest */
			nt = total - bh - np;
		} else {
			nt = (total - bh) * nt / (nt + np);
			np = total - bh - nt;
		}
		spare = 0;
	}
	rect_cut_top(&r, spare / 4);
	l->title = rect_cut_top(&r, nt + spare / 4);
	rect_cut_top(&r, m);
	l->promise = rect_cut_top(&r, np + spare / 4);
	rect_cut_top(&r, m);
	welcome_buttons(ui, rect_cut_top(&r, bh), tall, l);
	l->pages = 1;
	return 1;
}

/* Two views, from the screen's size (and Start's label) alone: the page
 * control at the bottom; above it the title then Start and Easier to use
 * (first view), or the promise (second view).  The second view's own
 * Start: beside the page control (which moves to the other half), or
 * upright under the promise, as high as its label needs at the largest
 * text size (in landscape, if the promise keeps its room). */
static void welcome_two_views(Ui *ui, const Content *c, Rect r, WelcomeLayout *l)
{
	int m = margin(ui), gap = m / 2, big_body, big_title, tall = portrait(ui);
	Rect v2 = r; /* the second view's room */
	Rect more = rect_cut_bottom(&r, l->lh);
	int mw = tall ? more.w : more.w / 2;
	l->more = (Rect){ more.x + (more.w - mw) / 2, more.y, mw, more.h };
	rect_cut_bottom(&r, m);
	if (tall) {
		largest_px(ui, &big_body, &big_title);
		l->promise = r;
		l->start2 = rect_cut_bottom(&l->promise, button_need(ui, T(S_WELCOME_START), r.w, big_body, 4));
		rect_cut_bottom(&l->promise, m);
	} else { /* the row: Start as at the largest size, but leaving the promise
		  * its room at that size; never lower than Start needs at the standard
		  * size (as on one view: larger text never sets it smaller) */
		largest_px(ui, &big_body, &big_title);
		int half = (v2.w - gap) / 2;
		int rh = button_need(ui, T(S_WELCOME_START), half, big_body, 4);
		int room = v2.h - m - ui_text_h(ui, T(S_WELCOME_PROMISE), v2.w, big_body, 0);
		int least = button_need(ui, T(S_WELCOME_START), half, standard_px(ui), 4);
		if (rh > room)
			rh = room > least ? room : least;
		Rect row = rect_cut_bottom(&v2, rh > l->lh ? rh : l->lh);
		rect_cut_bottom(&v2, m);
		l->promise = v2;
		l->more2 = rect_cut_left(&row, (row.w - gap) / 2);
		rect_cut_left(&row, gap);
		l->start2 = row;
	}
	l->title = rect_cut_top(&r, r.h * TITLE_SHARE / 100);
	rect_cut_top(&r, gap);
	welcome_buttons(ui, r, tall, l);
	l->pages = 2;
}

#define WE_DID_SHARE 30 /* "we did" on one view: at most this share of Welcome's room */

/* Entry i in the default language's words (left to right) on a right-to-
 * left language's Welcome: measured and drawn in its own direction (on),
 * so the English reads as English, its full stop at its end on the
 * right; then the language shown's again (off).  ui->rtl too: the box is
 * centred, the same mirrored or not. */
static int entry_ltr(Ui *ui, const Content *c, int i, int on)
{
	if (i < 0 || i >= 32 || !(c->we_did_ltr >> i & 1u))
		return 0;
	ui->rtl = !on;
	draw_set_rtl(ui->d, !on);
	return 1;
}

/* The size the "we did" line is set at in l->we_did: the largest, up to
 * body text at the size chosen, at which every entry taking turns fits
 * (one size for all: nothing changes size at a turn).  0 when one does
 * not fit even at the floor. */
static int we_did_fit(Ui *ui, const Content *c, WelcomeLayout *l)
{
	int px = body_px(ui), fits = 1;
	for (int i = 0; i < c->we_did_n; i++) {
		int ltr = entry_ltr(ui, c, i, 1);
		int p = fit_px(ui, c->we_did_all[i], l->we_did.w, l->we_did.h, px, 0);
		px = p < px ? p : px;
		if (ltr)
			entry_ltr(ui, c, i, 0);
	}
	for (int i = 0; i < c->we_did_n; i++) {
		int ltr = entry_ltr(ui, c, i, 1);
		fits &= ui_text_h(ui, c->we_did_all[i], l->we_did.w, px, 0) <= l->we_did.h;
		if (ltr)
			entry_ltr(ui, c, i, 0);
	}
	l->we_did_px = px;
	return fits;
}

/* The "we did" line's box on Welcome's one view, cut from the bottom of
 * r: as high as the tallest entry needs at the standard text size, at
 * most WE_DID_SHARE of r; the same at every text size, and for every
 * entry (the screen does not move at a turn).  0 when an entry does not
 * fit it at a legible size. */
static int welcome_we_did(Ui *ui, const Content *c, Rect *r, WelcomeLayout *l)
{
	int std = standard_px(ui), h = 0, most = r->h * WE_DID_SHARE / 100;
	for (int i = 0; i < c->we_did_n; i++) {
		int need = ui_text_h(ui, c->we_did_all[i], r->w, std, 0);
		h = need > h ? need : h;
	}
	l->we_did = rect_cut_bottom(r, h < most ? h : most);
	rect_cut_bottom(r, margin(ui) / 2);
	return we_did_fit(ui, c, l);
}

/* Two views: the "we did" line under the promise on the second, when
 * the promise keeps its size and every entry fits, legibly (as on one
 * view) at the standard text size, at the standard size or larger at
 * the larger ones (larger text never set smaller than the standard).
 * 0: it does not, and the layout is unchanged (a third view). */
static int welcome_we_did_under_promise(Ui *ui, const Content *c, WelcomeLayout *l)
{
	Rect p = l->promise, keep = l->we_did;
	int np = ui_text_h(ui, T(S_WELCOME_PROMISE), p.w, body_px(ui), 0), gap = margin(ui) / 2;
	if (np + gap >= p.h)
		return 0;
	int spare = p.h - np - gap, need = 0;
	for (int i = 0; i < c->we_did_n; i++) {
		int h = ui_text_h(ui, c->we_did_all[i], p.w, body_px(ui), 0);
		need = h > need ? h : need;
	}
	int extra = spare > need ? (spare - need) / 2 : 0; /* the room left: half to each */
	Rect promise = rect_cut_top(&p, np + extra);
	rect_cut_top(&p, gap);
	l->we_did = p;
	if (!we_did_fit(ui, c, l) || (ui->text_pct > 100 && l->we_did_px < standard_px(ui))) {
		l->we_did = keep;
		return 0;
	}
	l->promise = promise;
	l->we_did_view = 1;
	return 1;
}

static WelcomeLayout welcome_layout(Ui *ui, const Content *c, int tpx)
{
	WelcomeLayout l = { .pages = 1, .name_px = standard_px(ui) * NAME_PCT / 100 };
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	welcome_langs(ui, c, &r, &l);
	if (c->last_month[0]) /* what people said last month, when it may be shown */
		l.last_month = rect_cut_bottom(&r, r.h * 12 / 100);
	if (!c->we_did[0]) {
		if (!welcome_one_view(ui, c, r, tpx, 0, &l))
			welcome_two_views(ui, c, r, &l);
		return l;
	}
	/* what the service did about what people said: under the rest on one
	 * view when all fits at the size chosen; else a third view of its own,
	 * laid out as the promise's (after it: its page control turns to it) */
	Rect one = r;
	if (welcome_we_did(ui, c, &one, &l) && welcome_one_view(ui, c, one, tpx, 1, &l))
		return l;
	welcome_two_views(ui, c, r, &l);
	if (welcome_we_did_under_promise(ui, c, &l))
		return l; /* one press from the first view, as the promise is */
	l.pages = 3; /* a third view, as the promise's: the line alone */
	l.we_did_view = 2;
	l.we_did = l.promise;
	we_did_fit(ui, c, &l);
	return l;
}

/* The page control of a crowded Welcome's n views: "Next page (1 of 2)"
 * on the first, "First page (2 of 2)" on the last; "What we changed (1 of
 * 3)" while a later view holds the "we did" line (we_did_next), so a client
 * knows there is something to see behind it.  1 when it turned. */
static int welcome_more(Ui *ui, const Content *c, Rect r, int n, int we_did_next)
{
	char label[128], page[12], pages[12];
	snprintf(page, sizeof page, "%d", ui->page + 1);
	snprintf(pages, sizeof pages, "%d", n);
	StringId id = ui->page == n - 1 ? S_REVIEW_FIRST : we_did_next ? S_WELCOME_MORE_WE_DID : S_REVIEW_MORE;
	strings_format(label, sizeof label, T(id),
	               (const char *[]){ "page", "pages" }, (const char *[]){ page, pages }, 2);
	if (!ui_button_px(ui, "welcome.more", label, r, 0, body_px(ui)))
		return 0;
	ui->page = (ui->page + 1) % n;
	ui->changed = 1;
	ui_keep_focus(ui, "welcome.more");
	return 1;
}

/* Welcome: the title, the promise, Start, Easier to use and every
 * language, named in itself; with large text on a small screen, on two
 * views, and a third for the "we did" line when it does not fit on the
 * one view (welcome_layout). */
static Event welcome(Ui *ui, const Content *c)
{
	int tpx = title_px(ui);
	WelcomeLayout l = welcome_layout(ui, c, tpx);
	if (l.pages == 1 || ui->page >= l.pages)
		ui->page = 0;
	if (c->last_month[0])
		ui_text(ui, "welcome.last_month", c->last_month, l.last_month, body_px(ui) * 8 / 10, 0,
		        ALIGN_CENTER);
	if (ui->page == 0)
		ui_text(ui, "welcome.title", T(S_WELCOME_TITLE), l.title, tpx, 1, ALIGN_CENTER);
	if (l.pages == 1 || ui->page == 1)
		ui_text(ui, "welcome.promise", T(S_WELCOME_PROMISE), l.promise, body_px(ui), 0, ALIGN_CENTER);
	if (c->we_did[0] && (l.pages == 1 || ui->page == l.we_did_view)) { /* after the promise */
		int ltr = entry_ltr(ui, c, c->we_did_i, 1);
		ui_text(ui, "welcome.we_did", c->we_did, l.we_did, l.we_did_px, 0, ALIGN_CENTER);
		if (ltr)
			entry_ltr(ui, c, c->we_did_i, 0);
		if (ltr && ui->nwidgets && !strcmp(ui->widgets[ui->nwidgets - 1].id, "welcome.we_did"))
			ui->widgets[ui->nwidgets - 1].ltr = 1; /* (for the trace) */
	}
	Rect start = l.pages > 1 && ui->page >= 1 ? l.start2 : l.start;
	if (ui_button_px(ui, "start", T(S_WELCOME_START), start, UI_PRIMARY, body_px(ui))) {
		if (l.pages == 1 || ui->page >= 1)
			return ev(EV_START, 0);
		ui->page = 1; /* the promise first, with its own Start */
		ui->changed = 1;
		ui_keep_focus(ui, "start");
		return none();
	}
	if (ui->page == 0 && ui_button_px(ui, "access", T(S_WELCOME_ACCESS), l.access, 0, body_px(ui)))
		return ev(EV_ACCESS, 0);
	if (l.pages > 1 && welcome_more(ui, c, ui->page >= 1 && l.more2.w ? l.more2 : l.more, l.pages,
	                                c->we_did[0] && ui->page < l.we_did_view))
		return none();
	/* every language, named in itself, always on Welcome */
	for (int i = 0; i < c->nlangs && c->nlangs > 1; i++) {
		char id[32];
		snprintf(id, sizeof id, "lang.%s", c->langs[i].code);
		if (ui_button_px(ui, id, c->langs[i].name, l.lang[i], i == c->lang ? UI_SELECTED : 0, l.name_px))
			return ev(EV_LANGUAGE, i);
	}
	return none();
}

/* ---- Service ----------------------------------------------------------- */

#define SERVICE_TITLE_SHARE 40 /* the service question's row: at most this share of the room */

/* "Which service are you here for today?" in a row of its own under the
 * top bar, then a button per service and I'd rather not say: one column,
 * or two when that leaves the buttons lower than at the standard size
 * (more than four services; large text on a small screen).  The boxes
 * are laid out in the room the bar leaves at the largest text size, so
 * they are the same at every size and the text in them only grows; the
 * buttons grow with the text up to where their labels are body size. */
static Event service(Ui *ui, const Survey *s, const Content *c)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Rect room = room_at_largest(ui, c, r, 1, NULL);
	Bar bar = top_bar(ui, c, &r, 1);
	int n = c->cfg->nservices + 1, gap = margin(ui) / 2, big_body, big_title;
	largest_px(ui, &big_body, &big_title);
	int most = big_body * 10 / 4 + 1;
	int th = ui_text_h(ui, T(S_SERVICE_TITLE), room.w, big_title, 1);
	th = th < room.h * SERVICE_TITLE_SHARE / 100 ? th : room.h * SERVICE_TITLE_SHARE / 100;
	int least = ui->h * 16 / 100 > mm_px(ui, TARGET_MM) ? ui->h * 16 / 100 : mm_px(ui, TARGET_MM);
	int cols = 1, rows = n, bh = 0;
	for (; cols <= 2; cols++) {
		rows = (n + cols - 1) / cols;
		bh = (room.h - th - gap * rows) / rows;
		bh = bh < most ? bh : most;
		if ((bh >= least || portrait(ui)) && (cols == 2 || n <= 4)) /* upright: wide buttons */
			break;
	}
	cols = cols > 2 ? 2 : cols;
	bh = bh > mm_px(ui, TARGET_MM) ? bh : mm_px(ui, TARGET_MM);
	Rect title = rect_cut_top(&r, th);
	rect_cut_top(&r, gap);
	int tpx = fit_px(ui, T(S_SERVICE_TITLE), title.w, title.h, title_px(ui), 1);
	ui_text(ui, "service.title", T(S_SERVICE_TITLE), title, tpx, 1, ALIGN_LEFT);
	int bw = cols == 1 ? (portrait(ui) ? r.w : ui->w * 60 / 100) : (r.w - gap) / 2;
	int x0 = cols == 1 ? ui->w / 2 - bw / 2 : r.x;
	for (int i = 0; i < n; i++) {
		int last_alone = cols == 2 && i == n - 1 && n % 2; /* centred under the others */
		Rect b = { last_alone ? ui->w / 2 - bw / 2 : x0 + (i % cols) * (bw + gap),
		           r.y + (i / cols) * (bh + gap), bw, bh };
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

/* "Question 3 of 8" (n of `of`). */
static void progress_text(const Content *c, int n, int of, char *text, size_t size)
{
	char a[12], b[12];
	snprintf(a, sizeof a, "%d", n);
	snprintf(b, sizeof b, "%d", of);
	strings_format(text, size, T(S_PROGRESS), (const char *[]){ "n", "of" }, (const char *[]){ a, b }, 2);
}

/* "Question 3 of 8" and its progress line, in the top bar's free part,
 * the text at most px and at most what fits `most_w` pixels (the width
 * the bar promised it: the same at every text size). */
static void progress(Ui *ui, const Survey *s, const Content *c, Rect left, int px, int most_w)
{
	char text[96];
	progress_text(c, s->question + 1, s->spec.nquestions, text, sizeof text);
	Rect bar = rect_cut_bottom(&left, left.h * 22 / 100);
	int fit = ui_text_px(ui, text, (Rect){ 0, 0, most_w < left.w ? most_w : left.w, left.h }, px, 0);
	ui_text(ui, "progress", text, left, fit > 0 ? fit : px, 0, ALIGN_LEFT);
	ui_progress(ui, bar, s->question + 1, s->spec.nquestions);
}

/* The question screen's top bar: the progress line beside the buttons if
 * it fits there at the standard size, or else at the text floor (a small
 * screen: the question and answers need the height); *most_w: the width
 * it was promised. */
static Bar question_bar(Ui *ui, const Survey *s, const Content *c, Rect *r, int *most_w)
{
	char text[96];
	progress_text(c, s->spec.nquestions, s->spec.nquestions, text, sizeof text); /* the widest */
	int keep = ui->text_pct;
	ui->text_pct = 100;
	int std_px = body_px(ui), std_w = ui_label_w(ui, text, std_px, 0); /* (regular: narrower) */
	ui->text_pct = keep;
	Rect t = *r;
	Bar b = top_bar_beside(ui, c, &t, 1, std_w);
	*most_w = std_w;
	if (b.two_rows) {
		*most_w = ui_label_w(ui, text, ui_floor_px(ui), 0);
		t = *r;
		b = top_bar_beside(ui, c, &t, 1, *most_w);
	}
	if (b.two_rows) { /* the progress's row, the whole width: a line at the standard size */
		*most_w = b.left.w; /* (landscape, short of height: at the text floor) */
		int px = portrait(ui) ? std_px : ui_floor_px(ui);
		int h = ui_text_h(ui, text, 1 << 14, px, 0) * 100 / 78; /* and the line under it */
		if (h < b.left.h) {
			t.y -= b.left.h - h;
			t.h += b.left.h - h;
			b.left.h = h;
		}
	}
	*r = t;
	return b;
}

/* The question screen's layouts.  In landscape they are tried in this
 * order: Q_ROW, then Q_GRID, with the answer words at 80 % of body size;
 * then, at text sizes 1 and 2, the one of the two with the larger words
 * if they are at least a legible floor (FACE_FLOOR_PCT of the standard
 * body size: a long word such as "Здебільшого" shares a smaller size, or a
 * phrase wraps to two lines, before Skip and Back go behind "Other
 * choices"); then, still at sizes 1 and 2, Q_CELLS if its words reach the
 * floor (a 7-inch panel); then Q_PAGED, then (sizes 3 and 4) Q_CELLS, or
 * whichever has the largest words.  In portrait the same with Q_LIST
 * alone before Q_PAGED.  Every layout must also set each text at least
 * as large as the next smaller text size's layout did (QSizes: Bigger
 * text never makes any text smaller), if need be with the question at
 * that size rather than its own, so the answers get the room.
 *   Q_ROW   - a row of five faces with their words under them, and Back,
 *             Skip (and Does not apply) along the bottom;
 *   Q_GRID  - two columns of rows, each face beside its words; the bottom
 *             as in Q_ROW;
 *   Q_CELLS - a small landscape screen: Q_GRID with no bottom band, Back,
 *             (Does not apply) and Skip side by side in the sixth cell,
 *             each as wide as its label needs; the first column as
 *             narrow as its words allow, so the sixth cell is wide; the
 *             question at body size (wrapping), in the room Start again's
 *             space below the top bar leaves for text;
 *   Q_LIST  - portrait: five rows down the screen, each face beside its
 *             words, filling the height; Back, Does not apply and Skip in
 *             a row under them;
 *   Q_PAGED - large text on a small screen: the answers also take the
 *             bottom's room (landscape two columns, portrait six rows);
 *             the sixth cell, "Other choices", turns to a second page
 *             with Skip, Does not apply and Back, whose sixth cell, "Show
 *             the faces", turns back.  Never scrolling.
 * Every question is set at one size, the one the longest fits at, in the
 * room the longest needs (within a share of the screen), so neither the
 * answers nor the text size change from one question to the next. */
enum { Q_ROW, Q_GRID, Q_LIST, Q_PAGED, Q_CELLS };

#define FACE_FLOOR_PCT 66  /* cap height 3.2 mm at the configured screen size */
#define FACE_FLOOR_UPTO 125 /* ... at text sizes 1 and 2 (settings_text_pct); 3 and 4 page */
#define CELLS_WORDS_PCT 80  /* Q_CELLS: the words at most this share of body size (their
                             * rows fill a small screen: a larger text size's question
                             * can only grow into what the words leave) */

/* The sizes a question layout sets its texts at (-1: one does not fit). */
typedef struct {
	int px;      /* the answer words' shared size */
	int text_px; /* every question's */
	int opx;     /* Back, Skip (or Next) and Does not apply: their shared size */
	int mpx;     /* Q_PAGED: Other choices and Show the faces, else 0 */
} QSizes;

typedef struct {
	int kind;
	QSizes z;
	int use_cells;  /* Back, Skip, Does not apply in others_row or the cells, not along the bottom */
	Rect text, bottom, others_row, cell[6];
	Rect page2[4];  /* Q_PAGED's second page: Skip, Does not apply, Back, Show the faces */
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

/* The one size every question fits box at (at most px), -1 if one does not. */
static int question_fit_px(Ui *ui, const Survey *s, const Content *c, Rect box, int px)
{
	for (int k = 0; k < s->spec.nquestions && px > 0; k++) {
		int p = ui_text_px(ui, c->str->question[c->qidx[k]], box, px, 1);
		px = p < px ? p : px;
	}
	return px;
}

/* Skip's label: the wider of Skip and Next (an answered question's). */
static const char *skip_label(Ui *ui, const Content *c, int px)
{
	return ui_label_w(ui, T(S_SKIP), px, UI_SELECTED) > ui_label_w(ui, T(S_NEXT), px, UI_SELECTED) ? T(S_SKIP) : T(S_NEXT);
}

/* The answer sets (strtab.h AnswerSet) a layout makes room for, a bit
 * each, and the set of the question drawn: question_known() sets both.
 * The layout makes room for the words of every set the survey uses (the
 * widest, at the smallest size any needs), so the faces and Back, Skip
 * and Does not apply (or Don't know) stay in the same places on every
 * question, the Friends and Family Test's too; only where that would page
 * Back and Skip away and one set's own room would not does each set get
 * its own (a 7-inch panel in some languages). */
static unsigned plan_sets = 1u << ANSWERS_HEARD;
static int plan_answers = ANSWERS_HEARD;
#define FOR_SETS(set) for (int set = 0; set <= ANSWERS_FFT; set++) if (plan_sets >> set & 1)
#define ANSWER(v) strings_answer_label(c->str, plan_answers, (v)) /* v: 1..5 */
#define NA_LABEL() strings_answer_label(c->str, plan_answers, ANSWER_NOT_APPLICABLE)
#define NA_OF(set) strings_answer_label(c->str, (set), ANSWER_NOT_APPLICABLE)

/* The widest of the sets' not-applicable labels on `lines` lines at px. */
static int na_lines_w(Ui *ui, const Content *c, int px, int lines)
{
	int most = 0;
	FOR_SETS(set) {
		int w = label_lines_w(ui, NA_OF(set), px, lines, UI_SELECTED);
		most = w > most ? w : most;
	}
	return most;
}

/* The space between Back, Does not apply and Skip in a row (Q_LIST's)
 * or cell (Q_CELLS'). */
static int others_sep(const Ui *ui, int row) { return row ? margin(ui) : margin(ui) / 2; }

/* Skip's, Does not apply's and Back's widths (w[0..2]; 0: not offered)
 * sharing `width` in a row or cell, in proportion to what each label
 * needs at the text floor, on two lines if `two` (Q_LIST's row has room
 * for two), else one. */
static void others_split(Ui *ui, const Content *c, int has_na, int two, int width, int w[3])
{
	int fl = ui_floor_px(ui), lines = two ? 2 : 1;
	w[0] = label_lines_w(ui, skip_label(ui, c, fl), fl, lines, UI_SELECTED);
	w[1] = has_na ? na_lines_w(ui, c, fl, lines) : 0;
	w[2] = label_lines_w(ui, T(S_BACK), fl, lines, UI_SELECTED);
	int room = width - others_sep(ui, two) * (has_na ? 2 : 1), total = w[0] + w[1] + w[2];
	for (int i = 0; i < 3; i++)
		w[i] = room * w[i] / total;
}

/* Does Q_LIST need two rows for Back, Skip and Does not apply (their
 * labels at the text floor, on two lines each, wider together than
 * `width`)?  Then Back and Skip are the first, Does not apply the second
 * (on every question, so the answers never move). */
static int others_two_rows(Ui *ui, const Content *c, int width)
{
	int fl = ui_floor_px(ui);
	int need = label_lines_w(ui, skip_label(ui, c, fl), fl, 2, UI_SELECTED) +
	           na_lines_w(ui, c, fl, 2) +
	           label_lines_w(ui, T(S_BACK), fl, 2, UI_SELECTED) + 2 * others_sep(ui, 1);
	return need > width;
}

/* Q_LIST's row (or two) of Back, Does not apply and Skip: room for two
 * lines of label, and at least what each needs at the text floor. */
static int others_row_h(Ui *ui, const Content *c, int width)
{
	int fl = ui_floor_px(ui), two = others_two_rows(ui, c, width), w[3];
	int h = two ? mm_px(ui, 12.5) : band(ui, 15, 20); /* (two rows: each as low as it may be) */
	others_split(ui, c, !two, 1, width, w);
	if (two)
		w[1] = width;
	for (int i = 0; i < 3; i++)
		FOR_SETS(set) {
			const char *label = i == 0 ? skip_label(ui, c, fl) : i == 1 ? NA_OF(set) : T(S_BACK);
			int need = ui_label_h(ui, label, w[i], fl, UI_SELECTED);
			h = need > h ? need : h;
		}
	return two ? 2 * h + margin(ui) / 2 : h;
}

/* Where Skip, Does not apply and Back go in layout l (out[0..2]; with no
 * Does not apply, out[1] is Back's place too): along the bottom, in a row
 * (Q_LIST) or the sixth cell (Q_CELLS) each as wide as its label, or
 * (Q_PAGED's second page) in cells 0-2. */
static void others_rects(Ui *ui, const Content *c, const QLayout *l, int has_na, Rect out[3])
{
	if (l->kind == Q_PAGED) {
		out[0] = l->page2[0];
		out[1] = has_na ? l->page2[1] : l->page2[2];
		out[2] = l->page2[2];
		return;
	}
	Rect b = l->bottom;
	if (!l->use_cells) {
		int bw = ui->w * 22 / 100;
		out[2] = rect_cut_left(&b, bw);
		out[0] = rect_cut_right(&b, bw);
		rect_cut_right(&b, margin(ui));
		out[1] = has_na ? rect_cut_right(&b, ui->w * 28 / 100) : out[2];
		return;
	}
	b = l->others_row;
	int w[3];
	if (l->kind == Q_LIST && others_two_rows(ui, c, b.w)) { /* Does not apply under the others */
		Rect na = rect_cut_bottom(&b, (b.h - margin(ui) / 2) / 2);
		rect_cut_bottom(&b, margin(ui) / 2);
		others_split(ui, c, 0, 1, b.w, w);
		out[2] = rect_cut_left(&b, w[2]);
		out[0] = rect_cut_right(&b, w[0]);
		out[1] = has_na ? na : out[2];
		return;
	}
	others_split(ui, c, has_na, l->kind == Q_LIST, b.w, w);
	out[2] = rect_cut_left(&b, w[2]);
	rect_cut_left(&b, others_sep(ui, l->kind == Q_LIST));
	out[0] = rect_cut_right(&b, w[0]);
	rect_cut_right(&b, has_na ? others_sep(ui, l->kind == Q_LIST) : 0);
	out[1] = has_na ? b : out[2];
}

/* The shared size of Skip (or Next), Back and Does not apply in l (as if
 * every question offered Does not apply: the same on every question). */
static int others_px(Ui *ui, const Content *c, const QLayout *l)
{
	Rect o[3];
	others_rects(ui, c, l, 1, o);
	int p[4] = { ui_label_px(ui, T(S_SKIP), o[0], UI_SELECTED), ui_label_px(ui, T(S_NEXT), o[0], 0),
	             1 << 20, ui_label_px(ui, T(S_BACK), o[2], 0) };
	FOR_SETS(set) {
		int na = ui_label_px(ui, NA_OF(set), o[1], UI_SELECTED);
		p[2] = na < p[2] ? na : p[2];
	}
	int px = 1 << 20;
	for (int i = 0; i < 4; i++)
		px = p[i] < px ? p[i] : px;
	for (int i = 0; i < 3; i++) /* each a target of 12 mm both ways */
		if (o[i].w < mm_px(ui, 12.0) || o[i].h < mm_px(ui, 12.0))
			px = -1;
	return px;
}

/* Q_CELLS' first column: as wide as answers 1-3 need at the standard
 * body size (the same at every text size) beside a face of the row's
 * height, between a third and a half of w. */
static int first_column_w(Ui *ui, const Content *c, int w, int row_h, int gap)
{
	int most = 0, keep = ui->text_pct;
	ui->text_pct = 100;
	int px = body_px(ui);
	ui->text_pct = keep;
	for (int v = 0; v < 3; v++) /* (ui.c: the face row_h square, its words beside it) */
		FOR_SETS(set) {
			int need = ui_label_w(ui, strings_answer_label(c->str, set, v + 1), px, 0) -
			           6 * line_px(ui) + row_h;
			most = need > most ? need : most;
		}
	most = most > w / 3 ? most : w / 3;
	return most < (w - gap) / 2 ? most : (w - gap) / 2;
}

static QLayout question_try(Ui *ui, const Survey *s, const Content *c, Rect r, int kind, int lift, int qpx)
{
	QLayout l = { .kind = kind, .z = { .px = 1 << 20, .text_px = title_px(ui) } };
	int gap = margin(ui) / 2, m = margin(ui);
	Rect a = r;
	if (kind == Q_PAGED && portrait(ui))
		l.z.text_px = body_px(ui) * 8 / 10;
	if (kind == Q_CELLS || (kind == Q_PAGED && !portrait(ui))) { /* the text may start in */
		a.y -= lift;                                           /* Start again's space */
		a.h += lift;
	}
	if (kind == Q_CELLS)
		l.z.text_px = body_px(ui);
	if (qpx > 0)
		l.z.text_px = qpx;
	if (kind == Q_LIST) { /* Back, Does not apply, Skip: one row, room for two lines each */
		l.others_row = rect_cut_bottom(&a, others_row_h(ui, c, a.w));
		rect_cut_bottom(&a, m);
		l.use_cells = 1;
	} else if (kind != Q_PAGED && kind != Q_CELLS) {
		l.bottom = rect_cut_bottom(&a, band(ui, 15, 22));
		rect_cut_bottom(&a, m);
	}
	/* the text: what the longest question needs, within its share */
	int share = a.h * (kind == Q_PAGED ? 30 : kind == Q_LIST ? 34 : 36) / 100;
	int need = question_text_h(ui, s, c, a.w, l.z.text_px) + gap;
	if (kind == Q_LIST || (kind == Q_PAGED && portrait(ui))) { /* rows of 12.4 mm first, then the text */
		if (kind == Q_PAGED)
			gap /= 2;
		int nrows = kind == Q_PAGED ? 6 : 5, rows = nrows * mm_px(ui, 12.3) + (nrows - 1) * gap;
		share = a.h - rows - gap;
		int least = body_px(ui) * 25 / 10; /* paged: the rows first, the text what is left */
		if (share < least && kind == Q_LIST)
			share = least;
	}
	if (kind == Q_CELLS || (kind == Q_PAGED && !portrait(ui))) /* three rows of 12.4 mm first */
		share = a.h - (3 * mm_px(ui, 12.4) + 2 * gap) - gap;
	int text_h = need < share && need > share * 6 / 10 ? need : need <= share * 6 / 10 ? share * 6 / 10 : share;
	if (kind == Q_LIST || kind == Q_CELLS || kind == Q_PAGED) /* the rows fill the height */
		text_h = need < share ? need : share;
	if (qpx > 0) /* the question at this size, whatever the rows are left */
		text_h = need;
	if (kind == Q_CELLS && text_h < lift + body_px(ui)) /* below Start again, a line at least */
		text_h = lift + body_px(ui);
	l.text = rect_cut_top(&a, text_h);
	rect_cut_top(&a, gap);
	int fit = question_fit_px(ui, s, c, l.text, l.z.text_px);
	/* shrunk to fit: at most body size, so a larger text size has room to grow it */
	l.z.text_px = fit < l.z.text_px && fit > body_px(ui) && qpx <= 0 ? body_px(ui) : fit;
	int tw = (a.w - 4 * gap) / 5, rh = (a.h - 2 * gap) / 3;
	int cw = kind == Q_CELLS ? first_column_w(ui, c, a.w, rh, gap) : (a.w - gap) / 2;
	int lh = (a.h - (kind == Q_PAGED ? 5 : 4) * gap) / (kind == Q_PAGED ? 6 : 5);
	for (int v = 0; v < 6; v++) /* Q_GRID and Q_PAGED: 1-3 down the first column */
		l.cell[v] = kind == Q_ROW ? (Rect){ a.x + v * (tw + gap), a.y, tw, a.h }
		          : kind == Q_LIST || (kind == Q_PAGED && portrait(ui))
		          ? (Rect){ a.x, a.y + v * (lh + gap), a.w, lh }
		          : (Rect){ a.x + (v / 3) * (cw + gap), a.y + (v % 3) * (rh + gap),
		                    v / 3 ? a.w - cw - gap : cw, rh };
	for (int v = 0; v < 5; v++)
		FOR_SETS(set) {
			int p = ui_face_px(ui, strings_answer_label(c->str, set, v + 1), l.cell[v],
			                   kind == Q_ROW ? 0 : UI_WIDE);
			l.z.px = p < l.z.px ? p : l.z.px;
		}
	if (kind == Q_PAGED) /* the second page: two rows of two (upright: four rows) */
		for (int i = 0; i < 4; i++) {
			int tall = portrait(ui), w = tall ? a.w : (a.w - gap) / 2;
			int h = tall ? (a.h - 3 * gap) / 4 : (a.h - gap) / 2, col = tall ? 0 : i % 2, row = tall ? i : i / 2;
			l.page2[i] = (Rect){ a.x + col * (w + gap), a.y + row * (h + gap), w, h };
		}
	if (kind == Q_CELLS) { /* Back, (Does not apply,) Skip: across the sixth cell */
		l.others_row = l.cell[5];
		l.use_cells = 1;
		if (l.z.px > body_px(ui) * CELLS_WORDS_PCT / 100) /* the question grows first */
			l.z.px = body_px(ui) * CELLS_WORDS_PCT / 100;
	}
	l.z.opx = others_px(ui, c, &l);
	if (l.z.opx > l.z.px && l.z.px > 0) /* never larger than the answers' words */
		l.z.opx = l.z.px;
	if (kind == Q_PAGED) {
		int p = ui_label_px(ui, T(S_QUESTION_MORE), l.cell[5], 0);
		int q = ui_label_px(ui, T(S_QUESTION_ANSWERS), l.page2[3], 0);
		l.z.mpx = p < q ? p : q;
	}
	/* every answer a target of at least 12 mm both ways */
	if (l.cell[0].h < mm_px(ui, 12.0) || l.cell[0].w < mm_px(ui, 12.0))
		l.z.px = -1;
	return l;
}

/* Are l's texts legible and at least the sizes of `least` (the next
 * smaller text size's)? */
static int question_fits(const Ui *ui, const QLayout *l, const QSizes *least)
{
	int fl = ui_floor_px(ui);
	const QSizes *z = &l->z;
	return z->px >= fl && z->text_px >= fl && z->opx >= fl && z->px >= least->px &&
	       z->text_px >= least->text_px && z->opx >= least->opx &&
	       (l->kind != Q_PAGED || (z->mpx >= fl && z->mpx >= least->mpx));
}

/* How much larger than at text size 1 (`base`) l's smaller-grown text is:
 * the question's or the answers' words, in thousandths. */
static int q_growth(const QLayout *l, const QSizes *base)
{
	int q = l->z.text_px * 1000 / base->text_px, a = l->z.px * 1000 / base->px;
	return q < a ? q : a;
}

/* Layout `kind`, its question at its own size if that leaves the rest at
 * least `least`, or else as large as it can be while it does (and at
 * least least's).  Above text size 1 (base: its sizes) the question and
 * the answers grow together: the question is set no larger than leaves
 * the answers as much larger than at size 1 as it is itself, so the one
 * never takes all the room a larger text size gives. */
static QLayout question_kind(Ui *ui, const Survey *s, const Content *c, Rect r, int kind, int lift,
                             const QSizes *least, const QSizes *base)
{
	QLayout l = question_try(ui, s, c, r, kind, lift, 0);
	int lo = least->text_px > ui_floor_px(ui) ? least->text_px : ui_floor_px(ui);
	QLayout at = l;
	if (!question_fits(ui, &l, least)) {
		at = question_try(ui, s, c, r, kind, lift, lo);
		if (!question_fits(ui, &at, least))
			return at.z.px > l.z.px ? at : l;
		int hi = body_px(ui) + 1; /* fits at lo, not at hi (body size at most: room to grow) */
		hi = hi > lo ? hi : lo + 1;
		while (hi - lo > 1) {
			int mid = (lo + hi) / 2;
			QLayout t = question_try(ui, s, c, r, kind, lift, mid);
			if (question_fits(ui, &t, least)) {
				lo = mid;
				at = t;
			} else {
				hi = mid;
			}
		}
	}
	if (!base || base->text_px <= 0 || base->px <= 0 || at.z.px <= 0 ||
	    at.z.text_px * base->px <= at.z.px * base->text_px)
		return at; /* the answers have grown at least as much as the question */
	/* the question has grown more: the smallest size (above least's) at
	 * which it still has, then the better of that and the one below */
	int top = at.z.text_px, bottom = least->text_px > ui_floor_px(ui) ? least->text_px : ui_floor_px(ui);
	QLayout best = at;
	while (top - bottom > 1) {
		int mid = (top + bottom) / 2;
		QLayout t = question_try(ui, s, c, r, kind, lift, mid);
		if (!question_fits(ui, &t, least) || t.z.text_px * base->px < t.z.px * base->text_px) {
			bottom = mid; /* the question smaller than the answers' growth asks */
		} else {
			top = mid;
			if (q_growth(&t, base) >= q_growth(&best, base))
				best = t;
		}
	}
	QLayout under = question_try(ui, s, c, r, kind, lift, bottom);
	if (question_fits(ui, &under, least) && q_growth(&under, base) > q_growth(&best, base))
		best = under;
	return best;
}

/* lift: how far the question's text may reach up into the space kept
 * under Start again (a text is no control). */
static QLayout question_layout(Ui *ui, const Survey *s, const Content *c, Rect r, int lift,
                               const QSizes *least, const QSizes *base)
{
	static const int land[] = { Q_ROW, Q_GRID }, tall[] = { Q_LIST };
	const int *kinds = portrait(ui) ? tall : land, n = portrait(ui) ? 1 : 2;
	int pct = ui->text_pct ? ui->text_pct : 100, fl = ui_floor_px(ui);
	int want[2] = { body_px(ui) * 8 / 10, body_px(ui) * FACE_FLOOR_PCT / pct };
	want[1] = want[1] > fl ? want[1] : fl;
	QLayout tried[2];
	for (int i = 0; i < n; i++)
		tried[i] = question_kind(ui, s, c, r, kinds[i], lift, least, base);
	for (int i = 0; i < n; i++) /* the first whose words are near body size */
		if (tried[i].z.px >= want[0] && question_fits(ui, &tried[i], least))
			return tried[i];
	/* text sizes 1 and 2: the larger words, above the floor, before paging */
	int big = n > 1 && tried[1].z.px > tried[0].z.px;
	if (pct <= FACE_FLOOR_UPTO && tried[big].z.px >= want[1] && question_fits(ui, &tried[big], least))
		return tried[big];
	QLayout cells = { .z = { .px = -1 } };
	if (!portrait(ui)) { /* no bottom band: Back and Skip in a cell */
		cells = question_kind(ui, s, c, r, Q_CELLS, lift, least, base);
		if (pct <= FACE_FLOOR_UPTO && cells.z.px >= want[1] && question_fits(ui, &cells, least))
			return cells;
	}
	QLayout best = question_kind(ui, s, c, r, Q_PAGED, lift, least, base);
	if (question_fits(ui, &cells, least) && cells.z.px >= best.z.px && cells.z.text_px >= best.z.text_px)
		return cells; /* as large as paged: Back and Skip in view */
	if (question_fits(ui, &best, least))
		return best;
	if (question_fits(ui, &cells, least))
		return cells;
	for (int i = 0; i < n; i++)
		if (question_fits(ui, &tried[i], least) || (!question_fits(ui, &best, least) && tried[i].z.px > best.z.px))
			best = tried[i];
	if (!question_fits(ui, &best, least) && best.z.text_px < fl && cells.z.text_px >= fl && cells.z.px > 0)
		best = cells; /* nothing fits: at least the question legible */
	return best;
}

/* Everything the question screen's layout depends on but the question
 * shown: when it changes, the sizes kept below are forgotten. */
typedef struct {
	int w, h, rtl, speech, lang, nq;
	double mm_w, mm_h;
	const Strings *str;
	const int *qidx;
} QKey;

#define SETS_ALL (1u << ANSWERS_HEARD | 1u << ANSWERS_FFT)
static struct {
	QKey key;
	int known[SETS_ALL + 1][TEXT_SIZES];
	QLayout l[SETS_ALL + 1][TEXT_SIZES];
	Bar bar[SETS_ALL + 1][TEXT_SIZES];
	int most_w[SETS_ALL + 1][TEXT_SIZES];
} qplans; /* for each plan_sets and text size the top bar and layout, worked out once */

static QLayout question_plan(Ui *ui, const Survey *s, const Content *c, int size, Bar *bar,
                             int *most_w);

/* The question screen's top bar and layout at text size `size` with room
 * for the words of answer sets `sets`, from qplans or worked out (and
 * kept).  plan_sets is `sets` while it is worked out (a nested call, for
 * the sizes of a smaller text size, sets its own and puts it back). */
static QLayout known_plan(Ui *ui, const Survey *s, const Content *c, int size, unsigned sets,
                          Bar *bar, int *most_w)
{
	if (!qplans.known[sets][size]) {
		int keep = ui->text_pct;
		unsigned keep_sets = plan_sets;
		ui->text_pct = settings_text_pct[size];
		plan_sets = sets;
		qplans.l[sets][size] = question_plan(ui, s, c, size, &qplans.bar[sets][size],
		                                     &qplans.most_w[sets][size]);
		qplans.known[sets][size] = 1;
		ui->text_pct = keep;
		plan_sets = keep_sets;
	}
	*bar = qplans.bar[sets][size];
	*most_w = qplans.most_w[sets][size];
	return qplans.l[sets][size];
}

/* The question screen's top bar and layout at text size `size` (0 ..
 * TEXT_SIZES-1) for the question shown. */
static QLayout question_known(Ui *ui, const Survey *s, const Content *c, int size, Bar *bar,
                              int *most_w)
{
	QKey k = { ui->w, ui->h, ui->rtl, c->set->speech, c->lang, s->spec.nquestions,
	           ui->mm_w, ui->mm_h, c->str, c->qidx };
	QKey *o = &qplans.key;
	if (o->w != k.w || o->h != k.h || o->rtl != k.rtl || o->speech != k.speech || o->lang != k.lang ||
	    o->nq != k.nq || o->mm_w != k.mm_w || o->mm_h != k.mm_h || o->str != k.str || o->qidx != k.qidx) {
		memset(&qplans, 0, sizeof qplans);
		qplans.key = k;
	}
	unsigned sets = 0, own = 1u << c->qs->q[c->qidx[s->question]].answers;
	for (int i = 0; i < s->spec.nquestions; i++)
		sets |= 1u << c->qs->q[c->qidx[i]].answers;
	/* one layout for every question, unless its room for every set's
	 * words pages Back and Skip away where the question's own would not */
	QLayout l = known_plan(ui, s, c, size, sets, bar, most_w);
	if (l.kind == Q_PAGED && sets != own) {
		Bar b;
		int w;
		QLayout mine = known_plan(ui, s, c, size, own, &b, &w);
		if (mine.kind != Q_PAGED) {
			l = mine, *bar = b, *most_w = w;
			sets = own;
		}
	}
	plan_sets = sets; /* for drawing: the set whose room the layout made */
	plan_answers = c->qs->q[c->qidx[s->question]].answers;
	return l;
}

/* The sizes text size `size` sets the question screen's texts at; below
 * size 0, the text floor. */
static QSizes question_sizes(Ui *ui, const Survey *s, const Content *c, int size)
{
	int fl = ui_floor_px(ui), most_w;
	Bar bar;
	if (size < 0)
		return (QSizes){ fl, fl, fl, 0 };
	unsigned keep = plan_sets; /* asked while a plan is worked out: its sets stay */
	QSizes z = question_known(ui, s, c, size, &bar, &most_w).z;
	plan_sets = keep;
	return z;
}

/* The question screen at text size `size` (ui->text_pct set to it): its
 * top bar cut from the window, and the layout of the rest. */
static QLayout question_plan(Ui *ui, const Survey *s, const Content *c, int size, Bar *bar,
                             int *most_w)
{
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	*bar = question_bar(ui, s, c, &r, most_w);
	int lift = 0;
	if (!bar->two_rows) { /* the space under Start again beyond a margin: text may use it */
		int below = mm_px(ui, AGAIN_GAP_MM) + 1;
		lift = below > margin(ui) ? below - margin(ui) : 0;
	}
	QSizes least = question_sizes(ui, s, c, size - 1);
	QSizes base = size > 0 ? question_sizes(ui, s, c, 0) : least;
	return question_layout(ui, s, c, r, lift, &least, size > 0 ? &base : NULL);
}

/* Back, Skip and (where offered) Does not apply: along the bottom, in
 * their row or cell, or (paged layout) in the answer grid's cells 0-2,
 * their labels at one size.  On a question already answered Skip reads
 * Next and keeps the answer; the chosen Does not apply, pressed again,
 * clears it. */
static Event question_others(Ui *ui, const Survey *s, const Content *c, const QLayout *l)
{
	const Question *q = &c->qs->q[c->qidx[s->question]];
	int given = s->answers[s->question], px = l->z.opx;
	Rect o[3];
	others_rects(ui, c, l, q->has_na, o);
	/* declared in reading order (rows, then the reading direction: the
	 * rects are left to right, mirrored when drawn), so Tab and scanning
	 * meet them as they are seen: Skip (o[0]), Does not apply (o[1]),
	 * Back (o[2]) sit differently in each layout */
	int order[3] = { 2, 1, 0 }, n = 3;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			Rect a = o[order[j - 1]], b = o[order[j]];
			if (b.y + b.h <= a.y || (b.y < a.y + a.h && b.x < a.x)) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		}
	const char *na_id = plan_answers == ANSWERS_FFT ? "answer.6" : "not_apply"; /* Don't know */
	for (int i = 0; i < n; i++) {
		int k = order[i];
		if (k == 2 && survey_can_go_back(s) && ui_button_px(ui, "back", T(S_BACK), o[2], 0, px))
			return ev(EV_BACK, 0);
		if (k == 0 && survey_answered(s) && ui_button_px(ui, "next", T(S_NEXT), o[0], 0, px))
			return ev(EV_NEXT, 0);
		if (k == 0 && !survey_answered(s) &&
		    ui_button_px(ui, "skip", T(S_SKIP), o[0], given == ANSWER_SKIPPED ? UI_SELECTED : 0, px))
			return ev(EV_ANSWER, ANSWER_SKIPPED);
		if (k == 1 && q->has_na && ui_button_px(ui, na_id, NA_LABEL(), o[1],
		                                        given == ANSWER_NOT_APPLICABLE ? UI_SELECTED : 0, px))
			return ev(given == ANSWER_NOT_APPLICABLE ? EV_CLEAR : EV_ANSWER, ANSWER_NOT_APPLICABLE);
	}
	return none();
}

/* The text size ui->text_pct is (0 .. TEXT_SIZES-1). */
static int text_size(const Ui *ui)
{
	int size = 0;
	for (int i = 0; i < TEXT_SIZES; i++)
		if (settings_text_pct[i] <= ui->text_pct)
			size = i;
	return size;
}

static Event question(Ui *ui, const Survey *s, const Content *c)
{
	Bar bar;
	int most_w;
	QLayout l = question_known(ui, s, c, text_size(ui), &bar, &most_w);
	/* "Question 1 of 8" never outweighs the question itself */
	progress(ui, s, c, bar.left, l.z.text_px < body_px(ui) ? l.z.text_px : body_px(ui), most_w);
	ui_text(ui, "question", c->str->question[c->qidx[s->question]], l.text, l.z.text_px, 1,
	        ALIGN_CENTER);

	int others = l.kind == Q_PAGED && ui->page == 1;
	for (int v = 1; v <= 5 && !others; v++) { /* five faces, words always with them */
		char id[16];
		snprintf(id, sizeof id, "answer.%d", v);
		if (ui_face(ui, id, v, ANSWER(v), l.cell[v - 1],
		            (s->answers[s->question] == v ? UI_SELECTED : 0) | (l.kind != Q_ROW ? UI_WIDE : 0),
		            l.z.px)) /* the chosen face again: cleared, on purpose */
			return ev(s->answers[s->question] == v ? EV_CLEAR : EV_ANSWER, v);
	}
	if (l.kind != Q_PAGED || others) {
		Event e = question_others(ui, s, c, &l);
		if (e.type != EV_ACTIVITY)
			return e;
	}
	if (l.kind == Q_PAGED && ui_button_px(ui, "question.more", T(others ? S_QUESTION_ANSWERS : S_QUESTION_MORE),
	                                      others ? l.page2[3] : l.cell[5], 0, l.z.mpx)) {
		ui->page = !others;
		ui->changed = 1;
		/* the page's first control (Skip, or Next) takes focus; back on
		 * the faces, the tile that turned the page keeps it */
		ui_keep_focus(ui, others ? "question.more" : survey_answered(s) ? "next" : "skip");
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

/* ---- Titles ------------------------------------------------------------ */

/* The largest size up to max at which text fits in box, at least max / 2. */
static int box_fit_px(Ui *ui, const char *text, Rect box, int max, int bold)
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

/* A title's row of its own under the top bar, as high as its lines at
 * px over the whole width; *r the rest.  When the bar's buttons are
 * rows of their own the title's row (bar->left) is already there: it
 * grows down as far as the lines need. */
static Rect title_row(Ui *ui, const char *title, const Bar *bar, Rect *r, int px)
{
	int th = ui_text_h(ui, title, r->w, px, 1);
	if (!bar->two_rows)
		return rect_cut_top(r, th);
	if (th > bar->left.h)
		rect_cut_top(r, th - bar->left.h);
	return (Rect){ bar->left.x, bar->left.y, bar->left.w, th > bar->left.h ? th : bar->left.h };
}

/* ---- Check and send ---------------------------------------------------- */

#define REVIEW_WORDS_SHOWN 160 /* the client's words on the review: a row's part of them */
#define REVIEW_RUN_CHARS 16     /* letters with no space: a new line after these, */
#define REVIEW_RUN_LINES 5      /* and at most these lines of them in a part */
/* every character of the kept words (at most COMMENT_MAX_BYTES; "[removed]"
 * said in the client's language is a few longer), a part a row: a part
 * holds at least REVIEW_RUN_CHARS * REVIEW_RUN_LINES characters */
#define REVIEW_WORD_PARTS ((COMMENT_MAX_BYTES * 5 / 4 + REVIEW_RUN_CHARS * REVIEW_RUN_LINES - 1) / \
                           (REVIEW_RUN_CHARS * REVIEW_RUN_LINES))
#define REVIEW_MAX_ITEMS (SURVEY_MAX_QUESTIONS + 1 + REVIEW_WORD_PARTS) /* the service, the questions, the words */

/* Review items: the client's words when there are some (first, so that
 * what is kept of them, and the line why, is seen before Send on any
 * page), the service (when there is a choice), each question, then
 * "Your words: Skipped"; quiet: skipped or "Does not apply", drawn unlike
 * an answer; id: the row's widget; change: what tapping it changes
 * (SURVEY_CHANGE_*, or the question). */
typedef struct {
	int n;
	const char *text[REVIEW_MAX_ITEMS], *value[REVIEW_MAX_ITEMS];
	int quiet[REVIEW_MAX_ITEMS], change[REVIEW_MAX_ITEMS];
	char id[REVIEW_MAX_ITEMS][UI_ID_MAX];
} Items;

/* Item i's row id and what it changes. */
static void item_is(Items *it, int i, const char *id, int change)
{
	snprintf(it->id[i], sizeof it->id[i], "%s", id);
	it->change[i] = change;
}

static Items review_items(const Survey *s, const Content *c)
{
	Items it = { 0 };
	char id[UI_ID_MAX];
	if (c->cfg->nservices > 1) {
		item_is(&it, it.n, "change.service", SURVEY_CHANGE_SERVICE);
		it.text[it.n] = T(S_REVIEW_SERVICE);
		it.value[it.n++] = s->service >= 0 ? c->services[s->service] : T(S_SERVICE_NOT_SAID);
	}
	for (int k = 0; k < s->spec.nquestions; k++) {
		snprintf(id, sizeof id, "change.%s", c->qs->q[c->qidx[k]].id);
		item_is(&it, it.n, id, k);
		it.text[it.n] = c->str->question[c->qidx[k]];
		it.quiet[it.n] = s->answers[k] < 1 || s->answers[k] > 5;
		it.value[it.n++] = strings_answer_for(c->str, &c->qs->q[c->qidx[k]], s->answers[k]);
	}
	int answers = it.n; /* the rows before the words' */
	if (s->spec.comment) { /* the words as they will be kept, and why some were taken out */
		static char text[REVIEW_WORD_PARTS][512],
		            value[REVIEW_WORD_PARTS][REVIEW_WORDS_SHOWN * 4 + REVIEW_WORDS_SHOWN / REVIEW_RUN_CHARS + 8];
		static char shown[8 * COMMENT_MAX_BYTES + 128]; /* twice the kept words' room */
		/* "[removed]" (kept so) in the client's language */
		const char *p = c->comment_kept, *mark = T(S_REVIEW_REMOVED);
		size_t o = 0, ml = strlen(REDACT_MARK);
		while (*p && o + 64 < sizeof shown) {
			if (!strncmp(p, REDACT_MARK, ml)) {
				int n = snprintf(shown + o, sizeof shown - o, "%s", mark);
				o = n > 0 && o + (size_t)n < sizeof shown ? o + (size_t)n : sizeof shown - 1;
				p += ml;
			} else {
				shown[o++] = *p++;
			}
		}
		shown[o < sizeof shown ? o : sizeof shown - 1] = '\0';
		p = shown;
		int parts = 0;
		if (!*p) {
			snprintf(text[0], sizeof text[0], "%s", T(S_REVIEW_COMMENT));
			item_is(&it, it.n, "change.comment", SURVEY_CHANGE_COMMENT);
			it.text[it.n] = text[0];
			it.quiet[it.n] = 1;
			it.value[it.n++] = T(S_REVIEW_SKIPPED);
		}
		/* every word shown, in parts of at most REVIEW_WORDS_SHOWN
		 * characters that end at a space where one is near the end; a
		 * run of letters with no space, which a row cannot wrap, goes
		 * to a new line every REVIEW_RUN_CHARS (the letters as kept)
		 * and a part holds at most REVIEW_RUN_LINES such lines */
		while (*p && parts < REVIEW_WORD_PARTS) {
			const char *q = p, *cut = NULL;
			char *v = value[parts];
			size_t o = 0, cut_o = 0;
			unsigned cp;
			for (int n = 0, run = 0, breaks = 0, len; *q && n < REVIEW_WORDS_SHOWN; n++) {
				len = util_utf8(q, &cp);
				len = len > 0 ? len : 1;
				if (*q == ' ') {
					run = 0;
					if (n >= REVIEW_WORDS_SHOWN * 3 / 4)
						cut = q, cut_o = o;
				} else if (++run > REVIEW_RUN_CHARS) {
					if (++breaks >= REVIEW_RUN_LINES)
						break;
					v[o++] = '\n';
					run = 1;
				}
				memcpy(v + o, q, (size_t)len);
				o += (size_t)len;
				q += len;
			}
			if (*q && cut)
				q = cut, o = cut_o;
			v[o] = '\0';
			if (parts)
				snprintf(id, sizeof id, "change.comment.%d", parts + 1);
			item_is(&it, it.n, parts ? id : "change.comment", SURVEY_CHANGE_COMMENT);
			it.value[it.n] = v;
			it.text[it.n] = text[parts];
			it.quiet[it.n++] = 0;
			parts++;
			while (*q == ' ')
				q++;
			p = q;
		}
		for (int k = 0; *c->comment_kept && k < parts; k++) {
			char n[32] = "";
			if (parts > 1)
				snprintf(n, sizeof n, " (%d/%d)", k + 1, parts);
			snprintf(text[k], sizeof text[k], "%s%s%s%s", T(S_REVIEW_COMMENT), n,
			         !k && c->comment_removed ? ".\n" : "", !k && c->comment_removed ? T(S_REVIEW_COMMENT_REMOVED) : "");
		}
		if (*c->comment_kept) { /* the words first */
			Items moved = it;
			for (int i = 0; i < it.n; i++) {
				int from = (i + answers) % it.n;
				it.text[i] = moved.text[from], it.value[i] = moved.value[from];
				it.quiet[i] = moved.quiet[from];
				item_is(&it, i, moved.id[from], moved.change[from]);
			}
		}
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

/* Rectangles of the rows of one page (per_page rows in two columns or
 * one, whichever sets the text larger; one column when a page has one
 * row or the screen is portrait), filled across then down so they read
 * in order (mirrored for right-to-left by the Ui), and the text size
 * they share, -1 when some row cannot fit or is under 12 mm high (a row
 * is a button); *flags gets UI_STACK when the answers fit larger under
 * their questions than beside them. */
static int page_rows(Ui *ui, const Items *it, Rect area, int per_page, int page, Rect row[],
                     int *flags)
{
	int best = -2, gap = margin(ui) / 3;
	*flags = 0;
	for (int cols = per_page > 1 && !portrait(ui) ? 2 : 1; cols >= 1; cols--) {
		int rows = (per_page + cols - 1) / cols;
		int rw = (area.w - gap * (cols - 1)) / cols, rh = (area.h - gap * (rows - 1)) / rows;
		Rect at[REVIEW_MAX_ITEMS];
		if (rh < mm_px(ui, 12.5))
			continue;
		for (int f = 0; f <= UI_STACK; f += UI_STACK) {
			int px = 1 << 20;
			for (int i = 0; i < per_page && page * per_page + i < it->n; i++) {
				int k = page * per_page + i;
				at[i] = (Rect){ area.x + (i % cols) * (rw + gap), area.y + (i / cols) * (rh + gap),
				                rw, rh };
				int p = ui_row_px(ui, it->text[k], it->value[k], at[i],
				                  f | (it->quiet[k] ? UI_QUIET : 0));
				if (p < px)
					px = p;
			}
			if (px > best) {
				best = px;
				*flags = f;
				memcpy(row, at, sizeof at[0] * (size_t)per_page);
			}
		}
	}
	return best == -2 ? -1 : best;
}

/* Rows per page: the fewest pages on which every row's text fits at
 * `want` pixels or more, the rows shared evenly between the pages (never
 * 8 and then 1); 0 when even one a page does not.  *px: the size every
 * page's rows fit at (the smallest page's). */
static int rows_per_page(Ui *ui, const Items *it, Rect area, int want, int *px)
{
	Rect row[REVIEW_MAX_ITEMS];
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

/* A page button's label: string `next` ("Next page (1 of 3)") on page 0
 * to pages - 2, "First page (3 of 3)" on the last, where it goes. */
static void page_label(const Content *c, int next, int page, int pages, char *out, size_t n)
{
	char p[12], np[12];
	snprintf(p, sizeof p, "%d", page + 1);
	snprintf(np, sizeof np, "%d", pages);
	strings_format(out, n, T(page + 1 < pages ? next : S_REVIEW_FIRST),
	               (const char *[]){ "page", "pages" }, (const char *[]){ p, np }, 2);
}

/* Check your answers' page button. */
static void review_more(const Content *c, int page, int pages, char *out, size_t n)
{
	page_label(c, S_REVIEW_MORE, page, pages, out, n);
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
typedef struct { int rows, label, title; } ReviewCaps;

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

/* The title, at most the next larger text size's (cap): beside the top
 * bar's buttons (or in landscape in the row under them) when it fits
 * there at that size, else a row of its own,
 * as tall as its lines at text size 1's title size at most (large text
 * is for the rows), taking the room it needs from r. */
static void review_title(Ui *ui, const Content *c, const Bar *bar, Rect *r, int cap, ReviewLayout *l)
{
	const char *title = T(S_REVIEW_TITLE);
	int most = std_px_pct(ui, REVIEW_TITLE_PCT);
	l->title = bar->left;
	l->tpx = title_px(ui) < cap ? title_px(ui) : cap;
	if (!portrait(ui) && box_fit_px(ui, title, bar->left, l->tpx, 1) == l->tpx)
		return; /* beside the buttons, or in the row under them */
	l->tpx = l->tpx < most ? l->tpx : most;
	if (!bar->two_rows) { /* a row under the bar (and Start again's space) */
		l->title = title_row(ui, title, bar, r, l->tpx);
		rect_cut_top(r, margin(ui) / 2);
		return;
	}
	int th = ui_text_h(ui, title, l->title.w, l->tpx, 1);
	if (th < l->title.h) /* the hint just under the title */
		*r = (Rect){ r->x, l->title.y + th, r->w, r->y + r->h - l->title.y - th };
	else
		rect_cut_top(r, th - l->title.h); /* the title's further lines */
	l->title.h = th;
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
	review_title(ui, c, bar, &r, cap->title, &l);
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
	int w, h, rtl, text_pct, speech;
	double mm_w, mm_h;
} ScreenKey;

/* What every kept layout depends on: the window, the panel, the text
 * size and direction, and the bar (speech adds two buttons to it). */
static ScreenKey screen_key(const Ui *ui, const Content *c)
{
	ScreenKey k;
	memset(&k, 0, sizeof k); /* (the padding too: compared whole) */
	k.w = ui->w, k.h = ui->h, k.rtl = ui->rtl, k.text_pct = ui->text_pct, k.speech = c->set->speech;
	k.mm_w = ui->mm_w, k.mm_h = ui->mm_h;
	return k;
}

typedef struct {
	ScreenKey s;
	int bold, n;
	uint32_t sum; /* of the rows' words: the words' rows are buffers reused with new words */
	const char *hint, *text[REVIEW_MAX_ITEMS], *value[REVIEW_MAX_ITEMS];
	int quiet[REVIEW_MAX_ITEMS];
} ReviewKey;

/* FNV-1a over the items' texts and values. */
static uint32_t items_sum(const Items *it)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < it->n; i++)
		for (int k = 0; k < 2; k++)
			for (const char *p = k ? it->value[i] : it->text[i]; p && *p; p++)
				h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static ReviewLayout review_fit(Ui *ui, const Content *c, const Items *it, const char *hint_text,
                               int bold_hint, Bar *bar)
{
	static ReviewKey last;
	static ReviewLayout kept;
	static Bar kept_bar;
	ReviewKey key;
	memset(&key, 0, sizeof key); /* (the padding too: compared whole) */
	key.s = screen_key(ui, c);
	key.bold = bold_hint, key.n = it->n, key.hint = hint_text, key.sum = items_sum(it);
	memcpy(key.text, it->text, sizeof key.text);
	memcpy(key.value, it->value, sizeof key.value);
	memcpy(key.quiet, it->quiet, sizeof key.quiet);
	if (!memcmp(&key, &last, sizeof key)) {
		*bar = kept_bar;
		return kept;
	}
	ReviewCaps cap = { 1 << 20, 1 << 20, 1 << 20 };
	int cur = ui->text_pct, at = -1;
	for (int k = 0; k < TEXT_SIZES; k++)
		if (settings_text_pct[k] == cur)
			at = k; /* (else a size not among the settings': only itself) */
	for (int k = at >= 0 ? TEXT_SIZES - 1 : -1;; k--) { /* from the largest */
		ui->text_pct = k >= 0 ? settings_text_pct[k] : cur;
		Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
		*bar = top_bar(ui, c, &r, 1);
		kept = review_layout(ui, c, bar, r, it, hint_text, bold_hint, &cap);
		cap = (ReviewCaps){ kept.px > 0 ? kept.px : cap.rows, kept.lpx, kept.tpx };
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
	ui->pages = l.pages; /* "Page 2 of 3", said with the page's rows (main.c) */
	ui_text(ui, "review.title", T(S_REVIEW_TITLE), l.title, l.tpx, 1, ALIGN_LEFT);
	if (l.hint.h > 0) /* (large text on a small screen: the rows need its room) */
		ui_text(ui, "review.hint", hint_text, l.hint, l.hint_px, s->save_failed, ALIGN_LEFT);
	int page = ui->page, per = l.per;
	Rect row[REVIEW_MAX_ITEMS];
	int flags;
	if (page >= 0)
		page_rows(ui, &it, l.rows, per, page, row, &flags);
	for (int i = 0; page >= 0 && i < per && page * per + i < it.n; i++) {
		int k = page * per + i;
		if (ui_row(ui, it.id[k], it.text[k], it.value[k], row[i], flags | (it.quiet[k] ? UI_QUIET : 0), l.px))
			return ev(EV_CHANGE, it.change[k]);
	}
	return review_end(ui, c, &bar, &l);
}

/* ---- The client's words ------------------------------------------------ */

/* The comment screen: the title and hint under the top bar, the text box,
 * the keys (the language's letters, or digits and punctuation) flowed
 * into as many columns as fit at 12 mm each, then the row of the layer
 * key, Space and Delete, and Back, Skip and Next (beside them when they
 * fit, else a row of their own).  Keys reach almost to the screen's
 * sides: they are the screen's controls.  Mirrored for right to left by
 * the Ui, so Arabic's rows read from the right. */
#define KEY_MM 12.1 /* a key's least width and height (12 mm, and a little) */

typedef struct {
	Rect title, hint, box, keys[KB_MAX_KEYS], layer, space, del, back, skip, next;
	int tpx, hpx, bpx, kpx, cpx; /* cpx: Back, Skip and Next */
	int cols, rows;              /* the keys' grid */
	int hide_title;              /* words typed on a short screen: the box has its room */
} CommentLayout;

/* A control's width for its label at px: the label and a padding. */
static int ctl_w(Ui *ui, const char *label, int px, int least)
{
	int w = ui_label_w(ui, label, px, UI_FILL) + 2 * line_px(ui);
	return w > least ? w : least;
}

#define COMMENT_BOX_LINES 3 /* the text box's lines when the screen has room */

/* The line under the title: "You do not have to. Please do not write
 * names.", or once the words fill the box's 500 characters "It is full.
 * You cannot write more." (the hint stays in sight while there are
 * words, so the client sees why a key types nothing). */
static const char *comment_hint(const Content *c)
{
	return c->comment && comment_chars(c->comment) >= COMMENT_MAX_CHARS ? T(S_COMMENT_FULL) : T(S_COMMENT_HINT);
}

/* The text box's height for `lines` lines of words at px, inside the
 * padding comment_tail() leaves. */
static int comment_box_h(Ui *ui, int px, int lines)
{
	return ui_text_h(ui, "Ag", 1 << 14, px, 0) * lines + 4 * line_px(ui) + 2;
}

/* The comment screen's layout with the keys' labels at grow_pct of text
 * size 1's, the title and the hint no smaller than tmin and hmin pixels
 * while there is a way (0: the floor). */
static CommentLayout comment_layout_at(Ui *ui, const Content *c, Bar *bar, int grow_pct, int tmin, int hmin)
{
	CommentLayout l;
	memset(&l, 0, sizeof l);
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	*bar = top_bar(ui, c, &r, 1);
	const KbKeys *k = keyboard_keys(c->str->code, c->kb_layer);
	int gap = mm_px(ui, 0.6) > 2 ? mm_px(ui, 0.6) : 2, kmin = mm_px(ui, KEY_MM);
	int kh = kmin;
	int kbw = ui->w - 2 * gap, cols = (kbw + gap) / (kmin + gap);
	cols = cols > 12 ? 12 : cols < 1 ? 1 : cols;
	int rows = (k->n + cols - 1) / cols;
	cols = (k->n + rows - 1) / rows; /* rows as even as they can be */
	l.cols = cols, l.rows = rows;
	int kw = (kbw - (cols - 1) * gap) / cols;
	if (kw > kmin * 2) /* a wide screen: keys no wider than twice their height */
		kw = kmin * 2;
	/* the keys' labels: at text size 1 as large as the body text while
	 * a key stays kmin high, never under the floor (then the keys grow);
	 * at a larger text size that much larger (grow_pct), the keys as
	 * high as they need */
	int floor = ui_floor_px(ui) + 1;
	char sample[8] = "";
	comment_type(sample, sizeof sample, k->cp[0]);
	int std = standard_px(ui);
	l.kpx = std > floor ? std : floor;
	while (l.kpx > floor && ui_label_h(ui, sample, kw, l.kpx, UI_FILL) > kmin)
		l.kpx--;
	l.kpx = l.kpx * grow_pct / 100;
	int need = ui_label_h(ui, sample, kw, l.kpx, UI_FILL);
	kh = need > kmin ? need : kmin;
	/* the bottom rows: Layer, Space, Delete; Back, Skip, Next */
	int lpx = l.kpx;
	const char *lab[6] = { T(c->kb_layer == KB_DIGITS ? S_COMMENT_LETTERS : S_COMMENT_DIGITS),
	                       T(S_COMMENT_SPACE), T(S_COMMENT_BACKSPACE), T(S_COMMENT_BACK),
	                       T(S_COMMENT_SKIP), T(S_COMMENT_NEXT) };
	int w6[6], sum = 0;
	for (int i = 0; i < 6; i++)
		sum += (w6[i] = ctl_w(ui, lab[i], lpx, kmin)) + gap;
	int space_least = w6[1] > kmin * 2 ? w6[1] : kmin * 2; /* Space: at least two keys wide */
	int one_row = !portrait(ui) && sum - w6[1] + space_least <= kbw;
	l.cpx = lpx;
	int y = ui->h - gap;
	Rect bottom = { gap, 0, kbw, kh };
	if (!one_row) {
		y -= kh;
		Rect row = { gap, y, kbw, kh };
		/* each as wide as its label needs, the rest shared out evenly */
		int w3[3], spare = kbw - 2 * gap;
		for (;;) {
			spare = kbw - 2 * gap;
			for (int i = 0; i < 3; i++)
				spare -= (w3[i] = ui_label_w(ui, lab[3 + i], l.cpx, UI_FILL) + 4 * line_px(ui));
			if (spare >= 0 || l.cpx <= ui_floor_px(ui) + 1)
				break;
			l.cpx--;
		}
		spare = spare > 0 ? spare : 0;
		l.back = rect_cut_left(&row, w3[0] + spare / 3);
		rect_cut_left(&row, gap);
		l.skip = rect_cut_left(&row, w3[1] + spare / 3);
		rect_cut_left(&row, gap);
		l.next = row;
		y -= gap;
	}
	y -= kh;
	bottom.y = y;
	l.layer = rect_cut_left(&bottom, w6[0]);
	rect_cut_left(&bottom, gap);
	if (one_row) {
		l.next = rect_cut_right(&bottom, w6[5]);
		rect_cut_right(&bottom, gap);
		l.skip = rect_cut_right(&bottom, w6[4]);
		rect_cut_right(&bottom, gap);
		l.back = rect_cut_right(&bottom, w6[3]);
		rect_cut_right(&bottom, gap * 3);
	}
	l.del = rect_cut_right(&bottom, w6[2]);
	rect_cut_right(&bottom, gap);
	l.space = bottom;
	/* the keys, rows centred, above */
	y -= gap + rows * (kh + gap);
	for (int i = 0; i < k->n; i++) {
		int row = i / cols, col = i % cols, in_row = row == rows - 1 ? k->n - row * cols : cols;
		int x0 = (ui->w - (in_row * kw + (in_row - 1) * gap)) / 2;
		l.keys[i] = (Rect){ x0 + col * (kw + gap), y + row * (kh + gap), kw, kh };
	}
	/* the title, the hint and the box share what is left, from under
	 * Start again (text, not a control: it needs no space kept from it);
	 * a short screen with tall letters (Arabic at 800x480) leaves the
	 * hint out before the box goes under a line */
	int tp = title_px(ui), hp = body_px(ui);
	Rect t = { r.x, r.y, r.w, y - gap - r.y };
	if (bar->two_rows && bar->left.h > 0) /* the title's row under the buttons */
		t = (Rect){ r.x, bar->left.y, r.w, y - gap - bar->left.y };
	else if (bar->again.y + bar->again.h + gap < t.y) { /* texts may use Start again's space */
		int top = bar->again.y + bar->again.h + gap;
		t = (Rect){ r.x, top, r.w, y - gap - top };
	}
	int beside = 0;
	if (!portrait(ui) && !bar->two_rows && bar->left.w > 0) { /* the title beside the buttons */
		int bp = fit_px(ui, T(S_COMMENT_TITLE), bar->left.w, bar->left.h + gap * 2, tp, 1);
		int bh = ui_text_h(ui, T(S_COMMENT_TITLE), bar->left.w, bp, 1);
		if (bp >= floor && bp >= tmin && bh <= bar->left.h + gap * 2) {
			beside = 1;
			tp = bp;
			l.title = (Rect){ bar->left.x, bar->left.y, bar->left.w, bh };
			int top = l.title.y + bh + gap > t.y ? l.title.y + bh + gap : t.y;
			t = (Rect){ r.x, top, r.w, y - gap - top };
		}
	}
	Rect t0 = t; /* what the texts and the box share */
	int want = body_px(ui); /* the words' size: the text size chosen */
	/* The box wants COMMENT_BOX_LINES lines of words; the title and hint
	 * come down to the floor for it, then it makes do with two.  Where
	 * even that does not fit (a 7-inch panel on its side), once there are
	 * words the title gives the box its room: the hint, "Please do not
	 * write names", stays in sight while the client writes, and Repeat
	 * still says the title. */
	int typed = c->comment && c->comment[0], hide_title = 0;
	int ltp = tp, lhp = hp;
	int tfl = tmin > floor && tmin <= tp ? tmin : floor, hfl = hmin > floor && hmin <= hp ? hmin : floor;
	for (int lines = COMMENT_BOX_LINES;; lines--) {
		tp = ltp, hp = lhp;
		for (;;) {
			int th = beside ? 0 : ui_text_h(ui, T(S_COMMENT_TITLE), t.w, tp, 1);
			int hh = ui_text_h(ui, comment_hint(c), t.w, hp, 0);
			if (th + hh + comment_box_h(ui, hp, lines) + gap <= t.h)
				goto placed;
			if ((tp <= tfl || beside) && hp <= hfl)
				break;
			tp = beside ? tp : tp - 1 > tfl ? tp - 1 : tfl;
			hp = hp - 1 > hfl ? hp - 1 : hfl;
		}
		if (lines == (tfl > floor || hfl > floor ? 1 : 2)) /* (keeping the texts' sizes: down to one) */
			break;
	}
	/* at the floor, two lines do not fit under the title and the hint:
	 * with words, the hint and two lines; else all three with one line;
	 * else, with words, the hint and one; else the hint is said (and
	 * traced) with the title */
	int hh = ui_text_h(ui, comment_hint(c), t.w, hp, 0);
	int th = beside ? 0 : ui_text_h(ui, T(S_COMMENT_TITLE), t.w, tp, 1);
	int may_hide = typed && !beside;
	if (may_hide && hh + comment_box_h(ui, hp, 2) + gap <= t.h)
		hide_title = 1;
	else if (th + hh + comment_box_h(ui, hp, 1) + gap <= t.h)
		;
	else if (may_hide && hh + comment_box_h(ui, hp, 1) + gap <= t.h)
		hide_title = 1;
	else if (typed && beside && bar->left.h + gap >= comment_box_h(ui, hp, 1) &&
	         ui_text_h(ui, comment_hint(c), t.w, ui_floor_px(ui), 0) <= t.h) {
		/* the title beside the bar's buttons, and under them no room for
		 * the hint and a line of words (Ukrainian's two-line buttons on a
		 * 7-inch panel): with words, the box takes the title's place and
		 * the hint the room under the bar, down to the floor itself */
		int hp2 = hp;
		while (hp2 > ui_floor_px(ui) && ui_text_h(ui, comment_hint(c), t.w, hp2, 0) > t.h)
			hp2--;
		l.hint = rect_cut_top(&t, ui_text_h(ui, comment_hint(c), t.w, hp2, 0));
		l.box = (Rect){ bar->left.x, bar->left.y, bar->left.w, bar->left.h + gap };
		l.hide_title = 1;
		l.tpx = tp, l.hpx = hp2, l.bpx = hp;
		goto larger;
	} else {
		if (!beside)
			l.title = rect_cut_top(&t, th);
		l.hint = (Rect){ t.x, t.y, t.w, 0 };
		goto boxed;
	}
placed:
	if (!beside && !hide_title)
		l.title = rect_cut_top(&t, ui_text_h(ui, T(S_COMMENT_TITLE), t.w, tp, 1));
	l.hint = rect_cut_top(&t, ui_text_h(ui, comment_hint(c), t.w, hp, 0));
boxed:
	l.hide_title = hide_title;
	l.tpx = tp, l.hpx = hp;
	rect_cut_top(&t, gap);
	l.box = t;
	l.bpx = hp;
	/* The words at the text size the client chose (or the nearest below
	 * it that fits), when the above took them smaller: fewer lines of
	 * them (at least one), the title and the hint as set above, the
	 * title out of the way once there are words. */
	if (l.bpx < want && l.hint.h > 0) {
		int may_hide2 = (typed && !beside) || l.hide_title;
		int tfull = beside ? 0 : ui_text_h(ui, T(S_COMMENT_TITLE), t0.w, tp, 1);
		int hh2 = ui_text_h(ui, comment_hint(c), t0.w, hp, 0), done = 0;
		/* the largest size up to it that keeps a line, with the most
		 * lines, with the title where it still fits (keeping the texts'
		 * sizes, tmin: the title first, at any size) */
		int keep = tmin > 0;
		for (int pass = 0; pass <= keep && !done; pass++)
		for (int px = want; px > l.bpx && !done; px--)
			for (int lines = COMMENT_BOX_LINES; lines >= 1 && !done; lines--)
				for (int hide = keep ? pass : 0; hide <= (keep ? pass && may_hide2 : may_hide2) && !done; hide++) {
					int th = hide ? 0 : tfull;
					if (th + hh2 + comment_box_h(ui, px, lines) + gap > t0.h)
						continue;
					Rect u = t0;
					if (!beside && !hide)
						l.title = rect_cut_top(&u, th);
					l.hint = rect_cut_top(&u, hh2);
					rect_cut_top(&u, gap);
					l.box = u;
					l.bpx = px;
					l.hide_title = hide;
					done = 1;
				}
	}
larger:
	/* With the title beside the bar's buttons (Arabic and Ukrainian on a
	 * 7-inch panel): the box may take the title's place, and the title
	 * and the hint the room under the bar, when that sets the words
	 * larger, up to the text size chosen.  The box is there from the
	 * start, so it does not move when the first letter is typed.  Where
	 * the title and the hint do not both fit under the bar (Ukrainian's
	 * two-line buttons at 1024x600), the title is there until the first
	 * letter, the hint after it, each said with the other. */
	if (beside && l.bpx < want) {
		Rect bx = { bar->left.x, bar->left.y, bar->left.w, bar->left.h + gap };
		/* under the box: the room the title beside the buttons had left */
		Rect under = { t0.x, bx.y + bx.h, t0.w, t0.y + t0.h - (bx.y + bx.h) };
		if (under.h > t0.h)
			under = t0;
		int hp3 = hp, tp3 = tp;
		while (hp3 > ui_floor_px(ui) && ui_text_h(ui, comment_hint(c), under.w, hp3, 0) > under.h)
			hp3--;
		int hh3 = ui_text_h(ui, comment_hint(c), under.w, hp3, 0), th3;
		while ((th3 = ui_text_h(ui, T(S_COMMENT_TITLE), under.w, tp3, 1)) + hh3 > under.h && tp3 > floor)
			tp3--;
		/* (the title alone may take the gap above the keys: its line has room under its letters) */
		int both = th3 + hh3 <= under.h, title = both || (!typed && th3 <= under.h + gap), hint = both || typed;
		for (int px = want; hh3 <= under.h && (title || hint) && px > l.bpx; px--) {
			if (comment_box_h(ui, px, 1) > bx.h)
				continue;
			Rect u = under;
			if (title)
				l.title = rect_cut_top(&u, th3);
			l.hint = hint ? rect_cut_top(&u, hh3) : (Rect){ u.x, u.y, u.w, 0 };
			l.box = bx;
			l.bpx = px, l.hpx = hp3, l.tpx = title ? tp3 : l.tpx;
			l.hide_title = !title;
			break;
		}
	}
	return l;
}

/* Do the words fit the box (inside its padding) at px itself, not
 * shrunk?  A long word has no place to wrap: it must fit its width too. */
static int comment_fits(Ui *ui, const char *text, Rect box, int px)
{
	int pad = 4 * line_px(ui);
	return ui_text_px(ui, text, (Rect){ 0, 0, box.w - pad, box.h - pad }, px, 0) >= px;
}

/* The comment screen's layout: the keys' labels grown with the text size
 * (ui->text_pct), in steps of 10 %, as far as the title, the hint and the
 * words stay as large, and the box as many lines, as with keys of text
 * size 1's (a larger text size never sets a text smaller). */
/* What the comment screen's layout depends on: the last one is kept, as
 * every key typed lays the screen out again (at a larger text size some
 * dozen layouts are tried, a tenth of a second). */
typedef struct {
	ScreenKey s;
	int layer, typed;
	const Strings *str;
	const char *hint;
} CommentKey;

static CommentLayout comment_layout_of(Ui *ui, const Content *c, Bar *bar);

static CommentLayout comment_layout(Ui *ui, const Content *c, Bar *bar)
{
	static CommentKey last;
	static CommentLayout kept;
	static Bar kept_bar;
	CommentKey key;
	memset(&key, 0, sizeof key); /* (the padding too: compared whole) */
	key.s = screen_key(ui, c);
	key.layer = c->kb_layer, key.typed = c->comment && c->comment[0];
	key.str = c->str, key.hint = comment_hint(c);
	if (memcmp(&key, &last, sizeof key)) {
		kept = comment_layout_of(ui, c, &kept_bar);
		last = key;
	}
	*bar = kept_bar;
	return kept;
}

static CommentLayout comment_layout_of(Ui *ui, const Content *c, Bar *bar)
{
	CommentLayout base = comment_layout_at(ui, c, bar, 100, 0, 0);
	if (ui->text_pct > 100) {
		/* the title and the hint no smaller than at text size 1, where
		 * the words can make do with fewer lines or a smaller size (but
		 * not smaller than text size 1's) */
		Bar b1;
		int pct = ui->text_pct;
		ui->text_pct = 100;
		CommentLayout one = comment_layout_at(ui, c, &b1, 100, 0, 0);
		ui->text_pct = pct;
		CommentLayout kept = comment_layout_at(ui, c, &b1, 100, one.tpx, one.hpx);
		int hint = kept.hint.h > 0 || base.hint.h == 0, title = !kept.hide_title || base.hide_title;
		if ((kept.tpx > base.tpx || kept.hpx > base.hpx) && kept.bpx >= one.bpx && hint && title) {
			base = kept;
			*bar = b1;
		}
	}
	int lines = base.box.h >= comment_box_h(ui, base.bpx, 2) ? 2 : 1;
	for (int pct = ui->text_pct; pct > 100; pct -= 10) {
		Bar b;
		CommentLayout l = comment_layout_at(ui, c, &b, pct, base.tpx, base.hpx);
		if (l.tpx >= base.tpx && l.hpx >= base.hpx && l.bpx >= base.bpx && (l.hint.h > 0) == (base.hint.h > 0) &&
		    l.hide_title == base.hide_title && l.box.h >= comment_box_h(ui, l.bpx, lines)) {
			*bar = b;
			return l;
		}
	}
	return base;
}

/* The end of words that do not fit the box, after "…": the most that fits. */
static const char *comment_tail(Ui *ui, const char *text, Rect box, int px, char *out, size_t n)
{
	if (comment_fits(ui, text, box, px))
		return text;
	size_t len = strlen(text), lo = 0, hi = len; /* lo: too much; hi fits (nothing) */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		while (mid < len && ((unsigned char)text[mid] & 0xC0) == 0x80)
			mid++;
		if (mid >= hi) {
			break;
		}
		snprintf(out, n, "\xe2\x80\xa6%s", text + mid);
		if (comment_fits(ui, out, box, px))
			hi = mid;
		else
			lo = mid;
	}
	snprintf(out, n, "\xe2\x80\xa6%s", text + hi);
	return out;
}

/* "Is there anything else you want to tell us?", the box, the keys. */
static Event comment(Ui *ui, const Survey *s, const Content *c)
{
	(void)s;
	Bar bar;
	CommentLayout l = comment_layout(ui, c, &bar);
	char tail[COMMENT_MAX_BYTES + 8];
	if (!l.hide_title)
		ui_text(ui, "comment.title", T(S_COMMENT_TITLE), l.title, l.tpx, 1, ALIGN_LEFT);
	if (l.hint.h > 0) {
		ui_text(ui, "comment.hint", comment_hint(c), l.hint, l.hpx, 0, ALIGN_LEFT);
		if (l.hide_title && ui->nwidgets > 0) { /* the title, off screen: said (and traced) with the hint */
			UiWidget *w = &ui->widgets[ui->nwidgets - 1];
			snprintf(w->label, sizeof w->label, "%s %s", T(S_COMMENT_TITLE), comment_hint(c));
		}
	} else if (ui->nwidgets > 0) { /* no room to show the hint: said (and traced) with the title */
		UiWidget *w = &ui->widgets[ui->nwidgets - 1];
		snprintf(w->label, sizeof w->label, "%s %s", T(S_COMMENT_TITLE), comment_hint(c));
	}
	ui_text_box(ui, "comment.text", c->comment, comment_tail(ui, c->comment, l.box, l.bpx, tail, sizeof tail),
	            l.hint.h > 0 ? T(S_COMMENT_EMPTY) : comment_hint(c), l.box, l.bpx); /* (no room for the hint: in the box) */
	const KbKeys *k = keyboard_keys(c->str->code, c->kb_layer);
	/* switches: a row first (each row one stop), then its keys; the
	 * bottom row and the bar stay in the order, so focus is never trapped */
	int scan = c->set->input != INPUT_KEYS, row = scan ? c->kb_row : -2;
	for (int i = 0; i < k->n; i++) {
		char id[UI_ID_MAX], label[8] = "";
		keyboard_key_id((int)k->cp[i], id, sizeof id);
		comment_type(label, sizeof label, k->cp[i]);
		int inert = scan && i / l.cols != row ? UI_INERT : 0;
		if (ui_button_px(ui, id, label, l.keys[i], UI_FILL | UI_TYPING | inert, l.kpx))
			return ev(EV_KEY, (int)k->cp[i]);
	}
	for (int r = 0; scan && row < 0 && r < l.rows; r++) {
		char id[UI_ID_MAX], label[8 * 12 + 8] = "";
		int first = r * l.cols, last = first + l.cols < k->n ? first + l.cols : k->n;
		Rect span = l.keys[first];
		span.w = l.keys[last - 1].x + l.keys[last - 1].w - span.x;
		for (int i = first; i < last; i++) { /* "a b c d": said as the row */
			size_t o = strlen(label);
			if (o && o + 1 < sizeof label)
				label[o++] = ' ', label[o] = '\0';
			comment_type(label, sizeof label, k->cp[i]);
		}
		snprintf(id, sizeof id, "key.row.%d", r);
		if (ui_group(ui, id, label, span)) {
			char key_id[UI_ID_MAX];
			keyboard_key_id((int)k->cp[first], key_id, sizeof key_id);
			ui_keep_focus(ui, key_id); /* its first key */
			return ev(EV_KEY, KEY_ROW(r));
		}
	}
	int digits = c->kb_layer == KB_DIGITS;
	if (ui_button_px(ui, digits ? "key.letters" : "key.digits", T(digits ? S_COMMENT_LETTERS : S_COMMENT_DIGITS),
	                 l.layer, UI_FILL, l.kpx))
		return ev(EV_KEY, digits ? KEY_LETTERS : KEY_DIGITS);
	if (ui_button_px(ui, "key.space", T(S_COMMENT_SPACE), l.space, UI_FILL | UI_TYPING, l.kpx))
		return ev(EV_KEY, KEY_SPACE);
	if (ui_button_px(ui, "key.backspace", T(S_COMMENT_BACKSPACE), l.del, UI_FILL | UI_TYPING, l.kpx))
		return ev(EV_KEY, KEY_BACKSPACE);
	if (ui_button_px(ui, "comment.back", T(S_COMMENT_BACK), l.back, UI_FILL, l.cpx))
		return ev(EV_BACK, 0);
	if (ui_button_px(ui, "comment.skip", T(S_COMMENT_SKIP), l.skip, UI_FILL, l.cpx))
		return ev(EV_SKIP_COMMENT, c->comment && c->comment[0]); /* words typed: asks first */
	if (ui_button_px(ui, "comment.next", T(S_COMMENT_NEXT), l.next, UI_PRIMARY | UI_FILL, l.cpx))
		return ev(EV_NEXT, 0);
	if (ui->in.type == IN_BACK) /* the Backspace key */
		return ev(EV_KEY, KEY_BACKSPACE);
	return bar_end(ui, c, &bar, EV_START_AGAIN);
}

/* ---- Sending, Thanks, Timeout ------------------------------------------ */

static Event sending(Ui *ui, const Content *c)
{
	ui_text(ui, "sending", T(S_SENDING), (Rect){ 0, 0, ui->w, ui->h }, title_px(ui), 1, ALIGN_CENTER);
	return none();
}

#define DONE_SHARE 22 /* Thanks: the Done button's share of the room, at most */

/* What the thanks screen says: the outcome and the help line. */
typedef struct {
	const Content *c;
	const char *said, *help;
} ThanksText;

/* The thanks screen's boxes at the text size in ui: b[0] the message,
 * b[1] the help line, b[2] Done.  The texts share the room by what they
 * need, Done a band at the bottom, its label up to body size; short of
 * room in landscape, Done goes beside the message (the help line keeps
 * the width), and the help line comes first. */
static void thanks_boxes(Ui *ui, const void *arg, Rect *b)
{
	const ThanksText *t = arg;
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Bar bar = top_bar(ui, t->c, &r, 0);
	Rect below = r; /* under the bar, Start again's space kept */
	if (bar.two_rows) /* no title: the texts take its row too */
		r = (Rect){ r.x, bar.left.y, r.w, r.y + r.h - bar.left.y };
	const Content *c = t->c;
	int m = margin(ui), bw = portrait(ui) ? r.w * 80 / 100 : ui->w * 30 / 100;
	int dh = button_need(ui, T(S_THANKS_DONE), bw, body_px(ui), 4);
	int least = button_need(ui, T(S_THANKS_DONE), bw, standard_px(ui) * LEGIBLE_PCT / 100 + 1, 4);
	dh = dh < r.h * DONE_SHARE / 100 ? dh : r.h * DONE_SHARE / 100;
	dh = dh > least ? dh : least;
	int nm = ui_text_h(ui, t->said, r.w, title_px(ui), 1), nh = ui_text_h(ui, t->help, r.w, body_px(ui), 0);
	int spare = r.h - 2 * m - dh - nm - nh;
	if (spare < 0 && !portrait(ui) && c->danger) {
		/* the help line first, across the width and as large as it can
		 * be; Done beside the outcome under it */
		r = below;
		int mw = r.w - bw - m, oh = ui_text_h(ui, t->help, mw, body_px(ui), 0);
		oh = oh > dh ? oh : dh;
		oh = oh < r.h / 3 ? oh : r.h / 3;
		Rect row = rect_cut_bottom(&r, oh);
		b[2] = rect_cut_right(&row, bw);
		b[2].h = b[2].h < dh * 3 / 2 ? b[2].h : dh * 3 / 2;
		b[2].y = row.y + row.h - b[2].h;
		rect_cut_right(&row, m);
		b[1] = row;
		rect_cut_bottom(&r, m);
		b[0] = r;
		return;
	}
	if (spare < 0 && !portrait(ui)) { /* Done beside the message, clear of Start again */
		r = below;
		int mw = r.w - bw - m;
		nm = ui_text_h(ui, t->said, mw, title_px(ui), 1);
		nm = nm > dh ? nm : dh;
		nm = nm < r.h - m - nh ? nm : r.h - m - nh > r.h / 3 ? r.h - m - nh : r.h / 3;
		Rect row = rect_cut_top(&r, nm);
		b[2] = rect_cut_right(&row, bw);
		b[2].h = b[2].h < dh * 3 / 2 ? b[2].h : dh * 3 / 2;
		rect_cut_right(&row, m);
		b[0] = row;
		rect_cut_top(&r, m);
		b[1] = r;
		return;
	}
	b[2] = (Rect){ ui->w / 2 - bw / 2, r.y + r.h - dh, bw, dh };
	rect_cut_bottom(&r, dh + m);
	if (spare < 0) /* the help line first: the message gets what is left, at least a third */
		nm = r.h - m - nh > (r.h - m) / 3 ? r.h - m - nh : (r.h - m) / 3;
	b[0] = rect_cut_top(&r, spare > 0 ? nm + spare / 2 : nm);
	rect_cut_top(&r, m);
	b[1] = r;
}

/* "Your answers were sent. Thank you." (or kept, or deleted), the help
 * line (for a client in distress: it must never be hidden) and Done. */
/* The help line as a sentence shows it: in a right-to-left language a
 * line of its own when it has no letters of that language, drawn left
 * to right as a whole (text.c), so a break inside it never sets a part
 * of it beside the number ("(crisis team, 24" next to "0800 123 456"). */
static const char *help_shown(const Ui *ui, const Content *c, char *out, size_t n)
{
	int own = 0;
	for (const unsigned char *p = (const unsigned char *)c->help_line; *p; p++)
		own |= *p >= 0xD8 && *p <= 0xDB; /* UTF-8 lead bytes of U+0600-06FF */
	snprintf(out, n, ui->rtl && !own ? "\n%s\n" : "%s", c->help_line);
	return out;
}

/* A sentence that ends right after the help line on a line of its own
 * keeps its full stop on that line, not on one of its own. */
static void help_line_end(char *text)
{
	char *nl = strrchr(text, '\n');
	if (nl && nl[1] && strspn(nl + 1, ".!?\xd8\x9f ") == strlen(nl + 1))
		memmove(nl, nl + 1, strlen(nl + 1) + 1);
}

static Event thanks(Ui *ui, const Survey *s, const Content *c)
{
	char help[512], line[300];
	strings_format(help, sizeof help, T(S_THANKS_HELP), (const char *[]){ "help" },
	               (const char *[]){ help_shown(ui, c, line, sizeof line) }, 1);
	help_line_end(help);
	const char *outcome = s->sent ? T(S_THANKS_SENT) : s->kept ? T(S_THANKS_KEPT) : T(S_THANKS_DELETED);
	ThanksText t = { c, outcome, help };
	if (c->danger) { /* words that may be a cry for help: the help line first, large */
		strings_format(help, sizeof help, T(S_THANKS_DANGER), (const char *[]){ "help" },
		               (const char *[]){ line }, 1);
		help_line_end(help);
		t.said = help;
		t.help = outcome;
	}
	Fit f[3] = { { t.said, title_px(ui), 1, 0, 0 }, { t.help, body_px(ui), 0, 0, 0 },
	             { T(S_THANKS_DONE), body_px(ui), 1, 1, UI_PRIMARY } };
	int px[3];
	Rect b[3];
	steady_px(ui, thanks_boxes, &t, f, 3, px);
	thanks_boxes(ui, &t, b);
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	Bar bar = top_bar(ui, c, &r, 0);
	ui_text(ui, c->danger ? "thanks.help" : "thanks.message", t.said, b[0], px[0], 1, ALIGN_CENTER);
	ui_text(ui, c->danger ? "thanks.message" : "thanks.help", t.help, b[1], px[1], 0, ALIGN_CENTER);
	if (ui_button_px(ui, "done", T(S_THANKS_DONE), b[2], UI_PRIMARY, px[2]))
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

/* What the timeout screen says. */
typedef struct {
	const char *title, *msg, *clock;
} TimeoutText;

/* The timeout screen's boxes at the text size in ui: b[0] the title,
 * b[1] the sentence, b[2] the clock, b[3] Yes, more time, b[4] No, start
 * again (in portrait one above the other).  The texts share the room
 * above the buttons by what they need; large text on a small screen
 * leaves the buttons at most half of the screen. */
static void timeout_boxes(Ui *ui, const void *arg, Rect *b)
{
	const TimeoutText *t = arg;
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui) * 2);
	int bh = band(ui, 16, 22), m = margin(ui);
	int bt = portrait(ui) ? 2 * bh + m : bh; /* portrait: one above the other */
	if (bt > r.h / 2) {
		bt = r.h / 2;
		bh = portrait(ui) ? (bt - m) / 2 : bt;
	}
	two_buttons(ui, rect_cut_bottom(&r, bt), bh, &b[3], &b[4]);
	rect_cut_bottom(&r, m);
	int tpx = title_px(ui) * 13 / 10, cpx = title_px(ui) * 2;
	int nt = ui_text_h(ui, t->title, r.w, tpx, 1);
	int nm = ui_text_h(ui, t->msg, r.w, body_px(ui), 0);
	int nc = ui_text_h(ui, t->clock, r.w, cpx, 1), need = nt + nm + nc;
	int th = need > r.h ? r.h * nt / need : nt + (r.h - need) / 4;
	int mh = need > r.h ? r.h * nm / need : nm + (r.h - need) / 4;
	b[0] = rect_cut_top(&r, th);
	b[1] = rect_cut_top(&r, mh);
	b[2] = r;
}

/* "Are you still there?  Your answers will be deleted in 27 seconds.",
 * the same seconds left as a clock (0:27), and the two ways out.  main.c
 * redraws it once a second: the sentence counts down with the clock.
 * Its texts never get smaller at a larger text size (steady_px). */
static Event timeout(Ui *ui, const Survey *s, const Content *c)
{
	char msg[256], clock[16];
	int left = c->timeout_left > 0 ? c->timeout_left : 0;
	strings_format_n(msg, sizeof msg, c->str, S_TIMEOUT_DELETED,
	                 c->timeout_left > 0 ? left : (long)(survey_more_time_ms(s) / 1000));
	snprintf(clock, sizeof clock, "%d:%02d", left / 60, left % 60);
	TimeoutText t = { T(S_TIMEOUT_TITLE), msg, "0:00" }; /* the clock's room: its widest */
	Fit f[5] = { { t.title, title_px(ui) * 13 / 10, 1, 0, 0 }, { msg, body_px(ui), 0, 0, 0 },
	             { t.clock, title_px(ui) * 2, 1, 0, 0 },
	             { T(S_TIMEOUT_MORE), body_px(ui), 1, 1, UI_PRIMARY },
	             { T(S_TIMEOUT_RESTART), body_px(ui), 1, 1, 0 } };
	int px[5];
	Rect b[5];
	steady_px(ui, timeout_boxes, &t, f, 5, px);
	timeout_boxes(ui, &t, b);
	ui_text(ui, "timeout.title", t.title, b[0], px[0], 1, ALIGN_CENTER);
	ui_text(ui, "timeout.message", msg, b[1], px[1], 0, ALIGN_CENTER);
	ui_text(ui, "timeout.countdown", clock, b[2], px[2], 1, ALIGN_CENTER);
	int bpx = px[3] < px[4] ? px[3] : px[4]; /* the two answers alike */
	if (ui_button_px(ui, "timeout.more", T(S_TIMEOUT_MORE), b[3], UI_PRIMARY, bpx))
		return ev(EV_MORE_TIME, 0);
	if (ui_button_px(ui, "timeout.restart", T(S_TIMEOUT_RESTART), b[4], 0, bpx))
		return ev(EV_START_AGAIN, 0);
	return none();
}

/* The dialog's boxes at the text size in ui: b[0] its question, b[1] No,
 * b[2] Yes; the question as high as it needs (at most what the buttons
 * leave), the room to spare above and between. */
static void confirm_boxes(Ui *ui, const void *arg, Rect *b)
{
	const char *title = arg;
	Rect r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui) * 2);
	int bh = band(ui, 18, 24), m = margin(ui), tpx = title_px(ui) * 13 / 10;
	int nt = ui_text_h(ui, title, r.w, tpx, 1);
	int bt = portrait(ui) ? 2 * bh + m : bh; /* portrait: No above Yes */
	if (bt > r.h * 2 / 3) { /* large text on a small screen: the question keeps a third */
		bt = r.h * 2 / 3;
		bh = portrait(ui) ? (bt - m) / 2 : bt;
	}
	int spare = r.h - bt - m - nt;
	rect_cut_top(&r, spare > 0 ? spare * 4 / 10 : 0);
	b[0] = rect_cut_top(&r, nt < r.h - bt - m ? nt : r.h - bt - m);
	rect_cut_top(&r, m + (spare > 0 ? spare * 2 / 10 : 0));
	two_buttons(ui, rect_cut_top(&r, bt), bh, &b[1], &b[2]);
}

/* "Delete your answers and start again?" (or, asked by Discard on the
 * review, "Delete your answers? Nothing will be sent.") instead of the
 * screen it was asked on (which keeps its name in the trace).  No, go
 * back comes first (focus starts there) and is the primary; the Back key
 * is No too (Escape stays ignored everywhere, as tests/e2e/staff.py
 * checks).  Its texts never get smaller at a larger text size
 * (steady_px). */
static Event confirm_again(Ui *ui, const Survey *s, const Content *c)
{
	const char *title = T(s->confirm_words ? S_AGAIN_WORDS : s->confirm_discard ? S_DISCARD_TITLE : S_AGAIN_TITLE);
	Fit f[3] = { { title, title_px(ui) * 13 / 10, 1, 0, 0 },
	             { T(S_AGAIN_NO), body_px(ui), 1, 1, UI_PRIMARY },
	             { T(S_AGAIN_YES), body_px(ui), 1, 1, 0 } };
	int px[3];
	Rect b[3];
	steady_px(ui, confirm_boxes, title, f, 3, px);
	confirm_boxes(ui, title, b);
	ui_text(ui, "again.title", title, b[0], px[0], 1, ALIGN_CENTER);
	int bpx = px[1] < px[2] ? px[1] : px[2]; /* the two answers alike */
	if (ui_button_px(ui, "again.no", T(S_AGAIN_NO), b[1], UI_PRIMARY, bpx))
		return ev(EV_AGAIN_NO, 0);
	if (ui_button_px(ui, "again.yes", T(S_AGAIN_YES), b[2], 0, bpx))
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

/* The settings' page button (the last page's goes to the first). */
static void access_more(const Content *c, int page, int pages, char *out, size_t n)
{
	page_label(c, S_ACCESS_PAGE, page, pages, out, n);
}

/* The height of Done and Next page (side by side: w is half the width;
 * in a column of their own, the column's width), labels at lpx; the page
 * button measured as its longest, "8 of 9" and "9 of 9". */
static int access_bottom_h(Ui *ui, const Content *c, int w, int lpx)
{
	int h = button_h(ui, T(S_ACCESS_DONE), w, lpx), k;
	for (int last = 0; last <= 1; last++) {
		char label[160];
		access_more(c, SET_COUNT - 1 + last, SET_COUNT + 1, label, sizeof label);
		if ((k = button_h(ui, label, w, lpx)) > h)
			h = k;
	}
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

#define ACCESS_TITLE_ROW_PCT 130 /* the title's own row: a line of text size 1's title size, */
                                 /* or of the body size when that is larger (it grows) */

/* The top bar and the access screen's title box under it, for the
 * current text size; *r the rest.  The title beside the bar's buttons
 * when it fits there at the title size, else a row of its own, one line
 * of ACCESS_TITLE_ROW_PCT high (the settings need the room more; the
 * title fits it at a smaller size, or on two lines): so it still grows
 * with the text size. */
static Rect access_title_box(Ui *ui, const Content *c, Rect *r, Bar *bar)
{
	int px = title_px(ui), row = std_px_pct(ui, ACCESS_TITLE_ROW_PCT);
	*r = rect_inset((Rect){ 0, 0, ui->w, ui->h }, margin(ui));
	*bar = top_bar(ui, c, r, 0);
	if (box_fit_px(ui, T(S_ACCESS_TITLE), bar->left, px, 1) == px)
		return bar->left;
	return title_row(ui, "X", bar, r, row > body_px(ui) ? row : body_px(ui));
}

/* The access screen's title box, and its size (*px): the largest that
 * fits there at this text size and at every larger one (larger text
 * never sets it smaller). */
static Rect access_title(Ui *ui, const Content *c, Rect *r, Bar *bar, int *px)
{
	int cur = ui->text_pct;
	*px = box_fit_px(ui, T(S_ACCESS_TITLE), access_title_box(ui, c, r, bar), title_px(ui), 1);
	for (int k = TEXT_SIZES - 1; k >= 0 && settings_text_pct[k] > cur; k--) {
		Rect rr, box;
		Bar b;
		ui->text_pct = settings_text_pct[k];
		box = access_title_box(ui, c, &rr, &b);
		int p = box_fit_px(ui, T(S_ACCESS_TITLE), box, title_px(ui), 1);
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
		char more[128];
		access_more(c, ui->page, l.pages, more, sizeof more);
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
	case SCREEN_COMMENT:  return comment(ui, s, c);
	}
	return none();
}
