/* redact.c - taking out of a comment what identifies, and finding the
 * safety phrases (redact.h).  Start reading at redact_comment(): the
 * text is decoded into characters, each rule marks the characters it
 * removes, and the output writes every run of marked characters as one
 * "[removed]".  The rules lean towards removing too much: a comment that
 * loses a harmless number is better than one that keeps a phone number. */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct {
	unsigned *cp;          /* the characters, each valid and safe, as the rules see them */
	unsigned *shown;       /* the same as written: what is kept */
	size_t n;
	unsigned char *mark;   /* 1: removed */
} Text;

/* A run of word characters, as a key that ignores case and accents. */
typedef struct {
	size_t from, to;       /* characters of the text, to exclusive */
	size_t at, len;        /* its key in Words.key */
	int lead, trail;       /* a phrase's word began / ended with '*' */
} Tok;

typedef struct {
	unsigned *key;
	Tok *tok;
	size_t ntok;
} Words;

/* ---- characters -------------------------------------------------------- */

/* A digit's value in any script a keyboard or a paste can give
 * (ASCII, Arabic-Indic, Devanagari and the other Indic scripts, Thai,
 * fullwidth, mathematical, superscript and subscript), or -1. */
static int digit_value(unsigned c)
{
	static const unsigned zero[] = {
		'0', 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6,
		0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x2080, 0xff10,
		0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6,
		/* Limbu, New Tai Lue, Tai Tham (2), Balinese, Sundanese, Lepcha, Ol Chiki, Vai,
		 * Saurashtra, Kayah Li, Javanese, Myanmar Tai Laing, Cham, Meetei Mayek, Osmanya,
		 * Adlam, segmented */
		0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900,
		0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0x104a0, 0x1e950, 0x1fbf0,
		/* Hanifi Rohingya, Brahmi, Sora Sompeng, Chakma, Sharada, Khudawadi, Newa,
		 * Tirhuta, Modi, Takri, Ahom, Warang Citi, Bhaiksuki, Masaram Gondi, Kawi, Mro,
		 * Tangsa, Pahawh Hmong, Nyiakeng Puachue Hmong, Wancho, Nag Mundari */
		0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
		0x116c0, 0x11730, 0x118e0, 0x11c50, 0x11d50, 0x11f50, 0x16a60, 0x16ac0, 0x16b50,
		0x1e140, 0x1e2f0, 0x1e4f0,
	};
	for (size_t k = 0; k < sizeof zero / sizeof *zero; k++)
		if (c >= zero[k] && c <= zero[k] + 9)
			return (int)(c - zero[k]);
	/* circled, parenthesised, "1." and negative circled digits: ① ⑴ ⒈ ❶ ➀ ➊ ⓵ */
	static const unsigned one[] = { 0x2460, 0x2474, 0x2488, 0x2776, 0x2780, 0x278a, 0x24f5 };
	for (size_t k = 0; k < sizeof one / sizeof *one; k++)
		if (c >= one[k] && c <= one[k] + 8)
			return (int)(c - one[k] + 1);
	if (c == 0x24ea || c == 0x24ff || c == 0x1f10b || c == 0x1f10c)
		return 0; /* ⓪ ⓿ 🄋 🄌 */
	if (c >= 0x1f100 && c <= 0x1f10a)
		return (int)(c - 0x1f100 - (c > 0x1f100)); /* 🄀 0. and 🄁-🄊 0, to 9, */
	if (c == 0x2070)
		return 0;
	if (c == 0xb9)
		return 1;
	if (c == 0xb2 || c == 0xb3)
		return (int)(c - 0xb0);
	if (c >= 0x2074 && c <= 0x2079)
		return (int)(c - 0x2070);
	return -1;
}

static int is_digit(unsigned c)
{
	return digit_value(c) >= 0;
}

static int ascii_alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned ascii_lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Part of a word: letters and digits of any script (roughly: what is not
 * space, punctuation or a symbol), Arabic's short vowels included. */
static int is_word(unsigned c)
{
	static const unsigned arabic_punct[] = { 0x60c, 0x61b, 0x61f, 0x66a, 0x66b, 0x66c, 0x66d, 0x6d4 };
	if (c < 0x80)
		return ascii_alnum(c);
	if (c < 0xc0 || c == 0xd7 || c == 0xf7 || c == 0xfffd || c == 0x2bb || c == 0x2bc)
		return 0; /* U+02BC, the Ukrainian apostrophe, is ' as everywhere */
	for (size_t i = 0; i < sizeof arabic_punct / sizeof *arabic_punct; i++)
		if (c == arabic_punct[i])
			return 0;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x2e00 && c <= 0x2e7f) || (c >= 0x3000 && c <= 0x303f))
		return 0; /* punctuation, symbols, arrows, CJK punctuation */
	if ((c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65))
		return 0; /* fullwidth punctuation */
	return c < 0x1f000; /* emoji and pictographs are not words */
}

/* Arabic short vowels (tashkeel), tatweel, and combining accents (a
 * stress mark typed on its own): left out of a key. */
static int is_ignorable(unsigned c)
{
	return (c >= 0x64b && c <= 0x65f) || c == 0x670 || c == 0x640 || (c >= 0x300 && c <= 0x36f);
}

