/* text.c - the kiosk's text behind text.h: fonts, direction, wrapping
 * and fitting, and lines rendered as surfaces.  The one file that
 * includes SDL_ttf.  Start reading at text_layout(): fit() tries sizes,
 * wrap() breaks lines at each, measure() sums the widths of a line's
 * runs (runs_of(): one direction, one font each); text_line_surface()
 * then draws one laid-out line. */
#include "text.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PX      256  /* largest font size in pixels */
#define LAYOUT_SLOTS 512 /* text layout cache */
#define FONTS_OPEN  24   /* open font sizes kept; the least recently used closes */
#define WIDTH_SLOTS 8192 /* measured widths (layouts try many sizes and boxes) */
#define MAX_RUNS    16   /* runs of one direction and font in a line; more: the rest as one */
#define MAX_CHARS   512  /* characters of a line that bidi looks at */

/* A cached layout: what it was laid out for, and how. */
typedef struct {
	uint64_t hash;       /* 0 = empty */
	char *text;
	int w, h, max_px, bold, rtl;
	TextLayout l;
} LayoutEntry;

/* One run's measured width: shaping is the slow part of laying out, and
 * fitting a screen measures the same words at the same sizes many times. */
typedef struct {
	uint64_t hash;       /* 0 = empty */
	char *text;
	int fam, px, bold, w;
} WidthEntry;

/* Font families, chosen per run of text by script: Noto Sans (Latin,
 * Cyrillic, Greek, digits) and Noto Sans Arabic, shaped right to left. */
enum { FAM_BASE, FAM_ARABIC, FAM_COUNT };
static const char *const family_file[FAM_COUNT][2] = {
	{ "NotoSans-Regular.ttf", "NotoSans-Bold.ttf" },
	{ "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf" },
};

typedef struct {
	int start, len; /* bytes of the line */
	int fam;        /* font family */
	int rb;         /* right-to-left neutrals drawn with the base font */
} Run;

struct Text {
	int rtl;                      /* paragraphs run right to left */
	char path[FAM_COUNT][2][512]; /* family x (regular, bold) */
	TTF_Font *font[FAM_COUNT][2][MAX_PX + 1];
	uint32_t font_used[FAM_COUNT][2][MAX_PX + 1]; /* clock of last use */
	uint32_t font_clock;
	int nfonts;
	LayoutEntry layout[LAYOUT_SLOTS];
	int nlayout;
	WidthEntry width[WIDTH_SLOTS];
	int nwidth;
	char *scratch;                /* one line of text, NUL-terminated (text_span) */
	size_t scratch_len;
};

/* ---- fonts ------------------------------------------------------------- */

static TTF_Font *font_of(Text *t, int fam, int px, int bold)
{
	if (px < 4) px = 4;
	if (px > MAX_PX) px = MAX_PX;
	TTF_Font **f = &t->font[fam][bold][px];
	t->font_used[fam][bold][px] = ++t->font_clock;
	if (!*f) {
		if (t->nfonts == FONTS_OPEN) { /* each open size holds its glyphs: close the stalest */
			TTF_Font **old = NULL;
			uint32_t oldest = UINT32_MAX;
			for (int a = 0; a < FAM_COUNT; a++)
				for (int b = 0; b < 2; b++)
					for (int k = 0; k <= MAX_PX; k++)
						if (t->font[a][b][k] && t->font_used[a][b][k] < oldest) {
							oldest = t->font_used[a][b][k];
							old = &t->font[a][b][k];
						}
			TTF_CloseFont(*old);
			*old = NULL;
			t->nfonts--;
		}
		*f = TTF_OpenFont(t->path[fam][bold], px);
		t->nfonts++;
		if (!*f) {
			/* Checked at start-up, so this means the file vanished. */
			fprintf(stderr, "heard: %s: cannot open font: %s\n", t->path[fam][bold], TTF_GetError());
			abort();
		}
		/* unhinted: at the kiosk's sizes it looks the same, and hinting
		 * (FreeType's bytecode interpreter) was most of fitting a screen */
		TTF_SetFontHinting(*f, TTF_HINTING_NONE);
		if (fam == FAM_ARABIC) { /* HarfBuzz shapes and orders Arabic */
			TTF_SetFontDirection(*f, TTF_DIRECTION_RTL);
			TTF_SetFontScriptName(*f, "Arab");
		}
	}
	return *f;
}

