/* ui.h - immediate-mode widgets (in the manner of microui).
 *
 * A screen is a function that lays itself out from the window size and
 * calls ui_button() and friends; each returns 1 when the control fired.
 * Every input runs the screen once with paint off (to decide what fired);
 * when something changed, the caller runs it again with paint on.
 *
 * The rules that protect a client from accidental presses live here:
 * a control fires on release inside the control the press began in
 * (dragging off cancels); a press that begins within settle_ms of a
 * screen change is ignored; the same control firing again within
 * repeat_ms is ignored.  Key auto-repeat is dropped in input.c. */
#ifndef HEARD_UI_H
#define HEARD_UI_H

#include <stdint.h>

#include "draw.h"

#define UI_MAX_WIDGETS 96 /* (the comment screen: up to 40 keys and the rest) */
#define UI_ID_MAX      48

typedef enum {
	IN_NONE, IN_PRESS, IN_RELEASE, IN_MOTION, /* pointer, with x, y */
	IN_NEXT, IN_PREV, IN_SELECT, IN_BACK,     /* keys and switches */
	IN_DIGIT,                                  /* digit 1..9 */
	IN_TEXT,                                   /* typed text (the comment screen), in text */
	IN_REPEAT, IN_STOP,                        /* speech: say it again, be quiet */
	IN_REDRAW,                                 /* window exposed or resized */
	IN_CLOSE,                                  /* the window manager asks to close */
	IN_QUIT,                                   /* SIGTERM / SIGINT */
} InputType;

typedef struct {
	InputType type;
	int x, y;        /* pointer position in window pixels */
	int digit;
	uint32_t t_ms;
	char text[32];   /* IN_TEXT: UTF-8, as SDL_TEXTINPUT gives it */
} Input;

typedef enum { W_NORMAL, W_FOCUSED, W_SELECTED, W_DISABLED } WidgetState;

/* Colours of one contrast mode.  Text and controls: >= 10:1 standard,
 * >= 20:1 in both high-contrast polarities; focus ring >= 3:1. */
typedef struct {
	Color bg, ink, paper, primary, primary_ink, primary_down, down, selected, focus, muted, track;
} Theme;

extern const Theme ui_themes[3]; /* standard, black on white, white on black */

typedef struct {
	char id[UI_ID_MAX];
	const char *role;       /* "button" or "text" */
	char label[2048];       /* (the longest: the client's words, up to 2000 bytes) */
	Rect r;
	WidgetState state;
	int clipped;            /* its text did not fit (drawn clipped) */
	int selected;           /* chosen (UI_SELECTED), focused or not: said "chosen" */
	int text_px;            /* the size its text was set at when painted, 0 if none */
	int ltr;                /* drawn left to right though the language shown is right to
	                         * left (Welcome's "we did" line in the default language) */
} UiWidget;

enum { UI_PRIMARY = 1, UI_SELECTED = 2, UI_DISABLED = 4,
       UI_WIDE = 8,  /* face tile: face beside its words, not above them */
       UI_STACK = 16, /* review row: the answer under the question, not beside it */
       UI_QUIET = 32, /* review row: skipped or "Does not apply": "- Skipped", regular
                       * weight, a dashed border (unlike an answer, not by colour) */
       UI_FILL = 64,  /* button: its label may fill it (the caller measured it with
                       * ui_label_h), not only 40 % of its height */
       UI_INERT = 128, /* button: drawn as usual, but neither focused nor pressed (the
                        * comment screen's keys outside the row a switch user chose) */
       UI_TYPING = 256 /* button: a key that types, pressed again sooner than others
                        * (double letters): UI_TYPING_REPEAT_PCT of the repeat window */ };
#define UI_TYPING_REPEAT_PCT 30 /* 150 ms of the default 500: still past a bounce */

typedef struct {
	Draw *d;
	int w, h;                /* window size */
	int paint;               /* this pass draws */
	int rtl;                 /* mirror every layout left to right */
	const Theme *theme;
	int text_pct;            /* text size, percent of the standard */
	double mm_w, mm_h;       /* the screen's visible size in mm (0: unknown) */
	Input in;                /* this pass's input (IN_NONE when painting) */
	uint32_t repeat_ms, settle_ms;
	char pressed[UI_ID_MAX]; /* control the current press began in */
	int pressed_inside;      /* pointer still inside it */
	char last_fired[UI_ID_MAX];
	uint32_t last_fired_t;
	InputType last_key;      /* last acting key (select, digit, back) ... */
	int last_digit;
	uint32_t last_key_t;     /* ... and when, for the repeat window */
	uint32_t screen_since;
	int settle_pending;      /* a new screen not yet shown: settle_ms counts from when it is */
	int focus;               /* index among focusable widgets, -1 none */
	int keyboard;            /* keys in use: show the focus ring */
	int fired;               /* a control fired in this pass */
	int changed;             /* something visible changed in this pass */
	int nfocusable;
	int page;                /* page of a screen that has more than one */
	int pages;               /* how many the screen shown has (0: it does not say), this pass */
	char refocus[UI_ID_MAX]; /* give focus to this control when it next appears */
	int clipped;             /* text that did not fit, this pass */
	int nwidgets;
	UiWidget widgets[UI_MAX_WIDGETS];
} Ui;