/* The key of c: lower case, Latin letters without their accents, alef
 * forms as bare alef, every script's digits as ASCII. */
static unsigned fold(unsigned c)
{
	/* U+00C0-00FF and U+0100-017F: the base letter, '?' for none */
	static const char latin1[] = "aaaaaa?ceeeeiiiidnooooo?ouuuuy??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
	static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllll"
	                            "nnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xff)
		return latin1[c - 0xc0] != '?' ? (unsigned)latin1[c - 0xc0] : c <= 0xde && c != 0xd7 ? c + 32 : c;
	if (c >= 0x100 && c <= 0x17f)
		return ext_a[c - 0x100] != '?' ? (unsigned)ext_a[c - 0x100] : c | 1; /* ĳ, œ */
	if (c == 0x218 || c == 0x219)
		return 's'; /* Ș ș (Romanian) */
	if (c == 0x21a || c == 0x21b)
		return 't'; /* Ț ț */
	if (c == 0x1a0 || c == 0x1a1)
		return 'o'; /* Ơ ơ (Vietnamese) */
	if (c == 0x1af || c == 0x1b0)
		return 'u'; /* Ư ư */
	if (c >= 0x1cd && c <= 0x1dc) /* Ǎ ǎ Ǐ ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ Ǘ ǘ Ǚ ǚ Ǜ ǜ (pinyin) */
		return "aaiioouuuuuuuuuu"[c - 0x1cd];
	if (c >= 0x1ea0 && c <= 0x1ef9) { /* Vietnamese: ạ ả ấ ... ỹ */
		static const struct { unsigned to; char base; } viet[] = {
			{ 0x1eb7, 'a' }, { 0x1ec7, 'e' }, { 0x1ecb, 'i' }, { 0x1ee3, 'o' }, { 0x1ef1, 'u' }, { 0x1ef9, 'y' },
		};
		for (size_t k = 0; k < sizeof viet / sizeof *viet; k++)
			if (c <= viet[k].to)
				return (unsigned)viet[k].base;
	}
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c == 0x490)
		return 0x491; /* Ґ */
	if (c == 0x622 || c == 0x623 || c == 0x625 || c == 0x671)
		return 0x627; /* آ أ إ ٱ: ا */
	if (c == 0x629)
		return 0x647; /* ة: ه */
	if (c == 0x649)
		return 0x64a; /* ى: ي */
	if (c >= 0x80 && is_digit(c))
		return '0' + (unsigned)digit_value(c);
	if (c >= 0xff21 && c <= 0xff3a)
		return 'a' + (c - 0xff21);
	if (c >= 0xff41 && c <= 0xff5a)
		return 'a' + (c - 0xff41);
	return c;
}

/* Characters nobody sees: format characters (soft hyphen, zero-width
 * spaces and joiners, word joiner, invisible operators, bidi marks and
 * controls, the byte order mark), Hangul fillers and tag characters. */
static int invisible(unsigned c)
{
	return c == 0xad || c == 0x61c || c == 0x34f || c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
	       c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0 || (c >= 0xfff0 && c <= 0xfff8) ||
	       (c >= 0xe0000 && c <= 0xe007f);
}

/* Ends of lines and tabs: tab, newline, vertical tab, form feed, carriage
 * return, next line, line and paragraph separators. */
