/* draw.c - SDL2 renderer + SDL_ttf behind draw.h.  Start reading at
 * draw_text(): layout (cached) -> one cached texture per line.  A frame
 * (draw_begin .. draw_end) is recorded as a list of operations, then only
 * the places where it differs from the last frame are drawn and shown
 * (draw_end). */
#include "draw.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PX      256  /* largest font size in pixels */
#define TEX_SLOTS   1024 /* text texture cache (open addressing) */
#define TEX_BYTES   (12u << 20) /* ... and the most pixel memory it may hold */
#define LAYOUT_SLOTS 512 /* text layout cache */
#define MAX_LINES   12
#define FONTS_OPEN  24   /* open font sizes kept; the least recently used closes */
#define WIDTH_SLOTS 8192 /* measured widths (layouts try many sizes and boxes) */
#define FACE_SLOTS  16
#define MAX_OPS     4096 /* operations a frame records; more: drawn whole */
#define MAX_DIRTY   8    /* separate changed places; more: their bounding box */

typedef struct {
	uint64_t hash;       /* 0 = empty */
	char *text;
	int px, bold, rtl;
	Color c;
	SDL_Texture *tex;
	int w, h;
} TexEntry;

typedef struct {
	uint64_t hash;       /* 0 = empty */
	char *text;
	int w, h, max_px, bold, rtl;
	int px;              /* chosen size, -1 if nothing fits */
	int nlines;
	int start[MAX_LINES], len[MAX_LINES], width[MAX_LINES];
} LayoutEntry;

/* One run's measured width: shaping is the slow part of laying out, and
 * fitting a screen measures the same words at the same sizes many times. */
typedef struct {
	uint64_t hash;       /* 0 = empty */
	char *text;
	int fam, px, bold, w;
} WidthEntry;

typedef struct {
	int size, level;
	SDL_Texture *tex;
} FaceEntry;

/* One recorded drawing operation: a filled rectangle (tex NULL) or a
 * texture copied to r.  key says what it shows (colour, or the text and
 * its size and colour, or the face), so two frames compare by key and r. */
typedef struct {
	Rect r;
	uint64_t key;
	SDL_Texture *tex;
	Color c;
} Op;

/* Font families, chosen per run of text by script: Noto Sans (Latin,
 * Cyrillic, Greek, digits) and Noto Sans Arabic, shaped right to left. */
enum { FAM_BASE, FAM_ARABIC, FAM_COUNT };
static const char *const family_file[FAM_COUNT][2] = {
	{ "NotoSans-Regular.ttf", "NotoSans-Bold.ttf" },
	{ "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf" },
};

#define MAX_RUNS 16

typedef struct {
	int start, len; /* bytes of the line */
	int fam;        /* font family */
	int rb;         /* right-to-left neutrals drawn with the base font */
} Run;

struct Draw {
	SDL_Renderer *r;
	int rtl;                      /* paragraphs run right to left */
	char path[FAM_COUNT][2][512]; /* family x (regular, bold) */
	TTF_Font *font[FAM_COUNT][2][MAX_PX + 1];
	uint32_t font_used[FAM_COUNT][2][MAX_PX + 1]; /* clock of last use */
	uint32_t font_clock;
	int nfonts;
	TexEntry tex[TEX_SLOTS];
	int ntex;
	size_t tex_bytes;
	LayoutEntry layout[LAYOUT_SLOTS];
	int nlayout;
	WidthEntry width[WIDTH_SLOTS];
	int nwidth;
	FaceEntry face[FACE_SLOTS];
	int nface;
	char *scratch;                /* one line of text, NUL-terminated */
	size_t scratch_len;
	int recording;                /* between draw_begin and draw_end */
	Op *ops[2];                   /* this frame's and the last frame's */
	int nops[2], cur;
	int whole;                    /* draw and show the next frame whole */
	int always_whole;             /* every frame (draw_set_whole: tests compare) */
	int keeps;                    /* the renderer keeps its frame between presents */
	SDL_Texture **dead;           /* textures dropped while recording: freed at draw_end */
	int ndead, dead_cap;
};

static void record(Draw *d, Rect r, uint64_t key, SDL_Texture *tex, Color c);

/* ---- helpers ----------------------------------------------------------- */

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 1099511628211ull;
	return h ? h : 1;
}

