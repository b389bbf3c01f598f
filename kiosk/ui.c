/* ui.c - immediate-mode widgets.  Start reading at interact(): the one
 * place that decides whether a control fired. */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RGB(v) { (uint8_t)((v) >> 16), (uint8_t)((v) >> 8 & 0xFF), (uint8_t)((v) & 0xFF), 0xFF }

/* Standard: near-black on warm white (about 16:1), white on navy (11:1),
 * focus ring blue on white (6.4:1).  High contrast: pure black and white
 * both ways (21:1); the focus ring is blue on white (11:1) or yellow on
 * black (19.6:1).  Measured on screenshots by tests/e2e/access.py. */
const Theme ui_themes[3] = {
	{ RGB(0xF7F5F0), RGB(0x1A1A1A), RGB(0xFFFFFF), RGB(0x1B3A6B), RGB(0xFFFFFF), RGB(0x0E2244),
	  RGB(0xDCE6F5), RGB(0xFFF1C2), RGB(0x0B57D0), RGB(0x6B6B6B), RGB(0xD5D2CA) },
	{ RGB(0xFFFFFF), RGB(0x000000), RGB(0xFFFFFF), RGB(0x000000), RGB(0xFFFFFF), RGB(0x000000),
	  RGB(0xFFFFFF), RGB(0xFFFFFF), RGB(0x0000CC), RGB(0x000000), RGB(0xFFFFFF) },
	{ RGB(0x000000), RGB(0xFFFFFF), RGB(0x000000), RGB(0xFFFFFF), RGB(0x000000), RGB(0xFFFFFF),
	  RGB(0x000000), RGB(0x000000), RGB(0xFFFF00), RGB(0xFFFFFF), RGB(0x000000) },
};

#define BG (ui->theme->bg)
#define INK (ui->theme->ink)
#define PAPER (ui->theme->paper)
#define PRIMARY (ui->theme->primary)
#define PRIMARY_INK (ui->theme->primary_ink)
#define PRIMARY_DOWN (ui->theme->primary_down)
#define DOWN (ui->theme->down)
#define SELECTED (ui->theme->selected)
#define FOCUS (ui->theme->focus)
#define MUTED (ui->theme->muted)
#define TRACK (ui->theme->track)

/* ---- rectangles -------------------------------------------------------- */

Rect rect_cut_top(Rect *r, int h)
{
	if (h > r->h) h = r->h;
	Rect c = { r->x, r->y, r->w, h };
	r->y += h; r->h -= h;
	return c;
}

Rect rect_cut_bottom(Rect *r, int h)
{
	if (h > r->h) h = r->h;
	r->h -= h;
	return (Rect){ r->x, r->y + r->h, r->w, h };
}

Rect rect_cut_left(Rect *r, int w)
{
	if (w > r->w) w = r->w;
	Rect c = { r->x, r->y, w, r->h };
	r->x += w; r->w -= w;
	return c;
}

Rect rect_cut_right(Rect *r, int w)
{
	if (w > r->w) w = r->w;
	r->w -= w;
	return (Rect){ r->x + r->w, r->y, w, r->h };
}

Rect rect_inset(Rect r, int by)
{
	return (Rect){ r.x + by, r.y + by, r.w - 2 * by, r.h - 2 * by };
}