static int line_space(unsigned c)
{
	return (c >= '\t' && c <= '\r') || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Spaces of every width (no-break, en, thin, narrow no-break,
 * ideographic ...): a space to the rules. */
static int wide_space(unsigned c)
{
	return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

/* Marks drawn on the character before them: combining accents and marks
 * for symbols (a keycap's frame), and variation selectors. */
static int mark_on(unsigned c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
	       (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f);
}

/* The character the rules see for c: a space for any space, full-width
 * forms as ASCII ("ＳＷ１Ａ", "＠"), an ideographic full stop as '.'. */
static unsigned plain(unsigned c)
{
	if (wide_space(c))
		return ' ';
	if (c >= 0xff01 && c <= 0xff5e)
		return c - 0xfee0;
	if (c == 0x3002 || c == 0xff61 || c == 0xfe52)
		return '.';
	if (c == 0xfe6b)
		return '@'; /* the small commercial at */
	return c;
}

/* Decode len bytes of s into characters (malloc'd, *n of them): a byte
 * that is not UTF-8 becomes U+FFFD, a run of line ends and tabs one
 * space, and other control and invisible characters are dropped, so no
 * character util_unsafe() refuses is left and none hides between the
 * digits of a number; so are marks on a digit ("0̲7̲", a keycap "1️⃣").
 * The characters are as plain() sees them; with shown, *shown gets them
 * as written (in the same allocation, index for index).  NULL when
 * memory runs out. */
static unsigned *decode(const char *s, size_t len, size_t *n, unsigned **shown)
{
	unsigned *cp = malloc(2 * (len + 1) * sizeof *cp), *as = cp + len + 1;
	size_t k = 0, i = 0;
	int spaced = 0; /* the last character kept is a line end's space */
	if (!cp)
		return NULL;
	while (i < len) {
		unsigned c;
		int w = util_utf8(s + i, &c);
		if (!w || i + (size_t)w > len) {
			c = 0xfffd;
			w = 1;
		}
		i += (size_t)w;
		if (line_space(c)) {
			if (!spaced)
				as[k] = ' ', cp[k++] = ' ';
			spaced = 1;
			continue;
		}
		if (util_unsafe(c) || invisible(c) || (mark_on(c) && k > 0 && is_digit(cp[k - 1])))
			continue;
		as[k] = c;
		cp[k++] = plain(c);
		spaced = 0;
	}
	*n = k;
	if (shown)
		*shown = as;
	return cp;
}

/* ---- words ------------------------------------------------------------- */

/* Split cp into words and their keys.  With stars, a '*' at either end
 * of a word is kept as a flag (a safety phrase's wildcard).  0, or -1
 * when memory runs out. */
static int words_make(const unsigned *cp, size_t n, int stars, Words *w)
{
	w->key = malloc((n + 1) * sizeof *w->key);
	w->tok = malloc((n + 1) * sizeof *w->tok);
	w->ntok = 0;
	if (!w->key || !w->tok)
		return -1;
	size_t nkey = 0;
	Tok *t = NULL; /* the word being read */
	for (size_t i = 0; i < n; i++) {
		unsigned c = cp[i];
		if (is_ignorable(c)) {
			if (t)
				t->to = i + 1;
		} else if (is_word(c)) {
			if (!t) {
				t = &w->tok[w->ntok++];
				*t = (Tok){ .from = i, .at = nkey, .lead = stars && i > 0 && cp[i - 1] == '*' };
			}
			w->key[nkey++] = fold(c);
			t->len++;
			t->to = i + 1;
		} else if (t) {
			t->trail = stars && c == '*';
			t = NULL;
		}
	}
	return 0;
}

static void words_free(Words *w)
{
	free(w->key);
	free(w->tok);
}

/* Whether the text's word t is the phrase's word p (a prefix of it with
 * a trailing '*', a suffix with a leading one, inside it with both). */
static int word_is(const Words *tw, const Tok *t, const Words *pw, const Tok *p)
{
	const unsigned *a = tw->key + t->at, *b = pw->key + p->at;
	size_t sz = p->len * sizeof *b;
	if (t->len < p->len || (!p->lead && !p->trail && t->len != p->len))
		return 0;
	if (!p->lead)
		return !memcmp(a, b, sz);
	if (!p->trail)
		return !memcmp(a + t->len - p->len, b, sz);
	for (size_t i = 0; i + p->len <= t->len; i++)
		if (!memcmp(a + i, b, sz))
			return 1;
	return 0;
}

/* The first word of tw from which pw's words follow in order, or ntok. */
static size_t find_words(const Words *tw, size_t from, const Words *pw)
{
	for (size_t i = from; pw->ntok && i + pw->ntok <= tw->ntok; i++) {
		size_t k = 0;
		while (k < pw->ntok && word_is(tw, &tw->tok[i + k], pw, &pw->tok[k]))
			k++;
		if (k == pw->ntok)
			return i;
	}
	return tw->ntok;
}

/* ---- the rules --------------------------------------------------------- */

static unsigned at(const Text *t, size_t i) { return i < t->n ? t->cp[i] : 0; }
static unsigned before(const Text *t, size_t i) { return i > 0 ? t->cp[i - 1] : 0; }

static void mark(Text *t, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < t->n; i++)
		t->mark[i] = 1;
}

/* What may split one run of digits: up to 6 characters that are not
 * letters or digits ("0770 - 0900", "0770, 0900", "0770  -  900",
 * "0770... 0900"), and 2 brackets more ("(0770) - 0900"). */
#define JOIN_MAX 6

/* Whether the digits from..to, in groups g[0..ng), are one time or a
 * range of two ("10.30", "10:30-11:30"): an hour up to 24 and 2 digits of
 * minutes, joined by a single '.' or ':'; two times joined by a dash,
 * with spaces or not ("20.45 21.59" is a number). */
static int is_time_range(const Text *t, const size_t (*g)[2], size_t ng)
{
	if (ng != 2 && ng != 4)
		return 0;
	if (ng == 4) {
		int dash = 0;
		for (size_t k = g[1][1]; k < g[2][0]; k++) {
			unsigned c = t->cp[k];
			if (c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212)
				dash = 1;
			else if (c != ' ')
				return 0;
		}
		if (!dash)
			return 0;
	}
	for (size_t p = 0; p < ng; p += 2) {
		size_t hl = g[p][1] - g[p][0], ml = g[p + 1][1] - g[p + 1][0];
		unsigned sep = t->cp[g[p][1]];
		if (hl < 1 || hl > 2 || ml != 2 || g[p + 1][0] != g[p][1] + 1 || (sep != '.' && sep != ':'))
			return 0;
		unsigned h = 0, m = 0;
		for (size_t k = g[p][0]; k < g[p][1]; k++)
			h = h * 10 + (fold(t->cp[k]) - '0');
		for (size_t k = g[p + 1][0]; k < g[p + 1][1]; k++)
			m = m * 10 + (fold(t->cp[k]) - '0');
		if (h > 24 || m > 59)
			return 0;
	}
	return 1;
}

/* Runs of 5 or more digits, groups split by up to JOIN_MAX characters
 * that are not letters or digits, with a phone number's leading '+' or
 * '(' and its closing ')'; a time or a range of times stays. */
static void rule_digits(Text *t)
{
	size_t i = 0;
	while (i < t->n) {
		if (!is_digit(t->cp[i])) {
			i++;
			continue;
		}
		size_t j = i, end, count = 0, ng = 0, g[5][2];
		for (;;) {
			size_t gs = j;
			while (j < t->n && is_digit(t->cp[j])) {
				count++;
				j++;
			}
			if (ng < 5) {
				g[ng][0] = gs;
				g[ng][1] = j;
			}
			ng++;
			end = j;
			size_t k = j, joins = 0; /* brackets are free: "(0770) - 0900" */
			while (k < t->n && joins < JOIN_MAX && k - j < JOIN_MAX + 2 && !is_word(t->cp[k]) &&
			       !is_ignorable(t->cp[k])) {
				joins += t->cp[k] != '(' && t->cp[k] != ')';
				k++;
			}
			if (k == j || !is_digit(at(t, k)))
				break;
			j = k;
		}
		if (count >= 5 && !is_time_range(t, (const size_t(*)[2])g, ng)) {
			size_t s = i;
			s -= before(t, s) == '(' || before(t, s) == '+';
			s -= before(t, s) == '+';
			if (at(t, end) == ')') { /* close the bracket the number opened */
				int open = 0;
				for (size_t k = s; k < end; k++)
					open += t->cp[k] == '(' ? 1 : t->cp[k] == ')' ? -1 : 0;
				end += open > 0;
			}
			mark(t, s, end);
		}
		i = end;
	}
}

static int email_local(unsigned c)
{
	return is_word(c) || c == '.' || c == '+' || c == '_' || c == '-';
}

static int domain_char(unsigned c)
{
	return is_word(c) || c == '.' || c == '_' || c == '-';
}

/* a@b.c addresses, and @handles (a name elsewhere). */
static void rule_email(Text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->cp[i] != '@')
			continue;
		size_t l = i, r = i + 1;
		while (l > 0 && email_local(t->cp[l - 1]))
			l--;
		while (l < i && t->cp[l] == '.')
			l++;
		while (r < t->n && domain_char(t->cp[r]))
			r++;
		while (r > i + 1 && (t->cp[r - 1] == '.' || t->cp[r - 1] == '-'))
			r--;
		if (r == i + 1 || !is_word(t->cp[i + 1]))
			continue;
		if (l < i)
			mark(t, l, r);
		else if (r - i > 2)
			mark(t, i, r);
	}
}

