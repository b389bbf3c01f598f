/* keyboard.c - the on-screen keyboard's keys per language, and editing
 * the client's words (keyboard.h).  Letters are in each alphabet's own
 * order (a keyboard for people who may never have typed: the order they
 * learnt), flowed by screens.c into as many columns as fit at 12 mm. */
#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define K(...) { sizeof (unsigned[]){ __VA_ARGS__ } / sizeof (unsigned), { __VA_ARGS__ } }

static const struct {
	const char *code;
	KbKeys layer[KB_LAYERS];
} layouts[] = {
	{ "en", { K('a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','r','s','t',
	            'u','v','w','x','y','z'),
	          K('1','2','3','4','5','6','7','8','9','0','.',',','?','!','\'','-','(',')','/',':',
	            ';','"','&','+') } },
	{ "es", { K('a',0xE1,'b','c','d','e',0xE9,'f','g','h','i',0xED,'j','k','l','m','n',0xF1,'o',
	            0xF3,'p','q','r','s','t','u',0xFA,0xFC,'v','w','x','y','z'),
	          K('1','2','3','4','5','6','7','8','9','0','.',',','?','!',0xBF,0xA1,'\'','-','(',')',
	            '/',':',';','"','&','+') } },
	{ "pl", { K('a',0x105,'b','c',0x107,'d','e',0x119,'f','g','h','i','j','k','l',0x142,'m','n',
	            0x144,'o',0xF3,'p','q','r','s',0x15B,'t','u','v','w','x','y','z',0x17A,0x17C),
	          K('1','2','3','4','5','6','7','8','9','0','.',',','?','!','\'','-','(',')','/',':',
	            ';','"','&','+') } },
	{ "uk", { K(0x430,0x431,0x432,0x433,0x491,0x434,0x435,0x454,0x436,0x437,0x438,0x456,0x457,
	            0x439,0x43A,0x43B,0x43C,0x43D,0x43E,0x43F,0x440,0x441,0x442,0x443,0x444,0x445,
	            0x446,0x447,0x448,0x449,0x44C,0x44E,0x44F,'\''),
	          K('1','2','3','4','5','6','7','8','9','0','.',',','?','!','-','(',')','/',':',';',
	            '"','&','+') } },
	/* Arabic: the 28 letters in their order, then hamza and its seats,
	 * alif maqsura, ta marbuta; digits: Arabic-Indic, then Western */
	{ "ar", { K(0x627,0x628,0x62A,0x62B,0x62C,0x62D,0x62E,0x62F,0x630,0x631,0x632,0x633,0x634,
	            0x635,0x636,0x637,0x638,0x639,0x63A,0x641,0x642,0x643,0x644,0x645,0x646,0x647,
	            0x648,0x64A,0x621,0x622,0x623,0x625,0x624,0x626,0x649,0x629),
	          K(0x661,0x662,0x663,0x664,0x665,0x666,0x667,0x668,0x669,0x660,'1','2','3','4','5',
	            '6','7','8','9','0','.',0x60C,0x61F,'!','-','(',')',':','"') } },
};

static int layout_of(const char *code)
{
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
		if (!strcmp(layouts[i].code, code))
			return (int)i;
	return 0;
}

const KbKeys *keyboard_keys(const char *code, int layer)
{
	return &layouts[layout_of(code)].layer[layer == KB_DIGITS ? KB_DIGITS : KB_LETTERS];
}

int keyboard_find(const char *code, unsigned cp)
{
	if (cp == KEY_SPACE)
		return KB_LETTERS;
	for (int l = 0; l < KB_LAYERS; l++) {
		const KbKeys *k = keyboard_keys(code, l);
		for (int i = 0; i < k->n; i++)
			if (k->cp[i] == cp)
				return l;
	}
	return -1;
}

/* The string naming sign cp, or -1 (a letter or digit says itself). */
static int sign_name(unsigned cp)
{
	static const struct { unsigned cp; int s; } signs[] = {
		{ '.', S_SIGN_FULL_STOP }, { ',', S_SIGN_COMMA }, { 0x60C, S_SIGN_COMMA },
		{ '?', S_SIGN_QUESTION }, { 0x61F, S_SIGN_QUESTION }, { '!', S_SIGN_EXCLAMATION },
		{ '\'', S_SIGN_APOSTROPHE }, { '-', S_SIGN_DASH }, { '(', S_SIGN_OPEN_BRACKET },
		{ ')', S_SIGN_CLOSE_BRACKET }, { '/', S_SIGN_SLASH }, { ':', S_SIGN_COLON },
		{ ';', S_SIGN_SEMICOLON }, { '"', S_SIGN_QUOTE }, { '&', S_SIGN_AND }, { '+', S_SIGN_PLUS },
		{ 0xBF, S_SIGN_OPEN_QUESTION }, { 0xA1, S_SIGN_OPEN_EXCLAMATION },
	};
	for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
		if (signs[i].cp == cp)
			return signs[i].s;
	return -1;
}