static TTF_Font *font(Text *t, int px, int bold) { return font_of(t, FAM_BASE, px, bold); }

/* ---- scripts and runs -------------------------------------------------- */

/* Decode one UTF-8 character at s[*i] and advance; bad bytes give U+FFFD. */
static uint32_t utf8_next(const char *s, int *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	int n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3
	      : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n) { (*i)++; return 0xFFFD; }
	uint32_t cp = n == 1 ? u[0] : u[0] & (0x3F >> (n - 1));
	for (int k = 1; k < n; k++) {
		if ((u[k] & 0xC0) != 0x80) { (*i)++; return 0xFFFD; }
		cp = cp << 6 | (u[k] & 0x3F);
	}
	*i += n;
	return cp;
}

static int is_arabic(uint32_t c)
{
	return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
	       (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
	       (c >= 0xFE70 && c <= 0xFEFF);
}

/* Bidi classes, much simplified from the Unicode Bidirectional Algorithm:
 * Arabic letters (R), other letters (L), European digits (EN), and
 * neutrals (spaces, punctuation) that take the direction around them. */
enum { C_R, C_L, C_EN, C_N, C_RB };

static int bidi_class(uint32_t c)
{
	if (is_arabic(c))
		return C_R;
	if (c >= '0' && c <= '9')
		return C_EN;
	if (c == ' ' || c == 0xA0 || (c < 0x80 && !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) ||
	    (c >= 0x2000 && c <= 0x206F))
		return C_N;
	return C_L;
}

static uint32_t mirrored(uint32_t c)
{
	switch (c) {
	case '(': return ')'; case ')': return '(';
	case '[': return ']'; case ']': return '[';
	case '{': return '}'; case '}': return '{';
	case '<': return '>'; case '>': return '<';
	default: return c;
	}
}

/* cls[from..to] as one left-to-right stretch when it holds left-to-right
 * letters and no Arabic. */
static void ltr_span(int *cls, int from, int to)
{
	int l = 0;
	for (int k = from; k <= to; k++) {
		if (cls[k] == C_R)
			return;
		l |= cls[k] == C_L;
	}
	for (int k = from; l && k <= to; k++)
		cls[k] = C_L;
}

/* In an RTL paragraph, brackets around left-to-right text (a name in a
 * help line: "116 123 (Samaritans, free, day or night)") are, with what
 * they enclose, one left-to-right stretch, as if isolated (UBA's LRI):
 * each bracket stays at its end of the text, also when a line breaks
 * inside them.  On one line this looks as the UBA's bracket pairs (N0)
 * show it.  runs_of sees one line: a bracket whose partner is on another
 * line pairs with the line's start or end. */
static void ltr_brackets(const char *s, const int *at, int *cls, int n)
{
	int open[MAX_CHARS], depth = 0;
	for (int k = 0; k < n; k++) {
		char ch = s[at[k]];
		if (ch == '(' || ch == '[' || ch == '{')
			open[depth++] = k;
		else if (ch == ')' || ch == ']' || ch == '}')
			ltr_span(cls, depth ? open[--depth] : 0, k);
	}
	while (depth > 0)
		ltr_span(cls, open[--depth], n - 1);
}

/* Split s[0..len) into runs of one direction and one font.  Neutrals
 * take the direction of the strong text on both sides, else the
 * paragraph's (digits count as R around them in an RTL paragraph, as in
 * the UBA), except brackets around left-to-right text (ltr_brackets).
 * In an RTL paragraph a neutral the Arabic font lacks, such as a bracket,
 * becomes an RB run: drawn with Noto Sans, mirrored. */
static int runs_of(Text *t, const char *s, int len, Run out[MAX_RUNS], int *line_rtl)
{
	int at[MAX_CHARS + 1], cls[MAX_CHARS], n = 0, i = 0;
	while (i < len && n < MAX_CHARS) {
		at[n] = i;
		cls[n++] = bidi_class(utf8_next(s, &i));
	}
	at[n] = i < len ? len : i;
	/* a line with no Arabic and some other letters (a help line in
	 * English on a line of its own) runs left to right, as its first
	 * strong letter says (UBA P2) */
	int rtl = t->rtl, latin = 0, arabic = 0;
	for (int k = 0; k < n; k++)
		latin |= cls[k] == C_L, arabic |= cls[k] == C_R;
	if (rtl && latin && !arabic)
		rtl = 0;
	if (line_rtl)
		*line_rtl = rtl;
	int para = rtl ? C_R : C_L;
	for (int k = 1; k + 1 < n; k++) /* "116 123": one number, as in the line breaking; */
		if (cls[k] == C_N && cls[k - 1] == C_EN && cls[k + 1] == C_EN && /* "0:27", "1.5" */
		    (at[k + 1] - at[k] == (s[at[k]] == ' ' ? 1 : 2) || strchr(":.,", s[at[k]])))
			cls[k] = C_EN; /* (UBA W4: a separator between digits) */
	if (rtl)
		ltr_brackets(s, at, cls, n);
	for (int k = 0; k < n;) { /* resolve each stretch of neutrals */
		if (cls[k] != C_N) { k++; continue; }
		int e = k;
		while (e < n && cls[e] == C_N)
			e++;
		int before = k > 0 ? cls[k - 1] : para, after = e < n ? cls[e] : para;
		if (rtl) {
			before = before == C_EN ? C_R : before;
			after = after == C_EN ? C_R : after;
		}
		int dir = before == after && before != C_EN ? before : para;
		for (int j = k; j < e; j++)
			cls[j] = dir;
		k = e;
	}
	TTF_Font *ar = font_of(t, FAM_ARABIC, 24, 0);
	for (int k = 0; k < n; k++) {
		if (!rtl && cls[k] == C_EN)
			cls[k] = C_L; /* digits in left-to-right text are just text */
		if (cls[k] == C_R) { /* R neutrals the Arabic font lacks */
			int j = at[k];
			if (!TTF_GlyphIsProvided32(ar, utf8_next(s, &j)))
				cls[k] = C_RB;
		}
	}
	int runs = 0;
	for (int k = 0; k < n && runs < MAX_RUNS; runs++) {
		int e = k;
		while (e < n && cls[e] == cls[k])
			e++;
		if (runs == MAX_RUNS - 1)
			e = n; /* too many runs: the rest as one */
		out[runs] = (Run){ at[k], at[e] - at[k], cls[k] == C_R ? FAM_ARABIC : FAM_BASE,
		                   cls[k] == C_RB };
		k = e;
	}
	return runs;
}

/* An RB run as Noto Sans can draw it: characters reversed, mirrored. */
static const char *rb_text(const char *s, int len, char *out, size_t cap)
{
	uint32_t cps[MAX_CHARS];
	int n = 0, i = 0;
	while (i < len && n < MAX_CHARS)
		cps[n++] = mirrored(utf8_next(s, &i));
	size_t o = 0;
	for (int k = n - 1; k >= 0 && o + 4 < cap; k--) {
		uint32_t c = cps[k];
		if (c < 0x80) out[o++] = (char)c;
		else if (c < 0x800) { out[o++] = (char)(0xC0 | c >> 6); out[o++] = (char)(0x80 | (c & 0x3F)); }
		else if (c < 0x10000) { out[o++] = (char)(0xE0 | c >> 12); out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
		                        out[o++] = (char)(0x80 | (c & 0x3F)); }
		else { out[o++] = (char)(0xF0 | c >> 18); out[o++] = (char)(0x80 | (c >> 12 & 0x3F));
		       out[o++] = (char)(0x80 | (c >> 6 & 0x3F)); out[o++] = (char)(0x80 | (c & 0x3F)); }
	}
	out[o] = '\0';
	return out;
}

/* s[0..len) as a NUL-terminated string, in a buffer reused by each call. */
const char *text_span(Text *t, const char *s, int len)
{
	if ((size_t)len + 1 > t->scratch_len) {
		t->scratch_len = (size_t)len + 64;
		t->scratch = realloc(t->scratch, t->scratch_len);
		if (!t->scratch)
			abort();
	}
	memmove(t->scratch, s, (size_t)len);
	t->scratch[len] = '\0';
	return t->scratch;
}

/* The text of run r as its font draws it (RB runs reversed, mirrored). */
static const char *run_text(Text *t, const char *s, const Run *r, char *buf, size_t cap)
{
	return r->rb ? rb_text(s + r->start, r->len, buf, cap) : text_span(t, s + r->start, r->len);
}

static void flush_widths(Text *t)
{
	for (int k = 0; k < WIDTH_SLOTS; k++)
		free(t->width[k].text);
	memset(t->width, 0, sizeof t->width);
	t->nwidth = 0;
}

static int run_width(Text *t, const char *s, const Run *r, int px, int bold)
{
	char buf[MAX_CHARS * 4 + 1];
	int w = 0, h = 0;
	if (!r->len)
		return 0;
	const char *str = run_text(t, s, r, buf, sizeof buf);
	uint64_t key = text_mix(text_hash(str), (uint64_t)px * 8 + (uint64_t)bold * 4 + (uint64_t)r->fam);
	size_t i = key % WIDTH_SLOTS;
	for (; t->width[i].hash; i = (i + 1) % WIDTH_SLOTS) {
		WidthEntry *e = &t->width[i];
		if (e->hash == key && e->fam == r->fam && e->px == px && e->bold == bold && !strcmp(e->text, str))
			return e->w;
	}
	TTF_SizeUTF8(font_of(t, r->fam, px, bold), str, &w, &h);
	if (t->nwidth >= WIDTH_SLOTS / 2) { /* keep probing short: start over */
		flush_widths(t);
		i = key % WIDTH_SLOTS;
	}
	char *copy = strdup(str);
	if (copy) { /* (out of memory: measured again next time) */
		t->width[i] = (WidthEntry){ .hash = key, .text = copy, .fam = r->fam, .px = px, .bold = bold, .w = w };
		t->nwidth++;
	}
	return w;
}

static int measure(Text *t, const char *s, int len, int px, int bold)
{
	Run runs[MAX_RUNS];
	int n = runs_of(t, s, len, runs, NULL), w = 0;
	for (int k = 0; k < n; k++)
		w += run_width(t, s, &runs[k], px, bold);
	return w;
}

/* ---- text layout ------------------------------------------------------- */

static void flush_layouts(Text *t)
{
	for (int k = 0; k < LAYOUT_SLOTS; k++)
		free(t->layout[k].text);
	memset(t->layout, 0, sizeof t->layout);
	t->nlayout = 0;
}

/* A space between two digits ("116 123") never breaks a line. */
static int digit_space(const char *t, int i)
{
	return i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9' && t[i + 1] >= '0' && t[i + 1] <= '9';
}

/* Greedy word wrap of text at px into e; returns 0 if it fits in w x h. */
static int wrap(Text *t, const char *text, int w, int h, int px, int bold, TextLayout *e)
{
	int n = 0, pos = 0, total = (int)strlen(text);
	int lh = text_line_height(t, px);
	while (pos < total) {
		while (text[pos] == ' ')
			pos++;
		int end = pos, best = -1;
		for (;;) { /* extend the line a word at a time while it fits */
			int next = end;
			while (next < total && text[next] == ' ')
				next++;
			while (next < total && text[next] != '\n' &&
			       (text[next] != ' ' || digit_space(text, next)))
				next++;
			if (measure(t, text + pos, next - pos, px, bold) > w)
				break;
			best = end = next;
			if (next >= total || text[next] == '\n')
				break;
		}
		if (best < 0 || n == TEXT_MAX_LINES)
			return -1; /* a single word wider than the box */
		e->start[n] = pos;
		e->len[n] = best - pos;
		e->width[n] = measure(t, text + pos, best - pos, px, bold);
		n++;
		pos = best;
		if (text[pos] == '\n')
			pos++;
	}
	e->nlines = n;
	return n * lh <= h ? 0 : -1;
}

int text_min_px(int max_px) { return max_px / 2 > 8 ? max_px / 2 : 8; }

/* The largest size <= max_px at which text fits w x h, laid out into l
 * (l->px -1 and laid out at the smallest size when none fits). */
static void fit(Text *t, const char *text, int w, int h, int max_px, int bold, TextLayout *l)
{
	int min_px = text_min_px(max_px);
	if (min_px > max_px)
		min_px = max_px;
	l->px = -1;
	/* the largest size that fits, by halving: a smaller size never fits
	 * worse, and each size tried is a font opened */
	if (wrap(t, text, w, h, max_px, bold, l) == 0) {
		l->px = max_px;
		return;
	}
	if (wrap(t, text, w, h, min_px, bold, l) == 0) {
		int lo = min_px, hi = max_px; /* fits at lo, not at hi */
		while (hi - lo > 1) {
			int mid = (lo + hi) / 2;
			if (wrap(t, text, w, h, mid, bold, l) == 0)
				lo = mid;
			else
				hi = mid;
		}
		wrap(t, text, w, h, lo, bold, l);
		l->px = lo;
		return;
	}
	/* Nothing fits: lay out at the smallest size anyway, report -1. */
	if (wrap(t, text, w, 1 << 20, min_px, bold, l) != 0) {
		l->nlines = 1;
		l->start[0] = 0;
		l->len[0] = (int)strlen(text);
		l->width[0] = measure(t, text, l->len[0], min_px, bold);
	}
}

const TextLayout *text_layout(Text *t, const char *text, int w, int h, int max_px, int bold)
{
	uint64_t key = text_mix(text_mix(text_mix(text_mix(text_hash(text), (uint64_t)w), (uint64_t)h),
	                                 (uint64_t)max_px), (uint64_t)bold * 2 + (uint64_t)t->rtl);
	size_t i = key % LAYOUT_SLOTS;
	for (; t->layout[i].hash; i = (i + 1) % LAYOUT_SLOTS) {
		LayoutEntry *e = &t->layout[i];
		if (e->hash == key && e->w == w && e->h == h && e->max_px == max_px &&
		    e->bold == bold && e->rtl == t->rtl && !strcmp(e->text, text))
			return &e->l;
	}
	if (t->nlayout >= LAYOUT_SLOTS / 2) { /* keep probing short: start over */
		flush_layouts(t);
		i = key % LAYOUT_SLOTS;
	}
	LayoutEntry *e = &t->layout[i];
	*e = (LayoutEntry){ .hash = key, .text = strdup(text), .w = w, .h = h,
	                    .max_px = max_px, .bold = bold, .rtl = t->rtl };
	t->nlayout++;
	fit(t, text, w, h, max_px, bold, &e->l);
	return &e->l;
}

/* One line as a surface: each run in its own font, runs placed left to
 * right, or right to left in an RTL paragraph, on a shared baseline. */
SDL_Surface *text_line_surface(Text *t, const char *s, int px, int bold, Color c)
{
	SDL_Color sc = { c.r, c.g, c.b, c.a };
	Run runs[MAX_RUNS];
	int rtl;
	int n = runs_of(t, s, (int)strlen(s), runs, &rtl);
	if (n == 1 && !runs[0].rb)
		return TTF_RenderUTF8_Blended(font_of(t, runs[0].fam, px, bold), s, sc);
	int w[MAX_RUNS], total = 0, asc = 0, desc = 0;
	char buf[MAX_CHARS * 4 + 1];
	for (int k = 0; k < n; k++) {
		TTF_Font *f = font_of(t, runs[k].fam, px, bold);
		w[k] = run_width(t, s, &runs[k], px, bold);
		total += w[k];
		if (TTF_FontAscent(f) > asc) asc = TTF_FontAscent(f);
		if (-TTF_FontDescent(f) > desc) desc = -TTF_FontDescent(f);
	}
	SDL_Surface *line = SDL_CreateRGBSurfaceWithFormat(0, total > 0 ? total : 1, asc + desc, 32,
	                                                   SDL_PIXELFORMAT_ARGB8888);
	if (!line)
		return NULL;
	SDL_FillRect(line, NULL, 0);
	for (int k = 0, x = rtl ? total : 0; k < n; k++) {
		if (rtl)
			x -= w[k];
		TTF_Font *f = font_of(t, runs[k].fam, px, bold);
		SDL_Surface *part = runs[k].len
		                  ? TTF_RenderUTF8_Blended(f, run_text(t, s, &runs[k], buf, sizeof buf), sc) : NULL;
		if (part) { /* runs never overlap: copy, do not blend */
			SDL_SetSurfaceBlendMode(part, SDL_BLENDMODE_NONE);
			SDL_BlitSurface(part, NULL, line, &(SDL_Rect){ x, asc - TTF_FontAscent(f), part->w, part->h });
			SDL_FreeSurface(part);
		}
		if (!rtl)
			x += w[k];
	}
	return line;
}

int text_line_height(Text *t, int px)
{
	return TTF_FontLineSkip(font(t, px, 0));
}

/* ---- questions from tests and the screens ------------------------------ */

int text_missing_glyph(Text *t, const char *text, uint32_t *cp)
{
	Run runs[MAX_RUNS];
	int n = runs_of(t, text, (int)strlen(text), runs, NULL);
	for (int k = 0; k < n; k++) {
		TTF_Font *f = font_of(t, runs[k].fam, 24, 0), *fb = font_of(t, runs[k].fam, 24, 1);
		for (int i = runs[k].start; i < runs[k].start + runs[k].len;) {
			uint32_t c = utf8_next(text, &i);
			if (!TTF_GlyphIsProvided32(f, c) || !TTF_GlyphIsProvided32(fb, c)) {
				*cp = c;
				return 1;
			}
		}
	}
	return 0;
}

int text_visual(Text *t, const char *text, int w, int px, char *out, size_t cap)
{
	const TextLayout *e = text_layout(t, text, w, 1 << 20, px, 0);
	char line[MAX_CHARS * 4 + 1], buf[MAX_CHARS * 4 + 1];
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < e->nlines; i++) {
		snprintf(line, sizeof line, "%.*s", e->len[i], text + e->start[i]);
		Run runs[MAX_RUNS];
		int rtl;
		int n = runs_of(t, line, (int)strlen(line), runs, &rtl);
		for (int k = 0; k < n; k++) { /* text_line_surface's order: right to left in RTL */
			const Run *r = &runs[rtl ? n - 1 - k : k];
			/* HarfBuzz shapes an Arabic run right to left, mirrored, as rb_text */
			const char *str = r->rb || r->fam == FAM_ARABIC ? rb_text(line + r->start, r->len, buf, sizeof buf)
			                                                : text_span(t, line + r->start, r->len);
			o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "%s", str);
		}
		o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "\n");
	}
	return e->nlines;
}