static int address_char(unsigned c)
{
	return ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

static size_t spaces(const Text *t, size_t i)
{
	while (at(t, i) == ' ')
		i++;
	return i;
}

/* Whether the text from..to is one of list's words (NULL-terminated),
 * ASCII letters in any case. */
static int in_list(const Text *t, size_t from, size_t to, const char *const *list)
{
	for (; *list; list++) {
		size_t k = 0;
		while (from + k < to && (*list)[k] && ascii_lower(t->cp[from + k]) == (unsigned)(*list)[k])
			k++;
		if (from + k == to && !(*list)[k])
			return 1;
	}
	return 0;
}

/* Endings that are everyday words too ("Este punto es", "at home . co
 * workers", "each dot online"): after a dot written out as a word or
 * spaced, not an address's end. */
static const char *const word_ending[] = {
	"es", "co", "ma", "ai", "io", "eu", "sa", "jo", "ar", "ie",
	"nhs", "app", "site", "info", "online", "dev", "gov", "edu", NULL,
};

/* Common endings, and the shipped languages' countries; not English or
 * Spanish words like "it", "to", "me", "de" (those need a '/'). */
static const char *const known_tld[] = {
	"com", "net", "org", "info", "biz", "io", "co", "uk", "eu", "pl", "es", "ua", "ly",
	"tv", "ae", "sa", "eg", "jo", "gov", "edu", "nhs", "app", "dev", "xyz", "online",
	"site", "ai", "gl", "gg", "fr", "nl", "ru", "mx", "ar", "ma", "iq", "sy", "lb", "ie", NULL,
};

/* The word kw (UTF-8) in the text at i, compared as keys (any case,
 * Latin accents ignored), as a whole word; its end, or 0. */
static size_t word_here(const Text *t, size_t i, const char *kw)
{
	size_t k = i;
	if (is_word(before(t, i)))
		return 0;
	while (*kw) {
		unsigned c;
		int w = util_utf8(kw, &c);
		if (!w || fold(at(t, k)) != fold(c))
			return 0;
		kw += w;
		k++;
	}
	return is_word(at(t, k)) ? 0 : k;
}

/* kw at i, bare or in brackets ("(at)", "[ dot ]"); its end, or 0.
 * *bracketed says which. */
static size_t bracket_word(const Text *t, size_t i, const char *kw, int *bracketed)
{
	static const char open[] = "([{<", close[] = ")]}>";
	const char *o = at(t, i) && at(t, i) < 0x80 ? strchr(open, (int)at(t, i)) : NULL;
	*bracketed = o != NULL;
	if (!o)
		return word_here(t, i, kw);
	size_t e = word_here(t, spaces(t, i + 1), kw);
	if (!e || at(t, spaces(t, e)) != (unsigned)close[o - open])
		return 0;
	return spaces(t, e) + 1;
}

/* A label of an address from i: ASCII letters, digits, '-', '_'. */
static size_t label_end(const Text *t, size_t i)
{
	while (i < t->n && (ascii_alnum(t->cp[i]) || t->cp[i] == '-' || t->cp[i] == '_'))
		i++;
	return i;
}

/* Whether the label from..to can end an address: 2-12 ASCII letters, not
 * a capital followed by small letters (a sentence with no space after its
 * full stop: "bien.Es un", "dobrze.Co dalej"). */
static int is_tld(const Text *t, size_t from, size_t to)
{
	if (to - from < 2 || to - from > 12)
		return 0;
	int lower = 0;
	for (size_t k = from; k < to; k++) {
		if (!ascii_letter(t->cp[k]))
			return 0;
		lower |= t->cp[k] >= 'a' && k > from;
	}
	return !(t->cp[from] < 'a' && lower);
}


/* Mail providers whose name alone after "at" is an address. */
static const char *const provider[] = {
	"gmail", "googlemail", "hotmail", "outlook", "yahoo", "icloud", "proton", "protonmail", "gmx",
	"yandex", "interia", "onet", "ukr", "aol", "tutanota", "zoho", "wp", "o2", "mail", "live",
	"msn", "meta", NULL,
};
/* ... of which these are also everyday words (or too short): after a
 * bare "at" they need a local part that looks like one (a digit, '.',
 * '_' or '-' in it). */
static const char *const provider_word[] = { "wp", "o2", "mail", "live", "msn", "meta", "onet", NULL };

/* The spelled dots of an address ("dot", "[dot]", "kropka" ...). */
static const char *const spelled_dot[] = { "dot", "punto", "kropka", "крапка", "نقطة" };

/* How the labels of an address are joined (next_label()). */
enum { DOT_PLAIN, DOT_SPACED, DOT_SPELLED, DOT_BRACKETED };

/* A dot in brackets at i, with spaces or none ("[.]", "( . )"): its end,
 * or 0. */
static size_t bracket_dot(const Text *t, size_t i)
{
	static const char open[] = "([{<", close[] = ")]}>";
	const char *o = at(t, i) && at(t, i) < 0x80 ? strchr(open, (int)at(t, i)) : NULL;
	size_t d = o ? spaces(t, i + 1) : 0;
	if (!o || at(t, d) != '.' || at(t, spaces(t, d + 1)) != (unsigned)close[o - open])
		return 0;
	return spaces(t, d + 1) + 1;
}

/* Where the next label of an address begins after a label ending at e:
 * after '.', a spaced '.' ("example . com"), a dot in brackets ("[.]",
 * "(.)", spaced or not), or a dot spelled ("dot", "kropka", bare between
 * spaces or bracketed: "(dot)"); 0 when none joins one.  *kind says how
 * (DOT_*). */
static size_t next_label(const Text *t, size_t e, int *kind)
{
	size_t q = spaces(t, e), d = 0;
	int br = 0;
	*kind = DOT_PLAIN;
	if (at(t, e) == '.' && ascii_alnum(at(t, e + 1)))
		return e + 1;
	if (q > e && at(t, q) == '.' && spaces(t, q + 1) > q + 1 && ascii_alnum(at(t, spaces(t, q + 1)))) {
		*kind = DOT_SPACED; /* spaces on both sides: "bien. Es" ends a sentence */
		return spaces(t, q + 1);
	}
	if ((d = bracket_dot(t, q))) {
		*kind = DOT_BRACKETED;
		return ascii_alnum(at(t, spaces(t, d))) ? spaces(t, d) : 0;
	}
	int opens = at(t, q) < 0x80 && at(t, q) && strchr("([{<", (int)at(t, q));
	for (size_t k = 0; (q > e || opens) && !d && k < sizeof spelled_dot / sizeof *spelled_dot; k++)
		if ((d = bracket_word(t, q, spelled_dot[k], &br)))
			d = spaces(t, d);
	if (!d || (!br && at(t, d - 1) != ' ') || !ascii_alnum(at(t, d)))
		return 0; /* a bare dot-word has spaces on both sides */
	*kind = br ? DOT_BRACKETED : DOT_SPELLED;
	return d;
}

/* The end of a domain from i ("gmail.com", "gmail [dot] com", "ukr
 * крапка net", "i.ua"), or 0.  strong: the at-word was unmistakable
 * ('@', "(at)", "arroba"...), so a spelled "dot" needs no known ending;
 * *labels is how many labels. */
static size_t domain_here(const Text *t, size_t i, int strong, size_t *labels)
{
	size_t e = label_end(t, i), last = i;
	int spelled = 0, bracketed_dot = 0, spaced = 0;
	*labels = e > i;
	if (e == i)
		return 0;
	for (;;) {
		int kind;
		size_t d = next_label(t, e, &kind), le = d ? label_end(t, d) : d;
		if (!d || le == d)
			break;
		spelled |= kind != DOT_PLAIN;
		bracketed_dot |= kind == DOT_BRACKETED;
		spaced |= kind == DOT_SPACED;
		last = d;
		e = le;
		++*labels;
	}
	if (*labels < 2)
		return e;
	if (!spelled || strong || bracketed_dot)
		return is_tld(t, last, e) ? e : 0;
	/* a dot written out: a known ending that is not an everyday word;
	 * spaced, not a capital either ("bien . Es" ends a sentence) */
	return in_list(t, last, e, known_tld) && !in_list(t, last, e, word_ending) &&
	       (!spaced || is_tld(t, last, e)) ? e : 0;
}

/* Where a local part that begins at ls begins when a spelled dot joins a
 * word before it ("john dot smith", "jan kropka kowalski", "john [dot]
 * smith", "john(dot)smith"): the first such word's start, or ls. */
static size_t local_spelled(const Text *t, size_t ls)
{
	for (;;) {
		size_t p = ls;
		while (p > 0 && t->cp[p - 1] == ' ')
			p--;
		int closed = p > 0 && t->cp[p - 1] < 0x80 && strchr(")]}>", (int)t->cp[p - 1]);
		size_t q = p - (size_t)closed; /* the dot-word ends at q */
		while (q > 0 && t->cp[q - 1] == ' ')
			q--;
		size_t w = q;
		while (w > 0 && is_word(t->cp[w - 1]))
			w--;
		if (w == q)
			return ls;
		size_t o = w; /* a bracketed dot begins at its opening bracket */
		while (closed && o > 0 && t->cp[o - 1] == ' ')
			o--;
		size_t start = closed && o > 0 ? o - 1 : w, e = 0;
		int br = 0;
		for (size_t k = 0; !e && k < sizeof spelled_dot / sizeof *spelled_dot; k++)
			e = bracket_word(t, start, spelled_dot[k], &br);
		if (!e || spaces(t, e) != ls || (!br && (e == ls || start == 0 || t->cp[start - 1] != ' ')))
			return ls; /* a bare dot-word has spaces on both sides */
		size_t b = start;
		while (b > 0 && t->cp[b - 1] == ' ')
			b--;
		size_t n = b;
		while (n > 0 && (address_char(t->cp[n - 1]) || t->cp[n - 1] == '+'))
			n--;
		if (n == b || is_word(before(t, n)))
			return ls;
		ls = n;
	}
}

/* E-mail addresses written with a word or spaces for '@': "john.smith
 * at gmail.com", "john (at) gmail (dot) com", "jan małpa wp kropka pl",
 * "olena собака ukr.net", "jsmith82 at hotmail", "john.smith @ gmail":
 * the local part before, the at-word, and the domain after go. */
static void rule_at_words(Text *t)
{
	static const struct { const char *w; int strong; } atw[] = {
		{ "at", 0 }, { "على", 0 }, { "arroba", 1 }, { "malpa", 1 }, { "собака", 1 }, { "@", 1 }, /* "[@]" */
	};
	for (size_t i = 1; i < t->n; i++) {
		size_t e = 0;
		int strong = 0, br = 0;
		int opens = t->cp[i] < 0x80 && t->cp[i] && strchr("([{<", (int)t->cp[i]);
		if (before(t, i) != ' ' && t->cp[i] != '@' && !opens)
			continue; /* ("jsmith82(at)gmail(dot)com": a bracketed at-word needs no space) */
		if (t->cp[i] == '@')
			e = i + 1;
		for (size_t k = 0; !e && k < sizeof atw / sizeof *atw; k++)
			if ((e = bracket_word(t, i, atw[k].w, &br)))
				strong = atw[k].strong;
		strong |= br || e == i + 1;
		if (!e || (e == i + 1 && at(t, e) != ' ' && before(t, i) != ' '))
			continue; /* "a@b.c" is rule_email's */
		size_t b = i;
		while (b > 0 && t->cp[b - 1] == ' ')
			b--;
		size_t ls = b;
		int looks = 0; /* the local part has a digit, '.', '_', '-' or '+' */
		while (ls > 0 && (address_char(t->cp[ls - 1]) || t->cp[ls - 1] == '+')) {
			ls--;
			looks |= !ascii_letter(t->cp[ls]);
		}
		while (ls < b && t->cp[ls] == '.')
			ls++;
		if (ls < b)
			ls = local_spelled(t, ls);
		size_t ds = spaces(t, e), labels, de;
		if (ls == b || is_word(before(t, ls)) || !(de = domain_here(t, ds, strong, &labels)))
			continue;
		if (labels == 1 && (de - ds < 2 || !(br || (in_list(t, ds, de, provider) &&
		                                            (looks || strong || !in_list(t, ds, de, provider_word))))))
			continue; /* one word: a mail provider, or after "(at)" */
		if (labels > 1 && !strong && !looks) {
			size_t last = de;
			while (last > ds && ascii_letter(t->cp[last - 1]))
				last--;
			if (!in_list(t, last, de, known_tld))
				continue; /* "stayed at home.it was" */
		}
		mark(t, ls, de);
	}
}

/* Where a web address written out ends: at a space, less the sentence's
 * punctuation after it. */
static size_t address_end(const Text *t, size_t i)
{
	while (i < t->n && t->cp[i] != ' ' && t->cp[i] != 0xfffd)
		i++;
	while (i > 0 && strchr(".,;:!?)]}\"'", (int)t->cp[i - 1]) && t->cp[i - 1] < 0x80)
		i--;
	return i;
}

static int starts_ci(const Text *t, size_t i, const char *s)
{
	for (size_t k = 0; s[k]; k++)
		if (ascii_lower(at(t, i + k)) != (unsigned)s[k])
			return 0;
	return 1;
}

/* http(s)://..., www...., and bare domains: example.com, bit.ly/x. */
static void rule_web(Text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		unsigned b = before(t, i);
		if (is_word(b) || b == '.' || b == '@' || b == '-' || !ascii_alnum(t->cp[i]))
			continue;
		if (starts_ci(t, i, "http://") || starts_ci(t, i, "https://") || starts_ci(t, i, "www.")) {
			mark(t, i, address_end(t, i));
			continue;
		}
		if (word_here(t, i, "www")) { /* "www .smith .co .uk" */
			size_t e = i + 3, q;
			while (at(t, q = spaces(t, e)) == '.' && label_end(t, spaces(t, q + 1)) > spaces(t, q + 1))
				e = label_end(t, spaces(t, q + 1));
			if (e > i + 3) {
				mark(t, i, e);
				continue;
			} /* ("www dot smith dot com": below) */
		}
		size_t p = i, labels = 0, last = i, prev_len = 0, len = 0, first = 0;
		int written = 0, bracketed = 0, spaced = 0; /* a dot spaced or spelled; in brackets; spaced */
		for (;;) {
			size_t ls = p;
			while (p < t->n && (ascii_alnum(t->cp[p]) || t->cp[p] == '-'))
				p++;
			labels++;
			prev_len = len;
			len = p - ls;
			first = labels == 1 ? len : first;
			last = ls;
			int kind;
			size_t d = next_label(t, p, &kind); /* ".", "[.]", "(dot)", " dot " */
			if (!d)
				break;
			written |= kind == DOT_SPACED || kind == DOT_SPELLED;
			bracketed |= kind == DOT_BRACKETED;
			spaced |= kind == DOT_SPACED;
			p = d;
		}
		int letters = p - last >= 2 && p - last <= 24;
		for (size_t k = last; k < p; k++)
			letters &= ascii_letter(t->cp[k]);
		if (labels < 2 || !letters || is_word(at(t, p)))
			continue;
		int known = in_list(t, last, p, known_tld);
		if (written && first < 4 && !word_here(t, i, "www")) /* "the dot com", "en punto es" (o'clock, is) */
			continue;
		int end_ok = written ? known && !in_list(t, last, p, word_ending) && (!spaced || is_tld(t, last, p))
		                     : is_tld(t, last, p) && (known || bracketed || prev_len >= 2);
		if (at(t, p) == '/' && (!written || end_ok))
			mark(t, i, address_end(t, p)); /* "facebook dot com/john.smith82" */
		else if (end_ok)
			mark(t, i, p); /* a known ending, or 2-12 small letters after 2 or more; a dot
			                * written out ("smith dot com") needs a known ending */
	}
}

