/* keyboard.h - the comment screen's on-screen keyboard (its keys in each
 * shipped language) and the client's words (kept only in memory).
 *
 * No SDL: screens.c draws the keys from keyboard_keys(), app.c edits the
 * words with comment_type() and comment_backspace(), testmode.c finds the
 * key for a character with keyboard_find(). */
#ifndef HEARD_KEYBOARD_H
#define HEARD_KEYBOARD_H

#include <stddef.h>

#include "redact.h" /* COMMENT_MAX_CHARS: characters the client may write */
#include "store.h"
#include "strtab.h"

#define COMMENT_MAX_BYTES STORE_COMMENT_MAX /* the same in bytes, at most */

enum { KB_LETTERS, KB_DIGITS, KB_LAYERS };

/* Keys that are not characters (negative codes). */
#define KEY_BACKSPACE (-1)
#define KEY_DIGITS    (-2) /* to the digits and punctuation */
#define KEY_LETTERS   (-3) /* back to the letters */
#define KEY_SPACE     0x20
#define KEY_ROW(r)    (-10 - (r)) /* switches: row r of keys chosen (KEY_ROW(0) and below) */

#define KB_MAX_KEYS 40

typedef struct {
	int n;
	unsigned cp[KB_MAX_KEYS]; /* in reading order */
} KbKeys;

/* The character keys of layer (KB_*) in language `code` (English's for
 * a language without its own). */
const KbKeys *keyboard_keys(const char *code, int layer);
/* The layer holding character cp's key in language `code` (space: the
 * letters'), or -1 when no key types it. */
int keyboard_find(const char *code, unsigned cp);
/* A key's widget id: "key.a" for a-z and 0-9, "key.u0105" for others,
 * "key.space", "key.backspace", "key.digits", "key.letters". */
void keyboard_key_id(int code, char *id, size_t n);

/* What reading aloud says for a key: a sign's name in L's language
 * ("full stop" for '.'), a character with no name as itself; buf holds
 * it.  keyboard_said() says a key widget's label so: the name of the
 * keys that change the keys ("Numbers and signs"), and a row's signs
 * each by name ("exclamation mark slash colon"); other widgets' labels
 * as they are. */
const char *keyboard_key_said(const Strings *L, unsigned cp, char *buf, size_t n);
const char *keyboard_said(const Strings *L, const char *id, const char *label, char *buf, size_t n);

/* Combining marks kept on one letter; more are refused. */
#define COMMENT_MAX_MARKS 3

/* The words: add cp (0: refused, full, a fourth mark on one letter, or
 * not a character to keep; 1: added); take away the last character (0: there was none); how many
 * characters; wipe them (every byte of the buffer). */
int comment_type(char *buf, size_t size, unsigned cp);
int comment_backspace(char *buf);
int comment_chars(const char *buf);
void comment_wipe(char *buf, size_t size);
#endif
