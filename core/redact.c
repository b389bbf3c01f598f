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
	unsigned *cp;          /* the characters, each valid and safe */
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

static int is_digit(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9) ||
	       (c >= 0xff10 && c <= 0xff19);
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
	if (c < 0xc0 || c == 0xd7 || c == 0xf7 || c == 0xfffd)
		return 0;
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
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c == 0x490)
		return 0x491; /* Ґ */
	if (c == 0x622 || c == 0x623 || c == 0x625 || c == 0x671)
		return 0x627; /* آ أ إ ٱ: ا */
	if (c >= 0x660 && c <= 0x669)
		return '0' + (c - 0x660);
	if (c >= 0x6f0 && c <= 0x6f9)
		return '0' + (c - 0x6f0);
	if (c >= 0xff10 && c <= 0xff19)
		return '0' + (c - 0xff10);
	if (c >= 0xff21 && c <= 0xff3a)
		return 'a' + (c - 0xff21);
	if (c >= 0xff41 && c <= 0xff5a)
		return 'a' + (c - 0xff41);
	return c;
}

/* Decode len bytes of s into characters (malloc'd, *n of them): a byte
 * that is not UTF-8 and a control or invisible character become U+FFFD,
 * tab and carriage return a space.  NULL when memory runs out. */
static unsigned *decode(const char *s, size_t len, size_t *n)
{
	unsigned *cp = malloc((len + 1) * sizeof *cp);
	size_t k = 0, i = 0;
	if (!cp)
		return NULL;
	while (i < len) {
		unsigned c;
		int w = util_utf8(s + i, &c);
		if (!w || i + (size_t)w > len) {
			c = 0xfffd;
			w = 1;
		} else if (c == '\t' || c == '\r') {
			c = ' ';
		} else if (c != '\n' && util_unsafe(c)) {
			c = 0xfffd;
		}
		cp[k++] = c;
		i += (size_t)w;
	}
	*n = k;
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

/* What may split one run of digits: a single space, dash, dot or slash. */
static int digit_joiner(unsigned c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == 0xa0 || c == 0x202f ||
	       (c >= 0x2010 && c <= 0x2013) || c == 0xff0d || c == 0x3000;
}

/* Runs of 5 or more digits.  Between two groups: a single joiner, or a
 * phone number's bracket with it ("(020) 7946", "+44 (0) 20"). */
static void rule_digits(Text *t)
{
	size_t i = 0;
	while (i < t->n) {
		if (!is_digit(t->cp[i])) {
			i++;
			continue;
		}
		size_t j = i, end, count = 0;
		for (;;) {
			while (j < t->n && is_digit(t->cp[j])) {
				count++;
				j++;
			}
			end = j;
			size_t k = j;
			k += at(t, k) == ')';
			k += digit_joiner(at(t, k)) != 0;
			k += at(t, k) == '(';
			if (k == j || !is_digit(at(t, k)))
				break;
			j = k;
		}
		if (count >= 5) {
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
		if (t->cp[i] != '@' && t->cp[i] != 0xff20)
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

/* The ASCII word in the text at i, case-insensitively, ending there. */
static int keyword(const Text *t, size_t i, const char *kw)
{
	size_t k = 0;
	while (kw[k] && ascii_lower(at(t, i + k)) == (unsigned)kw[k])
		k++;
	return !kw[k] && !is_word(at(t, i + k)) && !is_word(before(t, i));
}

static int address_char(unsigned c)
{
	return ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

/* The end of an address part (ASCII letters, digits, . _ -) from i. */
static size_t address_word(const Text *t, size_t i)
{
	while (i < t->n && address_char(t->cp[i]))
		i++;
	return i;
}

static size_t spaces(const Text *t, size_t i)
{
	while (at(t, i) == ' ')
		i++;
	return i;
}

static int known_tld(const unsigned *cp, size_t len)
{
	/* common endings, and the shipped languages' countries; not English
	 * or Spanish words like "it", "to", "me", "de" (those need a '/') */
	static const char *const tld[] = {
		"com", "net", "org", "info", "biz", "io", "co", "uk", "eu", "pl", "es", "ua", "ly",
		"tv", "ae", "sa", "eg", "jo", "gov", "edu", "nhs", "app", "dev", "xyz", "online",
		"site", "ai", "gl", "gg", "fr", "nl", "ru", "mx", "ar", "ma", "iq", "sy", "lb", "ie",
	};
	for (size_t i = 0; i < sizeof tld / sizeof *tld; i++) {
		size_t k = 0;
		while (k < len && tld[i][k] && ascii_lower(cp[k]) == (unsigned)tld[i][k])
			k++;
		if (k == len && !tld[i][k])
			return 1;
	}
	return 0;
}

/* "name at example dot com": the words around "at", then one or more
 * "dot" and a word, the last a known ending. */
static void rule_spoken_email(Text *t)
{
	for (size_t i = 1; i < t->n; i++) {
		if (before(t, i) != ' ' || !keyword(t, i, "at") || at(t, i + 2) != ' ')
			continue;
		size_t b = i - 1;
		while (b > 0 && t->cp[b - 1] == ' ')
			b--;
		size_t ws = b;
		while (ws > 0 && address_char(t->cp[ws - 1]))
			ws--;
		size_t p = spaces(t, i + 2), e = address_word(t, p), last = p;
		if (ws == b || e == p)
			continue;
		int dots = 0;
		for (p = e;;) {
			size_t q = spaces(t, p);
			if (q == p || !keyword(t, q, "dot"))
				break;
			q = spaces(t, q + 3);
			e = address_word(t, q);
			if (e == q)
				break;
			last = q;
			p = e;
			dots++;
		}
		if (dots && known_tld(t->cp + last, p - last))
			mark(t, ws, p);
	}
}

/* Where a web address written out ends: at a space, less the sentence's
 * punctuation after it. */
static size_t address_end(const Text *t, size_t i)
{
	while (i < t->n && t->cp[i] != ' ' && t->cp[i] != '\n' && t->cp[i] != 0xa0 && t->cp[i] != 0xfffd)
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
		size_t p = i, labels = 0, last = i;
		for (;;) {
			size_t ls = p;
			while (p < t->n && (ascii_alnum(t->cp[p]) || t->cp[p] == '-'))
				p++;
			labels++;
			last = ls;
			if (at(t, p) != '.' || !ascii_alnum(at(t, p + 1)))
				break;
			p++;
		}
		int letters = p - last >= 2 && p - last <= 24;
		for (size_t k = last; k < p; k++)
			letters &= ascii_letter(t->cp[k]);
		if (labels < 2 || !letters || is_word(at(t, p)))
			continue;
		if (at(t, p) == '/')
			mark(t, i, address_end(t, p));
		else if (known_tld(t->cp + last, p - last))
			mark(t, i, p);
	}
}

/* A UK inward code at r ("1AA") ending a word; its end or 0. */
static size_t uk_inward(const Text *t, size_t r)
{
	if (at(t, r) == ' ' || at(t, r) == 0xa0)
		r++;
	if (at(t, r) >= '0' && at(t, r) <= '9' && ascii_letter(at(t, r + 1)) &&
	    ascii_letter(at(t, r + 2)) && !is_word(at(t, r + 3)))
		return r + 3;
	return 0;
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
		size_t e = ascii_alnum(at(t, q)) ? uk_inward(t, q + 1) : 0;
		if (!e)
			e = uk_inward(t, q);
		if (e)
			mark(t, i, e);
	}
}

/* Each configured name, as whole words.  Polish and Ukrainian case
 * endings ("Anny", "Анні") are not matched: list those forms as names of
 * their own if staff want them removed too.  0, or -1 out of memory. */
static int rule_names(Text *t, const Words *tw, const char *names)
{
	while (names && *names) {
		size_t len = strcspn(names, ","), n;
		unsigned *cp = decode(names, len, &n);
		Words pw;
		if (!cp)
			return -1;
		int bad = words_make(cp, n, 0, &pw);
		for (size_t i = 0; !bad && (i = find_words(tw, i, &pw)) < tw->ntok; i++)
			mark(t, tw->tok[i].from, tw->tok[i + pw.ntok - 1].to);
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
	t.cp = decode(in, strlen(in), &t.n);
	if (!t.cp || !(t.mark = calloc(t.n + 1, 1)) || words_make(t.cp, t.n, 0, &tw))
		goto fail;
	rule_digits(&t);
	rule_email(&t);
	rule_spoken_email(&t);
	rule_web(&t);
	rule_uk_postcode(&t);
	if (rule_names(&t, &tw, names))
		goto fail;
	for (size_t i = 0; i < t.n; i++) {
		if (!t.mark[i]) {
			if (put(out, outlen, &o, t.cp[i]))
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
	if (!words || !text || !(cp = decode(text, strlen(text), &n)))
		return 0;
	if (words_make(cp, n, 0, &tw))
		goto done;
	while (*words && !found) {
		size_t len = strcspn(words, "|"), pn;
		unsigned *pcp = decode(words, len, &pn);
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