/* A UK inward code at r ("1AA"), after up to 2 spaces or a dash, ending
 * a word; its end or 0.  An ordinal in small letters after an outward
 * code with capitals is not one: "room G12 2nd floor", "B1 1st door"
 * (but "b33 8th" and "B33 8TH" are postcodes). */
static size_t uk_inward(const Text *t, size_t r, int capitals)
{
	static const char *const ordinal[] = { "th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th" };
	size_t s = r;
	int marks = 0; /* "SW1A  1AA", "SW1A-1AA", "SW1A - 1AA", "SW1A.1AA", "SW1A , 1AA", "SW1A--1AA" */
	while (r - s < 6 && ((at(t, r) >= 0x2010 && at(t, r) <= 0x2015) || at(t, r) == 0x2212 || at(t, r) == 0xfe63 ||
	                     (at(t, r) && at(t, r) < 0x80 && strchr(" -./_,:;~", (int)at(t, r))))) {
		marks += t->cp[r] != ' ';
		r++;
	}
	if (marks > 3)
		return 0;
	unsigned d = at(t, r), l1 = at(t, r + 1), l2 = at(t, r + 2);
	if (!(d >= '0' && d <= '9') || !ascii_letter(l1) || !ascii_letter(l2) || is_word(at(t, r + 3)))
		return 0;
	if (strchr("cikmov", (int)ascii_lower(l1)) || strchr("cikmov", (int)ascii_lower(l2)))
		return 0; /* an inward code never has C I K M O V: "N1... 5pm", "A1 ~ 9am" are times */
	if (capitals && l1 == (unsigned)ordinal[d - '0'][0] && l2 == (unsigned)ordinal[d - '0'][1])
		return 0;
	return r + 3;
}