void ui_init(Ui *ui, Draw *d, uint32_t repeat_ms);
void ui_begin(Ui *ui, const Input *in, int w, int h, int paint);
void ui_end(Ui *ui);
/* A new screen appeared: forget presses, put focus on its first control. */
void ui_screen_changed(Ui *ui, uint32_t now_ms);
/* Keep keyboard focus on control `id` across a change of the screen's
 * contents (a new page), wherever it then is in the focus order. */
void ui_keep_focus(Ui *ui, const char *id);
/* The frame just presented shows the screen: a new screen's settle time
 * starts now, not when it was decided (a slow frame would use it up). */
void ui_shown(Ui *ui, uint32_t now_ms);
/* A new session: forget keyboard mode and the last press too. */
void ui_reset(Ui *ui);

int ui_button(Ui *ui, const char *id, const char *label, Rect r, int flags);
/* The size ui_button() sets `label` at in r; and a button whose label is
 * at most px (a row of buttons sharing one size: their smallest). */
int ui_label_px(Ui *ui, const char *label, Rect r, int flags);
int ui_button_px(Ui *ui, const char *id, const char *label, Rect r, int flags, int px);
/* What a button (flags: UI_SELECTED or not) needs to set `label` at
 * exactly px: its width with the label on one line, and its height at
 * width w (every line of the label as wrapped), -1 when a word is wider
 * than the button. */
int ui_label_w(Ui *ui, const char *label, int px, int flags);
int ui_label_h(Ui *ui, const char *label, int w, int px, int flags);
/* A group of controls taken as one by keys and switches (a row of the
 * keyboard): focusable, fires like a button, drawn only as a focus ring
 * around r when focused (its controls, drawn before it, show through). */
int ui_group(Ui *ui, const char *id, const char *label, Rect r);
/* A face tile: drawn face with its words under it.  The five tiles share
 * one text size: the smallest ui_face_px() of their words. */
int ui_face_px(Ui *ui, const char *label, Rect r, int flags);
int ui_face(Ui *ui, const char *id, int level, const char *label, Rect r, int flags, int px);
/* A review row: a question and the answer given, tappable to change.
 * Rows share one text size: the smallest ui_row_px() over all of them
 * (-1 when a row cannot fit at all). */
int ui_row_px(Ui *ui, const char *text, const char *value, Rect r, int flags);
int ui_row(Ui *ui, const char *id, const char *text, const char *value, Rect r, int flags, int px);
/* Static text; returns the rectangle it covers. */
Rect ui_text(Ui *ui, const char *id, const char *text, Rect box, int px, int bold, Align a);
/* A framed text box: `shown` drawn in box at px (the end of a long text),
 * the widget's label `label` (all of it, for the trace and speech); when
 * nothing is shown, `empty` (how to fill it, or NULL) in grey. */
Rect ui_text_box(Ui *ui, const char *id, const char *label, const char *shown, const char *empty, Rect box,
                 int px);
/* The widget drawn with focus on the last pass, or NULL. */
const UiWidget *ui_focused(const Ui *ui);
/* Height of text at px, wrapped to width w (for layouts that give text
 * the room it needs). */
int ui_text_h(Ui *ui, const char *text, int w, int px, int bold);
/* The size text is set at in box (at most px), -1 if it does not fit. */
int ui_text_px(Ui *ui, const char *text, Rect box, int px, int bold);
/* The smallest client text: a UI_TEXT_FLOOR_MM cap height, in pixels. */
#define UI_TEXT_FLOOR_MM 3.2
int ui_floor_px(const Ui *ui);
/* A progress line of `of` steps with `done` filled. */
void ui_progress(Ui *ui, Rect r, int done, int of);
void ui_background(Ui *ui);
/* Pixels per millimetre on the configured screen. */
double ui_px_per_mm(const Ui *ui);
/* Body and title text sizes in pixels: body text has a cap height of
 * 4.8 mm at the standard size, growing with the text size setting. */
int ui_body_px(const Ui *ui);
int ui_title_px(const Ui *ui);

/* Rect cutting, for laying screens out from the window size. */
Rect rect_cut_top(Rect *r, int h);
Rect rect_cut_bottom(Rect *r, int h);
Rect rect_cut_left(Rect *r, int w);
Rect rect_cut_right(Rect *r, int w);
Rect rect_inset(Rect r, int by);
int rect_contains(Rect r, int x, int y);
#endif