const char *keyboard_key_said(const Strings *L, unsigned cp, char *buf, size_t n)
{
	int s = sign_name(cp);
	if (s >= 0)
		return L->text[s];
	if (n)
		buf[0] = '\0';
	comment_type(buf, n, cp);
	return buf;
}

const char *keyboard_said(const Strings *L, const char *id, const char *label, char *buf, size_t n)
{
	if (!strcmp(id, "key.digits"))
		return L->text[S_COMMENT_DIGITS_SAID];
	if (!strcmp(id, "key.letters"))
		return L->text[S_COMMENT_LETTERS_SAID];
	if (strncmp(id, "key.", 4) || !strcmp(id, "key.space") || !strcmp(id, "key.backspace") || !n)
		return label;
	/* a key, or a row of keys ("a b c", one character a word) */
	size_t o = 0;
	buf[0] = '\0';
	for (const char *p = label; *p && o + 1 < n;) {
		unsigned cp;
		int len = util_utf8(p, &cp);
		len = len > 0 ? len : 1;
		char one[8];
		const char *w = cp == ' ' ? " " : keyboard_key_said(L, cp, one, sizeof one);
		int k = snprintf(buf + o, n - o, "%s", w);
		o = k > 0 && o + (size_t)k < n ? o + (size_t)k : n - 1;
		p += len;
	}
	return buf;
}

void keyboard_key_id(int code, char *id, size_t n)
{
	if (code == KEY_SPACE)
		snprintf(id, n, "key.space");
	else if (code == KEY_BACKSPACE)
		snprintf(id, n, "key.backspace");
	else if (code == KEY_DIGITS)
		snprintf(id, n, "key.digits");
	else if (code == KEY_LETTERS)
		snprintf(id, n, "key.letters");
	else if ((code >= 'a' && code <= 'z') || (code >= '0' && code <= '9'))
		snprintf(id, n, "key.%c", (char)code);
	else
		snprintf(id, n, "key.u%04x", (unsigned)code);
}

int comment_chars(const char *buf)
{
	int n = 0;
	for (; *buf; buf++)
		n += ((unsigned char)*buf & 0xC0) != 0x80;
	return n;
}

/* A mark drawn on the letter before it (accents, Arabic vowel marks,
 * enclosing marks): the blocks of combining characters. */
static int combining(unsigned cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
	       (cp >= 0x0591 && cp <= 0x05C7) || (cp >= 0x0610 && cp <= 0x061A) ||
	       (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED) ||
	       (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* How many combining marks end buf. */
static int marks_at_end(const char *buf)
{
	int n = 0;
	size_t end = strlen(buf);
	while (end > 0) {
		size_t start = end - 1;
		while (start > 0 && ((unsigned char)buf[start] & 0xC0) == 0x80)
			start--;
		unsigned cp;
		if (!util_utf8(buf + start, &cp) || !combining(cp))
			break;
		n++;
		end = start;
	}
	return n;
}

int comment_type(char *buf, size_t size, unsigned cp)
{
	char enc[4];
	int len;
	if (cp < 0x20 || util_unsafe(cp)) /* controls, direction overrides: never kept */
		return 0;
	/* a letter takes a few marks (Vietnamese two, Arabic shadda and a
	 * vowel); hundreds stacked would draw over the whole screen */
	if (combining(cp) && marks_at_end(buf) >= COMMENT_MAX_MARKS)
		return 0;
	if (cp < 0x80) {
		enc[0] = (char)cp, len = 1;
	} else if (cp < 0x800) {
		enc[0] = (char)(0xC0 | cp >> 6), enc[1] = (char)(0x80 | (cp & 0x3F)), len = 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp < 0xE000)
			return 0;
		enc[0] = (char)(0xE0 | cp >> 12), enc[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		enc[2] = (char)(0x80 | (cp & 0x3F)), len = 3;
	} else if (cp < 0x110000) {
		enc[0] = (char)(0xF0 | cp >> 18), enc[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		enc[2] = (char)(0x80 | (cp >> 6 & 0x3F)), enc[3] = (char)(0x80 | (cp & 0x3F)), len = 4;
	} else {
		return 0;
	}
	size_t used = strlen(buf), most = size - 1 < COMMENT_MAX_BYTES ? size - 1 : COMMENT_MAX_BYTES;
	if (comment_chars(buf) >= COMMENT_MAX_CHARS || used + (size_t)len > most)
		return 0;
	memcpy(buf + used, enc, (size_t)len);
	buf[used + (size_t)len] = '\0';
	return 1;
}

int comment_backspace(char *buf)
{
	size_t n = strlen(buf);
	if (!n)
		return 0;
	while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
		buf[--n] = '\0';
	if (n > 0)
		buf[--n] = '\0';
	return 1;
}

void comment_wipe(char *buf, size_t size)
{
	volatile char *p = buf; /* not optimised away: the words must not stay in memory */
	for (size_t i = 0; i < size; i++)
		p[i] = 0;
}