/* UK postcodes: A9, A9A, A99, AA9, AA9A, AA99, then 9AA; any case. */
static void rule_uk_postcode(Text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (is_word(before(t, i)) || !ascii_letter(t->cp[i]))
			continue;
		size_t q = i + 1 + ascii_letter(at(t, i + 1));
		if (!(at(t, q) >= '0' && at(t, q) <= '9'))
			continue;
		q++;
		int caps = 0;
		for (size_t k = i; k <= q && k < t->n; k++)
			caps |= t->cp[k] >= 'A' && t->cp[k] <= 'Z';
		size_t e = ascii_alnum(at(t, q)) ? uk_inward(t, q + 1, caps) : 0;
		if (!e)
			e = uk_inward(t, q, caps);
		if (e)
			mark(t, i, e);
	}
}

/* Whether the prefix key a[0..n) is one Arabic joins to the front of a
 * word: و ف (and), ب (with), ل (for), ك (like), ال (the), and these
 * together (وال، بال، لل، ولل...). */
static int arabic_prefix(const unsigned *a, size_t n)
{
	size_t k = 0;
	if (k < n && (a[k] == 0x648 || a[k] == 0x641)) /* و ف */
		k++;
	if (k + 2 == n && a[k] == 0x644 && a[k + 1] == 0x644)
		return 1; /* لل: ل and ال */
	if (k < n && (a[k] == 0x628 || a[k] == 0x644 || a[k] == 0x643)) /* ب ل ك */
		k++;
	if (k + 2 <= n && a[k] == 0x627 && a[k + 1] == 0x644) /* ال */
		k += 2;
	return k > 0 && k == n;
}