static TTF_Font *font_of(Draw *d, int fam, int px, int bold)
{
	if (px < 4) px = 4;
	if (px > MAX_PX) px = MAX_PX;
	TTF_Font **f = &d->font[fam][bold][px];
	d->font_used[fam][bold][px] = ++d->font_clock;
	if (!*f) {
		if (d->nfonts == FONTS_OPEN) { /* each open size holds its glyphs: close the stalest */
			TTF_Font **old = NULL;
			uint32_t oldest = UINT32_MAX;
			for (int a = 0; a < FAM_COUNT; a++)
				for (int b = 0; b < 2; b++)
					for (int k = 0; k <= MAX_PX; k++)
						if (d->font[a][b][k] && d->font_used[a][b][k] < oldest) {
							oldest = d->font_used[a][b][k];
							old = &d->font[a][b][k];
						}
			TTF_CloseFont(*old);
			*old = NULL;
			d->nfonts--;
		}
		*f = TTF_OpenFont(d->path[fam][bold], px);
		d->nfonts++;
		if (!*f) {
			/* Checked at start-up, so this means the file vanished. */
			fprintf(stderr, "heard: %s: cannot open font: %s\n", d->path[fam][bold], TTF_GetError());
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

static TTF_Font *font(Draw *d, int px, int bold) { return font_of(d, FAM_BASE, px, bold); }

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

#define MAX_CHARS 512

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
static int runs_of(Draw *d, const char *s, int len, Run out[MAX_RUNS])
{
	int at[MAX_CHARS + 1], cls[MAX_CHARS], n = 0, i = 0;
	while (i < len && n < MAX_CHARS) {
		at[n] = i;
		cls[n++] = bidi_class(utf8_next(s, &i));
	}
	at[n] = i < len ? len : i;
	int para = d->rtl ? C_R : C_L;
	for (int k = 1; k + 1 < n; k++) /* "116 123": one number, as in the line breaking; */
		if (cls[k] == C_N && cls[k - 1] == C_EN && cls[k + 1] == C_EN && /* "0:27", "1.5" */
		    (at[k + 1] - at[k] == (s[at[k]] == ' ' ? 1 : 2) || strchr(":.,", s[at[k]])))
			cls[k] = C_EN; /* (UBA W4: a separator between digits) */
	if (d->rtl)
		ltr_brackets(s, at, cls, n);
	for (int k = 0; k < n;) { /* resolve each stretch of neutrals */
		if (cls[k] != C_N) { k++; continue; }
		int e = k;
		while (e < n && cls[e] == C_N)
			e++;
		int before = k > 0 ? cls[k - 1] : para, after = e < n ? cls[e] : para;
		if (d->rtl) {
			before = before == C_EN ? C_R : before;
			after = after == C_EN ? C_R : after;
		}
		int dir = before == after && before != C_EN ? before : para;
		for (int j = k; j < e; j++)
			cls[j] = dir;
		k = e;
	}
	TTF_Font *ar = font_of(d, FAM_ARABIC, 24, 0);
	for (int k = 0; k < n; k++) {
		if (!d->rtl && cls[k] == C_EN)
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
static const char *span(Draw *d, const char *s, int len)
{
	if ((size_t)len + 1 > d->scratch_len) {
		d->scratch_len = (size_t)len + 64;
		d->scratch = realloc(d->scratch, d->scratch_len);
		if (!d->scratch)
			abort();
	}
	memmove(d->scratch, s, (size_t)len);
	d->scratch[len] = '\0';
	return d->scratch;
}

/* The text of run r as its font draws it (RB runs reversed, mirrored). */
static const char *run_text(Draw *d, const char *s, const Run *r, char *buf, size_t cap)
{
	return r->rb ? rb_text(s + r->start, r->len, buf, cap) : span(d, s + r->start, r->len);
}

static void flush_widths(Draw *d)
{
	for (int k = 0; k < WIDTH_SLOTS; k++)
		free(d->width[k].text);
	memset(d->width, 0, sizeof d->width);
	d->nwidth = 0;
}

static int run_width(Draw *d, const char *s, const Run *r, int px, int bold)
{
	char buf[MAX_CHARS * 4 + 1];
	int w = 0, h = 0;
	if (!r->len)
		return 0;
	const char *t = run_text(d, s, r, buf, sizeof buf);
	uint64_t key = mix(fnv(t, 14695981039346656037ull), (uint64_t)px * 8 + (uint64_t)bold * 4 + (uint64_t)r->fam);
	size_t i = key % WIDTH_SLOTS;
	for (; d->width[i].hash; i = (i + 1) % WIDTH_SLOTS) {
		WidthEntry *e = &d->width[i];
		if (e->hash == key && e->fam == r->fam && e->px == px && e->bold == bold && !strcmp(e->text, t))
			return e->w;
	}
	TTF_SizeUTF8(font_of(d, r->fam, px, bold), t, &w, &h);
	if (d->nwidth >= WIDTH_SLOTS / 2) { /* keep probing short: start over */
		flush_widths(d);
		i = key % WIDTH_SLOTS;
	}
	char *copy = strdup(t);
	if (copy) { /* (out of memory: measured again next time) */
		d->width[i] = (WidthEntry){ .hash = key, .text = copy, .fam = r->fam, .px = px, .bold = bold, .w = w };
		d->nwidth++;
	}
	return w;
}

static int measure(Draw *d, const char *s, int len, int px, int bold)
{
	Run runs[MAX_RUNS];
	int n = runs_of(d, s, len, runs), w = 0;
	for (int k = 0; k < n; k++)
		w += run_width(d, s, &runs[k], px, bold);
	return w;
}

/* ---- text layout ------------------------------------------------------- */

/* A space between two digits ("116 123") never breaks a line. */
static int digit_space(const char *t, int i)
{
	return i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9' && t[i + 1] >= '0' && t[i + 1] <= '9';
}

/* Greedy word wrap of text at px into e; returns 0 if it fits in w x h. */
static int wrap(Draw *d, const char *text, int w, int h, int px, int bold, LayoutEntry *e)
{
	int n = 0, pos = 0, total = (int)strlen(text);
	int lh = draw_line_height(d, px);
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
			if (measure(d, text + pos, next - pos, px, bold) > w)
				break;
			best = end = next;
			if (next >= total || text[next] == '\n')
				break;
		}
		if (best < 0 || n == MAX_LINES)
			return -1; /* a single word wider than the box */
		e->start[n] = pos;
		e->len[n] = best - pos;
		e->width[n] = measure(d, text + pos, best - pos, px, bold);
		n++;
		pos = best;
		if (text[pos] == '\n')
			pos++;
	}
	e->nlines = n;
	return n * lh <= h ? 0 : -1;
}

static LayoutEntry *layout(Draw *d, const char *text, int w, int h, int max_px, int bold)
{
	uint64_t key = mix(mix(mix(mix(fnv(text, 14695981039346656037ull), (uint64_t)w),
	                           (uint64_t)h), (uint64_t)max_px), (uint64_t)bold * 2 + (uint64_t)d->rtl);
	size_t i = key % LAYOUT_SLOTS;
	for (; d->layout[i].hash; i = (i + 1) % LAYOUT_SLOTS) {
		LayoutEntry *e = &d->layout[i];
		if (e->hash == key && e->w == w && e->h == h && e->max_px == max_px &&
		    e->bold == bold && e->rtl == d->rtl && !strcmp(e->text, text))
			return e;
	}
	if (d->nlayout >= LAYOUT_SLOTS / 2) { /* keep probing short: start over */
		for (int k = 0; k < LAYOUT_SLOTS; k++)
			free(d->layout[k].text);
		memset(d->layout, 0, sizeof d->layout);
		d->nlayout = 0;
		i = key % LAYOUT_SLOTS;
	}
	LayoutEntry *e = &d->layout[i];
	*e = (LayoutEntry){ .hash = key, .text = strdup(text), .w = w, .h = h,
	                    .max_px = max_px, .bold = bold, .rtl = d->rtl, .px = -1 };
	d->nlayout++;
	int min_px = max_px / 2 > 8 ? max_px / 2 : 8;
	if (min_px > max_px)
		min_px = max_px;
	/* the largest size that fits, by halving: a smaller size never fits
	 * worse, and each size tried is a font opened */
	if (wrap(d, text, w, h, max_px, bold, e) == 0) {
		e->px = max_px;
		return e;
	}
	if (wrap(d, text, w, h, min_px, bold, e) == 0) {
		int lo = min_px, hi = max_px; /* fits at lo, not at hi */
		while (hi - lo > 1) {
			int mid = (lo + hi) / 2;
			if (wrap(d, text, w, h, mid, bold, e) == 0)
				lo = mid;
			else
				hi = mid;
		}
		wrap(d, text, w, h, lo, bold, e);
		e->px = lo;
		return e;
	}
	/* Nothing fits: lay out at the smallest size anyway, report -1. */
	if (wrap(d, text, w, 1 << 20, min_px, bold, e) != 0) {
		e->nlines = 1;
		e->start[0] = 0;
		e->len[0] = (int)strlen(text);
		e->width[0] = measure(d, text, e->len[0], min_px, bold);
	}
	return e;
}

/* ---- text textures ----------------------------------------------------- */

/* A texture no longer cached: a recorded frame may still copy it, so
 * while recording it is freed only at draw_end. */
static void drop_texture(Draw *d, SDL_Texture *t)
{
	if (!t)
		return;
	if (d->recording) {
		if (d->ndead == d->dead_cap) {
			int cap = d->dead_cap ? d->dead_cap * 2 : 256;
			SDL_Texture **n = realloc(d->dead, (size_t)cap * sizeof *n);
			if (n) {
				d->dead = n;
				d->dead_cap = cap;
			}
		}
		if (d->ndead < d->dead_cap) {
			d->dead[d->ndead++] = t;
			d->whole = 1; /* (the next frame's textures compare by key; to be sure) */
			return;
		}
		d->nops[d->cur] = 0; /* no room to keep it: forget this frame's copies */
		d->whole = 1;
	}
	SDL_DestroyTexture(t);
}

static void flush_textures(Draw *d)
{
	for (int i = 0; i < TEX_SLOTS; i++) {
		free(d->tex[i].text);
		drop_texture(d, d->tex[i].tex);
	}
	memset(d->tex, 0, sizeof d->tex);
	d->ntex = 0;
	d->tex_bytes = 0;
}

/* One line as a surface: each run in its own font, runs placed left to
 * right, or right to left in an RTL paragraph, on a shared baseline. */
static SDL_Surface *render_line(Draw *d, const char *s, int px, int bold, Color c)
{
	SDL_Color sc = { c.r, c.g, c.b, c.a };
	Run runs[MAX_RUNS];
	int n = runs_of(d, s, (int)strlen(s), runs);
	if (n == 1 && !runs[0].rb)
		return TTF_RenderUTF8_Blended(font_of(d, runs[0].fam, px, bold), s, sc);
	int w[MAX_RUNS], total = 0, asc = 0, desc = 0;
	char buf[MAX_CHARS * 4 + 1];
	for (int k = 0; k < n; k++) {
		TTF_Font *f = font_of(d, runs[k].fam, px, bold);
		w[k] = run_width(d, s, &runs[k], px, bold);
		total += w[k];
		if (TTF_FontAscent(f) > asc) asc = TTF_FontAscent(f);
		if (-TTF_FontDescent(f) > desc) desc = -TTF_FontDescent(f);
	}
	SDL_Surface *line = SDL_CreateRGBSurfaceWithFormat(0, total > 0 ? total : 1, asc + desc, 32,
	                                                   SDL_PIXELFORMAT_ARGB8888);
	if (!line)
		return NULL;
	SDL_FillRect(line, NULL, 0);
	for (int k = 0, x = d->rtl ? total : 0; k < n; k++) {
		if (d->rtl)
			x -= w[k];
		TTF_Font *f = font_of(d, runs[k].fam, px, bold);
		SDL_Surface *part = runs[k].len
		                  ? TTF_RenderUTF8_Blended(f, run_text(d, s, &runs[k], buf, sizeof buf), sc) : NULL;
		if (part) { /* runs never overlap: copy, do not blend */
			SDL_SetSurfaceBlendMode(part, SDL_BLENDMODE_NONE);
			SDL_BlitSurface(part, NULL, line, &(SDL_Rect){ x, asc - TTF_FontAscent(f), part->w, part->h });
			SDL_FreeSurface(part);
		}
		if (!d->rtl)
			x += w[k];
	}
	return line;
}

static TexEntry *line_texture(Draw *d, const char *s, int px, int bold, Color c)
{
	uint64_t key = mix(mix(fnv(s, 14695981039346656037ull), (uint64_t)px * 4 + (uint64_t)bold * 2 + (uint64_t)d->rtl),
	                   ((uint64_t)c.r << 24) | ((uint64_t)c.g << 16) | ((uint64_t)c.b << 8) | c.a);
	size_t i = key % TEX_SLOTS;
	for (; d->tex[i].hash; i = (i + 1) % TEX_SLOTS) {
		TexEntry *e = &d->tex[i];
		if (e->hash == key && e->px == px && e->bold == bold && e->rtl == d->rtl &&
		    !memcmp(&e->c, &c, sizeof c) && !strcmp(e->text, s))
			return e;
	}
	if (d->ntex >= TEX_SLOTS / 2 || d->tex_bytes > TEX_BYTES) { /* start over */
		flush_textures(d);
		i = key % TEX_SLOTS;
	}
	char *text = strdup(s); /* s may be the scratch buffer render_line reuses */
	SDL_Surface *surf = text ? render_line(d, text, px, bold, c) : NULL;
	if (!surf) {
		free(text);
		return NULL;
	}
	TexEntry *e = &d->tex[i];
	*e = (TexEntry){ .hash = key, .text = text, .px = px, .bold = bold, .rtl = d->rtl,
	                 .c = c, .w = surf->w, .h = surf->h };
	e->tex = SDL_CreateTextureFromSurface(d->r, surf);
	SDL_FreeSurface(surf);
	d->ntex++;
	d->tex_bytes += (size_t)e->w * (size_t)e->h * 4;
	return e;
}

int draw_text(Draw *d, const char *text, Rect box, int max_px, int bold,
              Align align, Color c, int paint, Rect *used)
{
	if (d->rtl && align != ALIGN_CENTER) /* text starts at the right */
		align = align == ALIGN_LEFT ? ALIGN_RIGHT : ALIGN_LEFT;
	LayoutEntry *e = layout(d, text, box.w, box.h, max_px, bold);
	int px = e->px > 0 ? e->px : (max_px / 2 > 8 ? max_px / 2 : 8);
	int lh = draw_line_height(d, px);
	int th = e->nlines * lh, y = box.y + (box.h - th) / 2;
	int minx = box.x + box.w, maxx = box.x;
	for (int i = 0; i < e->nlines; i++, y += lh) {
		int x = align == ALIGN_LEFT ? box.x
		      : align == ALIGN_RIGHT ? box.x + box.w - e->width[i]
		      : box.x + (box.w - e->width[i]) / 2;
		if (x < minx) minx = x;
		if (x + e->width[i] > maxx) maxx = x + e->width[i];
		if (!paint || e->len[i] == 0)
			continue;
		TexEntry *t = line_texture(d, span(d, text + e->start[i], e->len[i]), px, bold, c);
		if (t && t->tex)
			record(d, (Rect){ x, y + (lh - t->h) / 2, t->w, t->h }, mix(t->hash, (uint64_t)px), t->tex, c);
	}
	if (used) {
		int top = box.y + (box.h - th) / 2;
		*used = (Rect){ minx, top, maxx > minx ? maxx - minx : 0, th };
	}
	return e->px;
}

int draw_line_height(Draw *d, int px)
{
	return TTF_FontLineSkip(font(d, px, 0));
}

int draw_cache_size(const Draw *d) { return d->ntex + d->nface; }

/* ---- faces ------------------------------------------------------------- */

static float clampf(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* Paint colour c over pixel p with coverage a (straight alpha). */
static void over(float p[4], const float c[3], float a)
{
	float out = a + p[3] * (1 - a);
	if (out <= 0)
		return;
	for (int k = 0; k < 3; k++)
		p[k] = (c[k] * a + p[k] * p[3] * (1 - a)) / out;
	p[3] = out;
}

/* One face as an anti-aliased surface: disc, two eyes, a mouth whose
 * curve goes from a frown (level 1) to a broad smile (level 5), and
 * brows that slope down for the two lowest levels. */
static SDL_Surface *face_surface(int size, int level)
{
	static const float fill[3] = { 1.0f, 0.88f, 0.55f }, ink[3] = { 0.10f, 0.10f, 0.10f };
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ABGR8888);
	if (!s)
		return NULL;
	float R = size * 0.47f, cx = size / 2.0f, cy = size / 2.0f;
	float line = size * 0.045f, curve = (level - 3) * 0.5f; /* -1 .. 1 */
	float mw = R * 0.5f, my = cy + R * 0.38f - curve * R * 0.12f, depth = curve * R * 0.22f;
	for (int y = 0; y < size; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < size; x++) {
			float px = x + 0.5f, py = y + 0.5f, p[4] = { 0, 0, 0, 0 };
			float dc = hypotf(px - cx, py - cy) - R;
			over(p, fill, clampf(0.5f - dc));
			over(p, ink, clampf(0.5f - (fabsf(dc + line / 2) - line / 2)));
			for (int e = -1; e <= 1; e += 2) { /* eyes */
				float de = hypotf(px - (cx + e * R * 0.36f), py - (cy - R * 0.2f)) - R * 0.1f;
				over(p, ink, clampf(0.5f - de));
			}
			if (fabsf(py - my) < R * 0.3f && fabsf(px - cx) < mw + line) {
				float best = 1e9f; /* distance to the mouth curve */
				for (int k = 0; k <= 40; k++) {
					float t = -1 + k / 20.0f, mx = cx + t * mw;
					float yy = my + depth * (1 - t * t) - depth * 0.5f;
					float dd = hypotf(px - mx, py - yy);
					if (dd < best) best = dd;
				}
				over(p, ink, clampf(0.5f - (best - line * 0.6f)));
			}
			if (level <= 2 && py < cy - R * 0.3f && py > cy - R * 0.6f) { /* brows */
				for (int e = -1; e <= 1; e += 2) {
					float bx = cx + e * R * 0.36f, t = (px - bx) / (R * 0.2f);
					if (fabsf(t) > 1) continue;
					float by = cy - R * 0.42f + e * t * R * 0.08f;
					over(p, ink, clampf(0.5f - (fabsf(py - by) - line * 0.4f)));
				}
			}
			uint8_t a = (uint8_t)(p[3] * 255 + 0.5f);
			row[x] = (uint32_t)(p[0] * 255 + 0.5f) | (uint32_t)(p[1] * 255 + 0.5f) << 8 |
			         (uint32_t)(p[2] * 255 + 0.5f) << 16 | (uint32_t)a << 24;
		}
	}
	return s;
}

void draw_face(Draw *d, Rect r, int level)
{
	int size = r.w < r.h ? r.w : r.h;
	if (size < 8 || level < 1 || level > 5)
		return;
	FaceEntry *f = NULL;
	for (int i = 0; i < d->nface; i++)
		if (d->face[i].size == size && d->face[i].level == level)
			f = &d->face[i];
	if (!f) {
		if (d->nface == FACE_SLOTS) { /* window resized: start over */
			for (int i = 0; i < d->nface; i++)
				drop_texture(d, d->face[i].tex);
			d->nface = 0;
		}
		SDL_Surface *s = face_surface(size, level);
		if (!s)
			return;
		f = &d->face[d->nface++];
		*f = (FaceEntry){ size, level, SDL_CreateTextureFromSurface(d->r, s) };
		SDL_FreeSurface(s);
		SDL_SetTextureBlendMode(f->tex, SDL_BLENDMODE_BLEND);
	}
	record(d, (Rect){ r.x + (r.w - size) / 2, r.y + (r.h - size) / 2, size, size },
	       mix(0xfacefaceull, (uint64_t)size * 8 + (uint64_t)level), f->tex, (Color){ 0, 0, 0, 0 });
}

/* ---- rectangles and frames --------------------------------------------- */

void draw_clear(Draw *d, Color c)
{
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(d->r, &w, &h);
	draw_rect(d, (Rect){ 0, 0, w, h }, c);
}

void draw_rect(Draw *d, Rect r, Color c)
{
	if (r.w > 0 && r.h > 0)
		record(d, r, ((uint64_t)c.r << 24) | ((uint64_t)c.g << 16) | ((uint64_t)c.b << 8) | c.a, NULL, c);
}

void draw_frame(Draw *d, Rect r, int t, Color c)
{
	draw_rect(d, (Rect){ r.x, r.y, r.w, t }, c);
	draw_rect(d, (Rect){ r.x, r.y + r.h - t, r.w, t }, c);
	draw_rect(d, (Rect){ r.x, r.y, t, r.h }, c);
	draw_rect(d, (Rect){ r.x + r.w - t, r.y, t, r.h }, c);
}

/* ---- frames: record, compare, draw what changed ------------------------ */

static void run_op(Draw *d, const Op *o)
{
	SDL_Rect r = { o->r.x, o->r.y, o->r.w, o->r.h };
	if (o->tex) {
		SDL_RenderCopy(d->r, o->tex, NULL, &r);
	} else { /* an opaque fill is a plain fill (SDL's software blend is slow) */
		SDL_SetRenderDrawBlendMode(d->r, o->c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
		SDL_SetRenderDrawColor(d->r, o->c.r, o->c.g, o->c.b, o->c.a);
		SDL_RenderFillRect(d->r, &r);
	}
}

static void record(Draw *d, Rect r, uint64_t key, SDL_Texture *tex, Color c)
{
	Op o = { r, key, tex, c };
	if (!d->recording) { /* (outside a frame: at once) */
		run_op(d, &o);
		return;
	}
	if (d->nops[d->cur] == MAX_OPS) {
		d->whole = 1; /* too many to keep: this one drawn, the frame shown whole */
		run_op(d, &o);
		return;
	}
	d->ops[d->cur][d->nops[d->cur]++] = o;
}

void draw_begin(Draw *d)
{
	d->cur = !d->cur;
	d->nops[d->cur] = 0;
	d->recording = 1;
}

void draw_invalidate(Draw *d) { d->whole = 1; }

void draw_set_whole(Draw *d, int always) { d->always_whole = always; }

static uint64_t op_hash(const Op *o)
{
	return mix(mix(mix(o->key, (uint64_t)(uint32_t)o->r.x << 32 | (uint32_t)o->r.y),
	               (uint64_t)(uint32_t)o->r.w << 32 | (uint32_t)o->r.h), (uint64_t)(uintptr_t)o->tex);
}

static int op_same(const Op *a, const Op *b)
{
	return a->key == b->key && a->tex == b->tex && a->r.x == b->r.x && a->r.y == b->r.y &&
	       a->r.w == b->r.w && a->r.h == b->r.h;
}

/* Whether `o` is among ops (hashed into set, 2 * MAX_OPS slots of indexes + 1). */
static int op_in(const Op *o, const Op *ops, const int *set)
{
	for (size_t i = op_hash(o) % (2 * MAX_OPS); set[i]; i = (i + 1) % (2 * MAX_OPS))
		if (op_same(o, &ops[set[i] - 1]))
			return 1;
	return 0;
}

static void op_index(const Op *ops, int n, int *set)
{
	memset(set, 0, 2 * MAX_OPS * sizeof *set);
	for (int k = 0; k < n; k++) {
		size_t i = op_hash(&ops[k]) % (2 * MAX_OPS);
		while (set[i])
			i = (i + 1) % (2 * MAX_OPS);
		set[i] = k + 1;
	}
}

static Rect rect_union(Rect a, Rect b)
{
	int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
	int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
	return (Rect){ x0, y0, x1 - x0, y1 - y0 };
}

static int rects_meet(Rect a, Rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Add r to the changed places: merged with any it meets; past MAX_DIRTY
 * places, all of them become one. */
static void dirty_add(Rect *dirty, int *n, Rect r)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	for (int i = 0; i < *n; i++)
		if (rects_meet(dirty[i], r)) {
			r = rect_union(r, dirty[i]);
			dirty[i] = dirty[--*n];
			i = -1; /* the larger one may now meet others */
		}
	if (*n == MAX_DIRTY) {
		for (int i = 1; i < *n; i++)
			dirty[0] = rect_union(dirty[0], dirty[i]);
		*n = 1;
		dirty[0] = rect_union(dirty[0], r);
		return;
	}
	dirty[(*n)++] = r;
}

int draw_end(Draw *d)
{
	static int set[2 * MAX_OPS];
	const Op *now = d->ops[d->cur], *was = d->ops[!d->cur];
	int n = d->nops[d->cur], m = d->nops[!d->cur], w = 0, h = 0, ndirty = 0;
	Rect dirty[MAX_DIRTY];
	SDL_GetRendererOutputSize(d->r, &w, &h);
	int keeps = d->keeps && !d->always_whole;
	d->recording = 0;
	if (!keeps || d->whole || !m) {
		dirty[ndirty++] = (Rect){ 0, 0, w, h };
	} else {
		op_index(was, m, set);
		for (int k = 0; k < n; k++)
			if (!op_in(&now[k], was, set))
				dirty_add(dirty, &ndirty, now[k].r);
		op_index(now, n, set);
		for (int k = 0; k < m; k++)
			if (!op_in(&was[k], now, set))
				dirty_add(dirty, &ndirty, was[k].r);
	}
	d->whole = 0;
	SDL_Rect shown[MAX_DIRTY];
	int nshown = 0;
	for (int i = 0; i < ndirty; i++) {
		Rect c = dirty[i]; /* within the window */
		int x1 = c.x + c.w < w ? c.x + c.w : w, y1 = c.y + c.h < h ? c.y + c.h : h;
		c.x = c.x > 0 ? c.x : 0;
		c.y = c.y > 0 ? c.y : 0;
		c.w = x1 - c.x;
		c.h = y1 - c.y;
		if (c.w <= 0 || c.h <= 0)
			continue;
		shown[nshown] = (SDL_Rect){ c.x, c.y, c.w, c.h };
		SDL_RenderSetClipRect(d->r, &shown[nshown]);
		for (int k = 0; k < n; k++)
			if (rects_meet(now[k].r, c))
				run_op(d, &now[k]);
		nshown++;
	}
	SDL_RenderSetClipRect(d->r, NULL);
	for (int i = 0; i < d->ndead; i++)
		SDL_DestroyTexture(d->dead[i]);
	d->ndead = 0;
	if (!keeps) {
		SDL_RenderPresent(d->r);
	} else if (nshown) {
		SDL_RenderFlush(d->r);
		SDL_UpdateWindowSurfaceRects(SDL_RenderGetWindow(d->r), shown, nshown);
	}
	return nshown;
}

/* ---- life cycle -------------------------------------------------------- */

Draw *draw_create(SDL_Renderer *r, const char *font_dir, char *err, size_t errlen)
{
	if (!TTF_WasInit() && TTF_Init() != 0) {
		snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
		return NULL;
	}
	Draw *d = calloc(1, sizeof *d);
	if (d) {
		d->ops[0] = malloc(MAX_OPS * sizeof(Op));
		d->ops[1] = malloc(MAX_OPS * sizeof(Op));
		if (!d->ops[0] || !d->ops[1]) {
			free(d->ops[0]);
			free(d->ops[1]);
			free(d);
			d = NULL;
		}
	}
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int fam = 0; fam < FAM_COUNT; fam++)
		for (int b = 0; b < 2; b++) {
			snprintf(d->path[fam][b], sizeof d->path[fam][b], "%s/%s", font_dir, family_file[fam][b]);
			TTF_Font *f = TTF_OpenFont(d->path[fam][b], 24);
			if (!f) {
				snprintf(err, errlen, "%s: cannot open font: %s", d->path[fam][b], TTF_GetError());
				free(d->ops[0]);
				free(d->ops[1]);
				free(d);
				return NULL;
			}
			TTF_CloseFont(f);
		}
	d->r = r;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	/* a renderer whose frame is kept between presents (SDL's software one,
	 * drawing into the window's own framebuffer) can be drawn in part */
	SDL_RendererInfo info;
	d->keeps = SDL_GetRendererInfo(r, &info) == 0 && !strcmp(info.name, "software") &&
	           SDL_RenderGetWindow(r) != NULL;
	return d;
}

void draw_set_rtl(Draw *d, int rtl) { d->rtl = rtl; }

int draw_missing_glyph(Draw *d, const char *text, uint32_t *cp)
{
	Run runs[MAX_RUNS];
	int n = runs_of(d, text, (int)strlen(text), runs);
	for (int k = 0; k < n; k++) {
		TTF_Font *f = font_of(d, runs[k].fam, 24, 0), *fb = font_of(d, runs[k].fam, 24, 1);
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

int draw_visual(Draw *d, const char *text, int w, int px, char *out, size_t cap)
{
	LayoutEntry *e = layout(d, text, w, 1 << 20, px, 0);
	char line[MAX_CHARS * 4 + 1], buf[MAX_CHARS * 4 + 1];
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < e->nlines; i++) {
		snprintf(line, sizeof line, "%.*s", e->len[i], text + e->start[i]);
		Run runs[MAX_RUNS];
		int n = runs_of(d, line, (int)strlen(line), runs);
		for (int k = 0; k < n; k++) { /* render_line's order: right to left in RTL */
			const Run *r = &runs[d->rtl ? n - 1 - k : k];
			/* HarfBuzz shapes an Arabic run right to left, mirrored, as rb_text */
			const char *t = r->rb || r->fam == FAM_ARABIC ? rb_text(line + r->start, r->len, buf, sizeof buf)
			                                              : span(d, line + r->start, r->len);
			o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "%s", t);
		}
		o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "\n");
	}
	return e->nlines;
}

void draw_free(Draw *d)
{
	if (!d)
		return;
	flush_textures(d);
	flush_widths(d);
	for (int i = 0; i < LAYOUT_SLOTS; i++)
		free(d->layout[i].text);
	for (int i = 0; i < d->nface; i++)
		SDL_DestroyTexture(d->face[i].tex);
	for (int fam = 0; fam < FAM_COUNT; fam++)
		for (int b = 0; b < 2; b++)
			for (int px = 0; px <= MAX_PX; px++)
				if (d->font[fam][b][px])
					TTF_CloseFont(d->font[fam][b][px]);
	free(d->scratch);
	free(d->ops[0]);
	free(d->ops[1]);
	free(d->dead);
	free(d);
	TTF_Quit();
}
