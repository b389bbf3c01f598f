/* redact.h - TEMP: replaced by branch wt-redact-1230 (helper "redact"
 * writes the real one).  The interface of issue 17 only. */
#ifndef HEARD_REDACT_H
#define HEARD_REDACT_H

#include <stddef.h>

/* Copies UTF-8 `in` to `out` with what identifies replaced by
 * "[removed]"; returns how many parts were removed, -1 if out is too
 * small. */
int redact_comment(const char *in, const char *names, char *out, size_t outlen);
/* 1 when text holds one of the '|'-separated phrases in words. */
int safety_match(const char *words, const char *text);
#endif
