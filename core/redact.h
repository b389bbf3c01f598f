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
 *    Arabic-Indic U+06F0-06F9, fullwidth), digits split by single spaces,
 *    dashes, dots or slashes counting as one run: phone numbers (with a
 *    leading '+' or '(' and a ')'), dates written in full, Polish, Spanish,
 *    Ukrainian and most Arab countries' postcodes;
 *  - e-mail addresses (a@b.c; "name at example dot com") and @handles;
 *  - web addresses: http(s)://..., www...., and bare domain.tld[/path];
 *  - UK postcodes ("SW1A 1AA", "m1 1ae");
 *  - each name of `names` (comma-separated, as the config's [comments]
 *    redact; NULL or "" for none) as a whole word or words, ignoring case
 *    and Latin accents (Zoska is Zośka).
 * Bytes that are not UTF-8 and control or invisible characters become
 * U+FFFD (tab and carriage return a space, a newline stays), so out is
 * always valid UTF-8 text.  Reads in only up to its NUL.
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
