/* draw.c - the renderer behind draw.h: SDL2's renderer, the textures of
 * text lines and faces, and frames.  Start reading at draw_text(): a
 * layout (text.c) -> one cached texture per line.  A frame (draw_begin ..
 * draw_end) is recorded as a list of operations, then only the places
 * where it differs from the last frame are drawn and shown (draw_end).
 * Text itself (fonts, direction, wrapping) is text.c; faces, faces.c. */
#include "draw.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faces.h"
#include "text.h"

#define TEX_SLOTS   1024 /* text texture cache (open addressing) */
#define TEX_BYTES   (12u << 20) /* ... and the most pixel memory it may hold */
#define FACE_SLOTS  16   /* face textures (sizes x levels) */
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

struct Draw {
	SDL_Renderer *r;
	Text *text;                   /* fonts, direction, layouts (text.c) */
	TexEntry tex[TEX_SLOTS];
	int ntex;
	size_t tex_bytes;
	FaceEntry face[FACE_SLOTS];
	int nface;
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

static uint64_t color_key(Color c)
{
	return ((uint64_t)c.r << 24) | ((uint64_t)c.g << 16) | ((uint64_t)c.b << 8) | c.a;
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

static TexEntry *line_texture(Draw *d, const char *s, int px, int bold, Color c)
{
	int rtl = text_rtl(d->text);
	uint64_t key = text_mix(text_mix(text_hash(s), (uint64_t)px * 4 + (uint64_t)bold * 2 + (uint64_t)rtl),
	                        color_key(c));
	size_t i = key % TEX_SLOTS;
	for (; d->tex[i].hash; i = (i + 1) % TEX_SLOTS) {
		TexEntry *e = &d->tex[i];
		if (e->hash == key && e->px == px && e->bold == bold && e->rtl == rtl &&
		    !memcmp(&e->c, &c, sizeof c) && !strcmp(e->text, s))
			return e;
	}
	if (d->ntex >= TEX_SLOTS / 2 || d->tex_bytes > TEX_BYTES) { /* start over */
		flush_textures(d);
		i = key % TEX_SLOTS;
	}
	char *text = strdup(s); /* s may be text_span's buffer, which the surface reuses */
	SDL_Surface *surf = text ? text_line_surface(d->text, text, px, bold, c) : NULL;
	if (!surf) {
		free(text);
		return NULL;
	}
	TexEntry *e = &d->tex[i];
	*e = (TexEntry){ .hash = key, .text = text, .px = px, .bold = bold, .rtl = rtl,
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
	if (text_rtl(d->text) && align != ALIGN_CENTER) /* text starts at the right */
		align = align == ALIGN_LEFT ? ALIGN_RIGHT : ALIGN_LEFT;
	const TextLayout *e = text_layout(d->text, text, box.w, box.h, max_px, bold);
	int px = e->px > 0 ? e->px : text_min_px(max_px);
	int lh = text_line_height(d->text, px);
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
		TexEntry *t = line_texture(d, text_span(d->text, text + e->start[i], e->len[i]), px, bold, c);
		if (t && t->tex)
			record(d, (Rect){ x, y + (lh - t->h) / 2, t->w, t->h }, text_mix(t->hash, (uint64_t)px), t->tex, c);
	}
	if (used) {
		int top = box.y + (box.h - th) / 2;
		*used = (Rect){ minx, top, maxx > minx ? maxx - minx : 0, th };
	}
	return e->px;
}

int draw_line_height(Draw *d, int px) { return text_line_height(d->text, px); }

int draw_cache_size(const Draw *d) { return d->ntex + d->nface; }

/* ---- face textures ----------------------------------------------------- */

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
		SDL_Surface *s = faces_surface(size, level);
		if (!s)
			return;
		f = &d->face[d->nface++];
		*f = (FaceEntry){ size, level, SDL_CreateTextureFromSurface(d->r, s) };
		SDL_FreeSurface(s);
		SDL_SetTextureBlendMode(f->tex, SDL_BLENDMODE_BLEND);
	}
	record(d, (Rect){ r.x + (r.w - size) / 2, r.y + (r.h - size) / 2, size, size },
	       text_mix(0xfacefaceull, (uint64_t)size * 8 + (uint64_t)level), f->tex, (Color){ 0, 0, 0, 0 });
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
		record(d, r, color_key(c), NULL, c);
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
	return text_mix(text_mix(text_mix(o->key, (uint64_t)(uint32_t)o->r.x << 32 | (uint32_t)o->r.y),
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
	Text *text = text_create(font_dir, err, errlen);
	if (!text)
		return NULL;
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
		text_free(text);
		return NULL;
	}
	d->text = text;
	d->r = r;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	/* a renderer whose frame is kept between presents (SDL's software one,
	 * drawing into the window's own framebuffer) can be drawn in part */
	SDL_RendererInfo info;
	d->keeps = SDL_GetRendererInfo(r, &info) == 0 && !strcmp(info.name, "software") &&
	           SDL_RenderGetWindow(r) != NULL;
	return d;
}

void draw_free(Draw *d)
{
	if (!d)
		return;
	flush_textures(d);
	for (int i = 0; i < d->nface; i++)
		SDL_DestroyTexture(d->face[i].tex);
	free(d->ops[0]);
	free(d->ops[1]);
	free(d->dead);
	text_free(d->text);
	free(d);
}

/* ---- text questions: text.c answers ------------------------------------ */

void draw_set_rtl(Draw *d, int rtl) { text_set_rtl(d->text, rtl); }

int draw_missing_glyph(Draw *d, const char *text, uint32_t *cp)
{
	return text_missing_glyph(d->text, text, cp);
}

int draw_visual(Draw *d, const char *text, int w, int px, char *out, size_t cap)
{
	return text_visual(d->text, text, w, px, out, cap);
}