/* Whether the text's word t is the name's word p, in Arabic also with a
 * prefix joined on ("لعلي", "وعلي" for علي). */
static int name_word_is(const Words *tw, const Tok *t, const Words *pw, const Tok *p)
{
	if (word_is(tw, t, pw, p))
		return 1;
	const unsigned *a = tw->key + t->at, *b = pw->key + p->at;
	size_t extra = t->len > p->len ? t->len - p->len : 0;
	if (!extra || p->len < 2 || b[0] < 0x600 || b[0] > 0x6ff)
		return 0;
	return !memcmp(a + extra, b, p->len * sizeof *b) && arabic_prefix(a, extra);
}

/* Each configured name, as whole words.  Polish and Ukrainian case
 * endings ("Anny", "Анні") are not matched: list those forms as names of
 * their own if staff want them removed too.  0, or -1 out of memory. */
static int rule_names(Text *t, const Words *tw, const char *names)
{
	while (names && *names) {
		size_t len = strcspn(names, ","), n;
		unsigned *cp = decode(names, len, &n, NULL);
		Words pw;
		if (!cp)
			return -1;
		int bad = words_make(cp, n, 0, &pw);
		for (size_t i = 0; !bad && pw.ntok && i + pw.ntok <= tw->ntok; i++) {
			size_t k = 0;
			while (k < pw.ntok && name_word_is(tw, &tw->tok[i + k], &pw, &pw.tok[k]))
				k++;
			if (k == pw.ntok)
				mark(t, tw->tok[i].from, tw->tok[i + pw.ntok - 1].to);
		}
		words_free(&pw);
		free(cp);
		if (bad)
			return -1;
		names += len + (names[len] == ',');
	}
	return 0;
}