/* ---- life cycle -------------------------------------------------------- */

Text *text_create(const char *font_dir, char *err, size_t errlen)
{
	if (!TTF_WasInit() && TTF_Init() != 0) {
		snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
		return NULL;
	}
	Text *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int fam = 0; fam < FAM_COUNT; fam++)
		for (int b = 0; b < 2; b++) {
			snprintf(t->path[fam][b], sizeof t->path[fam][b], "%s/%s", font_dir, family_file[fam][b]);
			TTF_Font *f = TTF_OpenFont(t->path[fam][b], 24);
			if (!f) {
				snprintf(err, errlen, "%s: cannot open font: %s", t->path[fam][b], TTF_GetError());
				free(t);
				return NULL;
			}
			TTF_CloseFont(f);
		}
	return t;
}

void text_set_rtl(Text *t, int rtl) { t->rtl = rtl; }

int text_rtl(const Text *t) { return t->rtl; }

void text_free(Text *t)
{
	if (!t)
		return;
	flush_widths(t);
	flush_layouts(t);
	for (int fam = 0; fam < FAM_COUNT; fam++)
		for (int b = 0; b < 2; b++)
			for (int px = 0; px <= MAX_PX; px++)
				if (t->font[fam][b][px])
					TTF_CloseFont(t->font[fam][b][px]);
	free(t->scratch);
	free(t);
	TTF_Quit();
}
