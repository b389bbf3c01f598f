/* redact.h - a client's comment made safe to keep, and the safety words.
 *
 * redact_comment() takes out of a comment what could identify someone
 * before it is stored (README "Comments: what is removed"); safety_match()
 * says whether a comment holds one of a language's safety phrases, so the
 * thank-you screen can put the help line first.  Nothing about a match is
 * stored or logged: the caller uses the answer for that one screen only. */
#ifndef HEARD_REDACT_H
#define HEARD_REDACT_H

#include <stddef.h>

#define COMMENT_MAX_CHARS 500          /* characters a client may type */
#define REDACT_MARK "[removed]"        /* what each removed part becomes */
/* Room for any comment of COMMENT_MAX_CHARS characters once redacted: a
 * character is at most 4 bytes, and a removed part (1 character at the
 * least, a one-letter name) 9, so two characters give at most 13 bytes.
 * Over STORE_COMMENT_MAX only for such made-up text (single-letter names
 * between 4-byte characters); the caller decides what to keep then. */
#define REDACT_OUT_MAX (COMMENT_MAX_CHARS * 7 + 1)

/* Copy the UTF-8 text `in` to `out` (outlen bytes, NUL included), each of
 * these replaced by "[removed]" (removals next to each other become one):
 *  - any run of 5 or more digits (ASCII, Arabic-Indic U+0660-0669, Eastern
 *    Arabic-Indic U+06F0-06F9, fullwidth), digit groups split by up to 3
 *    characters that are not letters or digits ("0770 - 0900, 123",
 *    brackets not counted) being one run: phone numbers (with a leading
 *    '+' or '(' and a ')'), dates written in full, lists of numbers,
 *    Polish, Spanish, Ukrainian and most Arab countries' postcodes; a time
 *    or a range of two ("10.30-11.30") stays;
 *  - e-mail addresses (a@b.c), the same written with an at-word and
 *    spelled dots ("name (at) example [dot] com", "jan małpa wp kropka
 *    pl", "jsmith82 at hotmail"), and @handles;
 *  - web addresses: http(s)://..., www...., "www .x .co .uk", and bare
 *    domain.tld[/path] (a known ending, or 2-12 small letters after 2 or
 *    more characters; not a capital after the dot: "bien.Es un" stays);
 *  - UK postcodes ("SW1A 1AA", "m1 1ae", "SW1A-1AA"; not "G12 2nd");
 *  - each name of `names` (comma-separated, as the config's [comments]
 *    redact; NULL or "" for none) as a whole word or words, ignoring case
 *    and Latin accents (Zoska is Zośka), in Arabic also with a prefix
 *    joined on (لعلي) and ة/ه, ى/ي, alef forms as one; ' ’ ʼ ` are one.
 * No character util_unsafe() refuses comes out: a run of line ends and
 * tabs becomes one space, other control and invisible characters (soft
 * hyphen, zero-width, bidi controls, BOM) are dropped before the rules
 * look, and bytes that are not UTF-8 become U+FFFD, so out is always
 * valid one-line UTF-8 text the store takes.  Reads in only up to its NUL.
 * Returns how many parts were removed, or -1 when out is too small or
 * memory runs out (out is then "" when outlen > 0). */
int redact_comment(const char *in, const char *names, char *out, size_t outlen);

/* 1 when text holds one of the phrases of `words` ('|'-separated, as the
 * string tables' safety.words), else 0.  A phrase matches whole words in
 * order, whatever the spaces and punctuation between them, ignoring case
 * (Latin, Cyrillic), Latin accents (zabic is zabić), and in Arabic the
 * short vowels (tashkeel), tatweel and the forms of alef.  A word of a
 * phrase starting or ending with '*' matches words ending or starting
 * with the rest ("samobój*" matches samobójstwo). */
int safety_match(const char *words, const char *text);
#endif