/* ---- public ------------------------------------------------------------ */

/* Append the UTF-8 of c at *o; 0, or -1 when it does not fit. */
static int put(char *out, size_t outlen, size_t *o, unsigned c)
{
	char b[4];
	size_t w = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	if (w == 1)
		b[0] = (char)c;
	else {
		for (size_t k = w - 1; k > 0; k--, c >>= 6)
			b[k] = (char)(0x80 | (c & 0x3f));
		b[0] = (char)((0xf00u >> w) | c); /* 110..., 1110..., 11110... lead */
	}
	if (*o + w >= outlen)
		return -1;
	memcpy(out + *o, b, w);
	*o += w;
	return 0;
}

int redact_comment(const char *in, const char *names, char *out, size_t outlen)
{
	Text t = { 0 };
	Words tw = { 0 };
	int removed = 0;
	size_t o = 0;
	if (outlen)
		out[0] = '\0';
	t.cp = decode(in, strlen(in), &t.n, &t.shown);
	if (!t.cp || !(t.mark = calloc(t.n + 1, 1)) || words_make(t.cp, t.n, 0, &tw))
		goto fail;
	rule_digits(&t);
	rule_email(&t);
	rule_at_words(&t);
	rule_web(&t);
	rule_uk_postcode(&t);
	if (rule_names(&t, &tw, names))
		goto fail;
	for (size_t i = 0; i < t.n; i++) {
		if (!t.mark[i]) {
			if (put(out, outlen, &o, t.shown[i]))
				goto fail;
		} else if (i == 0 || !t.mark[i - 1]) {
			for (const char *m = REDACT_MARK; *m; m++)
				if (put(out, outlen, &o, (unsigned char)*m))
					goto fail;
			removed++;
		}
	}
	if (!outlen)
		goto fail;
	out[o] = '\0';
	goto done;
fail:
	removed = -1;
	if (outlen)
		out[0] = '\0';
done:
	words_free(&tw);
	free(t.mark);
	free(t.cp);
	return removed;
}

int safety_match(const char *words, const char *text)
{
	size_t n;
	unsigned *cp;
	Words tw;
	int found = 0;
	if (!words || !text || !(cp = decode(text, strlen(text), &n, NULL)))
		return 0;
	if (words_make(cp, n, 0, &tw))
		goto done;
	while (*words && !found) {
		size_t len = strcspn(words, "|"), pn;
		unsigned *pcp = decode(words, len, &pn, NULL);
		Words pw;
		if (!pcp)
			break;
		if (!words_make(pcp, pn, 1, &pw))
			found = pw.ntok && find_words(&tw, 0, &pw) < tw.ntok;
		words_free(&pw);
		free(pcp);
		words += len + (words[len] == '|');
	}
done:
	words_free(&tw);
	free(cp);
	return found;
}