int rect_contains(Rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* ---- widget bookkeeping ------------------------------------------------ */

/* Screens lay out left to right; for a right-to-left language every rect
 * is mirrored here, so the whole layout reads from the right. */
static Rect mirror(const Ui *ui, Rect r)
{
	if (ui->rtl)
		r.x = ui->w - r.x - r.w;
	return r;
}

/* The width of a border: from the height, or in portrait from the height
 * a 16:10 screen of the same width would have. */
static int line(const Ui *ui)
{
	int ref = ui->h > ui->w * 10 / 16 ? ui->w * 10 / 16 : ui->h;
	return ref / 160 > 2 ? ref / 160 : 2;
}

#define CAP_HEIGHT_MM 4.8
#define CAP_RATIO     0.714 /* Noto Sans: cap height / em */

double ui_px_per_mm(const Ui *ui)
{
	if (ui->mm_w <= 0 || ui->mm_h <= 0)
		return ui->h / 136.0; /* as if a 10-inch screen */
	double a = ui->w / ui->mm_w, b = ui->h / ui->mm_h;
	return a < b ? a : b;
}

/* Body text at the standard size, in pixels */
static double standard_px(const Ui *ui) { return CAP_HEIGHT_MM * ui_px_per_mm(ui) / CAP_RATIO; }

int ui_body_px(const Ui *ui)
{
	return (int)(standard_px(ui) * (ui->text_pct ? ui->text_pct : 100) / 100 + 0.5);
}

/* Headings: 30 % of the standard body size above the body size, so at
 * large text they stay the largest without crowding out the body. */
int ui_title_px(const Ui *ui) { return ui_body_px(ui) + (int)(standard_px(ui) * 0.3 + 0.5); }

#define base_px ui_body_px

static UiWidget *add(Ui *ui, const char *id, const char *role, const char *label,
                     Rect r, WidgetState st)
{
	if (ui->nwidgets == UI_MAX_WIDGETS)
		return NULL;
	UiWidget *w = &ui->widgets[ui->nwidgets++];
	snprintf(w->id, sizeof w->id, "%s", id);
	w->role = role;
	snprintf(w->label, sizeof w->label, "%s", label);
	w->r = r;
	w->state = st;
	w->clipped = 0;
	w->selected = 0;
	w->text_px = 0;
	w->ltr = 0;
	return w;
}

/* The size the last widget's text was set at (for the trace). */
static void set_px(Ui *ui, int px)
{
	if (ui->nwidgets > 0 && px > 0)
		ui->widgets[ui->nwidgets - 1].text_px = px;
}

/* Text of the last widget added did not fit even at the smallest size. */
static void clip(Ui *ui)
{
	ui->clipped++;
	if (ui->nwidgets > 0)
		ui->widgets[ui->nwidgets - 1].clipped = 1;
}

/* Same control again within repeat_ms: a double tap or a bounce.  A key
 * that types has a shorter window, so "ll" in "hello" is two letters. */
static int debounce(Ui *ui, const char *id, int flags)
{
	uint32_t t = ui->in.t_ms;
	uint32_t window = flags & UI_TYPING ? ui->repeat_ms * UI_TYPING_REPEAT_PCT / 100 : ui->repeat_ms;
	if (!strcmp(ui->last_fired, id) && t - ui->last_fired_t < window)
		return 0;
	snprintf(ui->last_fired, sizeof ui->last_fired, "%s", id);
	ui->last_fired_t = t;
	return 1;
}

/* Decide whether control `id` at r fires on this pass, and its state. */
static int interact(Ui *ui, const char *id, Rect r, int flags, WidgetState *st, int *down)
{
	if (flags & UI_DISABLED) { /* never fires, and focus (keys, scanning) passes it by */
		*st = W_DISABLED;
		*down = 0;
		return 0;
	}
	if (flags & UI_INERT) {
		*st = W_NORMAL;
		*down = 0;
		return 0;
	}
	int idx = ui->nfocusable++, fire = 0;
	const Input *in = &ui->in;
	if (ui->refocus[0] && !strcmp(ui->refocus, id)) { /* focus is found again */
		ui->focus = idx;
		ui->refocus[0] = '\0';
	}
	int inside = rect_contains(r, in->x, in->y), mine = !strcmp(ui->pressed, id);
	*st = ui->keyboard && idx == ui->focus && !ui->refocus[0] ? W_FOCUSED
	    : flags & UI_SELECTED ? W_SELECTED : W_NORMAL;
	if (ui->fired) {
		*down = 0;
		return 0;
	}
	if (in->type == IN_PRESS && inside && in->t_ms - ui->screen_since >= ui->settle_ms) {
		snprintf(ui->pressed, sizeof ui->pressed, "%s", id);
		ui->pressed_inside = 1;
		ui->changed = 1;
	} else if (in->type == IN_MOTION && mine && inside != ui->pressed_inside) {
		ui->pressed_inside = inside;
		ui->changed = 1;
	} else if (in->type == IN_RELEASE && mine && inside) {
		fire = 1;
	} else if (in->type == IN_SELECT && *st == W_FOCUSED) {
		fire = 1;
	}
	if (fire && debounce(ui, id, flags))
		ui->fired = ui->changed = 1;
	else
		fire = 0;
	*down = !strcmp(ui->pressed, id) && ui->pressed_inside;
	return fire;
}

static void dashed_frame(Ui *ui, Rect r, int t, Color c);

/* Background and border of a control, by state.  Focus is an inner ring
 * so it never overlaps a neighbour; selection is a thick border plus a
 * bar along the bottom, so it never depends on colour alone. */
static void paint_box(Ui *ui, Rect r, int flags, WidgetState st, int down)
{
	int t = line(ui);
	Color bg = flags & UI_PRIMARY ? (down ? PRIMARY_DOWN : PRIMARY)
	         : down ? DOWN : flags & UI_SELECTED ? SELECTED : PAPER;
	draw_rect(ui->d, r, bg);
	draw_frame(ui->d, r, flags & UI_SELECTED ? 3 * t : t, flags & UI_DISABLED ? MUTED : INK);
	if (flags & UI_DISABLED) { /* dashed: not by colour alone (high contrast has no grey) */
		draw_frame(ui->d, r, t, flags & UI_PRIMARY ? PRIMARY : PAPER);
		dashed_frame(ui, r, t, MUTED);
	}
	if (flags & UI_SELECTED)
		draw_rect(ui->d, (Rect){ r.x, r.y + r.h - 4 * t, r.w, 4 * t }, INK);
	if (st == W_FOCUSED) /* just inside the border, clear of the padding; on a
	                      * primary button in its ink (the focus colour is
	                      * too close to the primary fill to be seen) */
		draw_frame(ui->d, rect_inset(r, flags & UI_SELECTED ? 3 * t : t), 2 * t,
		           flags & UI_PRIMARY ? PRIMARY_INK : FOCUS);
}

/* ---- widgets ----------------------------------------------------------- */

/* What every control does first: decide whether it fired, record it for
 * focus and the trace, and paint its box.  r is already mirrored.
 * Returns 1 when the caller should paint what is inside. */
static int control(Ui *ui, const char *id, const char *label, Rect r, int flags, int *fire)
{
	WidgetState st;
	int down;
	*fire = interact(ui, id, r, flags, &st, &down);
	UiWidget *w = add(ui, id, "button", label, r, st);
	if (w)
		w->selected = (flags & UI_SELECTED) != 0;
	if (!ui->paint)
		return 0;
	paint_box(ui, r, flags, st, down);
	return 1;
}

/* The room between a button's edge and its label. */
static int label_pad(const Ui *ui, int flags) { return (flags & UI_SELECTED ? 6 : 4) * line(ui); }

/* A button's label: at most 40 % of the button's height (and px, if
 * given); a long label that does not fit down to half of that may go
 * down to a quarter.  Returns the size it is set at, -1 if none fits. */
static int label_in(Ui *ui, const char *label, Rect r, int flags, int px, int paint)
{
	int pad = label_pad(ui, flags), max = r.h * 4 / 10;
	if (max > base_px(ui) * 12 / 10) max = base_px(ui) * 12 / 10;
	if (px > 0 && (px < max || flags & UI_FILL)) max = px;
	Color fg = flags & UI_PRIMARY ? PRIMARY_INK : flags & UI_DISABLED ? MUTED : INK;
	Rect in = rect_inset(r, pad);
	int got = draw_text(ui->d, label, in, max, 1, ALIGN_CENTER, fg, 0, NULL);
	if (got < 0)
		max /= 2;
	if (got < 0 || paint)
		got = draw_text(ui->d, label, in, max, 1, ALIGN_CENTER, fg, paint, NULL);
	return got;
}

int ui_label_px(Ui *ui, const char *label, Rect r, int flags)
{
	return label_in(ui, label, r, flags, 0, 0);
}

int ui_label_w(Ui *ui, const char *label, int px, int flags)
{
	Rect used;
	draw_text(ui->d, label, (Rect){ 0, 0, 1 << 14, 1 << 14 }, px, 1, ALIGN_LEFT, INK, 0, &used);
	return used.w + 2 * label_pad(ui, flags) + 1;
}

int ui_label_h(Ui *ui, const char *label, int w, int px, int flags)
{
	Rect used;
	int pad = label_pad(ui, flags);
	if (draw_text(ui->d, label, (Rect){ 0, 0, w - 2 * pad, 1 << 14 }, px, 1, ALIGN_LEFT, INK, 0,
	              &used) != px)
		return -1;
	return used.h + 2 * pad;
}

int ui_button_px(Ui *ui, const char *id, const char *label, Rect r, int flags, int px)
{
	int fire;
	r = mirror(ui, r);
	if (!control(ui, id, label, r, flags, &fire))
		return fire;
	int got = label_in(ui, label, r, flags, px, 1);
	if (got < 0)
		clip(ui);
	set_px(ui, got);
	return fire;
}

int ui_group(Ui *ui, const char *id, const char *label, Rect r)
{
	WidgetState st;
	int down, fire;
	r = mirror(ui, r);
	fire = interact(ui, id, r, 0, &st, &down);
	add(ui, id, "button", label, r, st);
	if (ui->paint && st == W_FOCUSED)
		draw_frame(ui->d, r, 3 * line(ui), FOCUS);
	return fire;
}

int ui_button(Ui *ui, const char *id, const char *label, Rect r, int flags)
{
	return ui_button_px(ui, id, label, r, flags, 0);
}

/* Where a face tile puts its face and its words: words under the face,
 * or (UI_WIDE, for large text) beside it. */
static void face_boxes(const Ui *ui, Rect r, int flags, Rect *face, Rect *words)
{
	/* inside the border (3 lines when selected) and the focus ring (2) */
	*face = rect_inset(r, (flags & UI_SELECTED ? 5 : 3) * line(ui));
	if (flags & UI_WIDE) {
		*words = *face;
		*face = rect_cut_left(words, words->h);
		rect_cut_left(words, 2 * line(ui));
	} else {
		*words = rect_cut_bottom(face, face->h * 36 / 100);
	}
}

int ui_face_px(Ui *ui, const char *label, Rect r, int flags)
{
	Rect face, words;
	face_boxes(ui, r, flags | UI_SELECTED, &face, &words); /* the tighter, selected tile */
	int got = draw_text(ui->d, label, words, base_px(ui), 1, ALIGN_CENTER, INK, 0, NULL);
	if (got < 0) /* (draw_text tries down to half the size: then below that) */
		got = draw_text(ui->d, label, words, base_px(ui) / 2, 1, ALIGN_CENTER, INK, 0, NULL);
	return got;
}

int ui_face(Ui *ui, const char *id, int level, const char *label, Rect r, int flags, int px)
{
	int fire;
	r = mirror(ui, r);
	if (!control(ui, id, label, r, flags, &fire))
		return fire;
	Rect face, words;
	face_boxes(ui, r, flags, &face, &words);
	if (ui->rtl && (flags & UI_WIDE)) { /* the face stays at the start of the row */
		face.x = r.x + r.x + r.w - face.x - face.w;
		words.x = r.x + r.x + r.w - words.x - words.w;
	}
	draw_face(ui->d, face, level);
	/* the words are always drawn, if need be at the smallest size (and
	 * then reported as not fitting) */
	int got = draw_text(ui->d, label, words, px > 0 ? px : base_px(ui), 1,
	                    flags & UI_WIDE ? ALIGN_LEFT : ALIGN_CENTER, INK, 1, NULL);
	if (got < 0 || px <= 0)
		clip(ui);
	set_px(ui, got);
	return fire;
}

/* A review row: question text at the start, the answer in bold at the
 * end (or, UI_STACK for large text, under it: stack_boxes). */
static void row_boxes(const Ui *ui, Rect r, Rect *text, Rect *value)
{
	*text = rect_inset(r, 4 * line(ui));
	*value = rect_cut_right(text, text->w * 34 / 100);
	rect_cut_right(text, 2 * line(ui));
}

/* A quiet row's value (skipped, "Does not apply"): after a dash. */
static const char *row_value(const char *value, int flags, char *buf, size_t n)
{
	if (!(flags & UI_QUIET))
		return value;
	snprintf(buf, n, "\xe2\x80\x93 %s", value); /* "- Skipped", an en dash */
	return buf;
}

/* A stacked row's boxes at px: the answer (value, as measured) its own
 * lines high, the question above it the rest of the row's inside. */
static void stack_boxes(Ui *ui, Rect r, const char *value, int flags, int px, Rect *text, Rect *v)
{
	*text = rect_inset(r, 4 * line(ui));
	int vh = ui_text_h(ui, value, text->w, px, !(flags & UI_QUIET));
	*v = rect_cut_bottom(text, vh);
}

/* Whether text fits in box at exactly px: every word within its line
 * (draw.c sets it at px) and the lines within the height.  Measured
 * without the height, so every try at px shares draw.c's one layout. */
static int fits_at(Ui *ui, const char *text, Rect box, int px, int bold)
{
	Rect used;
	return draw_text(ui->d, text, (Rect){ 0, 0, box.w, 1 << 14 }, px, bold, ALIGN_LEFT, INK, 0,
	                 &used) == px && used.h <= box.h;
}

/* Whether a stacked row's question and answer both fit at exactly px. */
static int stack_fits(Ui *ui, const char *text, const char *value, Rect r, int flags, int px)
{
	Rect t, v;
	stack_boxes(ui, r, value, flags, px, &t, &v);
	return t.h > 0 && fits_at(ui, value, v, px, !(flags & UI_QUIET)) && fits_at(ui, text, t, px, 0);
}

/* A stacked row's size: the largest from the body size down to half of
 * it (draw.c's smallest) at which it fits, -1 if none.  It is at most
 * what the question fits at above the answer at the least size (the
 * most room it can have): the search starts there. */
static int stack_px(Ui *ui, const char *text, const char *value, Rect r, int flags)
{
	int lo = base_px(ui) / 2, hi;
	Rect t, v;
	stack_boxes(ui, r, value, flags, lo, &t, &v);
	if (t.h <= 0 || (hi = draw_text(ui->d, text, t, base_px(ui), 0, ALIGN_LEFT, INK, 0, NULL)) < 0)
		return -1;
	if (stack_fits(ui, text, value, r, flags, hi))
		return hi;
	if (!stack_fits(ui, text, value, r, flags, lo))
		return -1;
	while (hi - lo > 1) { /* lo fits, hi does not */
		int mid = (lo + hi) / 2;
		if (stack_fits(ui, text, value, r, flags, mid))
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int ui_row_px(Ui *ui, const char *text, const char *value, Rect r, int flags)
{
	Rect t, v;
	char buf[160];
	value = row_value(value, flags, buf, sizeof buf);
	if (flags & UI_STACK)
		return stack_px(ui, text, value, r, flags);
	row_boxes(ui, r, &t, &v);
	int max = base_px(ui);
	int a = draw_text(ui->d, text, t, max, 0, ALIGN_LEFT, INK, 0, NULL);
	int b = draw_text(ui->d, value, v, max, !(flags & UI_QUIET), ALIGN_RIGHT, INK, 0, NULL);
	return a < b ? a : b;
}

/* A dashed frame just inside r: a quiet row's border. */
static void dashed_frame(Ui *ui, Rect r, int t, Color c)
{
	int dash = 6 * t;
	for (int x = r.x; x < r.x + r.w; x += 2 * dash) {
		int w = x + dash > r.x + r.w ? r.x + r.w - x : dash;
		draw_rect(ui->d, (Rect){ x, r.y, w, t }, c);
		draw_rect(ui->d, (Rect){ x, r.y + r.h - t, w, t }, c);
	}
	for (int y = r.y; y < r.y + r.h; y += 2 * dash) {
		int h = y + dash > r.y + r.h ? r.y + r.h - y : dash;
		draw_rect(ui->d, (Rect){ r.x, y, t, h }, c);
		draw_rect(ui->d, (Rect){ r.x + r.w - t, y, t, h }, c);
	}
}

int ui_row(Ui *ui, const char *id, const char *text, const char *value, Rect r, int flags, int px)
{
	char label[256], buf[160];
	int fire;
	Rect t, v;
	int size = px > 0 ? px : base_px(ui), quiet = flags & UI_QUIET;
	value = row_value(value, flags, buf, sizeof buf);
	if (flags & UI_STACK)
		stack_boxes(ui, r, value, flags, size, &t, &v);
	else
		row_boxes(ui, r, &t, &v); /* question at the start, answer at the end */
	r = mirror(ui, r);
	t = mirror(ui, t);
	v = mirror(ui, v);
	snprintf(label, sizeof label, "%s %s", text, value);
	if (!control(ui, id, label, r, 0, &fire))
		return fire;
	if (flags & UI_QUIET) { /* the solid border dashed: paper over every other stretch */
		int lt = line(ui);
		draw_frame(ui->d, r, lt, PAPER);
		dashed_frame(ui, r, lt, INK);
	}
	/* always drawn, if need be at the smallest size (then reported); a
	 * quiet value in regular weight after a dash, an answer in bold.  The
	 * dash is drawn, not a character: it leads in either direction (the
	 * room for it was measured with the character). */
	Rect used;
	const char *shown = quiet ? value + strlen("\xe2\x80\x93 ") : value;
	int dw = size / 2, th = size / 10 > 2 ? size / 10 : 2, gap = size * 3 / 10;
	if (quiet && (flags & UI_STACK)) { /* starts at the start of v: room for the dash */
		v.w -= dw + gap;
		if (!ui->rtl)
			v.x += dw + gap;
	}
	int a = draw_text(ui->d, text, t, size, 0, ALIGN_LEFT, INK, 1, NULL);
	int b = draw_text(ui->d, shown, v, size, !quiet, flags & UI_STACK ? ALIGN_LEFT : ALIGN_RIGHT,
	                  INK, 1, &used);
	if (a < 0 || b < 0 || px <= 0)
		clip(ui);
	set_px(ui, a < b ? a : b);
	if (quiet) {
		int x = ui->rtl ? used.x + used.w + gap : used.x - gap - dw;
		draw_rect(ui->d, (Rect){ x, used.y + used.h / 2 - th / 2, dw, th }, INK);
	}
	return fire;
}

Rect ui_text(Ui *ui, const char *id, const char *text, Rect box, int px, int bold, Align a)
{
	Rect used;
	box = mirror(ui, box);
	int got = draw_text(ui->d, text, box, px, bold, a, INK, ui->paint, &used);
	add(ui, id, "text", text, used, W_NORMAL);
	if (got < 0 && ui->paint)
		clip(ui);
	if (ui->paint)
		set_px(ui, got);
	return used;
}

Rect ui_text_box(Ui *ui, const char *id, const char *label, const char *shown, const char *empty, Rect box,
                 int px)
{
	Rect m = mirror(ui, box), used;
	int pad = line(ui) * 2;
	if (ui->paint) {
		draw_rect(ui->d, m, PAPER);
		draw_frame(ui->d, m, line(ui), INK);
	}
	if (!shown[0] && empty && ui->paint) /* how to write, grey (not the words) */
		draw_text(ui->d, empty, rect_inset(m, pad), px, 0, ALIGN_LEFT, MUTED, 1, &used);
	int got = draw_text(ui->d, shown, rect_inset(m, pad), px, 0, ALIGN_LEFT, INK, ui->paint, &used);
	add(ui, id, "text", label, m, W_NORMAL);
	if (got < 0 && ui->paint)
		clip(ui);
	if (ui->paint)
		set_px(ui, got);
	return m;
}

const UiWidget *ui_focused(const Ui *ui)
{
	const UiWidget *foc = NULL;
	for (int i = 0; i < ui->nwidgets; i++)
		if (ui->widgets[i].state == W_FOCUSED)
			foc = &ui->widgets[i];
	return foc;
}

int ui_text_h(Ui *ui, const char *text, int w, int px, int bold)
{
	Rect used;
	draw_text(ui->d, text, (Rect){ 0, 0, w, 1 << 14 }, px, bold, ALIGN_LEFT, INK, 0, &used);
	return used.h;
}

int ui_text_px(Ui *ui, const char *text, Rect box, int px, int bold)
{
	int got = draw_text(ui->d, text, box, px, bold, ALIGN_LEFT, INK, 0, NULL);
	return got < 0 ? draw_text(ui->d, text, box, px / 2, bold, ALIGN_LEFT, INK, 0, NULL) : got;
}

int ui_floor_px(const Ui *ui)
{
	return (int)ceil(UI_TEXT_FLOOR_MM * ui_px_per_mm(ui) / CAP_RATIO);
}

void ui_progress(Ui *ui, Rect r, int done, int of)
{
	if (!ui->paint || of <= 0)
		return;
	int gap = line(ui) * 2, w = (r.w - gap * (of - 1)) / of;
	for (int i = 0; i < of; i++) {
		Rect seg = mirror(ui, (Rect){ r.x + i * (w + gap), r.y, w, r.h });
		if (i < done)
			draw_rect(ui->d, seg, INK);
		else {
			draw_rect(ui->d, seg, TRACK);
			draw_frame(ui->d, seg, 1, MUTED);
		}
	}
}

void ui_background(Ui *ui)
{
	if (ui->paint)
		draw_clear(ui->d, BG);
}

/* ---- frame ------------------------------------------------------------- */

void ui_init(Ui *ui, Draw *d, uint32_t repeat_ms)
{
	memset(ui, 0, sizeof *ui);
	ui->d = d;
	ui->theme = &ui_themes[0];
	ui->text_pct = 100;
	ui->repeat_ms = repeat_ms;
	ui->settle_ms = 250;
	ui->focus = -1;
}

void ui_begin(Ui *ui, const Input *in, int w, int h, int paint)
{
	static const Input none = { .type = IN_NONE, .x = -1, .y = -1 };
	ui->in = in ? *in : none;
	ui->w = w;
	ui->h = h;
	ui->paint = paint;
	ui->fired = ui->changed = ui->clipped = 0;
	ui->nwidgets = ui->nfocusable = ui->pages = 0;
	InputType t = ui->in.type;
	int key = t == IN_NEXT || t == IN_PREV || t == IN_SELECT || t == IN_BACK || t == IN_DIGIT;
	if (t == IN_SELECT || t == IN_BACK || t == IN_DIGIT) {
		/* Keys that act get the same protection as taps: none while a
		 * screen is appearing, and the same key again within the repeat
		 * window is a bounce or a double press. */
		uint32_t now = ui->in.t_ms;
		int same = t == ui->last_key && ui->in.digit == ui->last_digit &&
		           now - ui->last_key_t < ui->repeat_ms;
		if (!same) {
			ui->last_key = t;
			ui->last_digit = ui->in.digit;
			ui->last_key_t = now;
		}
		if (same || now - ui->screen_since < ui->settle_ms)
			ui->in.type = IN_NONE;
	}
	if (key && !ui->keyboard) {
		/* First key: show where focus is before moving it or pressing
		 * anything, so a bumped Space never answers "Not at all" unseen.
		 * Digits and Back name their action themselves and still act. */
		ui->keyboard = 1;
		ui->focus = 0;
		ui->changed = 1;
		if (t == IN_NEXT || t == IN_PREV || t == IN_SELECT)
			ui->in.type = IN_NONE;
	}
}

void ui_end(Ui *ui)
{
	int n = ui->nfocusable;
	if (ui->in.type == IN_RELEASE && ui->pressed[0]) {
		ui->pressed[0] = '\0';
		ui->changed = 1;
	}
	if (n > 0 && !ui->fired && (ui->in.type == IN_NEXT || ui->in.type == IN_PREV)) {
		int step = ui->in.type == IN_NEXT ? 1 : n - 1;
		ui->focus = ui->focus < 0 ? 0 : (ui->focus + step) % n;
		ui->changed = 1;
	}
	if (ui->focus >= n && !ui->fired) /* a pass cut short by a firing control counts fewer */
		ui->focus = n ? n - 1 : -1;
}

void ui_screen_changed(Ui *ui, uint32_t now_ms)
{
	ui->pressed[0] = '\0';
	ui->refocus[0] = '\0';
	ui->page = 0;
	ui->screen_since = now_ms;
	ui->settle_pending = 1;
	ui->focus = ui->keyboard ? 0 : -1;
}

void ui_shown(Ui *ui, uint32_t now_ms)
{
	if (ui->settle_pending) {
		ui->screen_since = now_ms;
		ui->settle_pending = 0;
	}
}

void ui_keep_focus(Ui *ui, const char *id)
{
	snprintf(ui->refocus, sizeof ui->refocus, "%s", id);
}

void ui_reset(Ui *ui)
{
	ui->keyboard = 0;
	ui->focus = -1;
}
